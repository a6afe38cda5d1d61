/**
 * {@link ActionItemTracker} on Jira Cloud REST v3, as the app (`api.asApp().requestJira`): the resolver has checked
 * first, as the user, that they may edit the incident issue and create issues in the project (DESIGN 4).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/
 */
import { route } from '@forge/api';
import { z } from 'zod';
import type { ActionItemSource, ActionItemTracker, NewActionItemTask, OwnerLookup } from '../usecases/action-items/action-item-ports';
import { JiraIncidentTracker, jiraLabel, jiraSummary } from './jira-tracker';
import { jqlString } from './jql-string';
import { jiraHttp, type ProductHttp } from './product-http';

/**
 * Issue property on every action item task: `{incidentId, rowId}` for an incident's retrospective, `{readingSessionId,
 * rowId}` for a reading session's TODO list (both paths indexed by the manifest's `kaizen-action-item-property`).
 */
export const ACTION_ITEM_PROPERTY_KEY = 'kaizen-action-item';
/** Jira's limit per bulk create ("Creates upto 50 issues"). */
export const BULK_CREATE_MAX = 50;
/** The built-in link type (a custom "is action item of" type needs a Jira administrator). */
const LINK_TYPE = 'Relates';

const TaskPropertySchema = z.union([z.object({ incidentId: z.string(), rowId: z.string() }), z.object({ readingSessionId: z.string(), rowId: z.string() })]);
type TaskProperty = z.infer<typeof TaskPropertySchema>;
/** The property path that names the source (indexed), and the property a new task of the source carries. */
const SOURCE_PATH = { incident: 'incidentId', 'reading-session': 'readingSessionId' } as const satisfies Record<ActionItemSource['kind'], string>;
const propertyOf = (source: ActionItemSource, rowId: string): TaskProperty => (source.kind === 'incident' ? { incidentId: source.id, rowId } : { readingSessionId: source.id, rowId });
/** The row id of a property read back, when it names this source (a loose index match never answers another's task). */
function rowOf(raw: unknown, source: ActionItemSource): string | undefined {
  const prop = TaskPropertySchema.safeParse(raw);
  if (!prop.success) return undefined;
  const id = source.kind === 'incident' ? ('incidentId' in prop.data ? prop.data.incidentId : undefined) : 'readingSessionId' in prop.data ? prop.data.readingSessionId : undefined;
  return id === source.id ? prop.data.rowId : undefined;
}
const SearchSchema = z.object({
  issues: z.array(z.object({ id: z.string(), key: z.string(), properties: z.record(z.string(), z.unknown()).optional() })),
  nextPageToken: z.string().nullish(),
});
const CreatedSchema = z.object({
  issues: z.array(z.object({ id: z.string(), key: z.string() })),
  errors: z.array(z.object({ failedElementNumber: z.number().int().optional(), status: z.number().int().optional(), elementErrors: z.object({ errorMessages: z.array(z.string()).optional(), errors: z.record(z.string(), z.string()).optional() }).optional() })),
});
const UsersSchema = z.array(z.object({ accountId: z.string(), displayName: z.string().optional(), emailAddress: z.string().optional(), accountType: z.string().optional() }));
const PrioritiesSchema = z.array(z.object({ name: z.string() }));

export class JiraActionItemTracker implements ActionItemTracker {
  private readonly http: ProductHttp;
  private readonly tracker: JiraIncidentTracker;

  constructor(http: ProductHttp = jiraHttp()) {
    this.http = http;
    this.tracker = new JiraIncidentTracker({ http });
  }

  /**
   * `POST /rest/api/3/search/jql` with `issue.property[kaizen-action-item].incidentId = "<id>"` (a reading session:
   * `.readingSessionId`); the property is read back and compared, so a loose index match never answers another
   * source's task. Oldest first: a duplicate (an index lag) resolves to the first task made.
   * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
   */
  async findTasks(source: ActionItemSource, projectKey: string): Promise<Map<string, { id: string; key: string }>> {
    const jql = `project = ${jqlString(projectKey)} AND issue.property[${ACTION_ITEM_PROPERTY_KEY}].${SOURCE_PATH[source.kind]} = ${jqlString(source.id)} ORDER BY created ASC`;
    const found = new Map<string, { id: string; key: string }>();
    let nextPageToken: string | undefined;
    do {
      const result = await this.http.json('POST', route`/rest/api/3/search/jql`, SearchSchema, {
        body: { jql, fields: ['summary'], properties: [ACTION_ITEM_PROPERTY_KEY], maxResults: 100, ...(nextPageToken ? { nextPageToken } : {}) },
        idempotent: true,
      });
      for (const issue of result.issues) {
        const rowId = rowOf(issue.properties?.[ACTION_ITEM_PROPERTY_KEY], source);
        if (rowId !== undefined && !found.has(rowId)) found.set(rowId, { id: issue.id, key: issue.key });
      }
      nextPageToken = result.nextPageToken ?? undefined;
    } while (nextPageToken);
    return found;
  }

