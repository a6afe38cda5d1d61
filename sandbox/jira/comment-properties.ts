import { demandMayEdit, findCommentById, mergeProperties, saveComment } from './comments';
import { fail, json, requireCaller, type Handler, type JiraContext } from './context';
import type { StoredComment, StoredIssue } from './model';
import { checkPropertyKey, checkPropertyValue } from './properties';

/*
 * Comment properties: entity properties stored on a comment, addressed by the comment id alone
 * (`/rest/api/3/comment/{commentId}/properties/{propertyKey}`). They live inside the comment record, so they go
 * with the comment when it or its issue is deleted and are cleared by a reset. They are also set through the
 * `properties` of add/update comment and read through `expand=properties` on the comment resources.
 *
 * Reading needs Browse Projects; setting and deleting need what editing the comment needs (Edit All Comments, or
 * Edit Own Comments on one's own), refused with the 403 the operations document.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comment-properties/
 */

/** The comment a `/comment/{commentId}/…` request names: 400 for an id that is not a number, 404 for none. */
function commentOr404(ctx: JiraContext, raw: string | undefined): { issue: StoredIssue; comment: StoredComment } {
  const id = (raw ?? '').trim();
  if (!/^\d+$/.test(id)) fail(400, [`The comment ID '${raw ?? ''}' is invalid.`]);
  const found = findCommentById(ctx, id);
  if (!found) fail(404, [`Can not find a comment for the id: ${id}.`]);
  return found;
}

const propertyNotFound = (key: string): never => fail(404, [`The property with key '${key}' does not exist.`]);

/**
 * GET /rest/api/3/comment/{commentId}/properties → `{keys: [{key, self}]}` (schema `PropertyKeys`), keys sorted.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comment-properties/#api-rest-api-3-comment-commentid-properties-get
 */
export const getCommentPropertyKeys: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const { comment } = commentOr404(ctx, req.pathParams['commentId']);
  const keys = (comment.properties ?? [])
    .map((p) => p.key)
    .sort()
    .map((key) => ({ key, self: ctx.url(`/rest/api/3/comment/${comment.id}/properties/${encodeURIComponent(key)}`) }));
  return json(200, { keys });
};

/**
 * GET /rest/api/3/comment/{commentId}/properties/{propertyKey} → `{key, value}` (schema `EntityProperty`).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comment-properties/#api-rest-api-3-comment-commentid-properties-propertykey-get
 */
export const getCommentProperty: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const { comment } = commentOr404(ctx, req.pathParams['commentId']);
  const key = req.pathParams['propertyKey'] ?? '';
  const property = comment.properties?.find((p) => p.key === key) ?? propertyNotFound(key);
  return json(200, { key: property.key, value: property.value });
};

/**
 * PUT /rest/api/3/comment/{commentId}/properties/{propertyKey} — the body is the value (any non-empty JSON,
 * ≤ 32 768 characters); 201 when created, 200 when updated, no body. The comment's `updated` does not change.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comment-properties/#api-rest-api-3-comment-commentid-properties-propertykey-put
 */
export const setCommentProperty: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const { comment } = commentOr404(ctx, req.pathParams['commentId']);
  demandMayEdit(ctx, caller, comment, 'setCommentProperty');
  const key = req.pathParams['propertyKey'] ?? '';
  checkPropertyKey(key);
  checkPropertyValue(req.body, req.rawBody, key);
  const existed = (comment.properties ?? []).some((p) => p.key === key);
  ctx.store.transaction(() => saveComment(ctx, { ...comment, properties: mergeProperties(comment.properties ?? [], [{ key, value: req.body }]) }));
  return json(existed ? 200 : 201);
};

/**
 * DELETE /rest/api/3/comment/{commentId}/properties/{propertyKey} (204).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comment-properties/#api-rest-api-3-comment-commentid-properties-propertykey-delete
 */
export const deleteCommentProperty: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const { comment } = commentOr404(ctx, req.pathParams['commentId']);
  demandMayEdit(ctx, caller, comment, 'deleteCommentProperty');
  const key = req.pathParams['propertyKey'] ?? '';
  const properties = comment.properties ?? [];
  if (!properties.some((p) => p.key === key)) propertyNotFound(key);
  const updated: StoredComment = { ...comment, properties: properties.filter((p) => p.key !== key) };
  if (updated.properties?.length === 0) delete updated.properties;
  ctx.store.transaction(() => saveComment(ctx, updated));
  return json(204);
};
