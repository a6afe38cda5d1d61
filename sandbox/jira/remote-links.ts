import { z } from 'zod';
import { ISSUE_NOT_FOUND, fail, json, lookupIssue, nextCounter, requireCaller, type Handler, type JiraContext } from './context';
import { NS, pad, type StoredIssue, type StoredRemoteLink } from './model';
import { demand } from './permissions';

/** Jira Cloud's per-issue limit on remote links. */
const MAX_REMOTE_LINKS_PER_ISSUE = 2000;

const remoteKey = (issueId: string, id: number): string => `${pad(issueId)}/${pad(id)}`;

function issueOr404(ctx: JiraContext, idOrKey: string | undefined): StoredIssue {
  const issue = idOrKey === undefined ? undefined : lookupIssue(ctx, idOrKey);
  if (!issue) fail(404, [ISSUE_NOT_FOUND]);
  return issue;
}

export function remoteLinksOf(ctx: JiraContext, issueId: string): StoredRemoteLink[] {
  return ctx.store.range<StoredRemoteLink>(NS.remoteLinks, { prefix: `${pad(issueId)}/` }).map((e) => e.value);
}

export function deleteRemoteLinksOf(ctx: JiraContext, issueId: string): void {
  for (const link of remoteLinksOf(ctx, issueId)) ctx.store.delete(NS.remoteLinks, remoteKey(issueId, link.id));
}

/**
 * `self` of a remote link. The documented examples use `/rest/api/issue/...` without a version; the emulator
 * answers the versioned path, which is the one that resolves.
 */
const selfOf = (ctx: JiraContext, issue: StoredIssue, id: number): string => ctx.url(`/rest/api/3/issue/${issue.key}/remotelink/${id}`);

/** Schema `RemoteIssueLink` (no extra properties allowed). */
function remoteLinkJson(ctx: JiraContext, issue: StoredIssue, link: StoredRemoteLink): Record<string, unknown> {
  return {
    id: link.id,
    self: selfOf(ctx, issue, link.id),
    ...(link.globalId !== undefined ? { globalId: link.globalId } : {}),
    ...(link.application ? { application: link.application } : {}),
    ...(link.relationship !== undefined ? { relationship: link.relationship } : {}),
    object: link.object,
  };
}

const RemoteLinkRequest = z.object({
  globalId: z.string().max(255, 'The global ID must be at most 255 characters.').optional(),
  application: z.record(z.string(), z.unknown()).optional(),
  relationship: z.string().optional(),
  object: z.record(z.string(), z.unknown()).optional(),
});

/** Validates like Jira: `object.title` and `object.url` are required (`'title' is required.`). */
function parseRemoteLink(raw: unknown): z.infer<typeof RemoteLinkRequest> & { object: Record<string, unknown> } {
  const parsed = RemoteLinkRequest.safeParse(raw ?? {});
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const i of parsed.error.issues) errors[String(i.path[0] ?? 'request')] = i.message;
    fail(400, [], errors);
  }
  const body = parsed.data;
  const object = body.object ?? {};
  const errors: Record<string, string> = {};
  if (typeof object['title'] !== 'string' || object['title'] === '') errors['title'] = "'title' is required.";
  if (typeof object['url'] !== 'string' || object['url'] === '') errors['url'] = "'url' is required.";
  if (Object.keys(errors).length > 0) fail(400, [], errors);
  return { ...body, object };
}

/**
 * POST /rest/api/3/issue/{issueIdOrKey}/remotelink — creates, or updates the link with the same `globalId`
 * (201 created / 200 updated, both `{id, self}`).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-remote-links/#api-rest-api-3-issue-issueidorkey-remotelink-post
 */
export const createOrUpdateRemoteIssueLink: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  demand(ctx, caller, 'LINK_ISSUES', 'remoteLink');
  const body = parseRemoteLink(req.body);
  return ctx.store.transaction(() => {
    const existing = body.globalId !== undefined ? remoteLinksOf(ctx, issue.id).find((l) => l.globalId === body.globalId) : undefined;
    if (!existing && ctx.store.count(NS.remoteLinks, `${pad(issue.id)}/`) >= MAX_REMOTE_LINKS_PER_ISSUE) {
      fail(400, [`The issue has reached the limit of ${MAX_REMOTE_LINKS_PER_ISSUE} remote links.`]);
    }
    const id = existing?.id ?? nextCounter(ctx, 'remotelink', 10000);
    const link: StoredRemoteLink = {
      id,
      issueId: issue.id,
      object: body.object,
      ...(body.globalId !== undefined ? { globalId: body.globalId } : {}),
      ...(body.application ? { application: body.application } : {}),
      ...(body.relationship !== undefined ? { relationship: body.relationship } : {}),
    };
    ctx.store.put(NS.remoteLinks, remoteKey(issue.id, id), link);
    return json(existing ? 200 : 201, { id, self: selfOf(ctx, issue, id) });
  });
};