  /**
   * `POST /rest/api/3/issue/bulk`, at most 50 tasks; each element carries the `kaizen-action-item` property and
   * `update.issuelinks` (Relates → `relatesTo`, the incident issue, when given), so one write makes the task, its
   * identity and its link.
   * Per-element refusals (`errors[].failedElementNumber`) are answered as failed, the rest are made. Not retried on
   * a 5xx (a retry could make a second task): the caller keeps a pending mark per row instead.
   *
   * Jira's answer lists the created issues without an element index, in an order it does not document, so they are
   * matched to rows by reading their property back: ONE `POST /rest/api/3/search/jql` for `id in (…)` with
   * `reconcileIssues` (read-after-write consistency for those ids, at most 50 — the chunk size).
   * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-bulk-post
   */
  async createTasks(input: Parameters<ActionItemTracker['createTasks']>[0]): ReturnType<ActionItemTracker['createTasks']> {
    if (input.tasks.length > BULK_CREATE_MAX) throw new RangeError(`createTasks: at most ${BULK_CREATE_MAX} tasks a call`);
    const created: Array<{ rowId: string; id: string; key: string }> = [];
    const failed: Array<{ rowId: string; detail: string }> = [];
    if (input.tasks.length === 0) return { created, failed };
    const chunk = input.tasks;
    const path = route`/rest/api/3/issue/bulk`;
    const reply = await this.http.request('POST', path, { body: { issueUpdates: chunk.map((t) => this.createBody(input, t)) } });
    if (!reply.ok && reply.status !== 400) throw this.http.failure('POST', path, reply);
    const result = this.http.parse('POST', path, reply, CreatedSchema);
    for (const error of result.errors) {
      const task = chunk[error.failedElementNumber ?? -1];
      if (!task) continue;
      const messages = [...(error.elementErrors?.errorMessages ?? []), ...Object.entries(error.elementErrors?.errors ?? {}).map(([field, message]) => `${field}: ${message}`)];
      failed.push({ rowId: task.rowId, detail: messages.join('; ') || `Jira answered ${error.status ?? reply.status}` });
    }
    if (result.issues.length === 0) return { created, failed };
    const wanted = new Set(chunk.map((t) => t.rowId));
    const ids = result.issues.map((i) => i.id).filter((id) => /^\d+$/.test(id));
    const back = await this.http.json('POST', route`/rest/api/3/search/jql`, SearchSchema, {
      body: { jql: `id in (${ids.join(', ')})`, fields: ['summary'], properties: [ACTION_ITEM_PROPERTY_KEY], maxResults: BULK_CREATE_MAX, reconcileIssues: ids.map(Number) },
      idempotent: true,
    });
    for (const issue of back.issues) {
      const rowId = rowOf(issue.properties?.[ACTION_ITEM_PROPERTY_KEY], input.source);
      if (rowId !== undefined && wanted.delete(rowId)) created.push({ rowId, id: issue.id, key: issue.key });
    }
    // answered in the rows' order, as people read the table
    const order = new Map(chunk.map((t, i) => [t.rowId, i]));
    created.sort((a, b) => order.get(a.rowId)! - order.get(b.rowId)!);
    return { created, failed };
  }

  private createBody(input: Parameters<ActionItemTracker['createTasks']>[0], task: NewActionItemTask): unknown {
    return {
      fields: {
        project: { key: input.projectKey },
        issuetype: { name: input.issueType },
        summary: jiraSummary(task.summary),
        description: task.description,
        labels: [...new Set(task.labels.map(jiraLabel).filter((l) => l !== ''))],
        ...(task.dueDate ? { duedate: task.dueDate } : {}),
        ...(task.priorityName ? { priority: { name: task.priorityName } } : {}),
        ...(task.assigneeAccountId ? { assignee: { accountId: task.assigneeAccountId } } : {}),
      },
      ...(input.relatesTo ? { update: { issuelinks: [{ add: { type: { name: LINK_TYPE }, outwardIssue: { key: input.relatesTo } } }] } } : {}),
      properties: [{ key: ACTION_ITEM_PROPERTY_KEY, value: propertyOf(input.source, task.rowId) }],
    };
  }

