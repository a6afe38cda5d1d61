import kvs from '@forge/kvs';
import { z } from 'zod';
import type { SourceId } from '../domain/alert';
import { keys } from './kvs-keys';

/**
 * A source's credential settings, in KVS secret storage (DESIGN 4: secrets never in plain storage, never logged or
 * echoed). `secrets` holds the accepted secrets newest first — two while one is being rotated.
 */
export const SourceSecretSchema = z.object({
  secrets: z.array(z.string().min(16)).max(2),
  /** Opsgenie: the custom header name configured on the integration; Grafana: the HMAC header name. */
  headerName: z.string().optional(),
  /** Grafana: the timestamp header named in the contact point's HMAC settings. */
  timestampHeaderName: z.string().optional(),
});
export type SourceSecret = z.infer<typeof SourceSecretSchema>;

export async function loadSourceSecret(source: SourceId): Promise<SourceSecret | undefined> {
  const raw = await kvs.getSecret(keys.sourceSecret(source));
  const parsed = SourceSecretSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export async function saveSourceSecret(source: SourceId, secret: SourceSecret): Promise<void> {
  await kvs.setSecret(keys.sourceSecret(source), SourceSecretSchema.parse(secret));
}
