/**
 * Sample data for a fresh sandbox (`npm start` on an empty data directory; KAIZEN_SAMPLE_DATA=off starts empty), made
 * only through the app's real entry points, so what a newcomer sees is what the app itself produced:
 *
 * 1. **an open incident**: a critical Mackerel host alert (test/fixtures/alerts/mackerel/host-critical.json, opened
 *    five minutes ago) through the real web trigger — an incident issue, its live page and the panel;
 * 2. **a recovered incident that went the whole way**: a Mackerel service alert (service.json, the payment failure
 *    rate of ec-site, at its warning threshold, opened about half an hour ago) through the web trigger, then run by
 *    the seeded people through the panel's real resolvers, each authorised as that person — Aiko acknowledges it,
 *    records when she took it and raises it SEV3 → SEV2; she names Ben commander, herself communications lead and
 *    Chika responder; Ben backdates impact start ten minutes before detection; Chika, Ben and Aiko add notes; Ben
 *    marks it mitigated; and Mackerel's `ok` notification for the same alert recovers it (recovery from the alerts);
 * 3. **a release history for the metrics gadget**: nine deployments of `ec-site` (the service the recovered incident's
 *    alert names) over the last six weeks, posted through the real `deployment-webhook` trigger with CI's development
 *    bearer secret (stored here, {@link ensureDeploymentsDevSecret}) — deployment frequency, lead time (each commit's
 *    `commitAuthoredDate`), one rolled-back release (a release problem), the release that finished two hours before
 *    the recovered incident's impact start (the change failure it is attributed to) and the hotfix for its issue
 *    (rework). See {@link sampleDeployments};
 * 4. **learning from it** (sandbox/sample-learning.ts): before the alerts, Aiko saves a `#incidents` webhook of the
 *    sandbox's Slack as the default on the admin page, so both incidents are announced (`GET /__sandbox/slack`); Ben
 *    drafts and publishes the recovered incident's retrospective (library, Slack, a comment on the issue); a
 *    "Postmortem library" page under the OPS home holds the `postmortem-library` macro; Aiko recommends the
 *    postmortem there with a reason.
 *
 * It runs once per data directory (the `sampleSent` marker), after the sandbox has started, and waits for the app
 * with the sandbox's `idle` (due work only), so a fresh start stays fast. A data directory whose sample incidents
 * predate the deployments or the learning sample gets them on its next start (the `sampleDeploymentsSent` and
 * `sampleLearningSent` markers), built on its recovered incident.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { incidentFromRow } from '../src/storage/incident-store';
import { INCIDENT_STATES, type Incident } from '../src/domain/incident';
import { DEPLOYMENT_WEBTRIGGER_KEY } from '../src/usecases/admin/admin-sources';
import { devSecret, ensureDeploymentsDevSecret } from './kaizen-profile';
import { runInInvocation } from './runtime/invocation';
import { ensureSampleSlack, issuePanelOf, SAMPLE_LEARNING_MARKER, sendSampleLearning, type SampleLearning } from './sample-learning';
import type { Sandbox } from './sandbox';

/** Where the sandbox remembers that this data directory got its sample data. */
export const SAMPLE_MARKER = { ns: 'sandbox-meta', key: 'sampleSent' } as const;
/** … and its sample deployments (a directory made before they existed gets them on its next start). */
export const SAMPLE_DEPLOYMENTS_MARKER = { ns: 'sandbox-meta', key: 'sampleDeploymentsSent' } as const;

/** The seeded people who run the recovered incident (sandbox/core/product.ts; all three may edit OPS issues). */
export const SAMPLE_PEOPLE = { aiko: '557058:aiko-sato', ben: '557058:ben-carter', chika: '557058:chika-mori' } as const;

/** The group keys Kaizen gives the two sample alerts (src/sources/mackerel/normalise.ts): each is its own incident. */
export const SAMPLE_GROUP_KEYS = { open: 'mackerel:role:ec-site: web', recovered: 'mackerel:service:ec-site' } as const;

/**
 * The notes on the recovered incident's timeline, in the order they are written, who writes each, and whether it is
 * written before or after Ben marks the incident mitigated.
 */
export const SAMPLE_NOTES: ReadonlyArray<{ by: keyof typeof SAMPLE_PEOPLE; text: string; afterMitigated?: true }> = [
  { by: 'chika', text: 'Payments fail with DB connection timeouts: the primary DB (ec-site-db-01) is stuck at 100 % I/O wait.' },
  { by: 'ben', text: 'Failed over the primary DB to the replica; payments go through again.' },
  { by: 'aiko', text: 'Error rate back under 0.1 % for 10 minutes; posted the all-clear on the status page.', afterMitigated: true },
];