/**
 * GET /rest/api/3/issue/{issueIdOrKey}/remotelink — all links, or the one with `globalId` (an object, not a list).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-remote-links/#api-rest-api-3-issue-issueidorkey-remotelink-get
 */
export const getRemoteIssueLinks: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  const links = remoteLinksOf(ctx, issue.id);
  const globalId = req.query.get('globalId');
  if (globalId === null) return json(200, links.map((l) => remoteLinkJson(ctx, issue, l)));
  const link = links.find((l) => l.globalId === globalId);
  if (!link) fail(404, [`No remote link with global ID '${globalId}' exists on the issue.`]);
  return json(200, remoteLinkJson(ctx, issue, link));
};

/**
 * DELETE /rest/api/3/issue/{issueIdOrKey}/remotelink?globalId=
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-remote-links/#api-rest-api-3-issue-issueidorkey-remotelink-delete
 */
export const deleteRemoteIssueLinkByGlobalId: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  const globalId = req.query.get('globalId');
  if (!globalId) fail(400, ['A global ID must be provided.']);
  demand(ctx, caller, 'LINK_ISSUES', 'remoteLink');
  const link = remoteLinksOf(ctx, issue.id).find((l) => l.globalId === globalId);
  if (!link) fail(404, [`No remote link with global ID '${globalId}' exists on the issue.`]);
  ctx.store.delete(NS.remoteLinks, remoteKey(issue.id, link.id));
  return json(204);
};

function linkById(ctx: JiraContext, issue: StoredIssue, raw: string | undefined): StoredRemoteLink {
  if (!raw || !/^\d+$/.test(raw)) fail(400, [`The remote link ID '${raw ?? ''}' is invalid.`]);
  const id = Number(raw);
  const link = ctx.store.get<StoredRemoteLink>(NS.remoteLinks, remoteKey(issue.id, id));
  if (link) return link;
  // A link that exists on another issue is a 400 ("does not belong to the issue"), not a 404.
  const elsewhere = ctx.store.range<StoredRemoteLink>(NS.remoteLinks).some((e) => e.value.id === id);
  if (elsewhere) fail(400, [`The remote link ${id} does not belong to issue ${issue.key}.`]);
  fail(404, [`No remote link with ID '${id}' exists.`]);
}

/**
 * GET /rest/api/3/issue/{issueIdOrKey}/remotelink/{linkId}
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-remote-links/#api-rest-api-3-issue-issueidorkey-remotelink-linkid-get
 */
export const getRemoteIssueLinkById: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  return json(200, remoteLinkJson(ctx, issue, linkById(ctx, issue, req.pathParams['linkId'])));
};

/**
 * PUT /rest/api/3/issue/{issueIdOrKey}/remotelink/{linkId} — replaces the link (204).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-remote-links/#api-rest-api-3-issue-issueidorkey-remotelink-linkid-put
 */
export const updateRemoteIssueLink: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  const link = linkById(ctx, issue, req.pathParams['linkId']);
  demand(ctx, caller, 'LINK_ISSUES', 'remoteLink');
  const body = parseRemoteLink(req.body);
  const updated: StoredRemoteLink = {
    id: link.id,
    issueId: issue.id,
    object: body.object,
    ...(body.globalId !== undefined ? { globalId: body.globalId } : link.globalId !== undefined ? { globalId: link.globalId } : {}),
    ...(body.application ? { application: body.application } : {}),
    ...(body.relationship !== undefined ? { relationship: body.relationship } : {}),
  };
  ctx.store.put(NS.remoteLinks, remoteKey(issue.id, link.id), updated);
  return json(204);
};

/**
 * DELETE /rest/api/3/issue/{issueIdOrKey}/remotelink/{linkId}
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-remote-links/#api-rest-api-3-issue-issueidorkey-remotelink-linkid-delete
 */
export const deleteRemoteIssueLinkById: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = issueOr404(ctx, req.pathParams['issueIdOrKey']);
  const link = linkById(ctx, issue, req.pathParams['linkId']);
  demand(ctx, caller, 'LINK_ISSUES', 'remoteLink');
  ctx.store.delete(NS.remoteLinks, remoteKey(issue.id, link.id));
  return json(204);
};
