/**
 * The admin page's alert sources: for each, the web trigger URL to give the sender, whether it has been heard
 * from, the accepted secrets as fingerprints (never the secrets), and the header names the sender lets the admin
 * choose.
 */
import { SOURCE_IDS, type SourceId } from '../../domain/alert';
import type { AdminSource, SecretFingerprint } from '../../shared/admin';
import { connectionOf } from '../../shared/source-status';
import type { AlertSource } from '../../sources/alert-source';
import { sources } from '../../sources/registry';
import type { SourceStatusRead } from '../ui-ports';
import type { CredentialSecret, SourceCredential, SourceCredentials } from './admin-ports';

/** Whether the admin may name the source's header, as the source's `auth` declares (Opsgenie's custom header, Grafana's signature header). */
export const headerConfigurable = (id: SourceId): boolean => {
  const auth = sources[id].auth;
  return auth.kind !== 'basic-or-query-token' && auth.headerConfigurable === true;
};
/** Whether the source signs a timestamp, as its `auth` declares (Grafana: the header Kaizen tells admins to name, and whether to insist on it). */
export const hasTimestamp = (id: SourceId): boolean => {
  const auth = sources[id].auth;
  return auth.kind === 'hmac' && auth.timestampHeaderName !== undefined;
};

export const secretGeneratedBy = (source: AlertSource): 'kaizen' | 'sender' => (source.auth.kind === 'hmac' ? source.auth.secretGeneratedBy : 'kaizen');

export interface AdminSourcesDeps {
  credentials: Pick<SourceCredentials, 'load'>;
  statusOf: SourceStatusRead;
  /** `webTrigger.getUrl(moduleKey)`; undefined when the platform could not give it. */
  urlOf(moduleKey: string): Promise<string | undefined>;
}

export const fingerprintView = (s: CredentialSecret): SecretFingerprint => ({ fingerprint: s.fingerprint, createdAt: s.createdAt, ...(s.createdBy ? { createdBy: s.createdBy } : {}) });

export function adminSourceView(id: SourceId, credential: SourceCredential, status: { lastTestAt?: string | undefined; lastAlertAt?: string | undefined }, url: string | undefined): AdminSource {
  const source: AlertSource = sources[id];
  const auth = source.auth;
  const defaultHeaderName = auth.kind === 'basic-or-query-token' ? undefined : auth.headerName;
  const timestampDefault = auth.kind === 'hmac' ? auth.timestampHeaderName : undefined;
  return {
    source: id,
    ...(url ? { url } : {}),
    connection: connectionOf(status),
    ...(status.lastTestAt ? { lastTestAt: status.lastTestAt } : {}),
    ...(status.lastAlertAt ? { lastAlertAt: status.lastAlertAt } : {}),
    secrets: credential.secrets.map(fingerprintView),
    secretGeneratedBy: secretGeneratedBy(source),
    ...(credential.headerName ?? defaultHeaderName ? { headerName: credential.headerName ?? defaultHeaderName } : {}),
    ...(defaultHeaderName ? { defaultHeaderName } : {}),
    headerConfigurable: headerConfigurable(id),
    ...(hasTimestamp(id) ? { timestampHeaderName: credential.timestampHeaderName ?? timestampDefault, requireTimestamp: credential.requireTimestamp ?? false } : {}),
  };
}

export async function listAdminSources(deps: AdminSourcesDeps): Promise<{ sources: AdminSource[] }> {
  return {
    sources: await Promise.all(
      SOURCE_IDS.map(async (id) => {
        const [credential, status, url] = await Promise.all([deps.credentials.load(id), deps.statusOf(id), deps.urlOf(sources[id].webtriggerKey)]);
        return adminSourceView(id, credential, status, url);
      }),
    ),
  };
}
