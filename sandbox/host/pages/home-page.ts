import type { Hono } from 'hono';
import { SANDBOX_USERS } from '../../core/product';
import { moduleTitle, modulesOfType } from '../app-config';
import { productCall, productError, requestInfo, type HostDeps } from '../context';
import { displayTime, esc, link } from '../html';
import { messageBody, renderPage } from '../layout';
import { statusLozenge } from './issue-page';

/**
 * `/`: recent Jira work items (a JQL search, editable, through the product router as the session's user) and
 * recently updated Confluence pages, with links to the issue and page views, the app's dashboards and admin
 * pages, and the inspection API. `/jira/people/<accountId>` is a minimal profile page.
 */

type SearchResult = { issues?: Array<{ key: string; fields: Record<string, unknown> }> };
type PageList = { results?: Array<{ id: string; title: string; version?: { createdAt?: string }; _links?: { webui?: string } }> };

const DEFAULT_JQL = 'project = OPS ORDER BY updated DESC';
const INSPECTION = ['webtriggers', 'status', 'requests', 'invocations', 'deadletters', 'frames', 'users'];

export function homeRoutes(app: Hono, deps: HostDeps): void {
  app.get('/', async (c) => {
    const info = requestInfo(c);
    const jql = c.req.query('jql')?.trim() || DEFAULT_JQL;
    const tz = info.session.user.timeZone;
    const [search, pages] = await Promise.all([
      productCall<SearchResult>(deps, info.session, 'GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&fields=summary,status,priority,issuetype,updated&maxResults=25`),
      productCall<PageList>(deps, info.session, 'GET', '/wiki/api/v2/pages?limit=25&sort=-modified-date'),
    ]);
    const issues =
      search.status !== 200
        ? `<div class="banner error" data-testid="jql-error">${esc(productError(search.json, `The search failed (${search.status}).`))}</div>`
        : (search.json?.issues ?? []).length === 0
          ? '<p class="subtle" data-testid="no-issues">No work items match.</p>'
          : `<table class="list" data-testid="issue-list"><thead><tr><th>Key</th><th>Summary</th><th>Status</th><th>Updated</th></tr></thead><tbody>${(search.json?.issues ?? [])
              .map(
                (i) =>
                  `<tr data-testid="issue-row"><td>${link(i.key, `/browse/${encodeURIComponent(i.key)}`)}</td><td>${esc(i.fields['summary'])}</td>` +
                  `<td>${statusLozenge(i.fields['status'] as never, 'issue-row-status')}</td><td class="muted">${esc(displayTime(i.fields['updated'], tz))}</td></tr>`,
              )
              .join('')}</tbody></table>`;
    const pageRows = (pages.json?.results ?? []).map(
      (p) => `<li data-testid="page-row">${link(p.title, p._links?.webui ? `/wiki${p._links.webui}` : undefined)} <span class="muted">${esc(displayTime(p.version?.createdAt, tz))}</span></li>`,
    );
    const apps = [
      ...modulesOfType(deps.config, 'jira:adminPage').map((m) => `<li>${link(moduleTitle(deps.config, m, info.session.locale), `/jira/settings/apps/${encodeURIComponent(m.key)}`)} <span class="muted">admin page</span></li>`),
      ...(modulesOfType(deps.config, 'jira:dashboardGadget').length ? [`<li>${link('Dashboard with the app\u2019s gadgets', '/jira/dashboards/10000')}</li>`] : []),
    ];
    const body =
      `<main class="content"><h1>Your work</h1><div class="grid2"><div><section class="card"><h2>Jira work items</h2>` +
      `<form method="get" action="/" class="toolbar"><input type="search" name="jql" value="${esc(jql)}" size="60" aria-label="JQL" data-testid="jql-input">` +
      `<button type="submit" class="primary">Search</button></form>${issues}</section>` +
      `<section class="card"><h2>Confluence pages</h2>${pageRows.length ? `<ul data-testid="page-list">${pageRows.join('')}</ul>` : '<p class="subtle">No pages.</p>'}</section></div>` +
      `<aside><section class="card"><h3>Apps</h3>${apps.length ? `<ul>${apps.join('')}</ul>` : '<p class="subtle">The app has no pages.</p>'}</section>` +
      `<section class="card"><h3>Sandbox</h3><ul>${INSPECTION.map((p) => `<li><a href="/__sandbox/${p}">/__sandbox/${p}</a></li>`).join('')}</ul></section></aside></div></main>`;
    return renderPage({ title: 'Home', session: info.session, returnTo: info.returnTo, area: 'home', body });
  });

  app.get('/jira/people/:accountId', (c) => {
    const info = requestInfo(c);
    const user = SANDBOX_USERS.find((u) => u.accountId === c.req.param('accountId'));
    const body = user
      ? `<main class="content narrow" data-testid="profile"><h1>${esc(user.displayName)}</h1><dl class="fields"><dt>Email</dt><dd>${esc(user.email)}</dd>` +
        `<dt>Time zone</dt><dd>${esc(user.timeZone)}</dd><dt>Language</dt><dd>${esc(user.locale)}</dd><dt>Account id</dt><dd><code>${esc(user.accountId)}</code></dd></dl></main>`
      : messageBody('User not found', 'No seeded user has this account id.');
    return renderPage({ title: user?.displayName ?? 'User', session: info.session, returnTo: info.returnTo, area: 'jira', body, status: user ? 200 : 404 });
  });
}
