import { z } from 'zod';
import { applyFieldChanges } from './changelog';
import { commentsOf, insertComment, removeComment } from './comments';
import {
  ISSUE_NOT_FOUND,
  JiraHttpError,
  boolParam,
  fail,
  issueStoreKey,
  json,
  keyIndexKey,
  lookupIssue,
  nextCounter,
  requireCaller,
  saveIssue,
  type Caller,
  type Handler,
  type JiraContext,
} from './context';
import { emitCreated, emitDeleted, emitUpdated, recordHistory } from './events';
import { parseFieldChanges, readBody } from './issue-fields';
import { issueBean, viewOptions } from './issue-view';
import { addLink, deleteLinksOf, readCreateLinks } from './links';
import { NS, pad, type StoredIssue, type StoredProperty } from './model';
import { callerHas, demand } from './permissions';
import { deletePropertiesOf } from './properties';
import { deleteRemoteLinksOf } from './remote-links';
import { findIssueType, findProject } from './representations';
import { DEFAULT_PRIORITY_ID, STATUS_TODO } from './seed';
import { applyTransition } from './transitions';
import { availableTransitions } from './workflow';

const MAX_PROPERTY_VALUE = 32768;

const PropertyList = z.array(z.object({ key: z.string().min(1).max(255), value: z.unknown() }));

/** `properties: [{key, value}]` on create / edit sets issue properties in the same request. */
function readProperties(raw: unknown): StoredProperty[] {
  if (raw === undefined) return [];
  const parsed = PropertyList.safeParse(raw);
  if (!parsed.success) fail(400, [`properties: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`]);
  for (const p of parsed.data) {
    if (JSON.stringify(p.value ?? null).length > MAX_PROPERTY_VALUE) fail(400, [`The value of the property '${p.key}' is too long; the maximum is ${MAX_PROPERTY_VALUE} characters.`]);
  }
  return parsed.data.map((p) => ({ key: p.key, value: p.value ?? null }));
}

function putProperties(ctx: JiraContext, issueId: string, props: StoredProperty[]): void {
  for (const p of props) ctx.store.put(NS.properties, `${pad(issueId)}/${p.key}`, p);
}

/**
 * POST /rest/api/3/issue — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post
 *
 * Answers 201 `{id, key, self}`; keys are numbered per project (OPS-1, OPS-2, …), ids site-wide from 10001.
 */
export const createIssue: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const { issue, transitionId, emit } = createOne(ctx, caller, req.body);
  emit();
  return json(201, createdJson(ctx, issue, transitionId));
};

function createdJson(ctx: JiraContext, issue: StoredIssue, transitionId: string | undefined): Record<string, unknown> {
  return {
    id: issue.id,
    key: issue.key,
    self: ctx.url(`/rest/api/3/issue/${issue.id}`),
    ...(transitionId !== undefined ? { transition: { status: 204, errorCollection: { errorMessages: [], errors: {} } } } : {}),
  };
}

/** Jira's limit for one bulk create (the operation's description: "Creates upto **50** issues"). */
const BULK_CREATE_MAX = 50;

/**
 * POST /rest/api/3/issue/bulk — each element of `issueUpdates` is created as by POST /issue (same validation,
 * permissions, properties, `update.issuelinks`); an element that fails is answered in `errors[]` with its
 * `failedElementNumber` (0-based), its `status` and `elementErrors`, and the others are still created. 201 when any
 * was created, else 400 with the same body. More than 50 elements: 400 before anything is created.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-bulk-post
 */
export const createIssues: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const raw = req.body && typeof req.body === 'object' ? (req.body as { issueUpdates?: unknown }).issueUpdates : undefined;
  const updates = Array.isArray(raw) ? raw : [];
  if (updates.length > BULK_CREATE_MAX) fail(400, [`You can create up to ${BULK_CREATE_MAX} issues in one request; this one has ${updates.length}.`]);
  const issues: Record<string, unknown>[] = [];
  const errors: Record<string, unknown>[] = [];
  updates.forEach((element, index) => {
    try {
      const { issue, transitionId, emit } = createOne(ctx, caller, element);
      emit();
      issues.push(createdJson(ctx, issue, transitionId));
    } catch (e) {
      if (!(e instanceof JiraHttpError)) throw e;
      const body = (e.body ?? {}) as { errorMessages?: string[]; errors?: Record<string, string> };
      errors.push({ status: e.status, elementErrors: { errorMessages: body.errorMessages ?? [], errors: body.errors ?? {} }, failedElementNumber: index });
    }
  });
  return json(issues.length > 0 ? 201 : 400, { issues, errors });
};

