/**
 * {@link IssueEditsAsUser}: the Jira side of a person's action, made AS THAT PERSON (`api.asUser()`), so Jira's
 * history names them and Jira's own permission checks apply to them (DESIGN 4). Every answer is parsed; a refusal
 * throws {@link JiraAsUserError} with the status, which the use case reports as `jira: 'failed'`.
 * https://developer.atlassian.com/platform/forge/runtime-reference/product-fetch-api/#requestjira
 */
import api, { route } from '@forge/api';
import { z } from 'zod';
import type { Level } from '../domain/incident';
import type { IssueEditsAsUser } from '../usecases/incident-actions';
import { summaryWithLevel } from './jira-tracker';

export class JiraAsUserError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
  ) {
    super(`Jira answered ${status} to ${operation} as the user`);
    this.name = 'JiraAsUserError';
  }
}

const JSON_BODY = { Accept: 'application/json', 'Content-Type': 'application/json' };
const SummarySchema = z.object({ fields: z.object({ summary: z.string() }) });
const StatusCategorySchema = z.object({ key: z.string() });
const StatusSchema = z.object({ fields: z.object({ status: z.object({ statusCategory: StatusCategorySchema }) }) });
const TransitionsSchema = z.object({ transitions: z.array(z.object({ id: z.string(), to: z.object({ statusCategory: StatusCategorySchema }) })) });


async function send(operation: string, path: ReturnType<typeof route>, init: { method: string; body?: unknown }): Promise<unknown> {
  const res = await api.asUser().requestJira(path, { method: init.method, headers: JSON_BODY, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  if (!res.ok) throw new JiraAsUserError(operation, res.status);
  return res.status === 204 ? undefined : res.json();
}

/**
 * A transition into a status of one of the `wanted` categories (earlier ones preferred), found from the issue's
 * transitions by status category, never by a status name (names differ per workflow and language). Nothing is sent
 * when the issue is already in a wanted category.
 */
async function moveToCategory(issueId: string, wanted: readonly string[]): Promise<void> {
  const status = StatusSchema.parse(await send('get issue status', route`/rest/api/3/issue/${issueId}?fields=${'status'}`, { method: 'GET' }));
  if (wanted.includes(status.fields.status.statusCategory.key)) return;
  const { transitions } = TransitionsSchema.parse(await send('get transitions', route`/rest/api/3/issue/${issueId}/transitions`, { method: 'GET' }));
  const transition = wanted.map((key) => transitions.find((t) => t.to.statusCategory.key === key)).find((t) => t !== undefined);
  if (!transition) throw new JiraAsUserError('find a transition', 409);
  await send('transition', route`/rest/api/3/issue/${issueId}/transitions`, { method: 'POST', body: { transition: { id: transition.id } } });
}

export const jiraIssueAsUser: IssueEditsAsUser = {
  async setLevel(issueId, level, priorityName) {
    // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-put
    const current = SummarySchema.parse(await send('get issue summary', route`/rest/api/3/issue/${issueId}?fields=${'summary'}`, { method: 'GET' }));
    // summary and priority in one edit: one history entry, one issue event
    await send('edit issue', route`/rest/api/3/issue/${issueId}`, { method: 'PUT', body: { fields: { summary: summaryWithLevel(current.fields.summary, level), priority: { name: priorityName } } } });
  },
  async setAssignee(issueId, accountId) {
    await send('edit assignee', route`/rest/api/3/issue/${issueId}`, { method: 'PUT', body: { fields: { assignee: accountId === null ? null : { accountId } } } });
  },
  // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-post
  moveToDone: (issueId) => moveToCategory(issueId, ['done']),
  // back to work: "In Progress" (indeterminate) rather than "To Do" (new) when the workflow offers both
  moveOutOfDone: (issueId) => moveToCategory(issueId, ['indeterminate', 'new']),
};
