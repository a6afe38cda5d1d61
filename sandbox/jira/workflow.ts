import type { Caller, JiraContext } from './context';
import type { StoredIssue, TransitionConfig } from './model';
import { callerHas } from './permissions';
import { findStatus, statusJson } from './representations';

/**
 * The transitions the caller may perform on the issue. The seeded workflow is Jira's simplified one: every status
 * has a global transition into it, so all of them are offered except the one into the current status. A caller
 * without *Transition Issues* sees none at all, which is how Jira reports the missing permission here.
 */
export function availableTransitions(ctx: JiraContext, caller: Caller, issue: StoredIssue): TransitionConfig[] {
  if (!callerHas(ctx, caller, 'TRANSITION_ISSUES')) return [];
  return ctx.catalog().transitions.filter((t) => t.isGlobal && t.toStatusId !== issue.statusId);
}

/** Schema `IssueTransition`. `fields` is only present with `expand=transitions.fields` (no transition has a screen). */
export function transitionJson(ctx: JiraContext, t: TransitionConfig, withFields: boolean): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    to: statusJson(ctx, findStatus(ctx, t.toStatusId)),
    hasScreen: false,
    isGlobal: t.isGlobal,
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    ...(withFields ? { fields: {} } : {}),
    looped: false,
  };
}
