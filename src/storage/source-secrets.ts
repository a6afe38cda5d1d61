import kvs from '@forge/kvs';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CredentialOwner } from '../shared/admin';
import type { CredentialSecret, SourceCredential } from '../usecases/admin/admin-ports';
import { keys } from './kvs-keys';
import { releaseLease, stillHeld, takeLease } from './lease';

/**
 * A credential owner's settings — an alert source's, or `deployments` (CI on the `deployment-webhook` trigger) — in KVS secret storage (DESIGN 4: secrets never in plain storage, never logged or
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

export async function loadSourceSecret(source: CredentialOwner): Promise<SourceSecret | undefined> {
  const raw = await kvs.getSecret(keys.sourceSecret(source));
  const parsed = SourceSecretSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export async function saveSourceSecret(source: CredentialOwner, secret: SourceSecret): Promise<void> {
  await kvs.setSecret(keys.sourceSecret(source), SourceSecretSchema.parse(secret));
}

// ---- what the admin page sees: fingerprints and dates, in a plain (non-secret) row -------------------------------

/** `sha256:` + the first 12 hex digits of the secret's SHA-256: enough to tell two secrets apart, useless to guess one. */
export const fingerprintOf = (secret: string): string => `sha256:${createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 12)}`;

const SecretMetaSchema = z.object({ fingerprint: z.string(), createdAt: z.string(), createdBy: z.string().optional() });
const SourceSecretMetaSchema = z.object({ secrets: z.array(SecretMetaSchema) });
type SecretMeta = z.infer<typeof SecretMetaSchema>;

const credentialKeys = {
  meta: (source: CredentialOwner) => `source-secret-meta:${source}`,
  /** The `lease` row that makes one source's credential changes one at a time. */
  lease: (source: CredentialOwner) => `source-credential:${source}`,
};

export async function loadSourceCredential(source: CredentialOwner): Promise<SourceCredential> {
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

const metaOf = (secrets: readonly CredentialSecret[]): { secrets: SecretMeta[] } => ({
  secrets: secrets.map(({ fingerprint, createdAt, createdBy }) => ({ fingerprint, createdAt, ...(createdBy ? { createdBy } : {}) })),
});

/**
 * Stores `credential` in place of `before`. Three writes, none of which KVS can make atomic with secret storage:
 * the metadata of both `before` and `credential`, then the secrets, then the metadata of `credential` alone. So a
 * failure anywhere leaves every secret in secret storage (the ones accepted) with its own date — added or retired,
 * never an undated one — and at worst a fingerprint no secret has, which the next change drops.
 */
export async function saveSourceCredential(source: CredentialOwner, credential: SourceCredential, before: Pick<SourceCredential, 'secrets'> = { secrets: [] }): Promise<void> {
  const after = metaOf(credential.secrets);
  const both = metaOf([...credential.secrets, ...before.secrets.filter((b) => !credential.secrets.some((s) => s.fingerprint === b.fingerprint))]);
  await kvs.set(credentialKeys.meta(source), SourceSecretMetaSchema.parse(both));
  await saveSourceSecret(source, {
    secrets: credential.secrets.map((s) => s.value),
    ...(credential.headerName !== undefined ? { headerName: credential.headerName } : {}),
    ...(credential.timestampHeaderName !== undefined ? { timestampHeaderName: credential.timestampHeaderName } : {}),
    ...(credential.requireTimestamp !== undefined ? { requireTimestamp: credential.requireTimestamp } : {}),
  });
  if (after.secrets.length !== both.secrets.length) await kvs.set(credentialKeys.meta(source), SourceSecretMetaSchema.parse(after));
}

/** Longer than a resolver may run (25 s), so a live holder never outlives its lease; a crashed one blocks this long at most. */
const LEASE_MS = 60_000;
/** How long a change waits for another admin's change of the same source (which takes well under a second). */
const LEASE_WAIT_MS = 5_000;
/** A holder writes only while its lease has at least this long left. */
const LEASE_MARGIN_MS = 10_000;

/** Another change of this source's credential is under way (or one crashed less than a minute ago). */
export class SourceCredentialBusyError extends Error {
  constructor(readonly source: CredentialOwner) {
    super(`Another change of ${source}'s credential is under way; try again in a minute`);
    this.name = 'SourceCredentialBusyError';
  }
}

/**
 * Read-modify-write of one source's credential, one at a time per source (a `lease` row, src/storage/lease.ts), so
 * two admins rotating at once cannot drop each other's new secret. `change` may throw to refuse; then nothing is
 * written.
 */
export async function updateSourceCredential(source: CredentialOwner, change: (current: SourceCredential) => SourceCredential): Promise<SourceCredential> {
  let lease = await takeLease(credentialKeys.lease(source), LEASE_MS);
  // backing off 50 ms, 100 ms, … 500 ms, until LEASE_WAIT_MS of waiting in all
  for (let attempt = 0, waitedMs = 0; !lease; attempt++) {
    if (waitedMs >= LEASE_WAIT_MS) throw new SourceCredentialBusyError(source);
    const delayMs = Math.min(50 * 2 ** attempt, 500);
    await new Promise((r) => setTimeout(r, delayMs));
    waitedMs += delayMs;
    lease = await takeLease(credentialKeys.lease(source), LEASE_MS);
  }
  try {
    const current = await loadSourceCredential(source);
    const next = change(current);
    if (!stillHeld(lease, LEASE_MARGIN_MS)) throw new SourceCredentialBusyError(source);
    await saveSourceCredential(source, next, current);
    return next;
  } finally {
    // not released: the lease lapses by its own `until` within a minute; the change itself stands or fell already
    await releaseLease(lease).catch((e: unknown) => console.warn(`Could not release the ${source} credential lease`, e instanceof Error ? e.message : String(e)));
  }
}
