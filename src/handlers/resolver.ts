/**
 * Resolvers for the Custom UI modules (src/shared/resolver-contract.ts lists them). Every call acts for the calling
 * user (DESIGN 4): ids in the context come through the browser, so each resolver checks what the user may do AS
 * THE USER before the app's own rights read anything. Payloads are parsed; answers are `{ok, data}` or
 * `{ok: false, error: {code, message}}`, whose code the UI shows as a sentence in the user's language.
 * https://developer.atlassian.com/platform/forge/runtime-reference/forge-resolver/
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { deadLetterStore, replayDeps, secretMaker, settingsStore, sourceCredentials, sourceStatusRead, webtriggerUrl } from '../adapters/admin-wiring';
import { siteCatalogue } from '../adapters/site-catalogue';
import { userAccess } from '../adapters/user-access';
import { incidentReads } from '../storage/incident-reads';
import { IssueContextSchema, MacroContextSchema } from '../shared/forge-context';
import { RESOLVERS, type RequestOf, type ResolverKey, type ResponseOf } from '../shared/resolver-contract';
import { fail, ok, type ResolverResult } from '../shared/resolver-result';
import type { IncidentActionData } from '../shared/incident-actions';
import { createIncidentIfAbsent, removeIncidentIfBare, updateIncident } from '../storage/incident-store';
import { loadIntakeSettings } from '../storage/settings';
import { deploymentsStatus } from '../storage/deployments-status';
import { acknowledgeIncident } from '../usecases/acknowledge-incident';
import { jiraIssueAsUser } from '../adapters/jira-issue-as-user';
import { jiraPeopleAsUser } from '../adapters/jira-users';
import { consoleLog } from '../adapters/product-http';
import { ingestDeps } from '../app/wiring';
import { addTimelineNote, closeIncident, markIncidentMitigated, markIncidentRecovered, reopenIncident, setIncidentKeyTime, setIncidentLevel, setIncidentRoles, type IncidentActionDeps } from '../usecases/incident-actions';
import { getMetrics, getMetricsOptions } from '../usecases/get-metrics';
import { metricsReads } from '../storage/sql/metrics-queries';
import { declareIncident, getDeclareForm, type DeclareDeps } from '../usecases/declare-incident';
import { getIncidentOfIssue } from '../usecases/get-incident';
import { getIncidentStatus } from '../usecases/get-incident-status';
import { getReadingSessionDeps, startReadingSessionDeps, syncSessionTodosDeps } from '../app/reading-sessions-wiring';
import { getReadingSession } from '../usecases/reading-sessions/get-reading-session';
import { startReadingSession } from '../usecases/reading-sessions/start-reading-session';
import { syncSessionTodos } from '../usecases/reading-sessions/sync-session-todos';
import { listAdminSources } from '../usecases/admin/admin-sources';
import { discardDeadLetter, listDeadLetterViews } from '../usecases/admin/dead-letters';
import { drillIncidents, drillRuns, startDrillDeps } from '../app/drills-wiring';
import { listDrills } from '../usecases/drills/list-drills';
import { startDrill } from '../usecases/drills/start-drill';
import { getSettings } from '../usecases/admin/get-settings';
import { getSettingsOptions } from '../usecases/admin/get-settings-options';
import { refuseUnlessJiraAdmin } from '../usecases/admin/require-admin';
import { getSlackSettings, saveSlackSettings, sendSlackTest } from '../usecases/notify/slack-settings-admin';
import { slackSettingsStore } from '../app/notify-wiring';
import { slackWebhookPoster } from '../adapters/slack-webhook';
import { saveSettings } from '../usecases/admin/save-settings';
import { generateSourceSecret, pasteSourceSecret, retireSourceSecret, setSourceHeaders } from '../usecases/admin/source-secret-actions';
import { replayDeadLetters } from '../usecases/replay-dead-letters';
import type { UserAccess } from '../usecases/ui-ports';
import { syncActionItemsDeps } from '../app/action-items-wiring';
import { syncActionItems } from '../usecases/action-items/sync-action-items';
import { retrospectiveDeps } from '../app/retrospective-wiring';
import { draftRetrospective } from '../usecases/retrospective/draft-retrospective';
import { publishRetrospective } from '../usecases/retrospective/publish-retrospective';
import { refreshRetrospectiveFacts } from '../usecases/retrospective/refresh-retrospective-facts';
import { aiDraftDeps } from '../app/ai-draft-wiring';
import { discardAiDraft } from '../usecases/ai-draft/discard-ai-draft';
import { getAiDraft } from '../usecases/ai-draft/get-ai-draft';
import { insertAiDraft } from '../usecases/ai-draft/insert-ai-draft';
import { requestAiDraft } from '../usecases/ai-draft/request-ai-draft';
import { attributionDeps } from '../app/attribution-wiring';
import { getAttribution } from '../usecases/attribution/get-attribution';
import { setAttribution } from '../usecases/attribution/set-attribution';
import { reportReleaseProblemDeps } from '../app/release-problems-wiring';
import { getReleaseProblemForm, reportReleaseProblem } from '../usecases/release-problems/report-release-problem';
import { libraryPagesAsUser } from '../adapters/library-pages';
import { libraryStore } from '../storage/sql/library';
import { listPostmortems } from '../usecases/library/list-postmortems';
import { setRecommendation } from '../usecases/library/set-recommendation';
import { getRetrospectiveRecommendation, recommendRetrospective } from '../usecases/library/recommend-retrospective';

const CallerSchema = z.object({ accountId: z.string().min(1) });

const clock = { now: () => new Date() };

const resolver = new Resolver();

/** The platform prompts the user for consent on this error, so it must reach the platform (§6.3). */
const needsConsent = (e: unknown): boolean => e instanceof Error && e.name === 'NEEDS_AUTHENTICATION_ERR';