export interface SampleIncident {
  incidentId: string;
  issueKey: string;
}

/** What a fresh start made: the open and the recovered sample incident, and the sample deployments. */
export interface SampleData {
  open: SampleIncident;
  recovered: SampleIncident;
  /** Empty when the data directory's deployments secret is not the development one (set on the admin page). */
  deployments: SampleDeployment[];
  /** Slack, the published retrospective, the library page and its recommendation (sandbox/sample-learning.ts). */
  learning: SampleLearning;
}

const MINUTE = 60_000;
const seconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * Makes the sample data unless this data directory already has it. Answers what it made, or undefined when it had
 * been made before. Throws when the app refuses a step (a broken sample is a bug to see, not to hide).
 */
export async function seedSampleData(sandbox: Sandbox, appDir: string): Promise<SampleData | undefined> {
  if (sandbox.store.get(SAMPLE_MARKER.ns, SAMPLE_MARKER.key)) {
    await topUpDeployments(sandbox);
    await topUpLearning(sandbox);
    return undefined;
  }
  const fixture = (file: string): MackerelAlertPayload => JSON.parse(readFileSync(resolve(appDir, 'test/fixtures/alerts/mackerel', file), 'utf8')) as MackerelAlertPayload;
  const now = Date.now();

  // 0. Slack: Aiko saves a #incidents webhook as the default, so the incidents below are announced.
  const slackWebhook = await ensureSampleSlack(sandbox, SAMPLE_PEOPLE.aiko);

  // 1. The open incident: the reference host alert, opened five minutes ago.
  const host = fixture('host-critical.json');
  Object.assign(host.alert, { openedAt: seconds(now - 5 * MINUTE), statusChangedAt: seconds(now), createdAt: now - 5 * MINUTE });
  await sendMackerel(sandbox, host);

  // 2. The recovered incident: the payment failure rate alert, opened 32 minutes ago (also when it was detected) at its
  //    warning threshold — a SEV3 by Kaizen's default mapping, which Aiko raises to SEV2 once she sees payments fail.
  const service = fixture('service.json');
  const detected = seconds(now - 32 * MINUTE) * 1000;
  Object.assign(service, { message: 'orders.payment_failed_rate 3.8 > 2.5' });
  Object.assign(service.alert, { openedAt: seconds(detected), statusChangedAt: seconds(detected), createdAt: detected, status: 'warning', metricValue: 3.8 });
  await sendMackerel(sandbox, service);
  await sandbox.idle(60_000, true);

  const open = sampleIncident(sandbox, SAMPLE_GROUP_KEYS.open);
  const recovered = sampleIncident(sandbox, SAMPLE_GROUP_KEYS.recovered);
  const panel = issuePanelOf(sandbox, recovered.issue);
  const iso = (ms: number): string => new Date(ms).toISOString();
  await panel('acknowledgeIncident', {}, SAMPLE_PEOPLE.aiko);
  // she was paged four minutes after detection and records when she took it
  await panel('setKeyTime', { field: 'acknowledgedAt', at: iso(detected + 4 * MINUTE) }, SAMPLE_PEOPLE.aiko);
  await panel('setIncidentLevel', { level: 'SEV2' }, SAMPLE_PEOPLE.aiko);
  await panel('setIncidentRoles', { commander: SAMPLE_PEOPLE.ben, communicationsLead: SAMPLE_PEOPLE.aiko, responders: [SAMPLE_PEOPLE.chika] }, SAMPLE_PEOPLE.aiko);
  // the first failed payments came ten minutes before the monitor's threshold was crossed
  await panel('setKeyTime', { field: 'impactStartedAt', at: iso(detected - 10 * MINUTE) }, SAMPLE_PEOPLE.ben);
  for (const note of SAMPLE_NOTES.filter((n) => !n.afterMitigated)) await panel('addTimelineNote', { text: note.text }, SAMPLE_PEOPLE[note.by]);
  await panel('markMitigated', { at: iso(now - 12 * MINUTE) }, SAMPLE_PEOPLE.ben);
  for (const note of SAMPLE_NOTES.filter((n) => n.afterMitigated)) await panel('addTimelineNote', { text: note.text }, SAMPLE_PEOPLE[note.by]);

  // Mackerel's `ok` for the same alert (what host-ok.json is to host-critical.json): every alert resolved → recovered.
  // Its close time is the next whole second, so the recovery follows the notes on the timeline.
  const ok = fixture('service.json');
  const closed = Math.ceil(Date.now() / 1000);
  Object.assign(ok, { message: 'orders.payment_failed_rate 0.08' });
  Object.assign(ok.alert, { openedAt: seconds(detected), createdAt: detected, status: 'ok', isOpen: false, closedAt: closed, statusChangedAt: closed, metricValue: 0.08 });
  await sendMackerel(sandbox, ok);
  await sandbox.idle(60_000, true);

  // 3. The release history around the recovered incident (as it is stored now: Ben's backdated impact start).
  const deployments = await sendSampleDeployments(sandbox, sampleIncident(sandbox, SAMPLE_GROUP_KEYS.recovered), Date.now());

  // 4. Learning from it: Ben publishes its retrospective, the library page, Aiko recommends it.
  const learning = await sendLearning(sandbox, recovered);

  sandbox.store.put(SAMPLE_MARKER.ns, SAMPLE_MARKER.key, new Date().toISOString());
  return {
    open: { incidentId: open.id, issueKey: open.issue.key },
    recovered: { incidentId: recovered.id, issueKey: recovered.issue.key },
    deployments,
    learning: { ...(slackWebhook ? { slackWebhook } : {}), ...learning },
  };
}

