/**
 * What the AI draft's four panel actions share: who may act (they may edit the issue, AS THE USER, and read the
 * retrospective page, as the retrospective's own actions check: src/usecases/retrospective/retrospective-steps.ts),
 * and the job as the panel sees it. Pure apart from the ports.
 */
import type { Incident, PersonMark } from '../../domain/incident';
import type { AiDraftView } from '../../shared/ai-draft';
import { fail, type ResolverResult } from '../../shared/resolver-result';
import { authorise, isRefusal, pageRefusal, type Retro, type RetrospectiveDeps } from '../retrospective/retrospective-steps';
import type { AiAvailability, AiDraftJob, AiDraftJobs, AiDraftQueue } from './ai-draft-ports';
import type { PageAccess } from '../reading-sessions/reading-session-ports';

/** A refusal by Forge LLMs is remembered this long: the button stays hidden, then the next request tries again. */
export const UNAVAILABLE_FOR_MS = 60 * 60_000;
/**
 * A job pending longer than this is shown as timed out: the consumer's function times out after 6 minutes and a
 * rate-limited job waits a minute between its few attempts, so a job still pending after 15 minutes is lost.
 */
export const PENDING_FOR_MS = 15 * 60_000;

export interface AiDraftDeps extends RetrospectiveDeps {
  jobs: AiDraftJobs;
  availability: AiAvailability;
  queue: AiDraftQueue;
  newJobId(): string;
  /** Whether the caller may edit the retrospective page, asked as the user (Insert writes people's Summary section). */
  pageEdit: Pick<PageAccess, 'canEditPage'>;
}

export interface Acting {
  incident: Incident;
  retro: Retro;
  actor: PersonMark;
}

/** 1. may edit the issue (as the user); 2. its incident has a retrospective; 3. may read its page (as the user). */
export async function authoriseAiDraft(issueId: string, deps: AiDraftDeps, doing: string): Promise<ResolverResult<never> | Acting> {
  const who = await authorise(issueId, deps, doing);
  if (isRefusal(who)) return who;
  const retro = who.incident.retrospective;
  if (!retro) return fail('no-retrospective', 'The incident has no retrospective yet: draft it first.');
  const refused = await pageRefusal(retro.page.id, deps);
  if (refused) return refused;
  return { incident: who.incident, retro, actor: who.actor };
}

/** Forge LLMs refused this installation within the last hour. */
export async function refusedRecently(deps: Pick<AiDraftDeps, 'availability' | 'clock'>): Promise<boolean> {
  const at = await deps.availability.refusedAt();
  return at !== undefined && deps.clock.now().getTime() - Date.parse(at) < UNAVAILABLE_FOR_MS;
}

/** The job as the panel shows it (see AiDraftViewSchema). */
export function aiDraftView(job: AiDraftJob | undefined, refused: boolean, retro: Retro | undefined, nowMs: number): AiDraftView {
  if (job?.state === 'ready' && job.proposal) {
    return {
      state: 'ready',
      proposal: job.proposal,
      requestedBy: job.requestedBy.displayName,
      ...(job.inserted ? { insertedAt: job.inserted.at } : {}),
      ...(retro ? { page: { title: retro.page.title, url: retro.page.url } } : {}),
    };
  }
  if (refused || job?.failure?.reason === 'unavailable') return { state: 'unavailable' };
  if (!job) return { state: 'none' };
  if (job.state === 'pending') {
    if (nowMs - Date.parse(job.requestedAt) > PENDING_FOR_MS) return { state: 'failed', reason: 'timed-out', at: new Date(Date.parse(job.requestedAt) + PENDING_FOR_MS).toISOString() };
    return { state: 'pending', requestedAt: job.requestedAt, requestedBy: job.requestedBy.displayName };
  }
  return { state: 'failed', reason: job.failure?.reason ?? 'model-error', at: job.failure?.at ?? job.requestedAt };
}
