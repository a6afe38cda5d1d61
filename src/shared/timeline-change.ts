/**
 * What a person's timeline entry changed, as data (src/domain/person-actions.ts records it): the level from → to,
 * a key time set to an instant (and what it was), or the roles changed to whom. The panel renders its words from
 * this — role names, people as Jira names them to the viewer, times in the viewer's zone — and never reads the
 * entry's `detail`, which stays the compact English text for the Jira comment and the page. Entries stored before
 * this field existed have none; the panel shows their `detail` as it is.
 */
import * as z from 'zod/mini';
import { KEY_TIME_FIELDS, LevelSchema } from './vocabulary';

const Iso = z.iso.datetime({ precision: 3 });

/** Each role the person changed, to its new account id (`null`: cleared) or, for responders, the new list. */
export const RolesChangeSchema = z.object({
  commander: z.optional(z.nullable(z.string())),
  communicationsLead: z.optional(z.nullable(z.string())),
  scribe: z.optional(z.nullable(z.string())),
  responders: z.optional(z.array(z.string())),
});
export type RolesChange = z.infer<typeof RolesChangeSchema>;

/** An attribution as a timeline entry records it (src/shared/attribution.ts has the panel's full view). */
export const AttributionChoiceSchema = z.object({ mode: z.enum(['auto', 'manual', 'none']), deploymentId: z.optional(z.string()) });
export type AttributionChoice = z.infer<typeof AttributionChoiceSchema>;

export const TimelineChangeSchema = z.union([
  z.object({ field: z.literal('level'), from: LevelSchema, to: LevelSchema }),
  /** A key time set (`from`: the value before, when there was one). */
  z.object({ field: z.enum(KEY_TIME_FIELDS), from: z.optional(Iso), to: Iso }),
  z.object({ field: z.literal('roles'), to: RolesChangeSchema }),
  /** Which deployment the incident counts against (DESIGN 3.5): the rule's (`auto`), a person's choice, or none. */
  z.object({ field: z.literal('attribution'), from: AttributionChoiceSchema, to: AttributionChoiceSchema }),
]);
export type TimelineChange = z.infer<typeof TimelineChangeSchema>;
