/**
 * Release problems reported by a person (DESIGN 3.4; 一部未完了 / 切り戻し / 障害発生): the "Report a release problem"
 * issue action's form and answer. CI reports the same classes on the deployment web trigger.
 */
import * as z from 'zod/mini';
import { DeploymentViewSchema } from './attribution';
import { IsoTimeSchema } from './incident-view';
import { ReleaseProblemClassSchema } from './metrics';
import { LevelSchema } from './vocabulary';

export const ReleaseProblemFormSchema = z.object({
  issue: z.object({ key: z.string(), summary: z.string() }),
  /** Recent production deployments to pick from, newest first. */
  deployments: z.array(DeploymentViewSchema),
  /** The user may create issues in the incident project (as the user): without it, "caused an outage" is not offered. */
  canDeclare: z.boolean(),
});
export type ReleaseProblemForm = z.infer<typeof ReleaseProblemFormSchema>;

export const ReportReleaseProblemRequestSchema = z.object({
  /** The form's id: a retry or a double click reports once. */
  requestId: z.string().check(z.minLength(8), z.maxLength(64)),
  class: ReleaseProblemClassSchema,
  deploymentId: z.nullable(z.string().check(z.maxLength(255))),
  service: z.nullable(z.string().check(z.trim(), z.maxLength(255))),
  version: z.nullable(z.string().check(z.trim(), z.maxLength(255))),
  /** What happened, in one line. */
  summary: z.string().check(z.trim(), z.minLength(1), z.maxLength(1024)),
  occurredAt: IsoTimeSchema,
  /** `caused_outage`: the incident's level (declared like the "Declare incident" action). */
  level: z.optional(LevelSchema),
});
export type ReportReleaseProblemRequest = z.infer<typeof ReportReleaseProblemRequestSchema>;

export const ReportReleaseProblemDataSchema = z.object({
  outcome: z.enum(['reported', 'already']),
  problemId: z.string(),
  class: ReleaseProblemClassSchema,
  /** Partially incomplete / rolled back: the light review page. */
  reviewPage: z.optional(z.object({ id: z.string(), url: z.string(), title: z.string() })),
  /** Caused an outage: the incident declared. */
  incident: z.optional(z.object({ issueKey: z.string(), url: z.string() })),
});
export type ReportReleaseProblemData = z.infer<typeof ReportReleaseProblemDataSchema>;
