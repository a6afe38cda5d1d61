import type { Context, Hono } from 'hono';
import { productCall, productError, requestInfo, type HostDeps, type RequestInfo } from '../context';
import { esc } from '../html';
import { messageBody, renderPage } from '../layout';
import { loadPage, pageUrl, userName, type Page } from './confluence-page';

/**
 * Confluence's editor at `/wiki/spaces/<KEY>/pages/edit-v2/<id>`, as responders use it on an incident page: the
 * title and the storage body in a textarea. Saving PUTs `/wiki/api/v2/pages/<id>` as the session's user with
 * `version.number` = the version the editor was opened at + 1. When someone (a person or the app) saved in between,
 * Confluence answers 409: the editor then says so, keeps the person's text, shows the latest version, and offers
 * what Confluence offers on an edit conflict: overwrite with their version, merge by hand, or discard.
 */

interface EditorState {
  title: string;
  body: string;
  /** The version the person started from. */
  version: number;
  banner?: string;
  /** On a conflict: the page as it is now. */
  latest?: Page;
  status?: number;
}

function editorHtml(spaceKey: string, page: Page, s: EditorState, viewer: boolean): string {
  const action = `/wiki/spaces/${encodeURIComponent(spaceKey)}/pages/edit-v2/${encodeURIComponent(page.id)}`;
  const forbidden = viewer ? '<div class="banner warning" data-testid="edit-forbidden">You can view this page but not edit it. Saving will be refused.</div>' : '';
  const latest = s.latest
    ? `<details class="expand" open data-testid="edit-latest"><summary>The latest version (${s.latest.version.number}), for merging your changes into it</summary>` +
      `<textarea readonly aria-label="Latest version" data-testid="edit-latest-body">${esc(s.latest.body?.storage?.value ?? '')}</textarea></details>`
    : '';
  // After a conflict the one way forward is saving on top of the latest version: with the text merged by hand,
  // or as it is (overwriting). Saving against the old version again could only conflict again.
  const save = s.latest
    ? `<input type="hidden" name="latest" value="${s.latest.version.number}"><button type="submit" name="action" value="overwrite" class="danger" data-testid="edit-overwrite">Save over version ${s.latest.version.number}</button>` +
      `<a class="button" href="${esc(pageUrl(spaceKey, page))}" data-testid="edit-discard">Discard my changes</a>`
    : `<button type="submit" name="action" value="save" class="primary" data-testid="edit-save">Update</button>`;
  return (
    `<main class="content narrow" data-testid="editor"><div class="breadcrumbs"><span>Editing</span><span>${esc(page.title)}</span></div>${forbidden}${s.banner ?? ''}` +
    `<form method="post" action="${esc(action)}"><input type="hidden" name="version" value="${s.version}">` +
    `<div class="form-row"><input type="text" name="title" value="${esc(s.title)}" aria-label="Title" required data-testid="edit-title"></div>` +
    `<div class="form-row"><textarea name="body" aria-label="Page content (storage format)" spellcheck="false" data-testid="edit-body">${esc(s.body)}</textarea></div>` +
    `<div class="toolbar">${save}<a class="button" href="${esc(pageUrl(spaceKey, page))}" data-testid="edit-cancel">Close</a>` +
    `<span class="muted">Editing version ${s.version}</span></div></form>${latest}</main>`
  );
}

function conflictBanner(started: number, latest: Page): string {
  const who = userName(latest.version.authorId) ?? 'someone else';
  return (
    `<div class="banner error" role="alert" data-testid="edit-conflict"><strong>This page has been updated by ${esc(who)} since you started editing.</strong>` +
    `<p>You started from version ${started}; the page is now at version ${latest.version.number}. Your changes have not been saved, and they are still below, so nothing is lost.</p>` +
    `<p>Merge them into the latest version (shown below) and save over it, save your version as it is (overwriting the other changes), or discard your changes.</p></div>`
  );
}

async function respond(c: Context, deps: HostDeps, info: RequestInfo, state: (page: Page) => EditorState): Promise<Response> {
  const { status, page, space } = await loadPage(deps, info, c.req.param('pageId') ?? '');
  if (!page || !space) {
    const body = messageBody('Page not found', 'The page may have been deleted, or you may not have permission to view it.', 'page-not-found');
    return renderPage({ title: 'Page not found', session: info.session, returnTo: info.returnTo, area: 'confluence', body, status: status === 200 ? 500 : status });
  }
  const s = state(page);
  const body = editorHtml(space.key, page, s, !info.session.user.canEdit);
  return renderPage({ title: `Editing ${page.title}`, session: info.session, returnTo: info.returnTo, area: 'confluence', body, status: s.status ?? 200 });
}

export function confluenceEditRoutes(app: Hono, deps: HostDeps): void {
  const path = '/wiki/spaces/:spaceKey/pages/edit-v2/:pageId{[0-9]+}';

  app.get(path, (c) => {
    const info = requestInfo(c);
    return respond(c, deps, info, (page) => ({ title: page.title, body: page.body?.storage?.value ?? '', version: page.version.number }));
  });

  app.post(path, async (c) => {
    const info = requestInfo(c);
    const form = await c.req.parseBody();
    const pageId = c.req.param('pageId');
    const title = typeof form['title'] === 'string' ? form['title'] : '';
    const body = typeof form['body'] === 'string' ? form['body'].replace(/\r\n/g, '\n') : '';
    const started = Number(form['version']);
    const overwrite = form['action'] === 'overwrite' && Number.isInteger(Number(form['latest']));
    const base = overwrite ? Number(form['latest']) : started;
    if (!Number.isInteger(started) || started < 1) return c.text('The editor form is missing the version it started from', 400);
    const put = await productCall(deps, info.session, 'PUT', `/wiki/api/v2/pages/${encodeURIComponent(pageId)}`, {
      id: pageId,
      status: 'current',
      title,
      body: { representation: 'storage', value: body },
      version: { number: base + 1, message: '' },
    });
    if (put.status === 200) {
      const saved = put.json as unknown as Page;
      const { space } = await loadPage(deps, info, pageId);
      return c.redirect(space ? pageUrl(space.key, saved) : '/wiki/spaces', 303);
    }
    const keep = { title, body, version: started };
    if (put.status === 409) return respond(c, deps, info, (latest) => ({ ...keep, latest, banner: conflictBanner(started, latest), status: 409 }));
    const message =
      put.status === 403
        ? "You don't have permission to edit this page."
        : `Your changes could not be saved: ${productError(put.json, `Confluence answered ${put.status}.`)}`;
    const banner = `<div class="banner error" role="alert" data-testid="edit-error">${esc(message)} Your text is kept below.</div>`;
    return respond(c, deps, info, () => ({ ...keep, banner, status: put.status }));
  });
}