  /** `PUT /rest/api/3/issue/{key}` with only the fields given. https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-put */
  async updateTask(key: string, change: Parameters<ActionItemTracker['updateTask']>[1]): Promise<void> {
    const fields = {
      ...(change.assigneeAccountId !== undefined ? { assignee: change.assigneeAccountId === null ? null : { accountId: change.assigneeAccountId } } : {}),
      ...(change.dueDate !== undefined ? { duedate: change.dueDate } : {}),
      ...(change.priorityName !== undefined && change.priorityName !== null ? { priority: { name: change.priorityName } } : {}),
    };
    if (Object.keys(fields).length === 0) return;
    const path = route`/rest/api/3/issue/${key}`;
    const reply = await this.http.request('PUT', path, { body: { fields } });
    if (!reply.ok) throw this.http.failure('PUT', path, reply);
  }

  /**
   * `GET /rest/api/3/user/assignable/search?project=…&accountId=…` (a mention) or `&query=…` (a name or e-mail: an
   * exact display name or e-mail wins, else a single match). Nobody assignable → `GET /rest/api/3/user/search` tells
   * "exists but not assignable" from "nobody".
   * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-user-search/#api-rest-api-3-user-assignable-search-get
   */
  async lookupOwner(projectKey: string, owner: Parameters<ActionItemTracker['lookupOwner']>[1]): Promise<OwnerLookup> {
    if ('accountId' in owner) {
      const users = await this.http.json('GET', route`/rest/api/3/user/assignable/search?project=${projectKey}&accountId=${owner.accountId}`, UsersSchema);
      if (users.some((u) => u.accountId === owner.accountId)) return { kind: 'assignable', accountId: owner.accountId };
      const known = await this.http.json('GET', route`/rest/api/3/user/search?accountId=${owner.accountId}`, UsersSchema);
      return known.length > 0 ? { kind: 'not-assignable' } : { kind: 'unknown' };
    }
    const text = owner.text.trim().replace(/^@/, '');
    const pick = (users: z.infer<typeof UsersSchema>) => {
      const lower = text.toLowerCase();
      const exact = users.filter((u) => u.displayName?.toLowerCase() === lower || u.emailAddress?.toLowerCase() === lower);
      if (exact.length === 1) return exact[0];
      return users.length === 1 ? users[0] : undefined;
    };
    const assignable = pick(await this.http.json('GET', route`/rest/api/3/user/assignable/search?project=${projectKey}&query=${text}`, UsersSchema));
    if (assignable) return { kind: 'assignable', accountId: assignable.accountId };
    const known = pick((await this.http.json('GET', route`/rest/api/3/user/search?query=${text}`, UsersSchema)).filter((u) => u.accountType !== 'app'));
    return known ? { kind: 'not-assignable' } : { kind: 'unknown' };
  }

  /** `GET /rest/api/3/priority`. https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-priorities/#api-rest-api-3-priority-get */
  async priorityNames(): Promise<string[]> {
    return (await this.http.json('GET', route`/rest/api/3/priority`, PrioritiesSchema)).map((p) => p.name);
  }

  upsertRemoteLink(issueKey: string, link: { globalId: string; url: string; title: string }): Promise<void> {
    return this.tracker.upsertRemoteLink(issueKey, link);
  }

  /** `GET /rest/api/3/issue/{id}?fields=id`: false on 404. https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-get */
  async taskExists(issueId: string): Promise<boolean> {
    const path = route`/rest/api/3/issue/${issueId}?fields=${'id'}`;
    const reply = await this.http.request('GET', path, { idempotent: true });
    if (reply.status === 404) return false;
    if (!reply.ok) throw this.http.failure('GET', path, reply);
    return true;
  }

  addComment(issueKey: string, body: Parameters<ActionItemTracker['addComment']>[1], dedupeId: string): Promise<void> {
    return this.tracker.addComment(issueKey, body, dedupeId);
  }
}

export const createActionItemTracker = (): JiraActionItemTracker => new JiraActionItemTracker();
