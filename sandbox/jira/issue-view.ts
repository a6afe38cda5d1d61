import { adfToHtml } from './adf-text';
import { commentPage, commentsOf } from './comments';
import { formatJiraDateTime, listParam, type Caller, type JiraContext } from './context';
import { issueLinksJson } from './links';
import { NS, pad, type StoredHistory, type StoredIssue } from './model';
import { propertiesOf } from './properties';
import { issueTypeJson, priorityJson, projectOf, projectRefJson, resolutionJson, statusJson, findStatus } from './representations';
import { userDetailsById } from './users';
import { availableTransitions, transitionJson } from './workflow';

interface FieldDef {
  name: string;
  navigable: boolean;
  schema: { type: string; system: string; items?: string };
  value(ctx: JiraContext, issue: StoredIssue): unknown;
  rendered?(ctx: JiraContext, issue: StoredIssue): unknown;
}

const date = (ms: number | null): string | null => (ms === null ? null : formatJiraDateTime(ms));

/** How Jira renders a timestamp in `renderedFields`, e.g. `21/Nov/26 10:00 AM`. */
function renderedDate(ms: number | null): string | null {
  if (ms === null) return null;
  const d = new Date(ms);
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const h = d.getUTCHours();
  const hh = h % 12 === 0 ? 12 : h % 12;
  return `${String(d.getUTCDate()).padStart(2, '0')}/${month}/${String(d.getUTCFullYear()).slice(2)} ${hh}:${String(d.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

const sys = (type: string, system: string, items?: string) => (items ? { type, system, items } : { type, system });

/** The system fields the emulator knows, in the order Jira lists them. */
export const FIELDS: Readonly<Record<string, FieldDef>> = {
  statuscategorychangedate: { name: 'Status Category Changed', navigable: true, schema: sys('datetime', 'statuscategorychangedate'), value: (_c, i) => date(i.statusCategoryChangeDate), rendered: (_c, i) => renderedDate(i.statusCategoryChangeDate) },
  issuetype: { name: 'Issue Type', navigable: true, schema: sys('issuetype', 'issuetype'), value: (c, i) => typeJson(c, i) },
  project: { name: 'Project', navigable: true, schema: sys('project', 'project'), value: (c, i) => projectRefJson(c, projectOf(c, i.projectId)) },
  fixVersions: { name: 'Fix versions', navigable: true, schema: sys('array', 'fixVersions', 'version'), value: () => [] },
  resolution: { name: 'Resolution', navigable: true, schema: sys('resolution', 'resolution'), value: (c, i) => resolutionOf(c, i) },
  resolutiondate: { name: 'Resolved', navigable: true, schema: sys('datetime', 'resolutiondate'), value: (_c, i) => date(i.resolutionDate), rendered: (_c, i) => renderedDate(i.resolutionDate) },
  workratio: { name: 'Work Ratio', navigable: true, schema: sys('number', 'workratio'), value: () => -1 },
  watches: { name: 'Watchers', navigable: true, schema: sys('watches', 'watches'), value: (c, i) => ({ self: c.url(`/rest/api/3/issue/${i.key}/watchers`), watchCount: 0, isWatching: false }) },
  lastViewed: { name: 'Last Viewed', navigable: true, schema: sys('datetime', 'lastViewed'), value: () => null },
  created: { name: 'Created', navigable: true, schema: sys('datetime', 'created'), value: (_c, i) => date(i.created), rendered: (_c, i) => renderedDate(i.created) },
  priority: { name: 'Priority', navigable: true, schema: sys('priority', 'priority'), value: (c, i) => priorityOf(c, i) },
  labels: { name: 'Labels', navigable: true, schema: sys('array', 'labels', 'string'), value: (_c, i) => [...i.labels] },
  versions: { name: 'Affects versions', navigable: true, schema: sys('array', 'versions', 'version'), value: () => [] },
  issuelinks: { name: 'Linked Issues', navigable: true, schema: sys('array', 'issuelinks', 'issuelinks'), value: (c, i) => issueLinksJson(c, i) },
  assignee: { name: 'Assignee', navigable: true, schema: sys('user', 'assignee'), value: (c, i) => userDetailsById(c, i.assigneeId) },
  updated: { name: 'Updated', navigable: true, schema: sys('datetime', 'updated'), value: (_c, i) => date(i.updated), rendered: (_c, i) => renderedDate(i.updated) },
  status: { name: 'Status', navigable: true, schema: sys('status', 'status'), value: (c, i) => statusJson(c, findStatus(c, i.statusId)) },
  components: { name: 'Components', navigable: true, schema: sys('array', 'components', 'component'), value: () => [] },
  description: { name: 'Description', navigable: true, schema: sys('string', 'description'), value: (_c, i) => i.description, rendered: (_c, i) => (i.description ? adfToHtml(i.description) : null) },
  security: { name: 'Security Level', navigable: true, schema: sys('securitylevel', 'security'), value: () => null },
  attachment: { name: 'Attachment', navigable: false, schema: sys('array', 'attachment', 'attachment'), value: () => [] },
  summary: { name: 'Summary', navigable: true, schema: sys('string', 'summary'), value: (_c, i) => i.summary },
  creator: { name: 'Creator', navigable: true, schema: sys('user', 'creator'), value: (c, i) => userDetailsById(c, i.creatorId) },
  subtasks: { name: 'Sub-tasks', navigable: true, schema: sys('array', 'subtasks', 'issuelinks'), value: () => [] },
  reporter: { name: 'Reporter', navigable: true, schema: sys('user', 'reporter'), value: (c, i) => userDetailsById(c, i.reporterId) },
  environment: { name: 'Environment', navigable: true, schema: sys('string', 'environment'), value: (_c, i) => i.environment, rendered: (_c, i) => (i.environment ? adfToHtml(i.environment) : null) },
  duedate: { name: 'Due date', navigable: true, schema: sys('date', 'duedate'), value: (_c, i) => i.duedate },
  votes: { name: 'Votes', navigable: true, schema: sys('votes', 'votes'), value: (c, i) => ({ self: c.url(`/rest/api/3/issue/${i.key}/votes`), votes: 0, hasVoted: false }) },
  comment: { name: 'Comment', navigable: false, schema: sys('comments-page', 'comment'), value: (c, i) => commentPage(c, i, commentsOf(c, i.id), 0, 5000), rendered: (c, i) => commentPage(c, i, commentsOf(c, i.id), 0, 5000, { renderedBody: true }) },
  worklog: { name: 'Log Work', navigable: false, schema: sys('array', 'worklog', 'worklog'), value: () => ({ startAt: 0, maxResults: 20, total: 0, worklogs: [] }) },
  timetracking: { name: 'Time tracking', navigable: false, schema: sys('timetracking', 'timetracking'), value: () => ({}) },
};

function typeJson(ctx: JiraContext, issue: StoredIssue): unknown {
  const t = ctx.catalog().issueTypes.find((x) => x.id === issue.issueTypeId);
  return t ? issueTypeJson(ctx, t) : null;
}
function priorityOf(ctx: JiraContext, issue: StoredIssue): unknown {
  const p = ctx.catalog().priorities.find((x) => x.id === issue.priorityId);
  return p ? priorityJson(ctx, p) : null;
}
function resolutionOf(ctx: JiraContext, issue: StoredIssue): unknown {
  const r = ctx.catalog().resolutions.find((x) => x.id === issue.resolutionId);
  return r ? resolutionJson(ctx, r) : null;
}

/**
 * Resolves a `fields` parameter (`*all`, `*navigable`, `-x`, names) to field ids. Jira's rule: explicit names
 * replace the default set, exclusions alone subtract from it. `null` means "ids only" — the search default.
 */
export function resolveFields(tokens: string[] | undefined, fallback: '*all' | '*navigable' | 'id'): Set<string> | null {
  const list = tokens && tokens.length > 0 ? tokens : [fallback];
  if (list.length === 1 && list[0] === 'id') return null;
  const all = Object.keys(FIELDS);
  const navigable = all.filter((f) => FIELDS[f]?.navigable);
  const out = new Set<string>();
  const negatives: string[] = [];
  let positives = 0;
  for (const token of list) {
    if (token === '*all') all.forEach((f) => out.add(f));
    else if (token === '*navigable') navigable.forEach((f) => out.add(f));
    else if (token.startsWith('-')) negatives.push(token.slice(1));
    else {
      positives++;
      // `id` and `key` are always on the bean; unknown field ids (custom fields) are ignored, as Jira does.
      if (token in FIELDS) out.add(token);
    }
  }
  if (positives === 0 && out.size === 0) (fallback === '*all' ? all : navigable).forEach((f) => out.add(f));
  for (const n of negatives) out.delete(n);
  return out;
}

export interface ViewOptions {
  fields: Set<string> | null;
  expand: string[];
  /** Raw `properties` parameter tokens (`*all`, `-x`, keys); undefined when absent. */
  properties: string[] | undefined;
  caller: Caller;
}

export function viewOptions(query: URLSearchParams, caller: Caller, fallback: '*all' | '*navigable' | 'id'): ViewOptions {
  return {
    fields: resolveFields(listParam(query, 'fields'), fallback),
    expand: listParam(query, 'expand') ?? [],
    properties: listParam(query, 'properties'),
    caller,
  };
}

function selectProperties(ctx: JiraContext, issueId: string, tokens: string[]): Record<string, unknown> {
  const wantAll = tokens.includes('*all');
  const excluded = new Set(tokens.filter((t) => t.startsWith('-')).map((t) => t.slice(1)));
  const named = new Set(tokens.filter((t) => t !== '*all' && !t.startsWith('-')));
  const out: Record<string, unknown> = {};
  for (const p of propertiesOf(ctx, issueId)) if ((wantAll || named.has(p.key)) && !excluded.has(p.key)) out[p.key] = p.value;
  return out;
}

function changelogJson(ctx: JiraContext, issue: StoredIssue): Record<string, unknown> {
  const histories = ctx.store
    .range<StoredHistory>(NS.histories, { prefix: `${pad(issue.id)}/`, reverse: true })
    .map(({ value: h }) => ({ id: h.id, ...(h.authorId ? { author: userDetailsById(ctx, h.authorId) } : {}), created: formatJiraDateTime(h.created), items: h.items }));
  return { startAt: 0, maxResults: histories.length, total: histories.length, histories };
}

/** Schema `IssueBean`: what get issue, search and edit-with-returnIssue answer. */
export function issueBean(ctx: JiraContext, issue: StoredIssue, opts: ViewOptions): Record<string, unknown> {
  const bean: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: ctx.url(`/rest/api/3/issue/${issue.id}`),
    key: issue.key,
  };
  const expand = new Set(opts.expand);
  const selected = [...(opts.fields ?? [])];
  if (expand.has('renderedFields')) {
    bean['renderedFields'] = Object.fromEntries(selected.map((f) => [f, FIELDS[f]?.rendered?.(ctx, issue) ?? null]));
  }
  if (opts.properties) bean['properties'] = selectProperties(ctx, issue.id, opts.properties);
  if (expand.has('names')) bean['names'] = Object.fromEntries(selected.map((f) => [f, FIELDS[f]?.name ?? f]));
  if (expand.has('schema')) bean['schema'] = Object.fromEntries(selected.map((f) => [f, FIELDS[f]?.schema ?? { type: 'any' }]));
  if (expand.has('transitions')) bean['transitions'] = availableTransitions(ctx, opts.caller, issue).map((t) => transitionJson(ctx, t, false));
  if (expand.has('operations')) bean['operations'] = { linkGroups: [] };
  if (expand.has('editmeta')) bean['editmeta'] = { fields: {} };
  if (expand.has('changelog')) bean['changelog'] = changelogJson(ctx, issue);
  const values = Object.fromEntries(selected.map((f) => [f, FIELDS[f]?.value(ctx, issue)]));
  // With versionedRepresentations Jira answers every field as {version: value} instead of `fields`.
  if (expand.has('versionedRepresentations')) bean['versionedRepresentations'] = Object.fromEntries(Object.entries(values).map(([f, v]) => [f, { '1': v }]));
  else bean['fields'] = values;
  return bean;
}
