/**
 * The alert web triggers (DESIGN 3.1 step 1): authenticate, validate, enqueue, answer 202 — nothing more: no Jira
 * or Confluence call, one KVS secret read, one queue push (more only for a batch over Forge's push limits); a drill
 * run's request (its `X-Kaizen-Drill` header) reads its run too.
 * https://developer.atlassian.com/platform/forge/events-reference/web-trigger/
 */
import type { WebTriggerRequest, WebTriggerResponse } from '@forge/api';
import { Queue, RateLimitError, type PushEvent } from '@forge/events';
import { createHash } from 'node:crypto';
import type { SourceId } from '../domain/alert';
import { MAX_RAW_BODY_BYTES } from '../sources/parse-json';
import { scrubAlertSecrets } from '../sources/common/redact';
import { parseAndNormalise, sources } from '../sources/registry';
import { keepOverflow } from '../storage/overflow';
import { loadSourceSecret } from '../storage/source-secrets';
import { ALERT_QUEUE, type QueueEvent } from './queue-events';
import { DRILL_HEADER, DRILL_RUN_ID, namespaceDrillAlert } from '../domain/drill-plan';
import { headerValues } from '../sources/common/headers';
import { loadDrillRun } from '../storage/drill-runs';

/** Forge push limits: 50 events and 200 KB per push (https://developer.atlassian.com/platform/forge/limits-async-events/). */
const MAX_EVENTS_PER_PUSH = 50;
const MAX_PUSH_BYTES = 190 * 1024;

const json = (statusCode: number, body: unknown, headers: Record<string, string[]> = {}): WebTriggerResponse => ({
  statusCode,
  headers: { 'Content-Type': ['application/json'], ...headers },
  body: JSON.stringify(body),
});

export function webhookHandler(sourceId: SourceId): (request: WebTriggerRequest) => Promise<WebTriggerResponse> {
  const source = sources[sourceId];
  const queue = new Queue({ key: ALERT_QUEUE });
  return async (request) => {
    if (request.method !== 'POST') return json(405, { error: `Use POST to send ${source.displayName} alerts` }, { Allow: ['POST'] });
    const body = request.body ?? '';
    if (Buffer.byteLength(body, 'utf8') > MAX_RAW_BODY_BYTES) return json(413, { error: `Body larger than ${MAX_RAW_BODY_BYTES} bytes` });

    const secret = await loadSourceSecret(sourceId);
    const verified = source.verify(
      { headers: request.headers ?? {}, queryParameters: request.queryParameters ?? {}, rawBody: body },
      {
        secrets: secret?.secrets ?? [],
        nowEpochMs: Date.now(),
        ...(secret?.headerName ? { headerName: secret.headerName } : {}),
        ...(secret?.timestampHeaderName ? { timestampHeaderName: secret.timestampHeaderName } : {}),
        // Grafana: without a signed timestamp a captured request never expires; the admin can require one
        ...(secret?.requireTimestamp === true ? { requireTimestamp: true } : {}),
      },
    );
    // the reason names what was wrong (missing, malformed, wrong), never the expected value
    if (!verified.ok) return json(401, { error: 'Unauthorized', reason: verified.reason });

    // a drill run's alert (src/usecases/drills): taken as a drill only from an authenticated sender, for a run that is
    // running; its ids and group keys are namespaced by the run, so it never meets a real incident
    const drill = await drillRunOf(request.headers ?? {});
    if (drill === 'unknown') return json(400, { error: `Unknown or finished drill run in ${DRILL_HEADER}` });

    const receivedAt = new Date().toISOString();
    const parsed = parseAndNormalise(sourceId, body, { receivedAt });
    if (!parsed.ok) {
      return json(400, { error: `Not a valid ${source.displayName} payload`, fields: parsed.errors.map((e) => `${e.path}: ${e.message}`) });
    }
    // a secret the sender echoed in free text (its own URL with ?token=, a header in a note) is never queued
    const alerts = parsed.payload.map((alert) => scrubAlertSecrets(alert, secret?.secrets ?? [])).map((alert) => (drill ? namespaceDrillAlert(alert, drill.runId) : alert));
    const events: PushEvent[] = alerts.map((alert) => ({
      body: { kind: 'alert', alert, receivedAt, ...(drill ? { drill } : {}) } satisfies QueueEvent,
      // one group at a time: alerts of one service are applied in order, so they rarely race at all
      concurrency: { key: `group-${createHash('sha256').update(alert.groupKey).digest('hex').slice(0, 32)}`, limit: 1 },
    }));
    let deferred = 0;
    for (const chunk of chunks(events)) {
      try {
        await queue.push(chunk);
      } catch (e) {
        if (!(e instanceof RateLimitError)) {
          // not accepted: the sender retries (Alertmanager and PagerDuty retry 5xx); chunks already queued dedupe
          return json(503, { error: 'Could not queue the alert; retry later' }, { 'Retry-After': ['30'] });
        }
        // the installation's queue limit is reached: keep the alerts for later instead of refusing them
        await keepOverflow(chunk);
        deferred += chunk.length;
      }
    }
    return json(202, { accepted: events.length, ...(deferred ? { deferred } : {}) });
  };
}

/** No drill header → undefined; a header naming a running drill run → its id; anything else → 'unknown'. */
async function drillRunOf(headers: Record<string, string[]>): Promise<{ runId: string } | 'unknown' | undefined> {
  const values = headerValues(headers, DRILL_HEADER);
  if (values.length === 0) return undefined;
  const runId = values[0]!.trim();
  if (values.length > 1 || !DRILL_RUN_ID.test(runId)) return 'unknown';
  const run = await loadDrillRun(runId);
  return run?.state === 'running' ? { runId } : 'unknown';
}

function* chunks(events: PushEvent[]): Generator<PushEvent[]> {
  let current: PushEvent[] = [];
  let bytes = 0;
  for (const e of events) {
    const size = Buffer.byteLength(JSON.stringify(e));
    if (current.length && (current.length >= MAX_EVENTS_PER_PUSH || bytes + size > MAX_PUSH_BYTES)) {
      yield current;
      current = [];
      bytes = 0;
    }
    current.push(e);
    bytes += size;
  }
  if (current.length) yield current;
}
