import type { Hono } from 'hono';
import type { UiModule } from '../../runtime/app-manifest';
import { adfToHtml } from '../adf-html';
import { moduleString, moduleTitle, modulesOfType } from '../app-config';
import { productCall, registerFrame, requestInfo, type HostDeps, type RequestInfo } from '../context';
import { displayTime, esc, link } from '../html';
import { frameTag, messageBody, renderPage } from '../layout';

/**
 * `/browse/<issueKey>`: Jira's issue view. Summary, status, priority, labels, the description and comments (ADF),
 * issue links and web links, and the app's `jira:issuePanel`s and `jira:issueGlance`s in iframes; each
 * `jira:issueAction` is a button opening its resource in a modal. Read as the session's user: an issue they may not
 * see answers Jira's "does not exist or you do not have permission" page.
 */

type Fields = Record<string, unknown>;
type Issue = { id: string; key: string; fields: Fields };
type Named = { id?: string; name?: string; key?: string; displayName?: string; statusCategory?: { key?: string } };

const FIELDS = 'summary,status,priority,labels,description,comment,issuelinks,issuetype,project,assignee,reporter,created,updated';

export const statusLozenge = (status: Named | undefined, testId = 'issue-status'): string =>
  status ? `<span class="lozenge ${esc(status.statusCategory?.key ?? 'new')}" data-testid="${testId}">${esc(status.name)}</span>` : '';

/** `context.extension` of the issue view's modules (shared/docs/forge-platform.md §6.2). */
export function issueExtension(issue: Issue, type: string, location: string): Record<string, unknown> {
  const t = (issue.fields['issuetype'] ?? {}) as Named;
  const p = (issue.fields['project'] ?? {}) as Named & { projectTypeKey?: string };
  const base = {
    type,
    issue: { id: issue.id, key: issue.key, type: t.name, typeId: t.id },
    project: { id: p.id, key: p.key, type: p.projectTypeKey ?? 'software' },
  };
  if (type === 'jira:issuePanel') return { ...base, isNewToIssue: false, location };
  if (type === 'jira:issueAction') return { ...base, location };
  return base;
}

function issueLinks(fields: Fields): string {
  const links = Array.isArray(fields['issuelinks']) ? (fields['issuelinks'] as Array<Record<string, unknown>>) : [];
  if (!links.length) return '';
  const rows = links.map((l) => {
    const type = (l['type'] ?? {}) as Record<string, string>;
    const other = (l['outwardIssue'] ?? l['inwardIssue']) as { key?: string; fields?: Fields } | undefined;
    const verb = l['outwardIssue'] ? type['outward'] : type['inward'];
    if (!other?.key) return '';
    const summary = (other.fields?.['summary'] as string | undefined) ?? '';
    return `<li data-testid="issue-link"><span class="subtle">${esc(verb)}</span> ${link(other.key, `/browse/${encodeURIComponent(other.key)}`)} ${esc(summary)} ${statusLozenge(other.fields?.['status'] as Named | undefined, 'issue-link-status')}</li>`;
  });
  return `<h3>Linked work items</h3><ul>${rows.join('')}</ul>`;
}

function remoteLinks(list: unknown): string {
  const links = Array.isArray(list) ? (list as Array<{ object?: { url?: string; title?: string } }>) : [];
  if (!links.length) return '';
  return `<h3>Web links</h3><ul>${links.map((l) => `<li data-testid="remote-link">${link(l.object?.title ?? l.object?.url ?? '', l.object?.url)}</li>`).join('')}</ul>`;
}

function comments(fields: Fields, timeZone: string): string {
  const list = ((fields['comment'] as { comments?: unknown[] } | undefined)?.comments ?? []) as Array<Record<string, unknown>>;
  const items = list.map((c) => {
    const author = (c['author'] ?? {}) as Named;
    return `<div class="comment" data-testid="comment" data-comment-id="${esc(c['id'])}"><div class="meta"><strong>${esc(author.displayName ?? 'Unknown')}</strong> · ${esc(displayTime(c['created'], timeZone))}</div>${adfToHtml(c['body'])}</div>`;
  });
  return `<h3>Activity</h3>${items.length ? items.join('') : '<p class="subtle">No comments yet.</p>'}`;
}

function person(p: unknown): string {
  const n = p as Named | null | undefined;
  return n?.displayName ? esc(n.displayName) : '<span class="subtle">Unassigned</span>';
}

function appSection(deps: HostDeps, info: RequestInfo, issue: Issue, m: UiModule, location: string): string {
  const frame = registerFrame(deps, info, { module: m, resource: m.resource ?? '', extension: issueExtension(issue, m.type, location) });
  const title = moduleTitle(deps.config, m, info.session.locale);
  return `<section class="app-section" data-testid="panel-${esc(m.key)}"><h3>${esc(title)}</h3>${frameTag(frame, title)}</section>`;
}

