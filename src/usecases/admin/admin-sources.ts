/**
 * The admin page's alert sources: for each, the web trigger URL to give the sender, whether it has been heard
 * from, the accepted secrets as fingerprints (never the secrets), and the header names the sender lets the admin
 * choose. Beside them "Deployments (CI)": the `deployment-webhook` trigger, whose bearer secrets are managed the same way.
 */
import { SOURCE_IDS, type SourceId } from '../../domain/alert';
import type { AdminSource, CredentialOwner, SecretFingerprint } from '../../shared/admin';
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
export const hasTimestamp = (id: CredentialOwner): boolean => {
  if (id === 'deployments') return false;
  const auth = sources[id].auth;
  return auth.kind === 'hmac' && auth.timestampHeaderName !== undefined;
};

export const secretGeneratedBy = (source: AlertSource): 'kaizen' | 'sender' => (source.auth.kind === 'hmac' ? source.auth.secretGeneratedBy : 'kaizen');

/** The web trigger CI reports deployments to (manifest.yml). */
export const DEPLOYMENT_WEBTRIGGER_KEY = 'deployment-webhook';

/** Who makes the owner's secret: the deployments' bearer secret is always Kaizen's. */
export const ownerSecretGeneratedBy = (owner: CredentialOwner): 'kaizen' | 'sender' => (owner === 'deployments' ? 'kaizen' : secretGeneratedBy(sources[owner]));
/** The owner's name in messages: the vendor's, or "Deployments (CI)". */
export const ownerName = (owner: CredentialOwner): string => (owner === 'deployments' ? 'Deployments (CI)' : sources[owner].displayName);

export interface AdminSourcesDeps {
  credentials: Pick<SourceCredentials, 'load'>;
  statusOf: SourceStatusRead;
  /** When CI last reported a deployment (`lastAlertAt`). */
  deploymentsStatus(): Promise<{ lastAlertAt?: string | undefined }>;
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

/** "Deployments (CI)": a bearer secret Kaizen makes (`Authorization: Bearer <secret>`), heard from when a deployment arrived. */
export function adminDeploymentsView(credential: SourceCredential, status: { lastAlertAt?: string | undefined }, url: string | undefined): AdminSource {
  return {
    source: 'deployments',
    ...(url ? { url } : {}),
    connection: connectionOf(status),
    ...(status.lastAlertAt ? { lastAlertAt: status.lastAlertAt } : {}),
    secrets: credential.secrets.map(fingerprintView),
    secretGeneratedBy: 'kaizen',
    headerName: 'Authorization',
    defaultHeaderName: 'Authorization',
    headerConfigurable: false,
  };
}

export async function listAdminSources(deps: AdminSourcesDeps): Promise<{ sources: AdminSource[]; deployments: AdminSource }> {
  const deployments = Promise.all([deps.credentials.load('deployments'), deps.deploymentsStatus(), deps.urlOf(DEPLOYMENT_WEBTRIGGER_KEY)]);
  const listed = await Promise.all(
    SOURCE_IDS.map(async (id) => {
      const [credential, status, url] = await Promise.all([deps.credentials.load(id), deps.statusOf(id), deps.urlOf(sources[id].webtriggerKey)]);
      return adminSourceView(id, credential, status, url);
    }),
  );
  const [credential, status, url] = await deployments;
  return { sources: listed, deployments: adminDeploymentsView(credential, status, url) };
}
