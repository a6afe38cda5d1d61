import { z } from 'zod';
import { NOT_ADF, adfProblems, adfToHtml, adfToText } from './adf-text';
import {
  ISSUE_NOT_FOUND,
  detailHeader,
  fail,
  formatJiraDateTime,
  intParam,
  json,
  listParam,
  lookupIssue,
  nextCounter,
  requireCaller,
  saveIssue,
  type Caller,
  type Handler,
  type JiraContext,
} from './context';
import { emitCommented } from './events';
import { NS, pad, type AdfDoc, type StoredComment, type StoredIssue, type StoredProperty } from './model';
import { REFUSALS, callerHas, demand } from './permissions';
import { checkPropertyKey, checkPropertyValue } from './properties';
import { userDetailsById } from './users';

/** Jira Cloud's per-issue comment limit (beyond it, adding answers 413). */
const MAX_COMMENTS_PER_ISSUE = 5000;

const commentKey = (issueId: string, commentId: string): string => `${pad(issueId)}/${pad(commentId)}`;

/** An issue's comments, in id order (which is creation order). */
export function commentsOf(ctx: JiraContext, issueId: string): StoredComment[] {
  return ctx.store.range<StoredComment>(NS.comments, { prefix: `${pad(issueId)}/` }).map((e) => e.value);
}

/** Writes a comment and its entry in the comment-id index. */
export function saveComment(ctx: JiraContext, comment: StoredComment): void {
  ctx.store.put(NS.comments, commentKey(comment.issueId, comment.id), comment);
  ctx.store.put(NS.commentIndex, pad(comment.id), comment.issueId);
}

/** Removes a comment (with its properties, which live in the comment record) and its index entry. */
export function removeComment(ctx: JiraContext, issueId: string, commentId: string): void {
  ctx.store.delete(NS.comments, commentKey(issueId, commentId));
  ctx.store.delete(NS.commentIndex, pad(commentId));
}

/**
 * A comment found by its id alone, with its issue (the `/rest/api/3/comment/{commentId}/…` resources). Stores
 * written before the comment-id index existed have comments without an entry: those are found by a scan.
 */
export function findCommentById(ctx: JiraContext, commentId: string): { issue: StoredIssue; comment: StoredComment } | undefined {
  const issueId =
    ctx.store.get<string>(NS.commentIndex, pad(commentId)) ?? ctx.store.range<StoredComment>(NS.comments).find((e) => e.value.id === commentId)?.value.issueId;
  if (issueId === undefined) return undefined;
  const comment = ctx.store.get<StoredComment>(NS.comments, commentKey(issueId, commentId));
  const issue = comment ? lookupIssue(ctx, issueId) : undefined;
  return comment && issue ? { issue, comment } : undefined;
}

/** Which optional parts a `Comment` carries: `expand=renderedBody` and `expand=properties`. */
export interface CommentExpand {
  renderedBody?: boolean;
  properties?: boolean;
}

export function commentExpand(query: URLSearchParams): CommentExpand {
  const tokens = listParam(query, 'expand') ?? [];
  return { renderedBody: tokens.includes('renderedBody'), properties: tokens.includes('properties') };
}

/** Schema `Comment`. `properties` (a list of `EntityProperty`) is there only when expanded, as in Jira. */
export function commentJson(ctx: JiraContext, issue: StoredIssue, c: StoredComment, expand: CommentExpand = {}): Record<string, unknown> {
  return {
    self: ctx.url(`/rest/api/3/issue/${issue.id}/comment/${c.id}`),
    id: c.id,
    author: userDetailsById(ctx, c.authorId),
    body: c.body,
    ...(expand.renderedBody ? { renderedBody: adfToHtml(c.body) } : {}),
    updateAuthor: userDetailsById(ctx, c.updateAuthorId),
    created: formatJiraDateTime(c.created),
    updated: formatJiraDateTime(c.updated),
    ...(c.visibility ? { visibility: c.visibility } : {}),
    jsdPublic: true,
    ...(expand.properties ? { properties: (c.properties ?? []).map((p) => ({ key: p.key, value: p.value })) } : {}),
  };
}

/** Schema `PageOfComments` (also the shape of the issue's `comment` field). */
export function commentPage(ctx: JiraContext, issue: StoredIssue, comments: StoredComment[], startAt: number, maxResults: number, expand: CommentExpand = {}): Record<string, unknown> {
  return {
    comments: comments.slice(startAt, startAt + maxResults).map((c) => commentJson(ctx, issue, c, expand)),
    self: ctx.url(`/rest/api/3/issue/${issue.id}/comment`),
    maxResults,
    total: comments.length,
    startAt,
  };
}