// ---- the sample deployments -------------------------------------------------------------------------------------

/** The service the recovered sample incident's alert names (`mackerel:service:ec-site`), which the deployments ship. */
export const SAMPLE_SERVICE = 'ec-site';
const SAMPLE_REPO = 'https://github.com/example/ec-site';
const DAY = 24 * 60 * MINUTE;

/** What one sample deployment is there to show on the gadget. */
export type SampleDeploymentRole = 'history' | 'rolled-back' | 'change-failure' | 'hotfix';

export interface SampleDeployment {
  id: string;
  version: string;
  role: SampleDeploymentRole;
  finishedAt: string;
}

/** A deployment-webhook body: Apache DevLake's fields plus Kaizen's (src/deployments/deployment-body.ts). */
export interface SampleDeploymentBody {
  id: string;
  displayTitle: string;
  name: string;
  result: 'SUCCESS';
  environment: 'PRODUCTION';
  startedDate: string;
  finishedDate: string;
  deploymentCommits: Array<{ repoUrl: string; refName: string; commitSha: string; commitMsg: string; result: 'SUCCESS'; startedDate: string; finishedDate: string; commitAuthoredDate: string }>;
  service: string;
  version: string;
  pipelineUrl: string;
  outcome: 'success' | 'rolled_back';
  hotfixFor?: string[];
  problemSummary?: string;
}

/**
 * The sample releases of `ec-site`, placed around the recovered incident (`impactStartedAt`, `issueKey`) and `now`
 * (epoch ms). Ids are fixed (`kaizen-sample-ec-site-<version>`), so a resend is the same deployment. Pure.
 *
 * - six ordinary releases, 40 to 8 days ago, one a week or so: deployment frequency; every commit carries its
 *   authored time (a few hours to two days before the release): lead time;
 * - v2.3.0, 9 days ago, `rolled_back` with its summary: a release problem (CI's `ci:<id>`) and a failed deployment;
 * - v2.4.0, finished 2 h before the incident's impact start: the latest production deployment of `ec-site` before
 *   it, so the rule attributes the incident to it — a change failure, and the recovery time of a failed deployment;
 * - v2.4.1, finished a minute before `now` (after the impact start, so never the one attributed), `hotfixFor` the
 *   incident's issue: rework.
 */
