import type { Hono } from 'hono';
import { editResource, moduleByKey, moduleTitle, modulesOfType } from '../app-config';
import { registerFrame, requestInfo, type HostDeps } from '../context';
import { gadgetOf } from '../gadgets';
import { esc, link } from '../html';
import { frameTag, messageBody, renderPage } from '../layout';

/**
 * The app's Jira pages:
 *  - `/jira/dashboards/<id>`: every `jira:dashboardGadget` of the app in view mode; "Edit" (`?edit=<moduleKey>`)
 *    shows that gadget's edit resource with `extension.entryPoint: 'edit'`. `view.submit(config)` there saves the
 *    configuration on the server (bridge-api.ts) and the dashboard returns to view mode with it.
 *  - `/jira/settings/apps/<moduleKey>[/<sub-path>]`: a `jira:adminPage`, its sub-path being the page's own route
 *    (`view.createHistory()` keeps the two in step); `/jira/settings/apps` lists the app's admin pages.
 */

const DEFAULT_DASHBOARD = '10000';

export function appPageRoutes(app: Hono, deps: HostDeps): void {
  app.get('/jira/dashboards', (c) => c.redirect(`/jira/dashboards/${DEFAULT_DASHBOARD}`, 302));

  app.get('/jira/dashboards/:dashboardId{[0-9]+}', (c) => {
    const info = requestInfo(c);
    const dashboardId = c.req.param('dashboardId');
    const editing = c.req.query('edit');
    const here = `/jira/dashboards/${dashboardId}`;
    const gadgets = modulesOfType(deps.config, 'jira:dashboardGadget').map((m) => {
      const record = gadgetOf(deps.sandbox.store, dashboardId, m.key);
      const edit = editing === m.key && editResource(m) !== undefined;
      const extension: Record<string, unknown> = {
        type: m.type,
        gadgetConfiguration: record.configuration,
        dashboard: { id: dashboardId },
        gadget: { id: record.id },
        location: `${info.origin}${here}`,
        ...(edit ? { entryPoint: 'edit' } : {}),
      };
      const frame = registerFrame(deps, info, { module: m, resource: (edit ? editResource(m) : m.resource) ?? '', extension, gadget: { dashboardId, moduleKey: m.key } });
      const button = edit
        ? `<a class="button" href="${esc(here)}" data-testid="gadget-cancel-${esc(m.key)}">Cancel</a>`
        : editResource(m)
          ? `<a class="button" href="${esc(`${here}?edit=${encodeURIComponent(m.key)}`)}" data-testid="gadget-edit-${esc(m.key)}">Edit</a>`
          : '';
      const after: Record<string, string> = edit ? { 'data-after-submit': here, 'data-after-close': here } : { 'data-refreshable': 'true' };
      const title = moduleTitle(deps.config, m, info.session.locale);
      return (
        `<section class="card" data-testid="gadget-${esc(m.key)}" data-gadget-id="${esc(record.id)}" data-mode="${edit ? 'edit' : 'view'}">` +
        `<div class="toolbar"><h3>${esc(title)}</h3><span class="subtle">${edit ? 'Editing' : ''}</span>${button}</div>${frameTag(frame, title, after)}</section>`
      );
    });
    const body =
      `<main class="content"><div class="breadcrumbs"><span>Dashboards</span></div><h1>Dashboard ${esc(dashboardId)}</h1>` +
      `${gadgets.length ? `<div class="dashboard">${gadgets.join('')}</div>` : '<p class="subtle">The app has no dashboard gadgets.</p>'}</main>`;
    return renderPage({ title: `Dashboard ${dashboardId}`, session: info.session, returnTo: info.returnTo, area: 'dashboards', body });
  });

  const adminSidebar = (locale: string, current?: string): string =>
    `<nav class="sidebar" aria-label="Apps"><h3>Apps</h3><ul>${modulesOfType(deps.config, 'jira:adminPage')
      .map((m) => `<li><a href="/jira/settings/apps/${esc(encodeURIComponent(m.key))}"${m.key === current ? ' aria-current="page"' : ''}>${esc(moduleTitle(deps.config, m, locale))}</a></li>`)
      .join('')}</ul></nav>`;

  app.get('/jira/settings/apps', (c) => {
    const info = requestInfo(c);
    const pages = modulesOfType(deps.config, 'jira:adminPage').map((m) => `<li>${link(moduleTitle(deps.config, m, info.session.locale), `/jira/settings/apps/${encodeURIComponent(m.key)}`)}</li>`);
    const body = `<div class="page">${adminSidebar(info.session.locale)}<main class="content"><h1>Apps</h1>${pages.length ? `<ul>${pages.join('')}</ul>` : '<p class="subtle">The app has no admin pages.</p>'}</main></div>`;
    return renderPage({ title: 'Apps', session: info.session, returnTo: info.returnTo, area: 'apps', body });
  });

  app.get('/jira/settings/apps/:moduleKey/*', (c) => adminPage(c.req.param('moduleKey'), c));
  app.get('/jira/settings/apps/:moduleKey', (c) => adminPage(c.req.param('moduleKey'), c));

  function adminPage(moduleKey: string, c: Parameters<typeof requestInfo>[0]): Response {
    const info = requestInfo(c);
    const m = moduleByKey(deps.config, moduleKey);
    if (!m || m.type !== 'jira:adminPage') {
      return renderPage({ title: 'Not found', session: info.session, returnTo: info.returnTo, area: 'apps', body: messageBody('Page not found', `The app has no admin page '${moduleKey}'.`), status: 404 });
    }
    const base = `/jira/settings/apps/${encodeURIComponent(m.key)}`;
    const url = new URL(c.req.url);
    const sub = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : '';
    const frame = registerFrame(deps, info, {
      module: m,
      resource: m.resource ?? '',
      extension: { type: m.type, location: `${info.origin}${url.pathname}${url.search}` },
      history: { base, path: (sub || '/') + url.search + url.hash },
    });
    const title = moduleTitle(deps.config, m, info.session.locale);
    const body = `<div class="page">${adminSidebar(info.session.locale, m.key)}<main class="content"><h1>${esc(title)}</h1>${frameTag(frame, title, { 'data-history-base': base })}</main></div>`;
    return renderPage({ title, session: info.session, returnTo: info.returnTo, area: 'apps', body });
  }
}
