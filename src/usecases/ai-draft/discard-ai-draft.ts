/**
 * "Discard" of the AI draft (issue 11 item 6): forgets the proposal (or cancels a pending one: its queue event then
 * finds no job and does nothing). Blocks a person inserted into the page stay: the page is people's.
 */
import type { AiDraftView } from '../../shared/ai-draft';
import { ok, type ResolverResult } from '../../shared/resolver-result';
import { isRefusal } from '../retrospective/retrospective-steps';
import { aiDraftView, authoriseAiDraft, refusedRecently, type AiDraftDeps } from './ai-draft-steps';

export async function discardAiDraft(issueId: string, deps: AiDraftDeps): Promise<ResolverResult<AiDraftView>> {
  const acting = await authoriseAiDraft(issueId, deps, 'to discard its AI draft');
  if (isRefusal(acting)) return acting;
  await deps.jobs.remove(acting.incident.id);
  return ok(aiDraftView(undefined, await refusedRecently(deps), acting.retro, deps.clock.now().getTime()));
}
