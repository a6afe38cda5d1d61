/**
 * An incident declared by hand (DESIGN 3.3, the "Declare incident" issue action), as a pure rule next to the
 * alert-driven `openIncident` (transitions.ts): the record a person's declaration opens, with every value the person
 * gave marked as theirs (`setByPerson`), so no alert ever overwrites it.
 *
 * A person declaring an incident is already on it: it opens `acknowledged`, detected and acknowledged at the moment
 * of declaring (TTA 0), its impact start what they said (or that moment). It collects no alert group (`groupKeys`
 * empty): alerts open or join their own incidents as before.
 */
import type { DeclareTarget } from '../shared/declare-incident';
import type { Incident, Language, Level, PersonMark, TimelineEntry } from './incident';
import { brokenTimeRule, type Actor, type PersonActionResult } from './person-actions';

export interface Declaration {
  /** The form's request id: the same declaration sent twice is one incident. */
  requestId: string;
  target: DeclareTarget;
  /** The issue the form was opened on (made the incident's issue when `target` is `this-issue`). */
  issueId: string;
  title: string;
  level: Level;
  impactStartedAt?: string | undefined;
  commander?: string | undefined;
  drill: boolean;
}

/**
 * The incident id a declaration opens. One incident per issue made an incident (so two people declaring on the same
 * issue at once get the same one), one per request for a new issue (so a retry finds its own).
 */
export function declaredIncidentId(d: Pick<Declaration, 'target' | 'issueId' | 'requestId'>): string {
  // namespaced, so a request id can never name an incident an alert opened (`inc-<uuid>`)
  return d.target === 'this-issue' ? `inc-issue-${d.issueId}` : `inc-decl-${d.requestId}`;
}

export type Declared = { kind: 'declared'; incident: Incident; timeline: TimelineEntry[] } | Extract<PersonActionResult, { kind: 'refused' }>;

/** The incident the declaration opens, or a refusal naming the time rule broken (an impact start in the future). */
export function declareIncident(d: Declaration, actor: Actor, now: Date, options: { language: Language; leaseUntil: string }): Declared {
  const at = now.toISOString();
  const mark: PersonMark = { accountId: actor.accountId, displayName: actor.displayName, at };
  const base: Incident = {
    id: declaredIncidentId(d),
    version: 0,
    state: 'acknowledged',
    level: d.level,
    title: d.title.trim(),
    language: options.language,
    drill: d.drill,
    groupKeys: [],
    openedByEventId: `declare:${d.requestId}`,
    impactStartedAt: at,
    detectedAt: at,
    acknowledgedAt: at,
    lastAlertAt: at,
    reopenCount: 0,
    alertCounts: { firing: 0, acknowledged: 0, resolved: 0 },
    linked: false,
    artifactsLeaseUntil: options.leaseUntil,
    pendingComment: [],
    timelineCount: 0,
    ...(d.commander ? { roles: { commander: d.commander, responders: [] } } : {}),
    setByPerson: { level: mark, detectedAt: mark, acknowledgedAt: mark, ...(d.commander ? { roles: mark } : {}) },
    declared: { by: mark, requestId: d.requestId, ...(d.target === 'this-issue' ? { issueId: d.issueId } : {}) },
  };
  if (d.impactStartedAt !== undefined) {
    // the same rules as setting it from the panel (a minute of clock skew allowed; within it, "now")
    const impact = new Date(Math.min(Date.parse(d.impactStartedAt), now.getTime())).toISOString();
    const refusal = brokenTimeRule(base, { impactStartedAt: d.impactStartedAt }, now);
    if (refusal && refusal.rule === 'not-in-future') return refusal;
    base.impactStartedAt = impact;
    base.setByPerson = { ...base.setByPerson, impactStartedAt: mark };
  }
  return { kind: 'declared', incident: base, timeline: [{ at, kind: 'incident-opened', title: base.title, actor: actor.displayName, actorAccountId: actor.accountId }] };
}
