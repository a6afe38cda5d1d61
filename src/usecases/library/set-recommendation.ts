/**
 * "Recommend" (おすすめ, DESIGN 3.6, issue 11 item 1): a person marks a published postmortem recommended with a
 * one-line reason, or takes it back. Authorised as that person: they may read the page the library is on and edit
 * the postmortem's page (both asked of Confluence as them). The label is written as them too, then the record
 * (who, when, reason, the page's labels) in the reporting store. Repeating it is harmless: the label is added or
 * removed idempotently and the row is set to the same state.
 */
import { RECOMMENDED_LABEL, reasonProblem, type SetRecommendationData, type SetRecommendationRequest } from '../../shared/library';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import type { Clock } from '../ports';
import type { LibraryPagesAsUser, LibraryStore } from './library-ports';
import { notReadableMessage } from './list-postmortems';

export interface SetRecommendationDeps {
  store: Pick<LibraryStore, 'postmortem' | 'setRecommendation'>;
  pages: Pick<LibraryPagesAsUser, 'canRead' | 'canEdit' | 'addLabel' | 'removeLabel' | 'displayName'>;
  clock: Clock;
}

const REASON_MESSAGES = {
  'reason-required': 'reason: a recommendation needs a reason (one line).',
  'reason-one-line': 'reason: one line only (no line breaks).',
  'reason-too-long': 'reason: at most 200 characters.',
} as const;

export async function setRecommendation(
  contentId: string,
  actorAccountId: string,
  request: SetRecommendationRequest,
  deps: SetRecommendationDeps,
): Promise<ResolverResult<SetRecommendationData>> {
  // 1. A reason that is one line of 1–200 characters (trimmed) when recommending.
  const reason = (request.reason ?? '').trim();
  const problem = request.recommended ? reasonProblem(reason) : undefined;
  if (problem) return fail('invalid-reason', REASON_MESSAGES[problem]);
  // 2. The person may read the page the library is on.
  if (!(await deps.pages.canRead(contentId))) return fail('content-not-visible', notReadableMessage(contentId));
  // 3. A published postmortem of that page id.
  const postmortem = await deps.store.postmortem(request.pageId);
  if (!postmortem) return fail('not-found', `No published postmortem has page ${request.pageId}.`);
  // 4. The person may edit the postmortem's page (as them).
  if (!(await deps.pages.canEdit(request.pageId))) return fail('page-edit-not-allowed', `You need permission to edit page ${request.pageId} to recommend it.`);
  // 5. The label, as them; 6. the record.
  if (!request.recommended) {
    const labels = await deps.pages.removeLabel(request.pageId, RECOMMENDED_LABEL);
    await deps.store.setRecommendation(request.pageId, null, labels);
    return ok({ pageId: request.pageId, recommended: null, labels });
  }
  const labels = await deps.pages.addLabel(request.pageId, RECOMMENDED_LABEL);
  const recommended = { at: deps.clock.now().toISOString(), accountId: actorAccountId, byName: (await deps.pages.displayName(actorAccountId)) ?? null, reason };
  await deps.store.setRecommendation(request.pageId, recommended, labels);
  return ok({ pageId: request.pageId, recommended, labels });
}
