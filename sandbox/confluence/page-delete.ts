import { requireEdit, spaceOf, visiblePage, type Handler } from './context';
import { badRequest, notFound } from './errors';
import type { PageRecord } from './model';
import { boolParam } from './pagination';

/**
 * DELETE /wiki/api/v2/pages/{id}
 * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-delete
 *
 * - a current page goes to the trash (status `trashed`, restorable with updatePage status=current);
 *   like Confluence, its children move up to its parent rather than disappearing with it;
 * - `purge=true` on a trashed page deletes it for good, with its versions, labels and properties;
 * - `draft=true` on a draft discards it for good (drafts never go to the trash).
 */
export const deletePage: Handler = (ctx, req, caller) => {
  const page = visiblePage(ctx, caller, req.pathParams['id'] ?? '');
  requireEdit(caller, 'delete this page');
  const purge = boolParam(req.query, 'purge', false);
  const draft = boolParam(req.query, 'draft', false);

  if (page.status === 'draft') {
    if (!draft) throw notFound(`Page not found: ${page.id} (to discard a draft, pass draft=true)`);
    ctx.store.transaction(() => ctx.repo.purgePage(page));
    return { status: 204 };
  }
  if (draft) throw badRequest(`Page ${page.id} is not a draft`);
  if (purge) {
    if (page.status !== 'trashed') throw badRequest('Only a trashed page can be purged; delete it first');
    ctx.store.transaction(() => ctx.repo.purgePage(page));
    return { status: 204 };
  }
  if (page.status === 'trashed') throw notFound(`Page not found: ${page.id} (it is in the trash; purge=true deletes it for good)`);
  const space = spaceOf(ctx, page);
  if (space.homepageId === page.id) throw badRequest('The space homepage cannot be deleted');

  ctx.store.transaction(() => {
    for (const childId of ctx.repo.childIds(page.id)) {
      const child = ctx.repo.getPage(childId);
      if (child) ctx.repo.savePage({ ...child, parentId: page.parentId }, child);
    }
    const trashed: PageRecord = { ...page, status: 'trashed' };
    ctx.repo.savePage(trashed, page);
  });
  return { status: 204 };
};
