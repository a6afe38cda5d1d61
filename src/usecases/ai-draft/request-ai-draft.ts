/**
 * "Draft summary with AI" (issue 11 item 6): asks for a proposal of the retrospective's summary and timeline
 * narrative. The model runs in the AI consumer (src/handlers/ai-consumer.ts: inference can outlast a resolver's 25 s),
 * so this only records a pending job and pushes one queue event; the panel then polls `getAiDraft`.
 *
 * Runbook:
 *   1. may edit the issue and read the retrospective page (as the user); the retrospective exists;
 *   2. Forge LLMs refused this installation within the hour → `unavailable` (the panel hides the button), no event;
 *   3. a job pending already, or a proposal not yet inserted or discarded → that one (a second click, another
 *      person): no second event — "Discard" first to ask again;
 *   4. the job recorded `pending` (before the push, so the consumer always finds it), then one event pushed;
 *      if the push fails the job is removed again, so nothing stays pending for nothing.
 * Two requests racing both push; the later job replaces the earlier one and the earlier event finds its job gone
 * (the consumer runs only the job its event names), so at most one proposal is kept.
 */
import type { AiDraftView } from '../../shared/ai-draft';
import { ok, type ResolverResult } from '../../shared/resolver-result';
import { isRefusal } from '../retrospective/retrospective-steps';
import type { AiDraftJob } from './ai-draft-ports';
import { aiDraftView, authoriseAiDraft, refusedRecently, type AiDraftDeps } from './ai-draft-steps';

export async function requestAiDraft(issueId: string, deps: AiDraftDeps): Promise<ResolverResult<AiDraftView>> {
  const acting = await authoriseAiDraft(issueId, deps, 'to draft its retrospective with AI');
  if (isRefusal(acting)) return acting;
  const { incident, retro, actor } = acting;
  const nowMs = deps.clock.now().getTime();

  if (await refusedRecently(deps)) return ok({ state: 'unavailable' });

  const current = await deps.jobs.load(incident.id);
  const currentView = aiDraftView(current, false, retro, nowMs);
  // one proposal at a time: a pending job, or a proposal nobody inserted or discarded yet, is answered as it is
  if (currentView.state === 'pending' || (currentView.state === 'ready' && !currentView.insertedAt)) return ok(currentView);

  const job: AiDraftJob = {
    jobId: deps.newJobId(),
    incidentId: incident.id,
    state: 'pending',
    requestedBy: { accountId: actor.accountId, displayName: actor.displayName },
    requestedAt: new Date(nowMs).toISOString(),
  };
  await deps.jobs.save(job);
  try {
    await deps.queue.push({ kind: 'ai-draft', incidentId: incident.id, jobId: job.jobId });
  } catch (e) {
    await deps.jobs.remove(incident.id);
    throw e;
  }
  return ok(aiDraftView(job, false, retro, nowMs));
}
