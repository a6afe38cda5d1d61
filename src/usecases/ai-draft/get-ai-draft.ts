/**
 * The panel's poll of the AI draft (issue 11 item 6): `none`, `pending`, `ready` (the proposal), `failed` (why) or
 * `unavailable` (Forge LLMs refused this installation within the hour: the panel hides the button). Two KVS reads;
 * the checks as the user first (may edit the issue, may read the retrospective page: the proposal is made from it).
 */
import type { AiDraftView } from '../../shared/ai-draft';
import { ok, type ResolverResult } from '../../shared/resolver-result';
import { isRefusal } from '../retrospective/retrospective-steps';
import { aiDraftView, authoriseAiDraft, refusedRecently, type AiDraftDeps } from './ai-draft-steps';

export async function getAiDraft(issueId: string, deps: AiDraftDeps): Promise<ResolverResult<AiDraftView>> {
  const acting = await authoriseAiDraft(issueId, deps, 'to see its AI draft');
  if (isRefusal(acting)) return acting;
  const [job, refused] = await Promise.all([deps.jobs.load(acting.incident.id), refusedRecently(deps)]);
  return ok(aiDraftView(job, refused, acting.retro, deps.clock.now().getTime()));
}
