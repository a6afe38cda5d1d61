/**
 * People's actions on an incident from the issue panel (DESIGN 3.3; the rules are src/domain/person-actions.ts):
 * the payload each resolver parses, and what each answers — the incident as the panel shows it after the action.
 * Every request is a strict object (an unknown field is refused, naming it) with a message a developer can act on.
 */
import * as z from 'zod/mini';
import { IncidentViewSchema, TimelineSliceSchema } from './incident-view';
import { KEY_TIME_FIELDS, LEVELS, type KeyTimeField } from './vocabulary';

// The key times a person may set: declared in vocabulary.ts (the timeline's changes name them too).
export { KEY_TIME_FIELDS, type KeyTimeField };

/**
 * The rules a key time obeys (DESIGN 3.3). A refusal answers `time-rule` with `fields`: each field involved, its
 * `message` the rule's id below (the UI words it).
 */
export const TIME_RULES = ['not-in-future', 'impact-before-detected', 'detected-before-acknowledged', 'mitigated-after-impact', 'recovered-after-impact'] as const;
export type TimeRule = (typeof TIME_RULES)[number];

/** The longest timeline note (characters, after trimming), and the most responders an incident lists. */
export const NOTE_MAX_CHARS = 2000;
export const RESPONDERS_MAX = 20;

/** A Jira account id (`557058:…` or 24 hex digits, as Jira issues them). */
export const AccountIdSchema = z.string({ error: 'expected a Jira account id' }).check(z.regex(/^[A-Za-z0-9:_-]{1,128}$/, 'expected a Jira account id'));

/** An instant with its offset (`2026-12-02T09:30:00+09:00` or `…Z`); stored as UTC. */
const InstantSchema = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time with its offset, e.g. 2026-12-02T09:30:00+09:00' });

const strict = <S extends z.core.$ZodLooseShape>(shape: S) => z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : 'expected an object') });

export const SetIncidentLevelRequestSchema = strict({ level: z.enum(LEVELS, { error: `expected one of ${LEVELS.join(', ')}` }) });

/** A field absent leaves that role as it is; `null` clears it; `responders` replaces the list. */
export const SetIncidentRolesRequestSchema = strict({
  commander: z.optional(z.nullable(AccountIdSchema)),
  communicationsLead: z.optional(z.nullable(AccountIdSchema)),
  scribe: z.optional(z.nullable(AccountIdSchema)),
  responders: z.optional(z.array(AccountIdSchema).check(z.maxLength(RESPONDERS_MAX, `at most ${RESPONDERS_MAX} responders`))),
}).check(z.refine((r) => Object.keys(r).length > 0, 'name at least one role to change'));
export type SetIncidentRolesRequest = z.infer<typeof SetIncidentRolesRequestSchema>;

export const SetKeyTimeRequestSchema = strict({
  field: z.enum(KEY_TIME_FIELDS, { error: `expected one of ${KEY_TIME_FIELDS.join(', ')}` }),
  at: InstantSchema,
});

/** Mark mitigated / recovered: now, or at the time given (a backdate, under the same rules as a key time). */
export const MarkTimeRequestSchema = strict({ at: z.optional(InstantSchema) });

export const AddTimelineNoteRequestSchema = strict({
  text: z.string({ error: 'expected the note as text' }).check(z.trim(), z.minLength(1, 'a note needs some text'), z.maxLength(NOTE_MAX_CHARS, `a note is at most ${NOTE_MAX_CHARS} characters`)),
});

export const NoActionPayload = strict({});

/**
 * What every action answers: whether this call changed the incident (`unchanged`: it already was so, or the action
 * does not apply in its state — nothing was written), the incident and its latest timeline as `getIncident` shows
 * them, and whether the Jira issue followed (`jira`: absent when nothing in Jira had to change; `failed` leaves the
 * incident changed and the Jira issue as it was — the panel says so, the person can retry).
 */
export const IncidentActionDataSchema = z.object({
  outcome: z.enum(['changed', 'unchanged']),
  incident: IncidentViewSchema,
  timeline: TimelineSliceSchema,
  jira: z.optional(z.enum(['updated', 'failed'])),
});
export type IncidentActionData = z.infer<typeof IncidentActionDataSchema>;