const CommentRequest = z.object({
  body: z.unknown().optional(),
  visibility: z
    .object({ type: z.enum(['group', 'role']), value: z.string().optional(), identifier: z.string().nullable().optional() })
    .optional(),
  properties: z.unknown().optional(),
});

/** A validated comment request: the ADF body, and the optional visibility and comment properties. */
export interface CommentInput {
  body: AdfDoc;
  visibility?: StoredComment['visibility'];
  properties?: StoredProperty[];
}

/**
 * Reads `properties: [{key, value}]` (schema `EntityProperty`) of a comment request, with the limits of every
 * entity property (key ≤ 255 characters, value as JSON ≤ 32 768). A key given twice keeps its last value.
 */
function readCommentProperties(raw: unknown): StoredProperty[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) fail(400, ['The comment properties must be a list of {key, value} objects.']);
  const byKey = new Map<string, StoredProperty>();
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) fail(400, ['The comment properties must be a list of {key, value} objects.']);
    const { key, value } = item as { key?: unknown; value?: unknown };
    if (key === undefined || key === null) fail(400, ['The property key cannot be empty.']);
    if (typeof key !== 'string') fail(400, ['The property key must be a string.']);
    checkPropertyKey(key);
    checkPropertyValue(value, undefined, key);
    byKey.set(key, { key, value });
  }
  return [...byKey.values()];
}

/** Sets `incoming` over `existing`: a key already there keeps its place and takes the new value, new keys go last. */
export function mergeProperties(existing: readonly StoredProperty[], incoming: readonly StoredProperty[]): StoredProperty[] {
  const out = [...existing];
  for (const p of incoming) {
    const at = out.findIndex((q) => q.key === p.key);
    if (at >= 0) out[at] = p;
    else out.push(p);
  }
  return out;
}

/** Validates a comment request body the way Jira does: an ADF document with some text in it; valid properties. */
export function parseCommentInput(raw: unknown): CommentInput {
  const parsed = CommentRequest.safeParse(raw ?? {});
  if (!parsed.success) fail(400, [], { comment: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  const { body, visibility } = parsed.data;
  if (body === undefined || body === null || body === '') fail(400, [], { comment: 'Comment body can not be empty!' });
  const problems = adfProblems(body);
  if (problems) fail(400, [], { comment: NOT_ADF }, detailHeader(problems));
  const doc = body as AdfDoc;
  // A document with no text and nothing but empty paragraphs is an empty comment to Jira.
  const blank = doc.content.every((n) => (n as { type?: unknown; content?: unknown[] }).type === 'paragraph' && !((n as { content?: unknown[] }).content?.length));
  if (blank && adfToText(doc).trim() === '') fail(400, [], { comment: 'Comment body can not be empty!' });
  const properties = readCommentProperties(parsed.data.properties);
  return { body: doc, ...(visibility ? { visibility } : {}), ...(properties?.length ? { properties } : {}) };
}

/**
 * Adds a comment (used by add comment, by `update.comment` on edit/transition and by link issues); bumps the
 * issue's `updated` and emits `avi:jira:commented:issue`. The caller runs it inside a transaction.
 */
export function insertComment(ctx: JiraContext, issue: StoredIssue, caller: Caller, input: CommentInput, at: number): { stored: StoredComment; emit: () => void } {
  if (ctx.store.count(NS.comments, `${pad(issue.id)}/`) >= MAX_COMMENTS_PER_ISSUE) {
    fail(413, [`The issue has reached the limit of ${MAX_COMMENTS_PER_ISSUE} comments.`]);
  }
  const id = String(nextCounter(ctx, 'comment', 10000));
  const stored: StoredComment = {
    id,
    issueId: issue.id,
    authorId: caller.accountId,
    updateAuthorId: caller.accountId,
    body: input.body,
    created: at,
    updated: at,
    ...(input.visibility ? { visibility: input.visibility } : {}),
    ...(input.properties?.length ? { properties: input.properties } : {}),
  };
  saveComment(ctx, stored);
  const updated = { ...issue, updated: at };
  saveIssue(ctx, updated);
  return { stored, emit: () => emitCommented(ctx, updated, caller, commentJson(ctx, updated, stored), at) };
}

function issueOr404(ctx: JiraContext, idOrKey: string | undefined): StoredIssue {
  const issue = idOrKey === undefined ? undefined : lookupIssue(ctx, idOrKey);
  if (!issue) fail(404, [ISSUE_NOT_FOUND]);
  return issue;
}

function commentOr404(ctx: JiraContext, issue: StoredIssue, id: string | undefined): StoredComment {
  const comment = id && /^\d+$/.test(id) ? ctx.store.get<StoredComment>(NS.comments, commentKey(issue.id, id)) : undefined;
  if (!comment) fail(404, [`Can not find a comment for the id: ${id ?? ''}.`]);
  return comment;
}

/** Oldest first; comments created in the same millisecond in id order. */
const byCreated = (a: StoredComment, b: StoredComment): number => a.created - b.created || Number(a.id) - Number(b.id);

/** POST /rest/api/3/issue/{issueIdOrKey}/comment — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-post */
export const addComment: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  demand(ctx, caller, 'ADD_COMMENTS', 'addComment');
  const input = parseCommentInput(req.body);
  const at = ctx.now().getTime();
  const { stored, emit } = ctx.store.transaction(() => insertComment(ctx, issue, caller, input, at));
  emit();
  return json(201, commentJson(ctx, { ...issue, updated: at }, stored, commentExpand(req.query)));
};

/** GET /rest/api/3/issue/{issueIdOrKey}/comment — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-get */
export const getComments: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  const startAt = Math.max(0, intParam(req.query, 'startAt', 0));
  const maxResults = Math.min(Math.max(0, intParam(req.query, 'maxResults', 100)), 5000);
  const orderBy = req.query.get('orderBy');
  if (orderBy !== null && !['created', '+created', '-created'].includes(orderBy)) fail(400, [`Ordering by '${orderBy}' is not supported; use created.`]);
  const comments = commentsOf(ctx, issue.id).sort(byCreated);
  if (orderBy === '-created') comments.reverse();
  return json(200, commentPage(ctx, issue, comments, startAt, maxResults, commentExpand(req.query)));
};

