/**
 * `getIncidentCounts` — the metrics gadget's counts of incidents by state and by level over a period, and the
 * gadget configuration its edit view saves with `view.submit({ period })`.
 */
import * as z from 'zod/mini';
import { INCIDENT_STATES, LEVELS, type IncidentState, type Level } from './vocabulary';
import { IsoTimeSchema } from './incident-view';

export const PERIOD_DAYS = [7, 30, 90] as const;
export type PeriodDays = (typeof PERIOD_DAYS)[number];
export const DEFAULT_PERIOD_DAYS: PeriodDays = 30;
export const PeriodDaysSchema = z.union([z.literal(7), z.literal(30), z.literal(90)]);

/** What the edit view saves; whatever else Jira keeps in the configuration (e.g. `refresh`) is left alone. */
export const GadgetConfigSchema = z.looseObject({ period: PeriodDaysSchema });
export type GadgetConfig = z.infer<typeof GadgetConfigSchema>;

/** The period a saved gadget configuration names, or the default for a new or unreadable one. */
export function periodOf(configuration: unknown): PeriodDays {
  const parsed = GadgetConfigSchema.safeParse(configuration);
  return parsed.success ? parsed.data.period : DEFAULT_PERIOD_DAYS;
}

export const GetIncidentCountsRequestSchema = z.object({ period: PeriodDaysSchema });
export type GetIncidentCountsRequest = z.infer<typeof GetIncidentCountsRequestSchema>;

const Count = z.int().check(z.nonnegative());
const countsOf = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, Count])) as Record<K, typeof Count>);

export const IncidentCountsSchema = z.object({
  period: PeriodDaysSchema,
  /** Incidents whose impact started at or after this instant are counted. */
  since: IsoTimeSchema,
  /** Incidents counted (drills excluded, DESIGN 3.5). */
  total: Count,
  byState: countsOf(INCIDENT_STATES),
  byLevel: countsOf(LEVELS),
  /** Drills in the period, not in the counts above. */
  drills: Count,
  /** The count stopped at the read limit: the numbers are lower bounds. */
  truncated: z.boolean(),
});
export type IncidentCounts = z.infer<typeof IncidentCountsSchema>;

export const zeroCounts = (): { byState: Record<IncidentState, number>; byLevel: Record<Level, number> } => ({
  byState: Object.fromEntries(INCIDENT_STATES.map((s) => [s, 0])) as Record<IncidentState, number>,
  byLevel: Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>,
});
