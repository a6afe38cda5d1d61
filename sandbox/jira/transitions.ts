import { z } from 'zod';
import { statusChangeItems } from './changelog';
import { insertComment } from './comments';
import { ISSUE_NOT_FOUND, fail, json, listParam, lookupIssue, requireCaller, saveIssue, type Caller, type Handler, type JiraContext } from './context';
import { emitUpdated, recordHistory } from './events';
import { parseFieldChanges, readBody } from './issue-fields';
import type { StoredIssue, TransitionConfig } from './model';
import { demand } from './permissions';
import { findResolution, statusCategoryOf } from './representations';
import { RESOLUTION_DONE } from './seed';
import { availableTransitions, transitionJson } from './workflow';

/** GET /rest/api/3/issue/{issueIdOrKey}/transitions — https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-get */
export const getTransitions: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = lookupIssue(ctx, req.pathParams['issueIdOrKey'] ?? '');
  if (!issue) fail(404, [ISSUE_NOT_FOUND]);
  const withFields = (listParam(req.query, 'expand') ?? []).includes('transitions.fields');
  const only = req.query.get('transitionId');
  const transitions = availableTransitions(ctx, caller, issue).filter((t) => only === null || t.id === only);
  return json(200, { ...(withFields ? { expand: 'transitions' } : {}), transitions: transitions.map((t) => transitionJson(ctx, t, withFields)) });
};

/**
 * Moves the issue to the transition's status. Like Jira's simplified workflow, entering a Done-category status
 * sets a resolution (the requested one, else "Done") and its date; leaving it clears both.
 */
export function applyTransition(ctx: JiraContext, issue: StoredIssue, transition: TransitionConfig, resolutionId: string | undefined, at: number): StoredIssue {
  const toDone = statusCategoryOf(ctx, transition.toStatusId).key === 'done';
  const categoryChanged = statusCategoryOf(ctx, issue.statusId).id !== statusCategoryOf(ctx, transition.toStatusId).id;
  return {
    ...issue,
    statusId: transition.toStatusId,
    resolutionId: toDone ? (resolutionId ?? issue.resolutionId ?? RESOLUTION_DONE) : null,
    resolutionDate: toDone ? (issue.resolutionDate ?? at) : null,
    statusCategoryChangeDate: categoryChanged ? at : issue.statusCategoryChangeDate,
    updated: at,
  };
}

const TransitionRef = z.object({ id: z.union([z.string(), z.number()]).optional() }).passthrough();

/**
 * POST /rest/api/3/issue/{issueIdOrKey}/transitions (204) —
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-post
 *
 * No transition has a screen, so `fields` may carry only `resolution` (on a transition into Done) and `update`
 * only `comment` adds; anything else is Jira's "cannot be set" error.
 */
export const doTransition: Handler = (ctx, req) => {
  const caller = requireCaller(ctx, req.actor);
  const issue = lookupIssue(ctx, req.pathParams['issueIdOrKey'] ?? '');
  if (!issue) fail(404, [ISSUE_NOT_FOUND]);
  const body = readBody(req.body);
  const ref = TransitionRef.safeParse(body.rest['transition'] ?? {});
  const transitionId = ref.success && ref.data.id !== undefined ? String(ref.data.id) : undefined;
  if (transitionId === undefined) fail(400, ["Missing 'transition' identifier"]);
  demand(ctx, caller, 'TRANSITION_ISSUES', 'doTransition');
  const transition = availableTransitions(ctx, caller, issue).find((t) => t.id === transitionId);
  if (!transition) fail(400, [`Transition id '${transitionId}' is not valid for this issue.`]);
  const { resolutionId, comments } = transitionFields(ctx, caller, body, transition);
  const at = ctx.now().getTime();
  const done = ctx.store.transaction(() => {
    const after = applyTransition(ctx, issue, transition, resolutionId, at);
    saveIssue(ctx, after);
    const history = recordHistory(ctx, after, caller, statusChangeItems(ctx, issue, after), at);
    const commentEmits = comments.map((c) => insertComment(ctx, after, caller, c, at).emit);
    return { after, history, commentEmits };
  });
  const toDone = done.after.resolutionId !== null && issue.resolutionId === null;
  emitUpdated(ctx, done.after, caller, done.history, toDone ? 'issue_resolved' : 'issue_generic');
  done.commentEmits.forEach((emit) => emit());
  return json(204);
};

function transitionFields(ctx: JiraContext, caller: Caller, body: ReturnType<typeof readBody>, transition: TransitionConfig) {
  const errors: Record<string, string> = {};
  let resolutionId: string | undefined;
  const raw = body.fields['resolution'];
  if (raw !== undefined) {
    const resolution = raw && typeof raw === 'object' ? findResolution(ctx, raw as { id?: unknown; name?: unknown }) : undefined;
    if (statusCategoryOf(ctx, transition.toStatusId).key !== 'done') errors['resolution'] = `Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown.`;
    else if (!resolution) errors['resolution'] = 'The resolution selected is invalid.';
    else resolutionId = resolution.id;
  }
  const { comments } = parseFieldChanges(ctx, caller, body, { mode: 'transition', handled: new Set(['resolution']), errors });
  if (comments.length > 0) demand(ctx, caller, 'ADD_COMMENTS', 'addComment');
  return { resolutionId, comments };
}
