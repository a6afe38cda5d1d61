import { z } from 'zod';
import { insertComment, parseCommentInput } from './comments';
import { ISSUE_NOT_FOUND, fail, json, lookupIssue, nextCounter, requireCaller, type Caller, type Handler, type JiraContext } from './context';
import { NS, pad, type StoredIssue, type StoredLink } from './model';
import { demand } from './permissions';
import { findLinkType, findStatus, issueTypeJson, linkTypeJson, priorityJson, statusJson } from './representations';

/*
 * Jira's link model (https://developer.atlassian.com/cloud/jira/platform/issue-linking-model/): a link goes from a
 * source to a destination and reads "source <outward> destination". The names flip between the two APIs, which is
 * a well-known source of confusion that the emulator reproduces on purpose:
 *  - link issues (POST /issueLink) names the source `outwardIssue` (the doc calls it the "from (outward) issue",
 *    the one that gets the comment) and the destination `inwardIssue`;
 *  - in an issue's `issuelinks`, the *other* issue is named by its direction as seen from this issue: the source
 *    lists the destination as `outwardIssue` ("OPS-1 causes OPS-2"), the destination lists the source as
 *    `inwardIssue` ("OPS-2 is caused by OPS-1");
 *  - get issue link answers with the same names as the create request.
 */

const linkKey = (id: string): string => `link/${pad(id)}`;
const indexKey = (issueId: string, linkId: string): string => `issue/${pad(issueId)}/${pad(linkId)}`;

/** The linked issue as embedded in links (schema `LinkedIssue`, whose `fields` allow only a few keys). */
export function linkedIssueJson(ctx: JiraContext, issue: StoredIssue): Record<string, unknown> {
  const type = ctx.catalog().issueTypes.find((t) => t.id === issue.issueTypeId);
  const priority = ctx.catalog().priorities.find((p) => p.id === issue.priorityId);
  return {
    id: issue.id,
    key: issue.key,
    self: ctx.url(`/rest/api/3/issue/${issue.id}`),
    fields: {
      summary: issue.summary,
      status: statusJson(ctx, findStatus(ctx, issue.statusId)),
      ...(priority ? { priority: priorityJson(ctx, priority) } : {}),
      ...(type ? { issuetype: issueTypeJson(ctx, type) } : {}),
    },
  };
}

export function linksOf(ctx: JiraContext, issueId: string): StoredLink[] {
  return ctx.store
    .range<string>(NS.links, { prefix: `issue/${pad(issueId)}/` })
    .map((e) => ctx.store.get<StoredLink>(NS.links, linkKey(e.value)))
    .filter((l): l is StoredLink => l !== undefined);
}

/** The issue's `issuelinks` field. */
export function issueLinksJson(ctx: JiraContext, issue: StoredIssue): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const link of linksOf(ctx, issue.id)) {
    const type = findLinkType(ctx, { id: link.typeId });
    const outward = link.sourceId === issue.id;
    const other = lookupIssue(ctx, outward ? link.destinationId : link.sourceId);
    if (!type || !other) continue;
    out.push({
      id: link.id,
      self: ctx.url(`/rest/api/3/issueLink/${link.id}`),
      type: linkTypeJson(ctx, type),
      [outward ? 'outwardIssue' : 'inwardIssue']: linkedIssueJson(ctx, other),
    });
  }
  return out;
}

/** Removes every link touching the issue (when it is deleted). */
export function deleteLinksOf(ctx: JiraContext, issueId: string): void {
  for (const link of linksOf(ctx, issueId)) removeLink(ctx, link);
}

function removeLink(ctx: JiraContext, link: StoredLink): void {
  ctx.store.delete(NS.links, linkKey(link.id));
  ctx.store.delete(NS.links, indexKey(link.sourceId, link.id));
  ctx.store.delete(NS.links, indexKey(link.destinationId, link.id));
}

const IssueRef = z.object({ id: z.union([z.string(), z.number()]).optional(), key: z.string().optional() });
const LinkRequest = z.object({
  type: z.object({ id: z.union([z.string(), z.number()]).optional(), name: z.string().optional() }),
  inwardIssue: IssueRef,
  outwardIssue: IssueRef,
  comment: z.unknown().optional(),
});

function resolveRef(ctx: JiraContext, ref: z.infer<typeof IssueRef>): StoredIssue {
  const idOrKey = ref.id !== undefined ? String(ref.id) : ref.key;
  const issue = idOrKey ? lookupIssue(ctx, idOrKey) : undefined;
  if (!issue) fail(404, [ISSUE_NOT_FOUND]);
  return issue;
}

/** Stores a link "source <outward> destination" (inside the caller's transaction). */
export function addLink(ctx: JiraContext, typeId: string, sourceId: string, destinationId: string): void {
  const id = String(nextCounter(ctx, 'issuelink', 10000));
  ctx.store.put<StoredLink>(NS.links, linkKey(id), { id, typeId, sourceId, destinationId });
  ctx.store.put(NS.links, indexKey(sourceId, id), id);
  ctx.store.put(NS.links, indexKey(destinationId, id), id);
}

const CreateLinkOp = z.object({
  add: z.object({
    type: z.object({ id: z.union([z.string(), z.number()]).optional(), name: z.string().optional() }),
    inwardIssue: IssueRef.optional(),
    outwardIssue: IssueRef.optional(),
  }),
});

