/**
 * Records one deployment CI reported on the `deployment-webhook` trigger (DESIGN 3.5), from the queue — as a runbook:
 *
 *   1. write it through the reporting store — under `PRODUCTION` when the settings name its environment a production
 *      one — the deployment, its commits and hotfix keys, and for a rolled-back or partially incomplete release to
 *      production its release problem (`ci:<id>`); the same body again changes nothing;
 *   2. note that CI has been heard from (the admin page's "Deployments (CI)" connection);
 *   3. say what happened, by id only (the body's text is the sender's and stays out of the log).
 *
 * A failure is thrown: the queue retries the event, then Kaizen's dead letters keep it for an admin to replay.
 */
import { productionNamed, type DeploymentRecord, type DeploymentStore } from './deployment-ports';

export interface RecordDeploymentDeps {
  deployments: DeploymentStore;
  /** The settings' production environments (`productionEnvironments`). */
  productionEnvironments: readonly string[];
  /** When a deployment was last received (KVS: src/storage/deployments-status.ts). */
  markReceived(at: string): Promise<void>;
}

export async function recordDeployment(deployment: DeploymentRecord, receivedAt: string, deps: RecordDeploymentDeps): Promise<'inserted' | 'updated' | 'unchanged'> {
  const environment = productionNamed(deployment.environment, deps.productionEnvironments);
  const outcome = await deps.deployments.record({ ...deployment, environment }, receivedAt);
  await deps.markReceived(receivedAt);
  console.info(`Deployment ${JSON.stringify(deployment.id)}: ${outcome} (${deployment.commits.length} commits, outcome ${deployment.outcome})`);
  return outcome;
}
