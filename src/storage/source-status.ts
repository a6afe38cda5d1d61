import kvs from '@forge/kvs';
import { z } from 'zod';
import type { SourceId } from '../domain/alert';
import { keys } from './kvs-keys';

/** Whether each alert source is connected: the last test notification and the last real alert seen. */
export const SourceStatusSchema = z.object({ lastTestAt: z.string().optional(), lastAlertAt: z.string().optional() });
export type SourceStatus = z.infer<typeof SourceStatusSchema>;

export async function markSourceSeen(source: SourceId, kind: 'test' | 'alert', at: string): Promise<void> {
  const current = SourceStatusSchema.catch({}).parse((await kvs.get(keys.sourceStatus(source))) ?? {});
  const field = kind === 'test' ? 'lastTestAt' : 'lastAlertAt';
  if (current[field] && current[field]! >= at) return;
  await kvs.set(keys.sourceStatus(source), { ...current, [field]: at });
}

export async function sourceStatus(source: SourceId): Promise<SourceStatus> {
  return SourceStatusSchema.catch({}).parse((await kvs.get(keys.sourceStatus(source))) ?? {});
}
