/**
 * A person's choice of the deployment an incident counts against (DESIGN 3.5), as a pure rule like the panel's other
 * actions (person-actions.ts): choose a deployment (`manual`), say no deployment caused it (`none`), or go back to
 * the rule (`auto`: the choice is removed and src/storage/sql/attribution.ts decides again). The choice is kept with
 * who made it and when; nothing but a person's choice ever changes it. Any state: attribution is often settled in the
 * retrospective, after the incident is closed.
 */
import type { AttributionChoice } from '../shared/timeline-change';
import type { Incident, TimelineEntry } from './incident';
import type { Actor, PersonActionResult, PersonRule } from './person-actions';

export type { AttributionChoice };

/** The incident's attribution as the timeline records it (absent choice: the rule's). */
export function attributionChoiceOf(incident: Pick<Incident, 'attribution'>): AttributionChoice {
  const a = incident.attribution;
  if (!a) return { mode: 'auto' };
  return a.mode === 'manual' && a.deploymentId ? { mode: 'manual', deploymentId: a.deploymentId } : { mode: 'none' };
}

const same = (a: AttributionChoice, b: AttributionChoice): boolean => a.mode === b.mode && (a.deploymentId ?? null) === (b.deploymentId ?? null);

/** Compact English for the entry's `detail` (the panel, comment and page word it from `change`). */
const said = (c: AttributionChoice): string => (c.mode === 'manual' ? `deployment ${c.deploymentId}` : c.mode === 'none' ? 'no deployment' : 'the rule');

/**
 * Sets the attribution. `manual` needs `deploymentId` (the use case checked it names a known production deployment);
 * the same choice again (by anyone) is `unchanged`, so a double click writes once.
 */
export const setAttributionRule =
  (to: AttributionChoice): PersonRule =>
  (i: Incident, actor: Actor, now: Date): PersonActionResult => {
    if (to.mode === 'manual' && !to.deploymentId) throw new Error('A manual attribution names its deployment (the use case checks this)');
    const from = attributionChoiceOf(i);
    const next: AttributionChoice = to.mode === 'manual' ? { mode: 'manual', deploymentId: to.deploymentId! } : { mode: to.mode };
    if (same(from, next)) return { kind: 'unchanged', reason: 'already' };
    const { attribution: _previous, ...rest } = i;
    const at = now.toISOString();
    const incident: Incident =
      next.mode === 'auto' ? rest : { ...rest, attribution: { mode: next.mode, ...(next.deploymentId ? { deploymentId: next.deploymentId } : {}), setBy: { accountId: actor.accountId, at } } };
    const entry: TimelineEntry = {
      at,
      kind: 'attribution-set',
      title: i.title,
      detail: `${said(from)} → ${said(next)}`,
      actor: actor.displayName,
      actorAccountId: actor.accountId,
      change: { field: 'attribution', from, to: next },
    };
    return { kind: 'changed', incident, timeline: [entry] };
  };
