/**
 * "Recommend" (おすすめ) from the incident panel (issue 11 item 1): the issue's PUBLISHED retrospective, recommended or
 * taken back through the library's use case (set-recommendation.ts) with the retrospective's page as both the content
 * read and the page recommended — so the same checks as the person (read and edit the page), the label written as
 * them, the same record. And the panel's read of it: who recommended it and why.
 *
 *   1. the issue id came through the browser: only an issue the user can see, asked AS THE USER, and its incident;
 *   2. its retrospective is published (`not-published` before);
 *   3. recommend: setRecommendation; read: the user can read the page (as them), then the reporting store's row.
 */
import type { RecommendRetrospectiveRequest, RetrospectiveRecommendation, SetRecommendationData } from '../../shared/library';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import { visibleIncident, type GetAttributionDeps } from '../attribution/get-attribution';
import { notReadableMessage } from './list-postmortems';
import { setRecommendation, type SetRecommendationDeps } from './set-recommendation';

export interface RecommendRetrospectiveDeps extends SetRecommendationDeps, Pick<GetAttributionDeps, 'access' | 'incidents'> {}

/** 1–2. The page id of the issue's published retrospective. */
async function publishedRetrospectivePage(issueId: string, deps: Pick<GetAttributionDeps, 'access' | 'incidents'>): Promise<ResolverResult<string>> {
  const incident = await visibleIncident(issueId, deps);
  if (!incident.ok) return incident;
  const retro = incident.data.retrospective;
  if (!retro || retro.status !== 'published') return fail('not-published', 'The retrospective is not published yet: publish it first, then recommend it.');
  return ok(retro.page.id);
}

export async function recommendRetrospective(issueId: string, actorAccountId: string, request: RecommendRetrospectiveRequest, deps: RecommendRetrospectiveDeps): Promise<ResolverResult<SetRecommendationData>> {
  const pageId = await publishedRetrospectivePage(issueId, deps);
  if (!pageId.ok) return pageId;
  // 3. The library's use case: the page is both the content the person must read and the postmortem they must edit.
  return setRecommendation(pageId.data, actorAccountId, { ...request, pageId: pageId.data }, deps);
}

export async function getRetrospectiveRecommendation(
  issueId: string,
  deps: Pick<GetAttributionDeps, 'access' | 'incidents'> & { store: Pick<SetRecommendationDeps['store'], 'postmortem'>; pages: Pick<SetRecommendationDeps['pages'], 'canRead'> },
): Promise<ResolverResult<RetrospectiveRecommendation>> {
  const pageId = await publishedRetrospectivePage(issueId, deps);
  if (!pageId.ok) return pageId;
  // 3. The reason is the page's: only for a person who can read it (as them), as the library shows it.
  if (!(await deps.pages.canRead(pageId.data))) return fail('content-not-visible', notReadableMessage(pageId.data));
  const postmortem = await deps.store.postmortem(pageId.data);
  return ok({ pageId: pageId.data, recommended: postmortem?.recommended ?? null });
}
