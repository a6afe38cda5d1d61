import type { Context, Hono } from 'hono';
import { SANDBOX_USERS } from '../../core/product';
import { pageWebui } from '../../confluence/serialize';
import { moduleByKey } from '../app-config';
import { productCall, registerFrame, requestInfo, type HostDeps, type RequestInfo } from '../context';
import { displayTime, esc, link } from '../html';
import { frameTag, messageBody, renderPage } from '../layout';
import { jiraKeysOf, parseStorageSafe, storageToHtml, type ForgeMacroRef } from '../storage-html';

/**
 * Confluence's page view at the URL the emulator's `_links.webui` gives (`/wiki` + `/spaces/<KEY>/pages/<id>/<slug>`),
 * the space and page lists, and the classic redirects (`/wiki/pages/viewpage.action?pageId=`,
 * `resumedraft.action?draftId=` → the editor). The body is storage format rendered by storage-html.ts, the app's
 * Forge macros as iframes of its `macro` module with their `guest-params` as `extension.config`.
 */

export type Page = {
  id: string;
  title: string;
  status: string;
  spaceId: string;
  parentId?: string;
  version: { number: number; authorId?: string; createdAt?: string };
  body?: { storage?: { value?: string } };
};
type Space = { id: string; key: string; name: string; homepageId?: string };

export const userName = (id: string | undefined): string | undefined => SANDBOX_USERS.find((u) => u.accountId === id)?.displayName ?? (id === '557058:kaizen-app' ? 'Kaizen' : undefined);
export const pageUrl = (spaceKey: string, page: Pick<Page, 'id' | 'title' | 'status'>): string =>
  `/wiki${pageWebui(spaceKey, { id: page.id, title: page.title, status: page.status === 'draft' ? 'draft' : 'current' })}`;

/** The page (with its storage body) and its space, as the session's user sees them. */
export async function loadPage(deps: HostDeps, info: RequestInfo, pageId: string): Promise<{ status: number; page?: Page; space?: Space }> {
  const res = await productCall<Page>(deps, info.session, 'GET', `/wiki/api/v2/pages/${encodeURIComponent(pageId)}?body-format=storage`);
  if (res.status !== 200 || !res.json) return { status: res.status };
  const space = await productCall<Space>(deps, info.session, 'GET', `/wiki/api/v2/spaces/${encodeURIComponent(res.json.spaceId)}`);
  return { status: 200, page: res.json, ...(space.json ? { space: space.json } : {}) };
}

function forgeMacroHtml(deps: HostDeps, info: RequestInfo, page: Page, space: Space, ref: ForgeMacroRef): string {
  const placeholder = (text: string): string => `<div class="macro-placeholder" data-testid="macro-unavailable">${esc(text)}</div>`;
  if (ref.appId !== deps.config.appId) return placeholder(`${ref.title}: this macro belongs to an app that is not installed.`);
  if (ref.environmentId !== deps.env.environmentId) return placeholder(`${ref.title}: this macro was inserted from another environment of the app (${ref.environmentId}).`);
  const m = moduleByKey(deps.config, ref.moduleKey);
  if (!m || m.type !== 'macro') return placeholder(`${ref.title}: the app has no macro module '${ref.moduleKey}'.`);
  const extension = {
    type: 'macro',
    content: { id: page.id, type: 'page', subtype: null },
    space: { id: space.id, key: space.key },
    isEditing: false,
    references: [],
    config: ref.config,
    location: `${info.origin}${pageUrl(space.key, page)}`,
  };
  const frame = registerFrame(deps, info, { module: m, resource: m.resource ?? '', extension, ...(ref.localId ? { localId: ref.localId } : {}) });
  return `<div class="app-section macro" data-testid="macro-${esc(m.key)}" data-local-id="${esc(frame.localId)}">${frameTag(frame, ref.title)}</div>`;
}

async function canEdit(deps: HostDeps, info: RequestInfo, pageId: string): Promise<boolean> {
  const r = await productCall<{ hasPermission?: boolean }>(deps, info.session, 'POST', `/wiki/rest/api/content/${encodeURIComponent(pageId)}/permission/check`, {
    subject: { type: 'user', identifier: info.session.user.accountId },
    operation: 'update',
  });
  return r.status === 200 && r.json?.hasPermission === true;
}

async function breadcrumbs(deps: HostDeps, info: RequestInfo, page: Page, space: Space): Promise<string> {
  const ancestors = await productCall<{ results?: Array<{ id: string }> }>(deps, info.session, 'GET', `/wiki/api/v2/pages/${encodeURIComponent(page.id)}/ancestors`);
  const titled = await Promise.all(
    (ancestors.json?.results ?? []).map(async (a) => (await productCall<Page>(deps, info.session, 'GET', `/wiki/api/v2/pages/${encodeURIComponent(a.id)}`)).json),
  );
  const crumbs = titled.filter((p): p is Page => !!p).map((p) => `<span>${link(p.title, pageUrl(space.key, p))}</span>`);
  return `<div class="breadcrumbs"><span>${link(space.name, `/wiki/spaces/${encodeURIComponent(space.key)}`)}</span>${crumbs.join('')}</div>`;
}

