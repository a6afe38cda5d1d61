import kvs from '@forge/kvs';
import { keys } from './kvs-keys';
import { SourceStatusSchema, type SourceStatus } from './source-status';

/**
 * Whether CI has been heard from on the `deployment-webhook` trigger: the admin page's "Deployments (CI)" entry shows
 * it as a source's connection (`lastAlertAt`: the last deployment received). Kept like an alert source's status.
 */
const KEY = keys.sourceStatus('deployments');

export async function markDeploymentReceived(at: string): Promise<void> {
  const current = SourceStatusSchema.catch({}).parse((await kvs.get(KEY)) ?? {});
  if (current.lastAlertAt && current.lastAlertAt >= at) return;
  await kvs.set(KEY, { ...current, lastAlertAt: at });
}

export async function deploymentsStatus(): Promise<SourceStatus> {
  return SourceStatusSchema.catch({}).parse((await kvs.get(KEY)) ?? {});
}