export function sampleDeployments(incident: { impactStartedAt: number; issueKey: string }, now: number): Array<{ role: SampleDeploymentRole; body: SampleDeploymentBody }> {
  const release = (role: SampleDeploymentRole, version: string, finishedAt: number, commits: Array<[message: string, authoredBeforeMs: number]>, extra: Partial<SampleDeploymentBody> = {}) => {
    const id = `kaizen-sample-${SAMPLE_SERVICE}-${version}`;
    const startedDate = new Date(finishedAt - 6 * MINUTE).toISOString();
    const finishedDate = new Date(finishedAt).toISOString();
    const body: SampleDeploymentBody = {
      id,
      displayTitle: `${SAMPLE_SERVICE} ${version}`,
      name: `deploy ${SAMPLE_SERVICE} to production`,
      result: 'SUCCESS',
      environment: 'PRODUCTION',
      startedDate,
      finishedDate,
      deploymentCommits: commits.map(([commitMsg, authoredBefore], i) => ({
        repoUrl: SAMPLE_REPO,
        refName: 'main',
        commitSha: createHash('sha1').update(`${id}#${i}`).digest('hex'),
        commitMsg,
        result: 'SUCCESS',
        startedDate,
        finishedDate,
        commitAuthoredDate: new Date(finishedAt - authoredBefore).toISOString(),
      })),
      service: SAMPLE_SERVICE,
      version,
      pipelineUrl: `https://ci.example.com/${SAMPLE_SERVICE}/pipelines/${version}`,
      outcome: 'success',
      ...extra,
    };
    return { role, body };
  };
  const HOUR = 60 * MINUTE;
  return [
    release('history', 'v2.1.0', now - 40 * DAY, [['Coupon codes at checkout', 2 * DAY], ['Show the coupon on the receipt', 20 * HOUR]]),
    release('history', 'v2.1.1', now - 33 * DAY, [['Fix rounding of coupon discounts', 5 * HOUR]]),
    release('history', 'v2.2.0', now - 26 * DAY, [['Wish lists', 30 * HOUR], ['Wish list share link', 9 * HOUR]]),
    release('history', 'v2.2.1', now - 19 * DAY, [['Upgrade the payment SDK', 26 * HOUR]]),
    release('history', 'v2.2.2', now - 13 * DAY, [['Retry payment authorisation once on timeout', 7 * HOUR]]),
    release('rolled-back', 'v2.3.0', now - 9 * DAY, [['New cart page', 3 * DAY], ['Cart page: lazy-load recommendations', 22 * HOUR]], {
      outcome: 'rolled_back',
      problemSummary: 'The new cart page answered 500 for carts with a coupon; rolled back to v2.2.2 within 15 minutes.',
    }),
    release('history', 'v2.3.1', now - 8 * DAY, [['Cart page: handle coupons without an expiry', 18 * HOUR]]),
    release('change-failure', 'v2.4.0', incident.impactStartedAt - 2 * HOUR, [['Order history: list every past order', 28 * HOUR], ['Order history: filter by date', 6 * HOUR]]),
    release('hotfix', 'v2.4.1', now - MINUTE, [['Index orders (customer_id, created_at) for the order history query', 25 * MINUTE]], { hotfixFor: [incident.issueKey] }),
  ];
}

/**
 * Stores CI's development secret unless another one is configured, then posts {@link sampleDeployments} to the real
 * `deployment-webhook` trigger as CI would, and waits for the consumer to record them. Answers what it sent; nothing
 * when the data directory's deployments secret was set on the admin page (the development one is not accepted).
 */
