/**
 * What people do to an incident from the panel (DESIGN 3.3), as pure rules next to the alert-driven ones
 * (transitions.ts): each takes the incident as last stored, who acts and when, and answers the incident to commit
 * with its timeline entries, "nothing to change" (a double click, or someone got there first), or a refusal naming
 * the rule it breaks. src/usecases/run-person-action.ts applies a rule on the latest version inside the conditional
 * write, so two people acting at once both land, each on the other's result.
 *
 * Person versus machine: every value a person sets is marked in `setByPerson` with who and when. Alerts never
 * change a marked value (transitions.ts): a commander's SEV3 stays SEV3 when a critical alert fires later — the
 * alert's entry still shows its severity, and the commander may raise the level.
 */
import { NOTE_MAX_CHARS, RESPONDERS_MAX, TIME_RULES, type TimeRule } from '../shared/incident-actions';
import type { RolesChange, TimelineChange } from '../shared/timeline-change';
import { KEY_TIME_FIELDS, LEVELS, type Incident, type KeyTimeField, type Level, type PersonMark, type Roles, type TimelineEntry } from './incident';

export interface Actor {
  accountId: string;
  displayName: string;
}

// The key-time order rules of DESIGN 3.3 (a refusal names the one broken), the note and responders bounds: declared
// once in src/shared/incident-actions.ts, where the resolvers' schemas and the UI read them too.
export { NOTE_MAX_CHARS, RESPONDERS_MAX, TIME_RULES, type TimeRule };

/** The state rules: which actions an incident in a state accepts. */
export const STATE_RULES = ['not-while-closed'] as const;
export type StateRule = (typeof STATE_RULES)[number];

export type PersonActionResult =
  | { kind: 'changed'; incident: Incident; timeline: TimelineEntry[] }
  /** Nothing to write: already so (`reason` says what the incident already is). */
  | { kind: 'unchanged'; reason: 'already' | 'not-applicable' }
  | { kind: 'refused'; rule: TimeRule | StateRule; fields: KeyTimeField[]; message: string };

/** A person's action as a pure rule: the incident as stored, who acts, the time now. */
export type PersonRule = (incident: Incident, actor: Actor, now: Date) => PersonActionResult;


const mark = (actor: Actor, now: Date): PersonMark => ({ accountId: actor.accountId, displayName: actor.displayName, at: now.toISOString() });
/** A person's entry: `detail` is the text the Jira comment and the page show, `change` the same as data for the panel. */
const entry = (i: Incident, kind: TimelineEntry['kind'], actor: Actor, now: Date, detail?: string, change?: TimelineChange): TimelineEntry => ({
  at: now.toISOString(),
  kind,
  title: i.title,
  ...(detail ? { detail } : {}),
  actor: actor.displayName,
  actorAccountId: actor.accountId,
  ...(change ? { change } : {}),
});
const changed = (incident: Incident, ...timeline: TimelineEntry[]): PersonActionResult => ({ kind: 'changed', incident, timeline });
const ms = (iso: string): number => Date.parse(iso);

const RULE_TEXT: Record<TimeRule, string> = {
  'not-in-future': 'a key time cannot be in the future',
  'impact-before-detected': 'impact start must be at or before detected',
  'detected-before-acknowledged': 'detected must be at or before acknowledged',
  'mitigated-after-impact': 'mitigated must be at or after impact start',
  'recovered-after-impact': 'recovered must be at or after impact start',
};

/** [earlier, later, rule]: `earlier ≤ later` whenever both are set (DESIGN 3.3). */
const ORDER: ReadonlyArray<readonly [KeyTimeField, KeyTimeField, TimeRule]> = [
  ['impactStartedAt', 'detectedAt', 'impact-before-detected'],
  ['detectedAt', 'acknowledgedAt', 'detected-before-acknowledged'],
  ['impactStartedAt', 'mitigatedAt', 'mitigated-after-impact'],
  ['impactStartedAt', 'recoveredAt', 'recovered-after-impact'],
];

/**
 * The first rule that setting `changes` on `incident` would break, checking only the rules that involve a changed
 * field (a machine value already out of order elsewhere does not block an unrelated correction). Allows one minute
 * of clock skew between the person's browser and the app for "now".
 */
