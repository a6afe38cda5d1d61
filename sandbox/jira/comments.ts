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
import { NS, pad, type AdfDoc, type StoredComment, type StoredIssue } from './model';
import { callerHas, demand } from './permissions';
import { userDetailsById } from './users';

/** Jira Cloud's per-issue comment limit (beyond it, adding answers 413). */
const MAX_COMMENTS_PER_ISSUE = 5000;

const commentKey = (issueId: string, commentId: string): string => `${pad(issueId)}/${pad(commentId)}`;

export function commentsOf(ctx: JiraContext, issueId: string): StoredComment[] {
  return ctx.store.range<StoredComment>(NS.comments, { prefix: `${pad(issueId)}/` }).map((e) => e.value);
}

/** Schema `Comment`. */
export function commentJson(ctx: JiraContext, issue: StoredIssue, c: StoredComment, rendered: boolean): Record<string, unknown> {
  return {
    self: ctx.url(`/rest/api/3/issue/${issue.id}/comment/${c.id}`),
    id: c.id,
    author: userDetailsById(ctx, c.authorId),
    body: c.body,
    ...(rendered ? { renderedBody: adfToHtml(c.body) } : {}),
    updateAuthor: userDetailsById(ctx, c.updateAuthorId),
    created: formatJiraDateTime(c.created),
    updated: formatJiraDateTime(c.updated),
    ...(c.visibility ? { visibility: c.visibility } : {}),
    jsdPublic: true,
  };
}

/** Schema `PageOfComments` (also the shape of the issue's `comment` field). */
export function commentPage(ctx: JiraContext, issue: StoredIssue, comments: StoredComment[], startAt: number, maxResults: number, rendered: boolean): Record<string, unknown> {
  return {
    comments: comments.slice(startAt, startAt + maxResults).map((c) => commentJson(ctx, issue, c, rendered)),
    self: ctx.url(`/rest/api/3/issue/${issue.id}/comment`),
    maxResults,
    total: comments.length,
    startAt,
  };
}

const CommentInput = z.object({
  body: z.unknown().optional(),
  visibility: z
    .object({ type: z.enum(['group', 'role']), value: z.string().optional(), identifier: z.string().nullable().optional() })
    .optional(),
});

