/**
 * The drill runner's door into Kaizen's own intake: a sender's body POSTed to the app's own web trigger, exactly as
 * that sender would send it — signed with the source's stored secret (header names as the admin set them), plus the
 * drill header naming the run. The URL comes from `webTrigger.getUrl`; Forge reaches it through the app's egress
 * like any external host, so the manifest declares the web trigger host (`*.webtrigger.atlassian.app` for
 * `urlFormat: v2`) in `permissions.external.fetch.backend`.
 * https://developer.atlassian.com/platform/forge/runtime-reference/web-trigger-api/,
 * https://developer.atlassian.com/platform/forge/manifest-reference/permissions/#fetch
 */
import { fetch, webTrigger } from '@forge/api';
import type { SourceId } from '../domain/alert';
import { DRILL_HEADER } from '../domain/drill-plan';
import { sources } from '../sources/registry';
import { GRAFANA_TIMESTAMP_HEADER } from '../sources/grafana/verify';
import { loadSourceSecret } from '../storage/source-secrets';
import type { DrillSendResult } from '../usecases/drills/drill-ports';

/** Whether the source has a secret its web trigger accepts. */
export async function hasSourceSecret(source: SourceId): Promise<boolean> {
  return ((await loadSourceSecret(source))?.secrets.length ?? 0) > 0;
}

export async function sendToOwnWebtrigger(source: SourceId, rawBody: string, runId: string): Promise<DrillSendResult> {
  const secret = await loadSourceSecret(source);
  const value = secret?.secrets[0];
  if (!value) return { status: 401, detail: `${source} has no secret` };
  const sender = sources[source];
  const signed = sender.signAsSender(rawBody, value, Date.now());
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(signed.headers)) if (values[0] !== undefined) headers[name] = values[0];
  // the sender's header names, where the admin told Kaizen the sender uses its own (Opsgenie, Grafana)
  const auth = sender.auth;
  if (secret?.headerName && auth.kind !== 'basic-or-query-token' && auth.headerConfigurable && headers[auth.headerName] !== undefined) {
    headers[secret.headerName] = headers[auth.headerName]!;
    delete headers[auth.headerName];
  }
  if (source === 'grafana' && secret?.timestampHeaderName && headers[GRAFANA_TIMESTAMP_HEADER] !== undefined) {
    headers[secret.timestampHeaderName] = headers[GRAFANA_TIMESTAMP_HEADER]!;
    delete headers[GRAFANA_TIMESTAMP_HEADER];
  }
  headers[DRILL_HEADER] = runId;
  const url = new URL(await webTrigger.getUrl(sender.webtriggerKey));
  for (const [name, values] of Object.entries(signed.queryParameters)) for (const v of values) url.searchParams.append(name, v);
  const res = await fetch(url.toString(), { method: 'POST', headers, body: rawBody });
  return { status: res.status, detail: (await res.text()).slice(0, 500) };
}
