import { ISSUE_NOT_FOUND, fail, json, lookupIssue, requireCaller, type Handler, type JiraContext } from './context';
import { NS, pad, type StoredIssue, type StoredProperty } from './model';
import { demand } from './permissions';

/** Jira's limits on entity properties: key ≤ 255 characters, value (as JSON) ≤ 32 768 characters. */
const MAX_KEY_LENGTH = 255;
const MAX_VALUE_LENGTH = 32768;

/** Validates an entity property key (issue and comment properties alike). */
export function checkPropertyKey(key: string): void {
  if (key.length === 0) fail(400, ['The property key cannot be empty.']);
  if (key.length > MAX_KEY_LENGTH) fail(400, [`The property key can not be longer than ${MAX_KEY_LENGTH} characters.`]);
}

const propertyKey = (issueId: string, key: string): string => `${pad(issueId)}/${key}`;

function issueOr404(ctx: JiraContext, idOrKey: string | undefined): StoredIssue {
  const issue = idOrKey === undefined ? undefined : lookupIssue(ctx, idOrKey);
  if (!issue) fail(404, [ISSUE_NOT_FOUND]);
  return issue;
}

export function propertiesOf(ctx: JiraContext, issueId: string): StoredProperty[] {
  return ctx.store.range<StoredProperty>(NS.properties, { prefix: `${pad(issueId)}/` }).map((e) => e.value);
}

export function getProperty(ctx: JiraContext, issueId: string, key: string): StoredProperty | undefined {
  return ctx.store.get<StoredProperty>(NS.properties, propertyKey(issueId, key));
}

export function deletePropertiesOf(ctx: JiraContext, issueId: string): void {
  for (const p of propertiesOf(ctx, issueId)) ctx.store.delete(NS.properties, propertyKey(issueId, p.key));
}

/**
 * Validates a property value: the request body parsed as JSON (any JSON value). A body that is not JSON reaches
 * the emulator as `undefined` with a raw body, which Jira rejects.
 */
export function checkPropertyValue(value: unknown, rawBody: string | undefined, key: string): void {
  if (value === undefined) fail(400, [rawBody === undefined || rawBody.trim() === '' ? 'The property value is required.' : 'The request body must be valid JSON.']);
  const length = JSON.stringify(value).length;
  if (length > MAX_VALUE_LENGTH) fail(400, [`The value of the property '${key}' is too long: ${length} characters, the maximum is ${MAX_VALUE_LENGTH}.`]);
}

/**
 * PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey} — 201 when created, 200 when updated, no body.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-properties/#api-rest-api-3-issue-issueidorkey-properties-propertykey-put
 */
export const setIssueProperty: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  demand(ctx, caller, 'EDIT_ISSUES', 'setIssueProperty');
  const key = req.pathParams['propertyKey'] ?? '';
  checkPropertyKey(key);
  checkPropertyValue(req.body, req.rawBody, key);
  const existed = ctx.store.transaction(() => {
    const before = getProperty(ctx, issue.id, key) !== undefined;
    ctx.store.put<StoredProperty>(NS.properties, propertyKey(issue.id, key), { key, value: req.body });
    return before;
  });
  return json(existed ? 200 : 201);
};

/**
 * GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey} → `{key, value}`
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-properties/#api-rest-api-3-issue-issueidorkey-properties-propertykey-get
 */
export const getIssueProperty: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  const key = req.pathParams['propertyKey'] ?? '';
  const property = getProperty(ctx, issue.id, key);
  if (!property) fail(404, [`The property with key '${key}' does not exist.`]);
  return json(200, { key: property.key, value: property.value });
};

/**
 * GET /rest/api/3/issue/{issueIdOrKey}/properties → `{keys: [{key, self}]}`
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-properties/#api-rest-api-3-issue-issueidorkey-properties-get
 */
export const getIssuePropertyKeys: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  const keys = propertiesOf(ctx, issue.id)
    .map((p) => p.key)
    .sort()
    .map((key) => ({ key, self: ctx.url(`/rest/api/3/issue/${issue.key}/properties/${encodeURIComponent(key)}`) }));
  return json(200, { keys });
};

/**
 * DELETE /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey} (204).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-properties/#api-rest-api-3-issue-issueidorkey-properties-propertykey-delete
 */
export const deleteIssueProperty: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  demand(ctx, caller, 'EDIT_ISSUES', 'deleteIssueProperty');
  const key = req.pathParams['propertyKey'] ?? '';
  if (!ctx.store.delete(NS.properties, propertyKey(issue.id, key))) fail(404, [`The property with key '${key}' does not exist.`]);
  return json(204);
};
