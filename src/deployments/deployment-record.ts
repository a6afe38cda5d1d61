/**
 * The {@link DeploymentRecord} as a schema, for the queue event that carries it from the web trigger to the consumer
 * (parsed again there, house style 4). The web trigger made it with src/deployments/deployment-body.ts.
 */
import { z } from 'zod';
import { DEPLOYMENT_OUTCOMES } from '../shared/attribution';
import { ENVIRONMENT_MAX, type DeploymentRecord } from '../usecases/deployments/deployment-ports';

const IsoTime = z.iso.datetime();

const DeploymentCommitSchema = z.object({
  repoUrl: z.string(),
  commitSha: z.string(),
  refName: z.string().nullable(),
  commitMsg: z.string().nullable(),
  result: z.string().nullable(),
  startedAt: IsoTime.nullable(),
  finishedAt: IsoTime.nullable(),
  authoredAt: IsoTime.nullable(),
});

export const DeploymentRecordSchema = z.object({
  id: z.string().min(1),
  displayTitle: z.string().nullable(),
  name: z.string().nullable(),
  result: z.string(),
  environment: z.string().min(1).max(ENVIRONMENT_MAX),
  outcome: z.enum(DEPLOYMENT_OUTCOMES),
  service: z.string().nullable(),
  version: z.string().nullable(),
  pipelineUrl: z.string().nullable(),
  startedAt: IsoTime,
  finishedAt: IsoTime,
  createdAt: IsoTime.nullable(),
  commits: z.array(DeploymentCommitSchema),
  hotfixFor: z.array(z.string()),
  problemSummary: z.string().nullable(),
}) satisfies z.ZodType<DeploymentRecord>;
