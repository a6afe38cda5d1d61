/**
 * What an admin does to a source's credential (or the deployments' — CI's bearer secret): generate a secret (the
 * first, or the second of a rotation), paste the one the sender made (PagerDuty), retire one, and name the sender's
 * headers. Each is one read-modify-write of
 * the source's credential, refused (nothing written) when a rule says no. A secret appears in exactly one answer,
 * the generate that made it; everything else shows fingerprints.
 */
import type { SourceId } from '../../domain/alert';
import type { CredentialOwner, GeneratedSecret, SecretFingerprint } from '../../shared/admin';
import { fail, ok, type ResolverErrorCode, type ResolverResult } from '../../shared/resolver-result';
import { GRAFANA_TIMESTAMP_HEADER } from '../../sources/grafana/verify';
import { sources } from '../../sources/registry';
import type { AdminAccess, Clock, CredentialSecret, SecretMaker, SourceCredential, SourceCredentials } from './admin-ports';
import { fingerprintView, hasTimestamp, headerConfigurable, ownerName, ownerSecretGeneratedBy, secretGeneratedBy } from './admin-sources';

/** A source accepts at most two secrets: the current one and, during a rotation, its successor. */
export const MAX_SECRETS = 2;

export interface SecretActionDeps {
  access: Pick<AdminAccess, 'me'>;
  credentials: SourceCredentials;
  secrets: SecretMaker;
  clock: Clock;
}

class Refused extends Error {
  constructor(readonly code: ResolverErrorCode, message: string) {
    super(message);
  }
}

/** Runs one change of the credential; a {@link Refused} becomes the answer, nothing written. */
async function change<T>(deps: Pick<SecretActionDeps, 'credentials'>, source: CredentialOwner, apply: (current: SourceCredential) => SourceCredential, answer: (next: SourceCredential) => T): Promise<ResolverResult<T>> {
  try {
    return ok(answer(await deps.credentials.update(source, apply)));
  } catch (e) {
    if (e instanceof Refused) return fail(e.code, e.message);
    throw e;
  }
}

const LIMIT_MESSAGE = 'There are already two secrets (a rotation is under way). Retire the one the sender no longer uses first.';

async function newEntry(deps: SecretActionDeps, value: string): Promise<CredentialSecret> {
  const me = await deps.access.me();
  return { value, fingerprint: deps.secrets.fingerprintOf(value), createdAt: deps.clock.now().toISOString(), createdBy: me.displayName };
}

export async function generateSourceSecret(source: CredentialOwner, deps: SecretActionDeps): Promise<ResolverResult<GeneratedSecret>> {
  if (ownerSecretGeneratedBy(source) === 'sender') return fail('bad-request', `${ownerName(source)} makes its own signing secret: paste it into Kaizen instead.`);
  const entry = await newEntry(deps, deps.secrets.generate());
  let rotated = false;
  return change(
    deps,
    source,
    (current) => {
      if (current.secrets.length >= MAX_SECRETS) throw new Refused('secret-limit', LIMIT_MESSAGE);
      rotated = current.secrets.length > 0;
      // Grafana: a first secret signs the time too and insists on it, unless the admin already chose otherwise. A
      // rotation keeps what the credential had: one stored without the field never insisted, and the old secret,
      // still signing without a timestamp until the sender is switched over, must keep working meanwhile.
      const grafana = hasTimestamp(source)
        ? { timestampHeaderName: current.timestampHeaderName ?? GRAFANA_TIMESTAMP_HEADER, requireTimestamp: current.requireTimestamp ?? !rotated }
        : {};
      return { ...current, ...grafana, secrets: [entry, ...current.secrets] };
    },
    () => ({ source, secret: entry.value, fingerprint: entry.fingerprint, rotated }),
  );
}

export async function pasteSourceSecret(source: SourceId, secret: string, deps: SecretActionDeps): Promise<ResolverResult<SecretFingerprint>> {
  const vendor = sources[source];
  if (secretGeneratedBy(vendor) === 'kaizen') return fail('bad-request', `Kaizen makes ${vendor.displayName}'s secret: generate one instead of pasting.`);
  const entry = await newEntry(deps, secret.trim());
  return change(
    deps,
    source,
    (current) => {
      if (current.secrets.some((s) => s.fingerprint === entry.fingerprint)) return current; // pasted twice: already stored
      if (current.secrets.length >= MAX_SECRETS) throw new Refused('secret-limit', LIMIT_MESSAGE);
      return { ...current, secrets: [entry, ...current.secrets] };
    },
    (next) => fingerprintView(next.secrets.find((s) => s.fingerprint === entry.fingerprint)!),
  );
}

/** Answers the fingerprints still accepted (never the credential itself: it holds the secrets). */
export async function retireSourceSecret(source: CredentialOwner, fingerprint: string, deps: Pick<SecretActionDeps, 'credentials'>): Promise<ResolverResult<SecretFingerprint[]>> {
  return change(
    deps,
    source,
    (current) => {
      if (!current.secrets.some((s) => s.fingerprint === fingerprint)) throw new Refused('not-found', `${ownerName(source)} has no secret ${fingerprint}.`);
      if (current.secrets.length === 1) throw new Refused('last-secret', `This is the only secret, so retiring it would refuse every ${source === 'deployments' ? 'deployment' : 'alert'}. Generate its successor first.`);
      return { ...current, secrets: current.secrets.filter((s) => s.fingerprint !== fingerprint) };
    },
    (next) => next.secrets.map(fingerprintView),
  );
}

export async function setSourceHeaders(
  request: { source: SourceId; headerName?: string | undefined; timestampHeaderName?: string | undefined; requireTimestamp?: boolean | undefined },
  deps: Pick<SecretActionDeps, 'credentials'>,
): Promise<ResolverResult<undefined>> {
  const { source } = request;
  const name = sources[source].displayName;
  if (request.headerName !== undefined && !headerConfigurable(source)) return fail('bad-request', `${name} always uses its own header; there is nothing to name.`);
  if ((request.timestampHeaderName !== undefined || request.requireTimestamp !== undefined) && !hasTimestamp(source)) return fail('bad-request', `${name} sends no timestamp header.`);
  return change(
    deps,
    source,
    (current) => ({
      ...current,
      ...(request.headerName !== undefined ? { headerName: request.headerName } : {}),
      ...(request.timestampHeaderName !== undefined ? { timestampHeaderName: request.timestampHeaderName } : {}),
      ...(request.requireTimestamp !== undefined ? { requireTimestamp: request.requireTimestamp } : {}),
    }),
    () => undefined,
  );
}