/**
 * `update.issuelinks: [{add: {type, outwardIssue | inwardIssue}}]` on create: the new issue is the link's source
 * when the other is named `outwardIssue` ("NEW relates to OPS-1"), its destination when named `inwardIssue`. Checked
 * before the issue is made (400 on a bad operation or link type, 404 on an unknown issue, 403 without *Link issues*).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post
 */
export function readCreateLinks(ctx: JiraContext, caller: Caller, ops: unknown): Array<{ typeId: string; otherId: string; outward: boolean }> {
  if (ops === undefined) return [];
  const parsed = z.array(CreateLinkOp).safeParse(ops);
  if (!parsed.success) fail(400, [], { issuelinks: `The operation is not supported for the field 'issuelinks'; use add with type and outwardIssue or inwardIssue.` });
  if (parsed.data.length > 0) demand(ctx, caller, 'LINK_ISSUES', 'linkIssues');
  return parsed.data.map(({ add }) => {
    const type = findLinkType(ctx, add.type);
    if (!type) fail(400, [], { issuelinks: `No issue link type with name '${add.type.name ?? String(add.type.id ?? '')}' found.` });
    const ref = add.outwardIssue ?? add.inwardIssue;
    if (!ref || (add.outwardIssue && add.inwardIssue)) fail(400, [], { issuelinks: 'Name exactly one of outwardIssue or inwardIssue.' });
    return { typeId: type.id, otherId: resolveRef(ctx, ref).id, outward: add.outwardIssue !== undefined };
  });
}

/** POST /rest/api/3/issueLink — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-links/#api-rest-api-3-issuelink-post */
export const linkIssues: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const parsed = LinkRequest.safeParse(req.body);
  if (!parsed.success) fail(400, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const body = parsed.data;
  const type = findLinkType(ctx, body.type);
  if (!type) fail(404, [body.type.name !== undefined ? `No issue link type with name '${body.type.name}' found.` : `No issue link type with id '${String(body.type.id ?? '')}' found.`]);
  const source = resolveRef(ctx, body.outwardIssue);
  const destination = resolveRef(ctx, body.inwardIssue);
  demand(ctx, caller, 'LINK_ISSUES', 'linkIssues');
  if (source.id === destination.id) fail(400, ['You cannot link an issue to itself.']);
  const comment = body.comment === undefined ? undefined : parseCommentInput(body.comment);
  if (comment) demand(ctx, caller, 'ADD_COMMENTS', 'addComment');
  const at = ctx.now().getTime();
  const emit = ctx.store.transaction(() => {
    // A request that duplicates an existing link is answered as created and adds nothing (per the doc).
    const exists = linksOf(ctx, source.id).some((l) => l.typeId === type.id && l.sourceId === source.id && l.destinationId === destination.id);
    if (!exists) addLink(ctx, type.id, source.id, destination.id);
    return comment ? insertComment(ctx, source, caller, comment, at).emit : undefined;
  });
  emit?.();
  return json(201);
};

function linkOr404(ctx: JiraContext, id: string | undefined): StoredLink {
  if (!id || !/^\d+$/.test(id)) fail(400, [`The issue link ID '${id ?? ''}' is invalid.`]);
  const link = ctx.store.get<StoredLink>(NS.links, linkKey(id));
  if (!link) fail(404, [`No issue link with id '${id}' exists.`]);
  return link;
}

/** GET /rest/api/3/issueLink/{linkId} — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-links/#api-rest-api-3-issuelink-linkid-get */
export const getIssueLink: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const link = linkOr404(ctx, req.pathParams['linkId']);
  const type = findLinkType(ctx, { id: link.typeId });
  const source = lookupIssue(ctx, link.sourceId);
  const destination = lookupIssue(ctx, link.destinationId);
  if (!type || !source || !destination) fail(404, [`No issue link with id '${link.id}' exists.`]);
  return json(200, {
    id: link.id,
    self: ctx.url(`/rest/api/3/issueLink/${link.id}`),
    type: linkTypeJson(ctx, type),
    inwardIssue: linkedIssueJson(ctx, destination),
    outwardIssue: linkedIssueJson(ctx, source),
  });
};

/**
 * DELETE /rest/api/3/issueLink/{linkId}
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-links/#api-rest-api-3-issuelink-linkid-delete
 */
export const deleteIssueLink: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const link = linkOr404(ctx, req.pathParams['linkId']);
  demand(ctx, caller, 'LINK_ISSUES', 'deleteIssueLink');
  ctx.store.transaction(() => removeLink(ctx, link));
  return json(204);
};

/** GET /rest/api/3/issueLinkType — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-link-types/#api-rest-api-3-issuelinktype-get */
export const getIssueLinkTypes: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  return json(200, { issueLinkTypes: ctx.catalog().linkTypes.map((t) => linkTypeJson(ctx, t)) });
};

/**
 * GET /rest/api/3/issueLinkType/{issueLinkTypeId}
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-link-types/#api-rest-api-3-issuelinktype-issuelinktypeid-get
 */
export const getIssueLinkType: Handler = (ctx, req) => {
  requireCaller(ctx, req.actor);
  const id = req.pathParams['issueLinkTypeId'] ?? '';
  if (!/^\d+$/.test(id)) fail(400, [`The issue link type ID '${id}' is invalid.`]);
  const type = findLinkType(ctx, { id });
  if (!type) fail(404, [`No issue link type with id '${id}' exists.`]);
  return json(200, linkTypeJson(ctx, type));
};
