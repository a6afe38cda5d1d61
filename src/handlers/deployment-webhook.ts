/**
 * The `deployment-webhook` web trigger (DESIGN 3.5): CI reports a deployment in Apache DevLake's deployment webhook
 * body (plus Kaizen's optional fields). Like the alert triggers (DESIGN 6): method, size, `Authorization: Bearer`,
 * validation, ONE queue push, 202 — no product call and no SQL here; the consumer writes the reporting store.
 * https://developer.atlassian.com/platform/forge/events-reference/web-trigger/
 */
import type { WebTriggerRequest, WebTriggerResponse } from '@forge/api';
import { Queue, RateLimitError } from '@forge/events';
import { createHash } from 'node:crypto';
import { parseDeploymentBody } from '../deployments/deployment-body';
import { verifyBearer } from '../deployments/verify-bearer';
import { MAX_RAW_BODY_BYTES, parseJsonBody } from '../sources/parse-json';
import { keepOverflow } from '../storage/overflow';
import { loadSourceSecret } from '../storage/source-secrets';
import { ALERT_QUEUE, type QueueEvent } from './queue-events';

/** Forge takes at most 200 KB per push (https://developer.atlassian.com/platform/forge/limits-async-events/). */
const MAX_EVENT_BYTES = 190 * 1024;

const json = (statusCode: number, body: unknown, headers: Record<string, string[]> = {}): WebTriggerResponse => ({
  statusCode,
  headers: { 'Content-Type': ['application/json'], ...headers },
  body: JSON.stringify(body),
});

export async function deploymentWebhook(request: WebTriggerRequest): Promise<WebTriggerResponse> {
  if (request.method !== 'POST') return json(405, { error: 'Use POST to report a deployment' }, { Allow: ['POST'] });
  const body = request.body ?? '';
  if (Buffer.byteLength(body, 'utf8') > MAX_RAW_BODY_BYTES) return json(413, { error: `Body larger than ${MAX_RAW_BODY_BYTES} bytes` });

  const secret = await loadSourceSecret('deployments');
  const verified = verifyBearer(request.headers ?? {}, secret?.secrets ?? []);
  // the reason names what was wrong (missing, malformed, wrong, none configured), never the expected value
  if (!verified.ok) return json(401, { error: 'Unauthorized', reason: verified.reason });

  const parsedJson = parseJsonBody(body);
  const parsed = parsedJson.ok ? parseDeploymentBody(parsedJson.value) : parsedJson;
  if (!parsed.ok) return json(400, { error: 'Not a valid deployment', fields: parsed.errors.map((e) => `${e.path}: ${e.message}`) });

  const event = {
    body: { kind: 'deployment', deployment: parsed.record, receivedAt: new Date().toISOString() } satisfies QueueEvent,
    // one report of a deployment id at a time: a resend never interleaves its writes with the first
    concurrency: { key: `deployment-${createHash('sha256').update(parsed.record.id).digest('hex').slice(0, 32)}`, limit: 1 },
  };
  if (Buffer.byteLength(JSON.stringify(event), 'utf8') > MAX_EVENT_BYTES) {
    return json(413, { error: `The deployment is larger than one queue event may be (${MAX_EVENT_BYTES} bytes as stored): send fewer commits or shorter commit messages` });
  }
  try {
    await new Queue({ key: ALERT_QUEUE }).push([event]);
  } catch (e) {
    if (!(e instanceof RateLimitError)) return json(503, { error: 'Could not queue the deployment; retry later' }, { 'Retry-After': ['30'] });
    // the installation's queue limit is reached: keep it for later instead of refusing it
    await keepOverflow([event]);
    return json(202, { accepted: 1, deferred: 1 });
  }
  return json(202, { accepted: 1 });
}