export function issueRoutes(app: Hono, deps: HostDeps): void {
  app.get('/browse/:issueKey', async (c) => {
    const info = requestInfo(c);
    const key = c.req.param('issueKey');
    const [res, remote] = await Promise.all([
      productCall<Issue>(deps, info.session, 'GET', `/rest/api/3/issue/${encodeURIComponent(key)}?fields=${FIELDS}`),
      productCall<unknown[]>(deps, info.session, 'GET', `/rest/api/3/issue/${encodeURIComponent(key)}/remotelink`),
    ]);
    if (res.status !== 200 || !res.json) {
      const body = messageBody('This work item could not be found', 'It may have been deleted, or you may not have permission to see it.', 'issue-not-found');
      return renderPage({ title: key, session: info.session, returnTo: info.returnTo, area: 'jira', body, status: res.status === 200 ? 500 : res.status });
    }
    const issue = res.json;
    if (issue.key !== key) return c.redirect(`/browse/${encodeURIComponent(issue.key)}`, 302);
    const f = issue.fields;
    const location = `${info.origin}/browse/${encodeURIComponent(issue.key)}`;
    const project = (f['project'] ?? {}) as Named;
    const labels = Array.isArray(f['labels']) ? (f['labels'] as string[]) : [];
    const actions = modulesOfType(deps.config, 'jira:issueAction').map((m) => {
      const frame = registerFrame(deps, info, { module: m, resource: m.resource ?? '', extension: issueExtension(issue, m.type, location) });
      const title = moduleTitle(deps.config, m, info.session.locale);
      return (
        `<button type="button" data-testid="action-${esc(m.key)}" data-open-frame="${frame.id}" data-title="${esc(title)}"` +
        ` data-size="${esc(moduleString(m, 'viewportSize') ?? 'medium')}" data-frame-testid="frame-${esc(m.key)}">${esc(title)}</button>`
      );
    });
    const panels = modulesOfType(deps.config, 'jira:issuePanel').map((m) => appSection(deps, info, issue, m, location));
    const glances = modulesOfType(deps.config, 'jira:issueGlance').map((m) => {
      const frame = registerFrame(deps, info, { module: m, resource: m.resource ?? '', extension: issueExtension(issue, m.type, location) });
      const title = moduleTitle(deps.config, m, info.session.locale);
      return `<details class="glance" open data-testid="glance-${esc(m.key)}"><summary>${esc(moduleString(m, 'label') ?? title)}</summary>${frameTag(frame, title)}</details>`;
    });
    const body =
      `<main class="content"><div class="breadcrumbs"><span>Projects</span><span>${esc((project as { name?: string }).name ?? project.key)}</span>` +
      `<span><a href="/browse/${esc(encodeURIComponent(issue.key))}" data-testid="issue-key">${esc(issue.key)}</a></span></div>` +
      `<div class="grid2"><div><h1 data-testid="issue-summary">${esc(f['summary'])}</h1><div class="toolbar" data-testid="issue-actions">${actions.join('')}</div>` +
      `<h3>Description</h3><div data-testid="issue-description">${adfToHtml(f['description']) || '<p class="subtle">Add a description…</p>'}</div>` +
      `${panels.join('')}${issueLinks(f)}${remoteLinks(remote.status === 200 ? remote.json : [])}${comments(f, info.session.user.timeZone)}</div>` +
      `<aside><div class="card"><dl class="fields"><dt>Status</dt><dd>${statusLozenge(f['status'] as Named)}</dd>` +
      `<dt>Priority</dt><dd data-testid="issue-priority">${esc((f['priority'] as Named | undefined)?.name ?? 'None')}</dd>` +
      `<dt>Type</dt><dd data-testid="issue-type">${esc((f['issuetype'] as Named | undefined)?.name)}</dd>` +
      `<dt>Assignee</dt><dd>${person(f['assignee'])}</dd><dt>Reporter</dt><dd>${person(f['reporter'])}</dd>` +
      `<dt>Labels</dt><dd data-testid="issue-labels">${labels.length ? labels.map((l) => `<span class="tag">${esc(l)}</span>`).join('') : '<span class="subtle">None</span>'}</dd>` +
      `<dt>Created</dt><dd>${esc(displayTime(f['created'], info.session.user.timeZone))}</dd><dt>Updated</dt><dd>${esc(displayTime(f['updated'], info.session.user.timeZone))}</dd></dl></div>` +
      `${glances.join('')}</aside></div></main>`;
    return renderPage({ title: `${issue.key} ${String(f['summary'] ?? '')}`, session: info.session, returnTo: info.returnTo, area: 'jira', body });
  });
}
