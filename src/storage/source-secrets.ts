import kvs, { ForgeKvsAPIError } from '@forge/kvs';
import { createHash } from 'node:crypto';
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
  /** Grafana: refuse a request without the timestamp header (a captured request without one never expires). */
  requireTimestamp: z.boolean().optional(),
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

// ---- what the admin page sees: fingerprints and dates, in a plain (non-secret) row -------------------------------

/** `sha256:` + the first 12 hex digits of the secret's SHA-256: enough to tell two secrets apart, useless to guess one. */
export const fingerprintOf = (secret: string): string => `sha256:${createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 12)}`;

const SecretMetaSchema = z.object({ fingerprint: z.string(), createdAt: z.string(), createdBy: z.string().optional() });
const SourceSecretMetaSchema = z.object({ secrets: z.array(SecretMetaSchema) });
type SecretMeta = z.infer<typeof SecretMetaSchema>;

const credentialKeys = {
  meta: (source: SourceId) => `source-secret-meta:${source}`,
  lock: (source: SourceId) => `source-secret-lock:${source}`,
};

/** One accepted secret with what the admin page shows of it. `value` never leaves the backend except once, on generate. */
export interface StoredSecret extends SecretMeta {
  value: string;
}

/** A source's credential as the admin use cases work on it: secrets newest first, with their metadata. */
export interface SourceCredential {
  secrets: StoredSecret[];
  headerName?: string | undefined;
  timestampHeaderName?: string | undefined;
  requireTimestamp?: boolean | undefined;
}

export async function loadSourceCredential(source: SourceId): Promise<SourceCredential> {
  const [secret, metaRaw] = await Promise.all([loadSourceSecret(source), kvs.get(credentialKeys.meta(source))]);
  const meta = SourceSecretMetaSchema.catch({ secrets: [] }).parse(metaRaw ?? { secrets: [] });
  const secrets = (secret?.secrets ?? []).map((value) => {
    const fingerprint = fingerprintOf(value);
    // a secret stored before metadata existed has no date: shown as the epoch rather than hidden
    const known = meta.secrets.find((m) => m.fingerprint === fingerprint) ?? { fingerprint, createdAt: new Date(0).toISOString() };
    return { ...known, value };
  });
  return {
    secrets,
    ...(secret?.headerName !== undefined ? { headerName: secret.headerName } : {}),
    ...(secret?.timestampHeaderName !== undefined ? { timestampHeaderName: secret.timestampHeaderName } : {}),
    ...(secret?.requireTimestamp !== undefined ? { requireTimestamp: secret.requireTimestamp } : {}),
  };
}

/** Writes the metadata first: a failure between the two writes leaves an unused fingerprint, never an undated secret. */
export async function saveSourceCredential(source: SourceId, credential: SourceCredential): Promise<void> {
  const meta = { secrets: credential.secrets.map(({ fingerprint, createdAt, createdBy }) => ({ fingerprint, createdAt, ...(createdBy ? { createdBy } : {}) })) };
  await kvs.set(credentialKeys.meta(source), SourceSecretMetaSchema.parse(meta));
  await saveSourceSecret(source, {
    secrets: credential.secrets.map((s) => s.value),
    ...(credential.headerName !== undefined ? { headerName: credential.headerName } : {}),
    ...(credential.timestampHeaderName !== undefined ? { timestampHeaderName: credential.timestampHeaderName } : {}),
    ...(credential.requireTimestamp !== undefined ? { requireTimestamp: credential.requireTimestamp } : {}),
  });
}

const LOCK_TTL_SECONDS = 30;
const LOCK_WAIT_MS = 5_000;

/**
 * Read-modify-write of one source's credential, one at a time per source (a lock key written `FAIL_IF_EXISTS`,
 * expiring by itself), so two admins rotating at once cannot drop each other's new secret. `change` may throw to
 * refuse; then nothing is written.
 */
export async function updateSourceCredential(source: SourceId, change: (current: SourceCredential) => SourceCredential): Promise<SourceCredential> {
  const lock = credentialKeys.lock(source);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await kvs.set(lock, { at: new Date().toISOString() }, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: LOCK_TTL_SECONDS, unit: 'SECONDS' } });
      break;
    } catch (e) {
      if (!(e instanceof ForgeKvsAPIError && e.responseDetails.status === 409) || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
  try {
    const next = change(await loadSourceCredential(source));
    await saveSourceCredential(source, next);
    return next;
  } finally {
    await kvs.delete(lock);
  }
}