/**
 * GET /rest/api/3/issue/{issueIdOrKey}/comment/{id}
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-id-get
 */
export const getComment: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  const comment = commentOr404(ctx, issue, req.pathParams['id']);
  return json(200, commentJson(ctx, issue, comment, commentExpand(req.query)));
};

function mayChange(ctx: JiraContext, caller: Caller, comment: StoredComment, verb: 'EDIT' | 'DELETE'): boolean {
  return callerHas(ctx, caller, `${verb}_ALL_COMMENTS`) || (comment.authorId === caller.accountId && callerHas(ctx, caller, `${verb}_OWN_COMMENTS`));
}

/**
 * Refuses (see {@link REFUSALS}) unless the caller may edit the comment: Edit All Comments, or Edit Own Comments
 * on their own. Editing a comment's properties takes the same permission as editing the comment.
 */
export function demandMayEdit(ctx: JiraContext, caller: Caller, comment: StoredComment, refusal: keyof typeof REFUSALS): void {
  if (!mayChange(ctx, caller, comment, 'EDIT')) demand(ctx, caller, 'EDIT_ALL_COMMENTS', refusal);
}

/** PUT /rest/api/3/issue/{issueIdOrKey}/comment/{id} — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-id-put */
export const updateComment: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  const comment = commentOr404(ctx, issue, req.pathParams['id']);
  demandMayEdit(ctx, caller, comment, 'updateComment');
  const input = parseCommentInput(req.body);
  const at = ctx.now().getTime();
  // Properties in an update are set over the existing ones (as setCommentProperty would); others stay.
  const properties = mergeProperties(comment.properties ?? [], input.properties ?? []);
  const updated: StoredComment = {
    ...comment,
    body: input.body,
    updateAuthorId: caller.accountId,
    updated: at,
    ...(input.visibility ? { visibility: input.visibility } : {}),
    ...(properties.length ? { properties } : {}),
  };
  ctx.store.transaction(() => saveComment(ctx, updated));
  return json(200, commentJson(ctx, issue, updated, commentExpand(req.query)));
};

/**
 * DELETE /rest/api/3/issue/{issueIdOrKey}/comment/{id}
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-id-delete
 */
export const deleteComment: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  const comment = commentOr404(ctx, issue, req.pathParams['id']);
  if (!mayChange(ctx, caller, comment, 'DELETE')) demand(ctx, caller, 'DELETE_ALL_COMMENTS', 'deleteComment');
  ctx.store.transaction(() => removeComment(ctx, issue.id, comment.id));
  return json(204);
};
