/**
 * The incident panel's attribution line (DESIGN 3.5): which deployment the incident counts against in the change
 * fail rate and recovery time, what the rule finds, and a person's choice. The rule: src/storage/sql/attribution.ts.
 */
import * as z from 'zod/mini';
import { IsoTimeSchema } from './incident-view';

export const DEPLOYMENT_OUTCOMES = ['success', 'failed', 'rolled_back', 'partially_incomplete'] as const;
export const DeploymentOutcomeSchema = z.enum(DEPLOYMENT_OUTCOMES);
export type DeploymentOutcome = z.infer<typeof DeploymentOutcomeSchema>;

/** A deployment as the UI shows it. */
export const DeploymentViewSchema = z.object({
  id: z.string(),
  /** `displayTitle`, else `name`, else the id. */
  title: z.string(),
  service: z.nullable(z.string()),
  version: z.nullable(z.string()),
  environment: z.string(),
  outcome: DeploymentOutcomeSchema,
  finishedAt: IsoTimeSchema,
  pipelineUrl: z.nullable(z.string()),
});
export type DeploymentView = z.infer<typeof DeploymentViewSchema>;

export const ATTRIBUTION_MODES = ['auto', 'manual', 'none'] as const;
export const AttributionModeSchema = z.enum(ATTRIBUTION_MODES);
export type AttributionMode = z.infer<typeof AttributionModeSchema>;

export const AttributionSchema = z.object({
  mode: AttributionModeSchema,
  /** The service the rule looks for (named by the incident's alerts); null when they name none. */
  service: z.nullable(z.string()),
  /** The deployment the incident counts against now (null: none). */
  deployment: z.nullable(DeploymentViewSchema),
  /** What the rule finds (shown beside a person's choice). */
  auto: z.nullable(DeploymentViewSchema),
  /** Production deployments a person may choose from: the service's latest before impact start, newest first. */
  candidates: z.array(DeploymentViewSchema),
  /** Who chose (absent: the rule's). */
  setBy: z.optional(z.object({ accountId: z.string(), at: IsoTimeSchema })),
});
export type Attribution = z.infer<typeof AttributionSchema>;

export const SetAttributionRequestSchema = z.object({
  mode: AttributionModeSchema,
  /** Required for `manual`: one of the candidates, or any known production deployment id. */
  deploymentId: z.optional(z.string().check(z.minLength(1), z.maxLength(255))),
});
export type SetAttributionRequest = z.infer<typeof SetAttributionRequestSchema>;