export function brokenTimeRule(incident: Incident, changes: Partial<Record<KeyTimeField, string>>, now: Date): Extract<PersonActionResult, { kind: 'refused' }> | undefined {
  const after = { ...incident, ...changes };
  for (const [field, at] of Object.entries(changes) as Array<[KeyTimeField, string]>) {
    if (ms(at) > now.getTime() + 60_000) return refuse('not-in-future', [field]);
  }
  for (const [earlier, later, rule] of ORDER) {
    if (!(earlier in changes) && !(later in changes)) continue;
    const a = after[earlier];
    const b = after[later];
    if (a !== undefined && b !== undefined && ms(a) > ms(b)) return refuse(rule, [earlier, later]);
  }
  return undefined;
}

function refuse(rule: TimeRule | StateRule, fields: KeyTimeField[]): Extract<PersonActionResult, { kind: 'refused' }> {
  const text = rule === 'not-while-closed' ? 'a closed incident must be reopened first' : RULE_TEXT[rule];
  return { kind: 'refused', rule, fields, message: `Refused (${rule}): ${text}.` };
}

const closedRefusal = (i: Incident): PersonActionResult | undefined => (i.state === 'closed' ? refuse('not-while-closed', []) : undefined);

/** Acknowledge: an open incident becomes acknowledged; a time already recorded (an alert's, before a reopen) is kept. */
export const acknowledge: PersonRule = (i, actor, now) => {
  if (i.state === 'acknowledged') return { kind: 'unchanged', reason: 'already' };
  if (i.state !== 'open') return { kind: 'unchanged', reason: 'not-applicable' };
  return changed(
    { ...i, state: 'acknowledged', ...(i.acknowledgedAt ? {} : { acknowledgedAt: now.toISOString(), setByPerson: { ...i.setByPerson, acknowledgedAt: mark(actor, now) } }) },
    { at: now.toISOString(), kind: 'incident-acknowledged', title: i.title, actor: actor.displayName },
  );
};

/** Set the level (SEV1–SEV4). It is marked as the person's, so a later alert does not change it. */
export const setLevel =
  (level: Level): PersonRule =>
  (i, actor, now) => {
    if (!LEVELS.includes(level)) throw new Error(`Unknown level ${String(level)}`);
    if (i.level === level && i.setByPerson?.level) return { kind: 'unchanged', reason: 'already' };
    return changed({ ...i, level, setByPerson: { ...i.setByPerson, level: mark(actor, now) } }, entry(i, 'level-set', actor, now, `${i.level} → ${level}`, { field: 'level', from: i.level, to: level }));
  };

/** A roles change: a field absent is left as it is, `null` clears it; `responders` replaces the list. */
export type { RolesChange };

const SINGLE_ROLES = ['commander', 'communicationsLead', 'scribe'] as const;

/** Set roles. Only the named roles change, so two people setting different roles at once both land. */
export const setRoles =
  (change: RolesChange): PersonRule =>
  (i, actor, now) => {
    const before: Roles = i.roles ?? { responders: [] };
    const next: Roles = { responders: change.responders ? [...new Set(change.responders)].slice(0, RESPONDERS_MAX) : before.responders };
    for (const role of SINGLE_ROLES) {
      const value = change[role] === undefined ? before[role] : change[role] ?? undefined;
      if (value) next[role] = value;
    }
    const differs = SINGLE_ROLES.filter((r) => before[r] !== next[r]);
    const respondersDiffer = before.responders.join(',') !== next.responders.join(',');
    if (differs.length === 0 && !respondersDiffer) return { kind: 'unchanged', reason: 'already' };
    const detail = [...differs.map((r) => `${r}: ${next[r] ?? '—'}`), ...(respondersDiffer ? [`responders: ${next.responders.join(', ') || '—'}`] : [])].join('; ');
    const to: RolesChange = { ...Object.fromEntries(differs.map((r) => [r, next[r] ?? null])), ...(respondersDiffer ? { responders: [...next.responders] } : {}) };
    return changed({ ...i, roles: next, setByPerson: { ...i.setByPerson, roles: mark(actor, now) } }, entry(i, 'roles-set', actor, now, detail, { field: 'roles', to }));
  };

/**
 * Set or backdate one key time, within the order rules; it becomes the person's value. Only the time changes, never
 * the state: "acknowledged at 09:02" on an open incident records when someone took it, and pressing Acknowledge or
 * Mark mitigated / recovered is what moves the state.
 */
