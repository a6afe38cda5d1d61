/**
 * The admin page's drills (障害対応演習, DESIGN 3.6): what can be rehearsed, the runs, and starting one. Jira
 * administrators only (checked as the caller). The resolvers parse requests with these schemas; the UI parses
 * answers with them (src/shared/resolver-contract.ts wires them).
 */
import * as z from 'zod/mini';
import { SourceIdSchema } from './vocabulary';

/** The speeds a run can go at (src/domain/drill-plan.ts `DRILL_SPEEDS`). */
export const DRILL_SPEED_OPTIONS = ['real', 'x10', 'x60', 'fast'] as const;
export type DrillSpeedOption = (typeof DRILL_SPEED_OPTIONS)[number];

export const DrillScenarioViewSchema = z.object({
  id: z.string(),
  source: SourceIdSchema,
  /** How many alert events it sends, and how long it lasts at real speed. */
  alerts: z.int(),
  durationSeconds: z.int(),
});
export type DrillScenarioView = z.infer<typeof DrillScenarioViewSchema>;

/** A past incident that can be replayed: Kaizen kept its alerts. */
export const DrillIncidentOptionSchema = z.object({ issueKey: z.string(), title: z.string(), impactStartedAt: z.string() });
export type DrillIncidentOption = z.infer<typeof DrillIncidentOptionSchema>;

export const DrillRunViewSchema = z.object({
  runId: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  speed: z.enum(DRILL_SPEED_OPTIONS),
  startedAt: z.string(),
  finishedAt: z.optional(z.string()),
  /** What was replayed: a scenario id, or a past incident's issue key and title. */
  scenarioId: z.optional(z.string()),
  replayOf: z.optional(z.object({ issueKey: z.string(), title: z.string() })),
  sent: z.int(),
  total: z.int(),
  /** The drill incidents, once their issues exist. */
  incidents: z.array(z.object({ issueKey: z.string(), url: z.string() })),
  /** Why it stopped (the web trigger's answer), when it failed. */
  failure: z.optional(z.object({ status: z.int(), detail: z.string() })),
});
export type DrillRunView = z.infer<typeof DrillRunViewSchema>;

export const GetDrillsDataSchema = z.object({
  scenarios: z.array(DrillScenarioViewSchema),
  incidents: z.array(DrillIncidentOptionSchema),
  runs: z.array(DrillRunViewSchema),
});
export type GetDrillsData = z.infer<typeof GetDrillsDataSchema>;

/**
 * One of `scenarioId` or `issueKey`. The speed and the scenario are plain strings here so that a wrong one is
 * answered with its own error (`drill-unknown-scenario`, `drill-bad-speed`), not a bare `bad-request`.
 */
export const StartDrillRequestSchema = z.object({
  requestId: z.uuid({ error: 'expected the form’s request id (a UUID)' }),
  scenarioId: z.optional(z.string().check(z.maxLength(100))),
  issueKey: z.optional(z.string().check(z.maxLength(100))),
  speed: z.string().check(z.maxLength(20)),
});
export type StartDrillRequest = z.infer<typeof StartDrillRequestSchema>;

export const StartDrillDataSchema = z.object({ runId: z.string(), existing: z.boolean(), total: z.int() });
export type StartDrillData = z.infer<typeof StartDrillDataSchema>;