/** Validates a comment request body the way Jira does: an ADF document with some text in it. */
export function parseCommentInput(raw: unknown): { body: AdfDoc; visibility?: StoredComment['visibility'] } {
  const parsed = CommentInput.safeParse(raw ?? {});
  if (!parsed.success) fail(400, [], { comment: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  const { body, visibility } = parsed.data;
  if (body === undefined || body === null || body === '') fail(400, [], { comment: 'Comment body can not be empty!' });
  const problems = adfProblems(body);
  if (problems) fail(400, [], { comment: NOT_ADF }, detailHeader(problems));
  const doc = body as AdfDoc;
  // A document with no text and nothing but empty paragraphs is an empty comment to Jira.
  const blank = doc.content.every((n) => (n as { type?: unknown; content?: unknown[] }).type === 'paragraph' && !((n as { content?: unknown[] }).content?.length));
  if (blank && adfToText(doc).trim() === '') fail(400, [], { comment: 'Comment body can not be empty!' });
  return visibility ? { body: doc, visibility } : { body: doc };
}

/**
 * Adds a comment (used by add comment, by `update.comment` on edit/transition and by link issues); bumps the
 * issue's `updated` and emits `avi:jira:commented:issue`. The caller runs it inside a transaction.
 */
export function insertComment(ctx: JiraContext, issue: StoredIssue, caller: Caller, input: { body: AdfDoc; visibility?: StoredComment['visibility'] }, at: number): { stored: StoredComment; emit: () => void } {
  if (ctx.store.count(NS.comments, `${pad(issue.id)}/`) >= MAX_COMMENTS_PER_ISSUE) {
    fail(413, [`The issue has reached the limit of ${MAX_COMMENTS_PER_ISSUE} comments.`]);
  }
  const id = String(nextCounter(ctx, 'comment', 10000));
  const stored: StoredComment = { id, issueId: issue.id, authorId: caller.accountId, updateAuthorId: caller.accountId, body: input.body, created: at, updated: at, ...(input.visibility ? { visibility: input.visibility } : {}) };
  ctx.store.put(NS.comments, commentKey(issue.id, id), stored);
  const updated = { ...issue, updated: at };
  saveIssue(ctx, updated);
  return { stored, emit: () => emitCommented(ctx, updated, caller, commentJson(ctx, updated, stored, false), at) };
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

const wantsRendered = (q: URLSearchParams): boolean => (listParam(q, 'expand') ?? []).includes('renderedBody');

/** POST /rest/api/3/issue/{issueIdOrKey}/comment — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-post */
export const addComment: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  demand(ctx, caller, 'ADD_COMMENTS', 'addComment');
  const input = parseCommentInput(req.body);
  const at = ctx.now().getTime();
  const { stored, emit } = ctx.store.transaction(() => insertComment(ctx, issue, caller, input, at));
  emit();
  return json(201, commentJson(ctx, { ...issue, updated: at }, stored, wantsRendered(req.query)));
};

/** GET /rest/api/3/issue/{issueIdOrKey}/comment — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-get */
export const getComments: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  const startAt = Math.max(0, intParam(req.query, 'startAt', 0));
  const maxResults = Math.min(Math.max(0, intParam(req.query, 'maxResults', 100)), 5000);
  const orderBy = req.query.get('orderBy');
  if (orderBy !== null && !['created', '+created', '-created'].includes(orderBy)) fail(400, [`Ordering by '${orderBy}' is not supported; use created.`]);
  const comments = commentsOf(ctx, issue.id);
  if (orderBy === '-created') comments.reverse();
  return json(200, commentPage(ctx, issue, comments, startAt, maxResults, wantsRendered(req.query)));
};

/** GET /rest/api/3/issue/{issueIdOrKey}/comment/{id} */
export const getComment: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  const comment = commentOr404(ctx, issue, req.pathParams['id']);
  return json(200, commentJson(ctx, issue, comment, wantsRendered(req.query)));
};

function mayChange(ctx: JiraContext, caller: Caller, comment: StoredComment, verb: 'EDIT' | 'DELETE'): boolean {
  return callerHas(ctx, caller, `${verb}_ALL_COMMENTS`) || (comment.authorId === caller.accountId && callerHas(ctx, caller, `${verb}_OWN_COMMENTS`));
}

/** PUT /rest/api/3/issue/{issueIdOrKey}/comment/{id} — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-id-put */
export const updateComment: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  const comment = commentOr404(ctx, issue, req.pathParams['id']);
  if (!mayChange(ctx, caller, comment, 'EDIT')) demand(ctx, caller, 'EDIT_ALL_COMMENTS', 'updateComment');
  const input = parseCommentInput(req.body);
  const at = ctx.now().getTime();
  const updated: StoredComment = { ...comment, body: input.body, updateAuthorId: caller.accountId, updated: at, ...(input.visibility ? { visibility: input.visibility } : {}) };
  ctx.store.put(NS.comments, commentKey(issue.id, comment.id), updated);
  return json(200, commentJson(ctx, issue, updated, wantsRendered(req.query)));
};

/** DELETE /rest/api/3/issue/{issueIdOrKey}/comment/{id} */
export const deleteComment: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  const comment = commentOr404(ctx, issue, req.pathParams['id']);
  if (!mayChange(ctx, caller, comment, 'DELETE')) demand(ctx, caller, 'DELETE_ALL_COMMENTS', 'deleteComment');
  ctx.store.delete(NS.comments, commentKey(issue.id, comment.id));
  return json(204);
};
