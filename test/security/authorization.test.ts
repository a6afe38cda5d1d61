/**
 * Who may call which resolver (issue 7 item 6c, DESIGN 4): EVERY resolver of the contract × {site admin, editor,
 * viewer, anonymous} → allowed (with the answer it then gives) or refused (with the refusal code), through the
 * sandbox as the platform invokes resolvers. A resolver added to src/shared/resolver-contract.ts without a row here
 * fails to compile (`satisfies Record<ResolverKey, …>`) and fails the first test.
 */
import { INSTALL_CONTEXT, adminPage, callResolver, gadget, issueAction, issuePanel, macro, USERS, type ModuleCall } from '../resolvers/call-resolver';
import { RESOLVERS, type ResolverKey } from '../../src/shared/resolver-contract';
import { RESOLVER_ERROR_CODES, type ResolverErrorCode } from '../../src/shared/resolver-result';
import { onlyIncident } from '../helpers/incidents';
import { fixture, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';

type Caller = 'siteAdmin' | 'editor' | 'viewer' | 'anonymous';
const CALLERS: Record<Exclude<Caller, 'anonymous'>, string> = { siteAdmin: USERS.aiko, editor: USERS.ben, viewer: USERS.viewer };

/** What a caller gets: `ok`, or an error code. Codes in {@link REFUSALS} mean "refused"; any other is an allowed call's answer. */
type Outcome = 'ok' | ResolverErrorCode;
const REFUSALS: ReadonlySet<ResolverErrorCode> = new Set(['admin-only', 'edit-not-allowed', 'create-not-allowed', 'issue-not-visible', 'project-not-visible', 'content-not-visible', 'page-edit-not-allowed', 'bad-context']);

interface Fixture {
  issue: { id: string; key: string };
  incidentId: string;
  pageId: string;
}

interface Row {
  module: (f: Fixture) => ModuleCall;
  payload: (f: Fixture) => Record<string, unknown>;
  /** In the order the table runs them: the site admin's call comes first, so a refusal to the others is what it is. */
  expect: Record<Caller, Outcome>;
}

const ADMIN_ONLY = { editor: 'admin-only', viewer: 'admin-only', anonymous: 'bad-context' } as const;
const admin = (payload: Record<string, unknown>, siteAdmin: Outcome): Row => ({ module: () => adminPage, payload: () => payload, expect: { siteAdmin, ...ADMIN_ONLY } });

const action = (payload: Record<string, unknown>): Row => ({ module: (f) => issuePanel(f.issue), payload: () => payload, expect: { siteAdmin: 'ok', editor: 'ok', viewer: 'edit-not-allowed', anonymous: 'bad-context' } });

const TABLE = {
  getIncident: { module: (f) => issuePanel(f.issue), payload: () => ({}), expect: { siteAdmin: 'ok', editor: 'ok', viewer: 'ok', anonymous: 'bad-context' } },
  acknowledgeIncident: { module: (f) => issuePanel(f.issue), payload: () => ({}), expect: { siteAdmin: 'ok', editor: 'ok', viewer: 'edit-not-allowed', anonymous: 'bad-context' } },
  // the panel's actions: an editor may, a viewer may not (edit permission checked as the caller). In this order the
  // editor's call repeats the admin's (an `unchanged` answer is still `ok`); close comes before reopen.
  setIncidentLevel: action({ level: 'SEV1' }),
  setIncidentRoles: action({ commander: USERS.aiko }),
  setKeyTime: action({ field: 'impactStartedAt', at: '2020-01-01T00:00:00.000Z' }),
  addTimelineNote: action({ text: 'Rolled back the deploy' }),
  markMitigated: action({}),
  markRecovered: action({}),
  closeIncident: action({}),
  reopenIncident: action({}),
  // the retrospective: drafted by the admin (the editor's call opens it: `existing`), refreshed, then published
  draftRetrospective: action({}),
  refreshRetrospectiveFacts: action({}),
  publishRetrospective: action({}),
  // the AI draft of the (published) retrospective: asked, polled and discarded by an editor; nothing is left to insert
  requestAiDraft: action({}),
  getAiDraft: action({}),
  discardAiDraft: action({}),
  insertAiDraft: { module: (f) => issuePanel(f.issue), payload: () => ({}), expect: { siteAdmin: 'not-found', editor: 'not-found', viewer: 'edit-not-allowed', anonymous: 'bad-context' } },
  // the retrospective's action items table (empty here) → tasks: an editor may sync, a viewer may not
  syncActionItems: action({}),
  // the published retrospective's Recommend (おすすめ) from the panel: read by whoever sees the issue and reads the
  // page; taking it back needs edit on the page (asked as the caller), which the viewer lacks
  getRetrospectiveRecommendation: { module: (f) => issuePanel(f.issue), payload: () => ({}), expect: { siteAdmin: 'ok', editor: 'ok', viewer: 'ok', anonymous: 'bad-context' } },
  recommendRetrospective: { module: (f) => issuePanel(f.issue), payload: () => ({ recommended: false }), expect: { siteAdmin: 'ok', editor: 'ok', viewer: 'page-edit-not-allowed', anonymous: 'bad-context' } },
  // the issue action: anyone who sees the issue gets the form; declaring needs create rights in the incident
  // project (a new issue) — the editor's call repeats the admin's request id, so it answers that same incident
  getDeclareForm: { module: (f) => issueAction(f.issue), payload: () => ({}), expect: { siteAdmin: 'ok', editor: 'ok', viewer: 'ok', anonymous: 'bad-context' } },
  declareIncident: {
    module: (f) => issueAction(f.issue),
    payload: () => ({ requestId: '0b6f3c1e-2a4d-4e5f-8a7b-9c0d1e2f3a4b', target: 'new-issue', title: 'Checkout is slow', level: 'SEV3', drill: true }),
    expect: { siteAdmin: 'ok', editor: 'ok', viewer: 'create-not-allowed', anonymous: 'bad-context' },
  },
  // the metrics gadget: anyone who can browse the incident project
  getMetrics: { module: () => gadget({ period: 90 }), payload: () => ({ period: 90 }), expect: { siteAdmin: 'ok', editor: 'ok', viewer: 'ok', anonymous: 'bad-context' } },
  getMetricsOptions: { module: () => gadget({ period: 90 }), payload: () => ({}), expect: { siteAdmin: 'ok', editor: 'ok', viewer: 'ok', anonymous: 'bad-context' } },
  // the panel's attribution: seen by whoever sees the issue, changed by whoever may edit it
  getAttribution: { module: (f) => issuePanel(f.issue), payload: () => ({}), expect: { siteAdmin: 'ok', editor: 'ok', viewer: 'ok', anonymous: 'bad-context' } },
  setAttribution: action({ mode: 'none' }),
  // the issue action "Report a release problem": the form for whoever sees the issue; reporting needs edit on it (the
  // editor's call repeats the admin's request id: `already`, still ok)
  getReleaseProblemForm: { module: (f) => issueAction(f.issue), payload: () => ({}), expect: { siteAdmin: 'ok', editor: 'ok', viewer: 'ok', anonymous: 'bad-context' } },
  reportReleaseProblem: {
    module: (f) => issueAction(f.issue),
    payload: () => ({ requestId: '5d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d', class: 'rolled_back', deploymentId: null, service: 'checkout', version: 'v1.2.0', summary: 'Rolled back v1.2.0', occurredAt: '2026-11-30T10:00:00.000Z' }),
    expect: { siteAdmin: 'ok', editor: 'ok', viewer: 'edit-not-allowed', anonymous: 'bad-context' },
  },
  getIncidentStatus: { module: (f) => macro(f.pageId, { 'incident-id': f.incidentId }), payload: (f) => ({ incidentId: f.incidentId }), expect: { siteAdmin: 'ok', editor: 'ok', viewer: 'ok', anonymous: 'bad-context' } },
  // the postmortem library macro (on a page everyone reads): listing for all; recommending a page that is no published
  // postmortem is `not-found` for all (the refusal to a viewer who cannot edit is test/resolvers/postmortem-library.test.ts's)
  listPostmortems: { module: (f) => macro(f.pageId, {}), payload: () => ({}), expect: { siteAdmin: 'ok', editor: 'ok', viewer: 'ok', anonymous: 'bad-context' } },
  setRecommendation: { module: (f) => macro(f.pageId, {}), payload: (f) => ({ pageId: f.pageId, recommended: false }), expect: { siteAdmin: 'not-found', editor: 'not-found', viewer: 'not-found', anonymous: 'bad-context' } },
  // reading sessions: the fixture's page is no postmortem and no session page — `not-found` to all who can read it,
  // the macro's view `session: null` (creation, sync and their refusals: test/resolvers/reading-sessions.test.ts)
  startReadingSession: { module: (f) => macro(f.pageId, {}), payload: (f) => ({ requestId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', postmortemPageId: f.pageId }), expect: { siteAdmin: 'not-found', editor: 'not-found', viewer: 'not-found', anonymous: 'bad-context' } },
  getReadingSession: { module: (f) => macro(f.pageId, {}), payload: () => ({}), expect: { siteAdmin: 'ok', editor: 'ok', viewer: 'ok', anonymous: 'bad-context' } },
  syncReadingSessionTodos: { module: (f) => macro(f.pageId, {}), payload: () => ({}), expect: { siteAdmin: 'not-found', editor: 'not-found', viewer: 'not-found', anonymous: 'bad-context' } },
  getSettings: admin({}, 'ok'),
  getSettingsOptions: admin({ pageQuery: 'Incidents' }, 'ok'),
  // passes the gate, then meets the revision check: nothing is saved by anyone
  saveSettings: admin({ settings: {}, revision: 12345 }, 'settings-changed'),
  getAdminSources: admin({}, 'ok'),
  generateSourceSecret: admin({ source: 'mackerel' }, 'ok'),
  pasteSourceSecret: admin({ source: 'pagerduty', secret: 'pagerduty-signing-secret-0123456789' }, 'ok'),
  retireSourceSecret: admin({ source: 'mackerel', fingerprint: 'sha256:000000000000' }, 'not-found'),
  setSourceHeaders: admin({ source: 'opsgenie', headerName: 'X-Kaizen-Token' }, 'ok'),
  getDeadLetters: admin({}, 'ok'),
  replayDeadLetters: admin({ ids: [] }, 'ok'),
  discardDeadLetter: admin({ id: 'no-such-letter' }, 'not-found'),
  // drills: a wrong speed is the admin's allowed answer, and starts nothing (so the table's later rows see no drill)
  getDrills: admin({}, 'ok'),
  startDrill: admin({ requestId: '5d0c6a8e-2f4b-4c1d-9e3a-7b6f8a9c0d1e', scenarioId: 'web-latency-outage', speed: 'warp' }, 'drill-bad-speed'),
  // Slack notifications: reading the settings shows no URL; an empty save changes nothing; no webhook set → `not-found`
  getSlackSettings: admin({}, 'ok'),
  saveSlackSettings: admin({}, 'ok'),
  sendSlackTest: admin({ slot: 'SEV1' }, 'not-found'),
} satisfies Record<ResolverKey, Row>;

describe('resolver authorization: every resolver × every kind of caller', () => {
  let sb: TestSandbox;
  let f: Fixture;

  /** Calls as the platform would; `anonymous` has no principal (a logged-out or anonymous Confluence viewer). */
  async function invoke(key: ResolverKey, caller: Caller): Promise<Outcome> {
    const row: Row = TABLE[key];
    const module = row.module(f);
    let raw: unknown;
    if (caller === 'anonymous') {
      const result = await sb.invoker.invoke(
        'resolver-fn',
        [{ call: { functionKey: key, payload: row.payload(f) }, context: { localId: 'test-local-id', moduleKey: module.moduleKey, extension: module.extension } }, { installContext: INSTALL_CONTEXT }],
        { moduleKey: module.moduleKey, moduleType: module.moduleType },
      );
      if (!result.ok) throw result.error;
      raw = result.value;
    } else {
      raw = await callResolver(sb, module, key, row.payload(f), CALLERS[caller]);
    }
    const answer = RESOLVERS[key].response.parse(raw);
    return answer.ok ? 'ok' : answer.error.code;
  }

  const appState = () => JSON.stringify([sb.store.range('kvs'), sb.store.range('kvs-secret')]);

  beforeAll(async () => {
    sb = await startKaizenSandbox();
    expect((await sendAs(sb, 'mackerel', fixture('mackerel', 'host-critical.json'))).status).toBe(202);
    await sb.idle();
    const incident = onlyIncident(sb);
    f = { issue: { id: incident.issue!.id, key: incident.issue!.key }, incidentId: incident.id, pageId: incident.page!.id };
  });
  afterAll(() => sb.dispose());

  it('has a row for every resolver in the contract, and no row for one that is not there', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(RESOLVERS).sort());
    for (const row of Object.values(TABLE) as Row[]) for (const outcome of Object.values(row.expect)) expect(['ok', ...RESOLVER_ERROR_CODES]).toContain(outcome);
  });

  const cases = (Object.keys(TABLE) as ResolverKey[]).flatMap((key) => (['siteAdmin', 'editor', 'viewer', 'anonymous'] as const).map((caller) => [key, caller] as const));

  it.each(cases)('%s as %s', async (key, caller) => {
    const expected = (TABLE[key] as Row).expect[caller];
    // the previous call's queued work (an AI draft's consumer) is done before the snapshot
    await sb.idle();
    const before = appState();
    const outcome = await invoke(key, caller);
    expect(outcome).toBe(expected);
    if (REFUSALS.has(outcome as ResolverErrorCode)) {
      // a refusal reads nothing the caller may not see and writes nothing at all
      await sb.idle();
      expect(appState()).toBe(before);
    }
  });

  it('asks Jira about the caller as the caller, never as the app', () => {
    const checks = sb.log.list({ kind: 'product' }).filter((e) => e.path === '/rest/api/3/mypermissions');
    expect(checks.length).toBeGreaterThan(0);
    for (const e of checks) expect(Object.values(CALLERS)).toContain(e.actor);
  });
});