export const setKeyTime =
  (field: KeyTimeField, at: string): PersonRule =>
  (i, actor, now) => {
    if (!KEY_TIME_FIELDS.includes(field)) throw new Error(`Unknown key time ${String(field)}`);
    const iso = new Date(at).toISOString();
    const broken = brokenTimeRule(i, { [field]: iso }, now);
    if (broken) return broken;
    if (i[field] === iso && i.setByPerson?.[field]) return { kind: 'unchanged', reason: 'already' };
    return changed(
      { ...i, [field]: iso, ...(field === 'recoveredAt' ? { recoveredBy: 'person' as const } : {}), setByPerson: { ...i.setByPerson, [field]: mark(actor, now) } },
      entry(i, 'time-set', actor, now, `${field}: ${iso}`, { field, ...(i[field] ? { from: i[field] } : {}), to: iso }),
    );
  };

/** Mark mitigated (impact stopped), now or at a time given. Open or acknowledged incidents only. */
export const markMitigated =
  (at?: string): PersonRule =>
  (i, actor, now) => {
    const refusedClosed = closedRefusal(i);
    if (refusedClosed) return refusedClosed;
    if (i.state === 'mitigated') return { kind: 'unchanged', reason: 'already' };
    if (i.state === 'recovered') return { kind: 'unchanged', reason: 'not-applicable' };
    const iso = new Date(at ?? now).toISOString();
    const broken = brokenTimeRule(i, { mitigatedAt: iso }, now);
    if (broken) return broken;
    return changed({ ...i, state: 'mitigated', mitigatedAt: iso, setByPerson: { ...i.setByPerson, mitigatedAt: mark(actor, now) } }, entry(i, 'mitigated', actor, now, at ? iso : undefined, at ? { field: 'mitigatedAt', to: iso } : undefined));
  };

/** Mark recovered, now or at a time given: a person's recovery time, never overwritten by the alerts. */
export const markRecovered =
  (at?: string): PersonRule =>
  (i, actor, now) => {
    const refusedClosed = closedRefusal(i);
    if (refusedClosed) return refusedClosed;
    if (i.state === 'recovered') return { kind: 'unchanged', reason: 'already' };
    const iso = new Date(at ?? now).toISOString();
    const broken = brokenTimeRule(i, { recoveredAt: iso }, now);
    if (broken) return broken;
    return changed(
      { ...i, state: 'recovered', recoveredAt: iso, recoveredBy: 'person', setByPerson: { ...i.setByPerson, recoveredAt: mark(actor, now) } },
      entry(i, 'recovered', actor, now, at ? iso : undefined, at ? { field: 'recoveredAt', to: iso } : undefined),
    );
  };

/**
 * Reopen a recovered or closed incident: the recovery did not hold. It goes back to `acknowledged` (a person is on
 * it) — or `open` if nobody ever acknowledged it — and loses its recovery and close times, whoever set them. The
 * reopen time is kept (`reopenedAt`), so a Jira "moved to done" event made before it and delivered after it closes
 * nothing (src/domain/jira-sync.ts).
 */
export const reopen: PersonRule = (i, actor, now) => {
  if (i.state !== 'recovered' && i.state !== 'closed') return { kind: 'unchanged', reason: 'not-applicable' };
  const { recoveredAt: _r, recoveredBy: _b, closedAt: _c, timelineFrozenAt: _f, ...rest } = i;
  const { recoveredAt: _m, ...setByPerson } = i.setByPerson ?? {};
  return changed({ ...rest, state: i.acknowledgedAt ? 'acknowledged' : 'open', reopenCount: i.reopenCount + 1, reopenedAt: now.toISOString(), setByPerson }, entry(i, 'reopened', actor, now));
};

/** Close: done. Any state but closed; the Jira issue follows (a done-category transition, src/usecases). */
export const close: PersonRule = (i, actor, now) => {
  if (i.state === 'closed') return { kind: 'unchanged', reason: 'already' };
  return changed({ ...i, state: 'closed', closedAt: now.toISOString() }, entry(i, 'closed', actor, now));
};

/** Add a note to the timeline: free text (shown as text everywhere), trimmed, 1..NOTE_MAX_CHARS characters. */
export const addNote =
  (text: string): PersonRule =>
  (i, actor, now) => {
    const note = text.trim();
    if (note.length === 0 || note.length > NOTE_MAX_CHARS) throw new Error('A note must be 1..NOTE_MAX_CHARS characters (the request schema checks this)');
    return changed({ ...i }, entry(i, 'note', actor, now, note));
  };