/** One issue created from a create body (POST /issue, or one element of a bulk create); `emit` raises its event. */
function createOne(ctx: JiraContext, caller: Caller, rawBody: unknown): { issue: StoredIssue; transitionId: string | undefined; emit: () => void } {
  const body = readBody(rawBody);
  // `update.issuelinks` (add) on create links the new issue in the same request (IssueUpdateDetails.update).
  const linkOps = body.update['issuelinks'];
  delete body.update['issuelinks'];
  const errors: Record<string, string> = {};
  const rawProject = body.fields['project'];
  const project = rawProject && typeof rawProject === 'object' ? findProject(ctx, rawProject as { id?: unknown; key?: unknown }) : undefined;
  if (!project) errors['project'] = rawProject === undefined ? 'Specify a valid project ID or key' : 'valid project is required';
  // The permission is checked once the project is known, before any other field.
  if (project) demand(ctx, caller, 'CREATE_ISSUES', 'createIssue');
  const rawType = body.fields['issuetype'];
  const issueType = rawType && typeof rawType === 'object' ? findIssueType(ctx, rawType as { id?: unknown; name?: unknown }) : undefined;
  if (rawType === undefined) errors['issuetype'] = 'Specify an issue type';
  else if (!issueType || (project && !project.issueTypeIds.includes(issueType.id))) errors['issuetype'] = 'The issue type selected is invalid.';
  if (body.fields['summary'] === undefined && !('summary' in body.update)) errors['summary'] = 'You must specify a summary of the issue.';
  // No seeded issue type sits above level 0, so no issue can be a parent here.
  if (body.fields['parent'] !== undefined) errors['parent'] = 'Given parent work item does not belong to appropriate hierarchy.';
  const { changes } = parseFieldChanges(ctx, caller, body, { mode: 'create', handled: new Set(['project', 'issuetype', 'parent']), errors });
  if (!project || !issueType) fail(400, [], errors); // unreachable: parseFieldChanges threw on the errors above
  const properties = readProperties(body.rest['properties']);
  const transitionId = readTransitionId(body.rest['transition']);
  const links = readCreateLinks(ctx, caller, linkOps);

  const at = ctx.now().getTime();
  const issue = ctx.store.transaction(() => {
    const id = String(nextCounter(ctx, 'issue', 10001));
    const number = nextCounter(ctx, `issuenum/${project.key}`, 1);
    let created: StoredIssue = {
      id,
      key: `${project.key}-${number}`,
      projectId: project.id,
      issueTypeId: issueType.id,
      statusId: STATUS_TODO,
      summary: changes.summary ?? '',
      description: changes.description ?? null,
      environment: changes.environment ?? null,
      labels: changes.labels ?? [],
      priorityId: changes.priorityId === undefined ? DEFAULT_PRIORITY_ID : changes.priorityId,
      assigneeId: changes.assigneeId ?? null,
      reporterId: changes.reporterId ?? caller.accountId,
      creatorId: caller.accountId,
      duedate: changes.duedate ?? null,
      resolutionId: null,
      resolutionDate: null,
      created: at,
      updated: at,
      statusCategoryChangeDate: at,
    };
    if (transitionId !== undefined) {
      const transition = availableTransitions(ctx, caller, created).find((t) => t.id === transitionId);
      if (!transition) fail(400, [`Transition id '${transitionId}' is not valid for this issue.`]);
      created = applyTransition(ctx, created, transition, undefined, at);
    }
    saveIssue(ctx, created);
    putProperties(ctx, id, properties);
    for (const link of links) addLink(ctx, link.typeId, link.outward ? id : link.otherId, link.outward ? link.otherId : id);
    return created;
  });
  return { issue, transitionId, emit: () => emitCreated(ctx, issue, caller) };
}