async function sendSampleDeployments(sandbox: Sandbox, recovered: Incident & { issue: NonNullable<Incident['issue']> }, now: number): Promise<SampleDeployment[]> {
  const accepted = await runInInvocation({ functionKey: 'sandbox-sample-data', moduleKey: 'sandbox-sample-data', moduleType: 'sandbox', accountId: undefined, timeoutMs: 60_000 }, () => ensureDeploymentsDevSecret());
  if (!accepted) return [];
  const url = sandbox.webtriggers.urlOf(DEPLOYMENT_WEBTRIGGER_KEY);
  if (!url) throw new Error(`the sample data needs the ${DEPLOYMENT_WEBTRIGGER_KEY} web trigger`);
  const impactStartedAt = Date.parse(recovered.impactStartedAt ?? recovered.detectedAt);
  const sent: SampleDeployment[] = [];
  for (const { role, body } of sampleDeployments({ impactStartedAt, issueKey: recovered.issue.key }, now)) {
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${devSecret('deployments')}` }, body: JSON.stringify(body) });
    if (res.status !== 202) throw new Error(`the sample deployment ${body.id} was refused: ${res.status} ${await res.text()}`);
    sent.push({ id: body.id, version: body.version, role, finishedAt: body.finishedDate });
  }
  await sandbox.idle(60_000, true);
  sandbox.store.put(SAMPLE_DEPLOYMENTS_MARKER.ns, SAMPLE_DEPLOYMENTS_MARKER.key, new Date().toISOString());
  return sent;
}

/** A data directory that got its sample incidents before the sample deployments existed: sends them once. */
async function topUpDeployments(sandbox: Sandbox): Promise<void> {
  if (sandbox.store.get(SAMPLE_DEPLOYMENTS_MARKER.ns, SAMPLE_DEPLOYMENTS_MARKER.key)) return;
  let recovered: ReturnType<typeof sampleIncident>;
  try {
    recovered = sampleIncident(sandbox, SAMPLE_GROUP_KEYS.recovered);
  } catch {
    return; // the recovered sample incident is gone (a reset): nothing to place the deployments around
  }
  await sendSampleDeployments(sandbox, recovered, Date.now());
}

// ---- learning from incidents (sandbox/sample-learning.ts) ----------------------------------------------------------

/** Steps 2–4 of sandbox/sample-learning.ts for the recovered sample incident: Ben drafts and publishes, Aiko recommends. */
function sendLearning(sandbox: Sandbox, recovered: { id: string; issue: { id: string; key: string } }) {
  const retrospectivePageId = (): string | undefined => sampleIncident(sandbox, SAMPLE_GROUP_KEYS.recovered).retrospective?.page.id;
  return sendSampleLearning(sandbox, { issue: recovered.issue, retrospectivePageId }, { drafter: SAMPLE_PEOPLE.ben, recommender: SAMPLE_PEOPLE.aiko });
}

/**
 * A data directory that got its sample incidents before the learning sample existed: Slack (unless a default webhook
 * is saved), the published retrospective, the library page and the recommendation, once. Its incidents were not
 * announced (no webhook then, unless someone saved one); the retrospective's announcement is the new message. A step the
 * app refuses (say, the retrospective page was deleted) is reported, not fatal: the directory is people's by now.
 */
async function topUpLearning(sandbox: Sandbox): Promise<void> {
  if (sandbox.store.get(SAMPLE_LEARNING_MARKER.ns, SAMPLE_LEARNING_MARKER.key)) return;
  let recovered: ReturnType<typeof sampleIncident>;
  try {
    recovered = sampleIncident(sandbox, SAMPLE_GROUP_KEYS.recovered);
  } catch {
    return; // the recovered sample incident is gone (a reset): nothing to learn from
  }
  try {
    await ensureSampleSlack(sandbox, SAMPLE_PEOPLE.aiko);
    await sendLearning(sandbox, recovered);
  } catch (e) {
    console.warn(`Sample data: the learning sample (retrospective, library page) was not made: ${e instanceof Error ? e.message : String(e)}`);
    sandbox.store.put(SAMPLE_LEARNING_MARKER.ns, SAMPLE_LEARNING_MARKER.key, new Date().toISOString());
  }
}

interface MackerelAlertPayload {
  message?: string;
  alert: Record<string, unknown>;
}

/** Posts a Mackerel webhook body to the real web trigger with the development token, as Mackerel would. */
async function sendMackerel(sandbox: Sandbox, payload: MackerelAlertPayload): Promise<void> {
  const url = sandbox.webtriggers.urlOf('mackerel-webhook');
  if (!url) throw new Error('the sample data needs the mackerel-webhook web trigger');
  const res = await fetch(`${url}?token=${encodeURIComponent(devSecret('mackerel'))}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) });
  if (res.status !== 202) throw new Error(`the sample alert was refused: ${res.status} ${await res.text()}`);
}

/** The incident collecting `groupKey`, read from KVS by the app's own index, with its Jira issue. */
function sampleIncident(sandbox: Sandbox, groupKey: string): Incident & { issue: NonNullable<Incident['issue']> } {
  for (const state of INCIDENT_STATES) {
    let cursor: string | undefined;
    do {
      const r = sandbox.kvs.handle('/api/v1/entity/query', { entityName: 'incident', indexName: 'by-state-opened', partition: [state], limit: 100, ...(cursor ? { cursor } : {}) });
      const body = r.body as { data?: Array<{ value: { version: number; data: unknown } }>; cursor?: string };
      for (const row of body.data ?? []) {
        const incident = incidentFromRow(row.value);
        if (incident.groupKeys.includes(groupKey)) {
          if (!incident.issue) throw new Error(`the sample incident "${incident.title}" has no Jira issue`);
          return { ...incident, issue: incident.issue };
        }
      }
      cursor = body.cursor;
    } while (cursor);
  }
  throw new Error(`the sample alert (${groupKey}) opened no incident`);
}
