/**
 * `getMetrics` — the metrics gadget (DESIGN 3.5): time to detect / acknowledge / mitigate / recover by level with
 * their weekly trend, the DORA metrics with their bands, release problems by class per month, and open / overdue
 * action items, for a period and optional service and level filters. Durations are whole seconds; rates are 0–1.
 * The definitions (what counts, which median) are in src/domain/metrics/ and the README's "Metrics" section.
 *
 * The gadget configuration its edit view saves with `view.submit(config)` is {@link MetricsConfigSchema}.
 */
import * as z from 'zod/mini';
import { IsoTimeSchema } from './incident-view';
import { LevelSchema } from './vocabulary';

/** The periods a gadget can show, in days. */
export const METRICS_PERIOD_DAYS = [30, 90, 180, 365] as const;
export type MetricsPeriodDays = (typeof METRICS_PERIOD_DAYS)[number];
export const DEFAULT_METRICS_PERIOD_DAYS: MetricsPeriodDays = 90;
export const MetricsPeriodDaysSchema = z.union([z.literal(30), z.literal(90), z.literal(180), z.literal(365)]);

/** A service name as the alerts and deployments name it (`<source>:service:<name>` group keys, the deployment's `service`). */
export const ServiceNameSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(255));

/**
 * What the edit view saves; whatever else Jira keeps in the configuration (e.g. `refresh`) is left alone. A saved
 * configuration of the earlier counts gadget (`{period: 7|30|90}`) still reads: {@link metricsConfigOf}.
 */
export const MetricsConfigSchema = z.looseObject({
  period: MetricsPeriodDaysSchema,
  service: z.optional(z.nullable(ServiceNameSchema)),
  level: z.optional(z.nullable(LevelSchema)),
});
export type MetricsConfig = z.infer<typeof MetricsConfigSchema>;

export interface MetricsFilter {
  period: MetricsPeriodDays;
  service: string | null;
  level: z.infer<typeof LevelSchema> | null;
}

/** The filter a saved gadget configuration names; the default (90 days, every service and level) for a new or unreadable one. */
export function metricsConfigOf(configuration: unknown): MetricsFilter {
  const parsed = MetricsConfigSchema.safeParse(configuration);
  if (parsed.success) return { period: parsed.data.period, service: parsed.data.service ?? null, level: parsed.data.level ?? null };
  // the counts gadget saved 7, 30 or 90 days: the nearest period the metrics gadget shows
  const old = z.looseObject({ period: z.number() }).safeParse(configuration);
  const period = old.success ? (METRICS_PERIOD_DAYS.find((d) => d >= old.data.period) ?? DEFAULT_METRICS_PERIOD_DAYS) : DEFAULT_METRICS_PERIOD_DAYS;
  return { period, service: null, level: null };
}

export const GetMetricsRequestSchema = z.object({
  period: MetricsPeriodDaysSchema,
  service: z.optional(z.nullable(ServiceNameSchema)),
  level: z.optional(z.nullable(LevelSchema)),
});
export type GetMetricsRequest = z.infer<typeof GetMetricsRequestSchema>;

const Count = z.int().check(z.nonnegative());
const Seconds = z.nullable(z.number().check(z.nonnegative()));
const Rate = z.nullable(z.number().check(z.gte(0), z.lte(1)));

/** DORA performance bands (src/domain/metrics/bands.ts); null where there is no value, or DORA publishes none. */
export const BANDS = ['elite', 'high', 'medium', 'low'] as const;
export const BandSchema = z.nullable(z.enum(BANDS));
export type Band = z.infer<typeof BandSchema>;

/** A duration's distribution: how many values, their median and 90th percentile (null when there are none). */
export const DurationStatSchema = z.object({ count: Count, median: Seconds, p90: Seconds });
export type DurationStat = z.infer<typeof DurationStatSchema>;

export const TTX = ['ttd', 'tta', 'ttm', 'ttr'] as const;
export type Ttx = (typeof TTX)[number];
const ttxStats = z.object({ ttd: DurationStatSchema, tta: DurationStatSchema, ttm: DurationStatSchema, ttr: DurationStatSchema });

/** `YYYY-MM-DD`, the Monday (UTC) a week starts; `YYYY-MM` a month. */
const WeekStart = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const Month = z.string().check(z.regex(/^\d{4}-\d{2}$/));

export const RELEASE_PROBLEM_CLASSES = ['partially_incomplete', 'rolled_back', 'caused_outage'] as const;
export const ReleaseProblemClassSchema = z.enum(RELEASE_PROBLEM_CLASSES);
export type ReleaseProblemClass = z.infer<typeof ReleaseProblemClassSchema>;

export const MetricsSchema = z.object({
  /** The period: impact started (incidents) / finished (deployments) at or after `from` and before `to`. */
  period: MetricsPeriodDaysSchema,
  from: IsoTimeSchema,
  to: IsoTimeSchema,
  service: z.nullable(z.string()),
  level: z.nullable(LevelSchema),
  incidents: z.object({
    /** Incidents in the period (drills never count). */
    count: Count,
    /** Drills in the period, left out of every figure. */
    drills: Count,
    /** Every level together, then one row per level that has incidents in the period (SEV1 first). */
    all: ttxStats,
    byLevel: z.array(z.extend(ttxStats, { level: LevelSchema, count: Count })),
    /** Every week of the period, oldest first, empty weeks included (count 0, null medians). */
    weekly: z.array(z.object({ week: WeekStart, count: Count, ttd: Seconds, tta: Seconds, ttm: Seconds, ttr: Seconds })),
  }),
  dora: z.object({
    /** Production deployments that reached production (outcome not `failed`) finished in the period. */
    deployments: Count,
    deploymentFrequency: z.object({
      perWeek: z.number().check(z.nonnegative()),
      /** Apache DevLake's band inputs: median deployment days per week and per month over the period's weeks/months, zeros included. */
      medianDaysPerWeek: z.number().check(z.nonnegative()),
      medianDaysPerMonth: z.number().check(z.nonnegative()),
      band: BandSchema,
    }),
    /** Commit authored → deployment finished, over commits that carry their authored time. */
    leadTime: z.extend(DurationStatSchema, { band: BandSchema }),
    /** Deployments that failed (an attributed incident, or a release problem) / deployments; a deployment counts once. */
    changeFailRate: z.object({ failed: Count, deployments: Count, rate: Rate, band: BandSchema }),
    /** Per failed deployment with recovered incidents: earliest impact start → latest recovery of its incidents. */
    recoveryTime: z.extend(DurationStatSchema, { band: BandSchema }),
    /** Unplanned deployments made because of a production incident (hotfixes) / deployments. DORA publishes no band. */
    reworkRate: z.object({ unplanned: Count, deployments: Count, rate: Rate }),
    /** Every week of the period, oldest first. */
    weekly: z.array(z.object({ week: WeekStart, deployments: Count, failed: Count })),
  }),
  /** Every month of the period, oldest first, by class (drills excluded). */
  releaseProblems: z.array(z.object({ month: Month, partially_incomplete: Count, rolled_back: Count, caused_outage: Count })),
  /** Action item tasks of every retrospective and release review (not only the period's): open, and open past their due date. */
  actionItems: z.object({ open: Count, overdue: Count }),
});
export type Metrics = z.infer<typeof MetricsSchema>;

/** The edit view's choices: the services Kaizen has seen in incidents and deployments. */
export const MetricsOptionsSchema = z.object({ services: z.array(z.string()) });
export type MetricsOptions = z.infer<typeof MetricsOptionsSchema>;