export function confluencePageRoutes(app: Hono, deps: HostDeps): void {
  app.get('/wiki/spaces/:spaceKey/pages/:pageId{[0-9]+}/:slug?', async (c) => {
    const info = requestInfo(c);
    const { status, page, space } = await loadPage(deps, info, c.req.param('pageId'));
    if (!page || !space) {
      const body = messageBody('Page not found', 'The page may have been deleted, or you may not have permission to view it.', 'page-not-found');
      return renderPage({ title: 'Page not found', session: info.session, returnTo: info.returnTo, area: 'confluence', body, status: status === 200 ? 500 : status });
    }
    if (space.key !== c.req.param('spaceKey')) return c.redirect(pageUrl(space.key, page), 302);
    const storage = page.body?.storage?.value ?? '';
    const issues = new Map<string, { summary: string; status: string; category: string }>();
    await Promise.all(
      jiraKeysOf(parseStorageSafe(storage))
        .slice(0, 50)
        .map(async (key) => {
          const r = await productCall<{ fields: { summary: string; status: { name: string; statusCategory?: { key?: string } } } }>(deps, info.session, 'GET', `/rest/api/3/issue/${encodeURIComponent(key)}?fields=summary,status`);
          if (r.status === 200 && r.json) issues.set(key, { summary: r.json.fields.summary, status: r.json.fields.status.name, category: r.json.fields.status.statusCategory?.key ?? 'new' });
        }),
    );
    const html = storageToHtml(storage, { forgeMacro: (ref) => forgeMacroHtml(deps, info, page, space, ref), issue: (k) => issues.get(k), userName });
    const editable = await canEdit(deps, info, page.id);
    const edit = editable
      ? `<a class="button" href="/wiki/spaces/${esc(encodeURIComponent(space.key))}/pages/edit-v2/${esc(page.id)}" data-testid="edit-button">Edit</a>`
      : '<span class="lozenge" data-testid="view-only">View only</span>';
    const byline = `By ${esc(userName(page.version.authorId) ?? page.version.authorId ?? 'someone')} · version <span data-testid="page-version">${page.version.number}</span> · ${esc(displayTime(page.version.createdAt, info.session.user.timeZone))}`;
    const body =
      `<main class="content narrow">${await breadcrumbs(deps, info, page, space)}<div class="toolbar">${edit}</div>` +
      `<h1 data-testid="page-title">${esc(page.title)}</h1><p class="muted">${byline}</p><article data-testid="page-body">${html}</article></main>`;
    return renderPage({ title: page.title, session: info.session, returnTo: info.returnTo, area: 'confluence', body });
  });

  const spaces = async (c: Context) => {
    const info = requestInfo(c);
    const r = await productCall<{ results?: Space[] }>(deps, info.session, 'GET', '/wiki/api/v2/spaces?limit=50');
    const rows = (r.json?.results ?? []).map((s) => `<li data-testid="space-row">${link(`${s.name} (${s.key})`, `/wiki/spaces/${encodeURIComponent(s.key)}`)}</li>`);
    const body = `<main class="content narrow"><h1>Spaces</h1><ul>${rows.join('')}</ul></main>`;
    return renderPage({ title: 'Spaces', session: info.session, returnTo: info.returnTo, area: 'confluence', body });
  };
  app.get('/wiki', spaces);
  app.get('/wiki/spaces', spaces);

  const spacePages = async (c: Context) => {
    const info = requestInfo(c);
    const key = c.req.param('spaceKey') ?? '';
    const s = await productCall<{ results?: Space[] }>(deps, info.session, 'GET', `/wiki/api/v2/spaces?keys=${encodeURIComponent(key)}`);
    const space = s.json?.results?.[0];
    if (!space) return renderPage({ title: 'Space not found', session: info.session, returnTo: info.returnTo, area: 'confluence', body: messageBody('Space not found', `There is no space with the key ${key}.`), status: 404 });
    const r = await productCall<{ results?: Page[] }>(deps, info.session, 'GET', `/wiki/api/v2/spaces/${encodeURIComponent(space.id)}/pages?limit=100&sort=title`);
    const rows = (r.json?.results ?? []).map((p) => `<li data-testid="page-row">${link(p.title, pageUrl(space.key, p))}${p.id === space.homepageId ? ' <span class="lozenge">Overview</span>' : ''}</li>`);
    const body = `<main class="content narrow"><h1>${esc(space.name)}</h1><h3>Pages</h3><ul>${rows.join('')}</ul></main>`;
    return renderPage({ title: space.name, session: info.session, returnTo: info.returnTo, area: 'confluence', body });
  };
  app.get('/wiki/spaces/:spaceKey', spacePages);
  app.get('/wiki/spaces/:spaceKey/overview', spacePages);
  app.get('/wiki/spaces/:spaceKey/pages', spacePages);

  const redirectTo = (edit: boolean) => async (c: Context) => {
    const info = requestInfo(c);
    const id = c.req.query(edit ? 'draftId' : 'pageId') ?? '';
    const { page, space } = /^[0-9]+$/.test(id) ? await loadPage(deps, info, id) : {};
    if (!page || !space) return renderPage({ title: 'Page not found', session: info.session, returnTo: info.returnTo, area: 'confluence', body: messageBody('Page not found', 'The page may have been deleted, or you may not have permission to view it.'), status: 404 });
    return c.redirect(edit ? `/wiki/spaces/${encodeURIComponent(space.key)}/pages/edit-v2/${page.id}` : pageUrl(space.key, page), 302);
  };
  app.get('/wiki/pages/viewpage.action', redirectTo(false));
  app.get('/wiki/pages/resumedraft.action', redirectTo(true));
}