/** Defines a resolver whose payload is parsed by its schema and whose unexpected failures become an `internal` answer. */
function define<K extends ResolverKey>(key: K, run: (payload: RequestOf<K>, context: unknown, access: UserAccess) => Promise<ResponseOf<K>>): void {
  resolver.define(key, async ({ payload, context }: { payload: unknown; context: unknown }) => {
    const parsed = RESOLVERS[key].request.safeParse(payload ?? {});
    if (!parsed.success) return fail('bad-request', parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; '));
    // every check below is made as the calling user: without one (an anonymous view) there is nobody to check
    if (!CallerSchema.safeParse(context).success) return fail('bad-context', 'This view needs a signed-in user.');
    try {
      return await run(parsed.data as RequestOf<K>, context, userAccess);
    } catch (e) {
      if (needsConsent(e)) throw e;
      console.error(`Resolver ${key} failed`, e);
      return fail('internal', 'Kaizen could not complete this request. Try again; if it keeps failing, an administrator can see the details in the app logs.');
    }
  });
}

const issueIdOf = (context: unknown): string | undefined => {
  const parsed = IssueContextSchema.safeParse(context);
  return parsed.success ? parsed.data.extension.issue.id : undefined;
};

define('getIncident', async (_payload, context, access) => {
  const issueId = issueIdOf(context);
  if (!issueId) return fail('bad-context', 'This view needs an issue.');
  return getIncidentOfIssue(issueId, { access, incidents: incidentReads, settings: loadIntakeSettings, clock });
});

define('acknowledgeIncident', async (_payload, context, access) => {
  const issueId = issueIdOf(context);
  if (!issueId) return fail('bad-context', 'This view needs an issue.');
  // the panel's other actions' deps: the entry joins the coalesced comment and is flushed like theirs
  return acknowledgeIncident(issueId, actionDeps(access));
});

// ---- the panel's incident actions: each checks, as the caller, that they may edit the issue (run-person-action) ----
type ActionKey = 'setIncidentLevel' | 'setIncidentRoles' | 'setKeyTime' | 'markMitigated' | 'markRecovered' | 'reopenIncident' | 'closeIncident' | 'addTimelineNote';
const actionDeps = (access: UserAccess): IncidentActionDeps => ({
  access,
  incidents: incidentReads,
  update: updateIncident,
  clock,
  jira: jiraIssueAsUser,
  people: jiraPeopleAsUser,
  priorityOf: async (level) => (await loadIntakeSettings()).priorityByLevel[level],
  log: consoleLog,
  appSide: ingestDeps,
});
const defineAction = <K extends ActionKey>(key: K, run: (issueId: string, payload: RequestOf<K>, deps: IncidentActionDeps) => Promise<ResolverResult<IncidentActionData>>): void =>
  define(key, async (payload, context, access) => {
    const issueId = issueIdOf(context);
    if (!issueId) return fail('bad-context', 'This view needs an issue.') as ResponseOf<K>;
    // every action's answer schema is resultSchema(IncidentActionDataSchema); TS cannot see that through K
    return (await run(issueId, payload, actionDeps(access))) as ResponseOf<K>;
  });

defineAction('setIncidentLevel', (issueId, { level }, deps) => setIncidentLevel(issueId, level, deps));
defineAction('setIncidentRoles', (issueId, roles, deps) => setIncidentRoles(issueId, roles, deps));
defineAction('setKeyTime', (issueId, { field, at }, deps) => setIncidentKeyTime(issueId, field, at, deps));
defineAction('markMitigated', (issueId, { at }, deps) => markIncidentMitigated(issueId, at, deps));
defineAction('markRecovered', (issueId, { at }, deps) => markIncidentRecovered(issueId, at, deps));
defineAction('reopenIncident', (issueId, _payload, deps) => reopenIncident(issueId, deps));
defineAction('closeIncident', (issueId, _payload, deps) => closeIncident(issueId, deps));
defineAction('addTimelineNote', (issueId, { text }, deps) => addTimelineNote(issueId, text, deps));

// ---- the panel's retrospective: each checks, as the caller, that they may edit the issue (retrospective-steps) ----
define('draftRetrospective', async (_payload, context, access) => {
  const issueId = issueIdOf(context);
  if (!issueId) return fail('bad-context', 'This view needs an issue.');
  return draftRetrospective(issueId, retrospectiveDeps(access, clock));
});
define('refreshRetrospectiveFacts', async (_payload, context, access) => {
  const issueId = issueIdOf(context);
  if (!issueId) return fail('bad-context', 'This view needs an issue.');
  return refreshRetrospectiveFacts(issueId, retrospectiveDeps(access, clock));
});
define('publishRetrospective', async (_payload, context, access) => {
  const issueId = issueIdOf(context);
  if (!issueId) return fail('bad-context', 'This view needs an issue.');
  return publishRetrospective(issueId, retrospectiveDeps(access, clock));
});

// ---- the panel's "Draft summary with AI": each checks, as the caller, edit on the issue and read on the page (ai-draft-steps) ----
type AiKey = 'requestAiDraft' | 'getAiDraft' | 'insertAiDraft' | 'discardAiDraft';
const defineAi = <K extends AiKey>(key: K, run: (issueId: string, deps: ReturnType<typeof aiDraftDeps>) => Promise<ResponseOf<K>>): void =>
  define(key, async (_payload, context, access) => {
    const issueId = issueIdOf(context);
    if (!issueId) return fail('bad-context', 'This view needs an issue.') as ResponseOf<K>;
    return run(issueId, aiDraftDeps(access, clock));
  });
defineAi('requestAiDraft', (issueId, deps) => requestAiDraft(issueId, deps));
defineAi('getAiDraft', (issueId, deps) => getAiDraft(issueId, deps));
defineAi('insertAiDraft', (issueId, deps) => insertAiDraft(issueId, deps));
defineAi('discardAiDraft', (issueId, deps) => discardAiDraft(issueId, deps));

// ---- the panel's action items: checks, as the caller, edit on the issue (and create in the project when tasks are made) ----
define('syncActionItems', async (_payload, context, access) => {
  const issueId = issueIdOf(context);
  if (!issueId) return fail('bad-context', 'This view needs an issue.');
  return syncActionItems(issueId, syncActionItemsDeps(access, clock));
});

// ---- the panel's attribution (DESIGN 3.5): seen by whoever sees the issue, changed by whoever may edit it ----
define('getAttribution', async (_payload, context, access) => {
  const issueId = issueIdOf(context);
  if (!issueId) return fail('bad-context', 'This view needs an issue.');
  return getAttribution(issueId, attributionDeps(access, clock));
});
define('setAttribution', async (request, context, access) => {
  const issueId = issueIdOf(context);
  if (!issueId) return fail('bad-context', 'This view needs an issue.');
  return setAttribution(issueId, request, attributionDeps(access, clock));
});

// ---- the "Declare incident" issue action: checks, as the caller, edit on the issue or create in the project ----
const declareDeps = (access: UserAccess): DeclareDeps => ({
  access,
  people: jiraPeopleAsUser,
  incidents: incidentReads,
  createIfAbsent: createIncidentIfAbsent,
  removeIfBare: removeIncidentIfBare,
  settings: loadIntakeSettings,
  clock,
  appSide: ingestDeps,
});
define('getDeclareForm', async (_payload, context, access) => {
  const issueId = issueIdOf(context);
  if (!issueId) return fail('bad-context', 'This view needs an issue.');
  return getDeclareForm(issueId, declareDeps(access));
});
define('declareIncident', async (request, context, access) => {
  const issueId = issueIdOf(context);
  if (!issueId) return fail('bad-context', 'This view needs an issue.');
  return declareIncident(issueId, request, declareDeps(access));
});

// ---- the "Report a release problem" issue action: checks, as the caller, edit on the issue (and create in the
// incident project for an outage, which is declared through the path above) ----
const releaseProblemDeps = (access: UserAccess) => reportReleaseProblemDeps(access, clock, (issueId, request) => declareIncident(issueId, request, declareDeps(access)));
define('getReleaseProblemForm', async (_payload, context, access) => {
  const issueId = issueIdOf(context);
  if (!issueId) return fail('bad-context', 'This view needs an issue.');
  return getReleaseProblemForm(issueId, releaseProblemDeps(access));
});
define('reportReleaseProblem', async (request, context, access) => {
  const issueId = issueIdOf(context);
  if (!issueId) return fail('bad-context', 'This view needs an issue.');
  return reportReleaseProblem(issueId, request, releaseProblemDeps(access));
});

// ---- the metrics gadget: for whoever can browse the incident project (asked as the caller); 2 SQL queries a render ----
define('getMetrics', async (request, _context, access) => {
  const { jiraProjectKey } = await loadIntakeSettings();
  return getMetrics(request, { access, store: metricsReads, clock, projectKey: jiraProjectKey });
});
define('getMetricsOptions', async (_payload, _context, access) => {
  const { jiraProjectKey } = await loadIntakeSettings();
  return getMetricsOptions({ access, store: metricsReads, projectKey: jiraProjectKey });
});

// ---- the admin page: every resolver below runs only for a Jira administrator, asked as the caller ----
type AdminKey = 'getSettings' | 'getSettingsOptions' | 'saveSettings' | 'getAdminSources' | 'generateSourceSecret' | 'pasteSourceSecret' | 'retireSourceSecret' | 'setSourceHeaders' | 'getDeadLetters' | 'replayDeadLetters' | 'discardDeadLetter';
const defineAdmin = <K extends AdminKey>(key: K, run: (payload: RequestOf<K>, access: UserAccess) => Promise<ResponseOf<K>>): void =>
  // every answer schema is resultSchema(…), so the refusal is an answer of each; TS cannot see that through K
  define(key, async (payload, _context, access) => ((await refuseUnlessJiraAdmin(access)) as ResponseOf<K> | undefined) ?? run(payload, access));

const adminSources = () => listAdminSources({ credentials: sourceCredentials, statusOf: sourceStatusRead, deploymentsStatus, urlOf: webtriggerUrl });
const secretDeps = (access: UserAccess) => ({ access, credentials: sourceCredentials, secrets: secretMaker, clock });

defineAdmin('getSettings', async () => getSettings({ store: settingsStore }));
defineAdmin('getSettingsOptions', async (request) => getSettingsOptions(request, { site: siteCatalogue, store: settingsStore }));
defineAdmin('saveSettings', async (request, access) => saveSettings(request, { access, store: settingsStore, site: siteCatalogue, clock }));
defineAdmin('getAdminSources', async () => ok(await adminSources()));
defineAdmin('generateSourceSecret', async ({ source }, access) => generateSourceSecret(source, secretDeps(access)));
defineAdmin('pasteSourceSecret', async ({ source, secret }, access) => pasteSourceSecret(source, secret, secretDeps(access)));
defineAdmin('retireSourceSecret', async ({ source, fingerprint }) => {
  const retired = await retireSourceSecret(source, fingerprint, { credentials: sourceCredentials });
  return retired.ok ? ok(await adminSources()) : retired;
});
defineAdmin('setSourceHeaders', async (request) => {
  const changed = await setSourceHeaders(request, { credentials: sourceCredentials });
  return changed.ok ? ok(await adminSources()) : changed;
});
defineAdmin('getDeadLetters', async () => listDeadLetterViews({ listing: deadLetterStore }));
defineAdmin('replayDeadLetters', async ({ ids }) => ok(await replayDeadLetters(ids, replayDeps())));
defineAdmin('discardDeadLetter', async ({ id }) => discardDeadLetter(id, { letters: deadLetterStore }));

// ---- the admin page's drills (src/usecases/drills): Jira administrators only, asked as the caller ----
type DrillAdminKey = 'getDrills' | 'startDrill';
const defineDrillAdmin = <K extends DrillAdminKey>(key: K, run: (payload: RequestOf<K>, access: UserAccess) => Promise<ResponseOf<K>>): void =>
  define(key, async (payload, _context, access) => ((await refuseUnlessJiraAdmin(access)) as ResponseOf<K> | undefined) ?? run(payload, access));
defineDrillAdmin('getDrills', async () => listDrills({ runs: drillRuns, incidents: drillIncidents }));
defineDrillAdmin('startDrill', async (request, access) => startDrill(request, startDrillDeps(access)));

// ---- the admin page's Slack notifications: Jira administrators only, asked as the caller (webhook URLs never answered) ----
type SlackAdminKey = 'getSlackSettings' | 'saveSlackSettings' | 'sendSlackTest';
const defineSlackAdmin = <K extends SlackAdminKey>(key: K, run: (payload: RequestOf<K>, access: UserAccess) => Promise<ResponseOf<K>>): void =>
  define(key, async (payload, _context, access) => ((await refuseUnlessJiraAdmin(access)) as ResponseOf<K> | undefined) ?? run(payload, access));
defineSlackAdmin('getSlackSettings', async () => getSlackSettings({ store: slackSettingsStore }));
defineSlackAdmin('saveSlackSettings', async (request, access) => saveSlackSettings(request, { store: slackSettingsStore, access, clock }));
defineSlackAdmin('sendSlackTest', async ({ slot }) => sendSlackTest(slot, { store: slackSettingsStore, slack: slackWebhookPoster, settings: loadIntakeSettings, clock }));

define('getIncidentStatus', async ({ incidentId, sinceVersion }, context, access) => {
  const parsed = MacroContextSchema.safeParse(context);
  if (!parsed.success) return fail('bad-context', 'This macro needs the page it is on.');
  return getIncidentStatus(parsed.data.extension.content.id, incidentId, { access, incidents: incidentReads, clock }, sinceVersion);
});

// ---- reading sessions (DESIGN 3.6): started from the library (the payload names the postmortem, re-checked as the
// caller); the session macro acts on the page it is on, read (and for a sync, edited) as the caller ----
define('startReadingSession', async (request, _context, access) => startReadingSession(request, startReadingSessionDeps(access, clock)));
define('getReadingSession', async (_payload, context, access) => {
  const parsed = MacroContextSchema.safeParse(context);
  if (!parsed.success) return fail('bad-context', 'This macro needs the page it is on.');
  return getReadingSession(parsed.data.extension.content.id, getReadingSessionDeps(access));
});
define('syncReadingSessionTodos', async (_payload, context, access) => {
  const parsed = MacroContextSchema.safeParse(context);
  if (!parsed.success) return fail('bad-context', 'This macro needs the page it is on.');
  return syncSessionTodos(parsed.data.extension.content.id, syncSessionTodosDeps(access, clock));
});

// ---- the postmortem library macro (DESIGN 3.6): the macro's page readable by the caller, rows filtered to pages they can read ----
define('listPostmortems', async (request, context) => {
  const parsed = MacroContextSchema.safeParse(context);
  if (!parsed.success) return fail('bad-context', 'This macro needs the page it is on.');
  return listPostmortems(parsed.data.extension.content.id, request, { store: libraryStore, pages: libraryPagesAsUser, clock });
});
define('setRecommendation', async (request, context) => {
  const parsed = MacroContextSchema.safeParse(context);
  if (!parsed.success) return fail('bad-context', 'This macro needs the page it is on.');
  // the caller's account id is the platform's (the resolver refused a call without one), never the browser's
  const { accountId } = CallerSchema.parse(context);
  return setRecommendation(parsed.data.extension.content.id, accountId, request, { store: libraryStore, pages: libraryPagesAsUser, clock });
});

// ---- the panel's Recommend (おすすめ) of its published retrospective: the library's use case for the retrospective's
// page, checked as the caller (they see the issue; read, and to change it edit, the page) ----
define('getRetrospectiveRecommendation', async (_payload, context, access) => {
  const issueId = issueIdOf(context);
  if (!issueId) return fail('bad-context', 'This view needs an issue.');
  return getRetrospectiveRecommendation(issueId, { access, incidents: incidentReads, store: libraryStore, pages: libraryPagesAsUser });
});
define('recommendRetrospective', async (request, context, access) => {
  const issueId = issueIdOf(context);
  if (!issueId) return fail('bad-context', 'This view needs an issue.');
  const { accountId } = CallerSchema.parse(context);
  return recommendRetrospective(issueId, accountId, request, { access, incidents: incidentReads, store: libraryStore, pages: libraryPagesAsUser, clock });
});

export const handler = resolver.getDefinitions();