function readTransitionId(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  if (typeof id !== 'string' && typeof id !== 'number') fail(400, ["Missing 'transition' identifier"]);
  return String(id);
}

function issueOr404(ctx: JiraContext, idOrKey: string | undefined): StoredIssue {
  const issue = idOrKey === undefined ? undefined : lookupIssue(ctx, idOrKey);
  if (!issue) fail(404, [ISSUE_NOT_FOUND]);
  return issue;
}

/** GET /rest/api/3/issue/{issueIdOrKey} — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-get */
export const getIssue: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  return json(200, issueBean(ctx, issue, viewOptions(req.query, caller, '*all')));
};

function overrideAllowed(ctx: JiraContext, caller: Caller, query: URLSearchParams): void {
  // Overriding screen security needs Administer Jira (only the app holds it here).
  if ((boolParam(query, 'overrideScreenSecurity', false) || boolParam(query, 'overrideEditableFlag', false)) && !callerHas(ctx, caller, 'ADMINISTER')) {
    fail(403, ['You do not have the permission to override screen security or the editable flag.']);
  }
}

/**
 * PUT /rest/api/3/issue/{issueIdOrKey} — `fields` replace values, `update` applies operations (labels add /
 * remove / set, `set` on the other fields, comment add). 204, or 200 with the issue when `returnIssue=true`.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-put
 */
export const editIssue: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  demand(ctx, caller, 'EDIT_ISSUES', 'editIssue');
  overrideAllowed(ctx, caller, req.query);
  const body = readBody(req.body);
  const { changes, comments } = parseFieldChanges(ctx, caller, body, { mode: 'edit', current: { labels: issue.labels } });
  if (comments.length > 0) demand(ctx, caller, 'ADD_COMMENTS', 'addComment');
  const properties = readProperties(body.rest['properties']);
  const at = ctx.now().getTime();
  const result = ctx.store.transaction(() => {
    const { after, items } = applyFieldChanges(ctx, issue, changes);
    if (items.length > 0) after.updated = at;
    saveIssue(ctx, after);
    putProperties(ctx, issue.id, properties);
    const history = items.length > 0 ? recordHistory(ctx, after, caller, items, at) : undefined;
    let latest = after;
    const commentEmits = comments.map((c) => {
      const inserted = insertComment(ctx, latest, caller, c, at);
      latest = { ...latest, updated: at };
      return inserted.emit;
    });
    return { after: latest, history, commentEmits };
  });
  // An edit that changes nothing records no history and raises no event, as in Jira.
  if (result.history) emitUpdated(ctx, result.after, caller, result.history, 'issue_updated');
  result.commentEmits.forEach((emit) => emit());
  if (boolParam(req.query, 'returnIssue', false)) {
    const fresh = lookupIssue(ctx, issue.id) ?? result.after;
    return json(200, issueBean(ctx, fresh, viewOptions(new URLSearchParams({ expand: req.query.get('expand') ?? '' }), caller, '*all')));
  }
  return json(204);
};

/**
 * DELETE /rest/api/3/issue/{issueIdOrKey} — removes the issue with its comments, links, remote links and properties.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-delete
 */
export const deleteIssue: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  demand(ctx, caller, 'DELETE_ISSUES', 'deleteIssue');
  ctx.store.transaction(() => {
    for (const c of commentsOf(ctx, issue.id)) removeComment(ctx, issue.id, c.id);
    for (const h of ctx.store.range(NS.histories, { prefix: `${pad(issue.id)}/` })) ctx.store.delete(NS.histories, h.key);
    deleteLinksOf(ctx, issue.id);
    deleteRemoteLinksOf(ctx, issue.id);
    deletePropertiesOf(ctx, issue.id);
    ctx.store.delete(NS.issues, issueStoreKey(issue.id));
    ctx.store.delete(NS.issues, keyIndexKey(issue.key));
  });
  emitDeleted(ctx, issue, caller, ctx.now().getTime());
  return json(204);
};
