/**
 * Every resolver the Custom UI calls: its function key, the schema of its payload and of its answer. The resolver
 * (src/handlers/resolver.ts) parses payloads with `request`; the UI parses answers with `response`.
 * https://developer.atlassian.com/platform/forge/runtime-reference/forge-resolver/
 */
import * as z from 'zod/mini';
import { AcknowledgeDataSchema, GetIncidentDataSchema } from './incident-view';
import {
  AddTimelineNoteRequestSchema,
  IncidentActionDataSchema,
  MarkTimeRequestSchema,
  NoActionPayload,
  SetIncidentLevelRequestSchema,
  SetIncidentRolesRequestSchema,
  SetKeyTimeRequestSchema,
} from './incident-actions';
import { DeclareFormDataSchema, DeclareIncidentDataSchema, DeclareIncidentRequestSchema } from './declare-incident';
import { GetMetricsRequestSchema, MetricsOptionsSchema, MetricsSchema } from './metrics';
import { AttributionSchema, SetAttributionRequestSchema } from './attribution';
import { ReleaseProblemFormSchema, ReportReleaseProblemDataSchema, ReportReleaseProblemRequestSchema } from './release-problems';
import { GetIncidentStatusRequestSchema, IncidentStatusAnswerSchema } from './incident-status';
import { GetReadingSessionDataSchema, StartReadingSessionDataSchema, StartReadingSessionRequestSchema } from './reading-sessions';
import { LibraryPageSchema, ListPostmortemsRequestSchema, RecommendRetrospectiveRequestSchema, RetrospectiveRecommendationSchema, SetRecommendationDataSchema, SetRecommendationRequestSchema } from './library';
import { resultSchema } from './resolver-result';
import { SaveSlackSettingsRequestSchema, SendSlackTestDataSchema, SendSlackTestRequestSchema, SlackSettingsDataSchema } from './slack-settings';
import { AiDraftViewSchema, InsertAiDraftDataSchema } from './ai-draft';
import { SyncActionItemsDataSchema } from './retrospective';
import { DraftRetrospectiveDataSchema, PublishRetrospectiveDataSchema, RefreshFactsDataSchema } from './retrospective';
import {
  DiscardDeadLetterDataSchema,
  DiscardDeadLetterRequestSchema,
  GeneratedSecretSchema,
  GetAdminSourcesDataSchema,
  GetDeadLettersDataSchema,
  GetSettingsDataSchema,
  GetSettingsOptionsRequestSchema,
  PasteSecretRequestSchema,
  ReplayDeadLettersDataSchema,
  ReplayDeadLettersRequestSchema,
  RetireSecretRequestSchema,
  SaveSettingsDataSchema,
  SaveSettingsRequestSchema,
  SecretFingerprintSchema,
  SetSourceHeadersRequestSchema,
  SettingsOptionsSchema,
  SourceRequestSchema,
} from './admin';
import { GetDrillsDataSchema, StartDrillDataSchema, StartDrillRequestSchema } from './drills';

const NoPayload = z.object({});

export const RESOLVERS = {
  /** Issue panel: the incident. Checks: the user can see the issue (GET issue as the user). */
  getIncident: { request: NoPayload, response: resultSchema(GetIncidentDataSchema) },
  /** Issue panel: acknowledge as the user. Checks: the user may edit the issue (permissions/check as the user). */
  acknowledgeIncident: { request: NoPayload, response: resultSchema(AcknowledgeDataSchema) },
  // ---- Issue panel: people's actions (src/shared/incident-actions.ts). Every one checks: the user may edit the issue
  // (permissions/check as the user); Jira follows as the user. Each answers the incident as getIncident shows it. ----
  /** SEV1–SEV4, the person's (alerts no longer change it); the summary prefix and priority follow. */
  setIncidentLevel: { request: SetIncidentLevelRequestSchema, response: resultSchema(IncidentActionDataSchema) },
  /** Commander, communications lead, scribe, responders (account ids); the commander becomes the assignee. */
  setIncidentRoles: { request: SetIncidentRolesRequestSchema, response: resultSchema(IncidentActionDataSchema) },
  /** Sets or backdates a key time; out of order or in the future → `time-rule` naming the rule. */
  setKeyTime: { request: SetKeyTimeRequestSchema, response: resultSchema(IncidentActionDataSchema) },
  markMitigated: { request: MarkTimeRequestSchema, response: resultSchema(IncidentActionDataSchema) },
  markRecovered: { request: MarkTimeRequestSchema, response: resultSchema(IncidentActionDataSchema) },
  /** A recovered or closed incident back to work; the issue leaves the done category. */
  reopenIncident: { request: NoActionPayload, response: resultSchema(IncidentActionDataSchema) },
  /** Closes it; the issue moves through a transition into the done category. */
  closeIncident: { request: NoActionPayload, response: resultSchema(IncidentActionDataSchema) },
  addTimelineNote: { request: AddTimelineNoteRequestSchema, response: resultSchema(IncidentActionDataSchema) },
  // ---- Issue panel: the retrospective (src/shared/retrospective.ts). Every one checks: the user may edit the issue. ----
  /** Drafts the retrospective page (or opens the one drafted: `existing`, no write); answers the blameless hints. */
  draftRetrospective: { request: NoActionPayload, response: resultSchema(DraftRetrospectiveDataSchema) },
  /** Rewrites only the page's facts region (version-checked merge); answers the hints in people's text. */
  refreshRetrospectiveFacts: { request: NoActionPayload, response: resultSchema(RefreshFactsDataSchema) },
  /** Status Published, the `kaizen-postmortem` label, the record, one comment on the issue; `already` when so. */
  publishRetrospective: { request: NoActionPayload, response: resultSchema(PublishRetrospectiveDataSchema) },
  // ---- Issue panel: "Draft summary with AI" (src/shared/ai-draft.ts). Every one checks: the user may edit the issue
  // and read the retrospective page. The model runs in the AI consumer; the panel polls getAiDraft. ----
  /** Records a pending job and pushes one `kaizen-ai` event (a pending job is answered as it is); `unavailable` when Forge LLMs refused. */
  requestAiDraft: { request: NoActionPayload, response: resultSchema(AiDraftViewSchema) },
  /** The job: none, pending, ready (the proposal), failed (why), unavailable (the panel hides the button). */
  getAiDraft: { request: NoActionPayload, response: resultSchema(AiDraftViewSchema) },
  /** Inserts the ready proposal into the page as labelled blocks (only inserted, version-checked; twice writes nothing). */
  insertAiDraft: { request: NoActionPayload, response: resultSchema(InsertAiDraftDataSchema) },
  /** Forgets the proposal (or cancels a pending one); the page keeps what was inserted. */
  discardAiDraft: { request: NoActionPayload, response: resultSchema(AiDraftViewSchema) },
  /**
   * Issue panel: the retrospective's action items table → Jira tasks (created once per row, updated when people change
   * owner, due date or priority). Checks: the user may edit the issue, and create issues in the project when tasks are made.
   */
  syncActionItems: { request: NoPayload, response: resultSchema(SyncActionItemsDataSchema) },
  /** Issue action: the issue it was opened on, whether it is an incident already, what the user may declare (as the user). */
  getDeclareForm: { request: NoPayload, response: resultSchema(DeclareFormDataSchema) },
  /** Issue action: declares an incident by hand — this issue made the incident's (edit, as the user) or a new one (create, as the user). */
  declareIncident: { request: DeclareIncidentRequestSchema, response: resultSchema(DeclareIncidentDataSchema) },
  /** Gadget: counts by state and level. Checks: the user can browse the incident project (as the user). */
  /** Gadget: TTx, DORA, release problems, action items (src/shared/metrics.ts); 2 SQL queries. Checks: the user can browse the incident project. */
  getMetrics: { request: GetMetricsRequestSchema, response: resultSchema(MetricsSchema) },
  /** Gadget edit view: the services to filter by. Checks: the user can browse the incident project. */
  getMetricsOptions: { request: NoPayload, response: resultSchema(MetricsOptionsSchema) },
  /** Issue panel: the deployment the incident counts against (src/shared/attribution.ts). Checks: the user can see the issue. */
  getAttribution: { request: NoPayload, response: resultSchema(AttributionSchema) },
  /** Issue panel: a person chooses or clears the deployment (or goes back to the rule). Checks: the user may edit the issue. */
  setAttribution: { request: SetAttributionRequestSchema, response: resultSchema(AttributionSchema) },
  /** Issue action "Report a release problem": the form (recent deployments). Checks: the user can see the issue. */
  getReleaseProblemForm: { request: NoPayload, response: resultSchema(ReleaseProblemFormSchema) },
  /** Issue action: records the problem; a light review page, or an incident declared for an outage (as the user). */
  reportReleaseProblem: { request: ReportReleaseProblemRequestSchema, response: resultSchema(ReportReleaseProblemDataSchema) },
  // ---- Admin page (src/shared/admin.ts). Every one checks: the user is a Jira administrator (as the user). ----
  /** Settings in force, stored problems, revision and history. */
  getSettings: { request: NoPayload, response: resultSchema(GetSettingsDataSchema) },
  /** Projects, issue types, priorities, spaces and pages to pick from, asked as the admin. */
  getSettingsOptions: { request: GetSettingsOptionsRequestSchema, response: resultSchema(SettingsOptionsSchema) },
  /** Validates every field (`invalid-settings` with each field's message), checks the revision, records the change. */
  saveSettings: { request: SaveSettingsRequestSchema, response: resultSchema(SaveSettingsDataSchema) },
  /** Each source's URL, secret fingerprints, headers and connection. */
  getAdminSources: { request: NoPayload, response: resultSchema(GetAdminSourcesDataSchema) },
  /** A new random secret (first, or the second of a rotation); the answer is the only time it is shown. */
  generateSourceSecret: { request: SourceRequestSchema, response: resultSchema(GeneratedSecretSchema) },
  /** Stores a secret the sender made (PagerDuty); answers its fingerprint. */
  pasteSourceSecret: { request: PasteSecretRequestSchema, response: resultSchema(SecretFingerprintSchema) },
  /** Stops accepting one secret (the older one after a rotation). */
  retireSourceSecret: { request: RetireSecretRequestSchema, response: resultSchema(GetAdminSourcesDataSchema) },
  /** The sender's header names (Opsgenie custom header, Grafana signature and timestamp headers). */
  setSourceHeaders: { request: SetSourceHeadersRequestSchema, response: resultSchema(GetAdminSourcesDataSchema) },
  /** Kaizen's dead letters (newest first) and their count. */
  getDeadLetters: { request: NoPayload, response: resultSchema(GetDeadLettersDataSchema) },
  /** Queues dead letters again (the named ones, or all). */
  replayDeadLetters: { request: ReplayDeadLettersRequestSchema, response: resultSchema(ReplayDeadLettersDataSchema) },
  /** Deletes one dead letter for good (the UI confirms first). */
  discardDeadLetter: { request: DiscardDeadLetterRequestSchema, response: resultSchema(DiscardDeadLetterDataSchema) },
  // ---- Admin page: drills (src/shared/drills.ts). Jira administrators only (as the user). ----
  /** The scenarios, the past incidents that can be replayed, the latest runs with their drill incidents. */
  getDrills: { request: NoPayload, response: resultSchema(GetDrillsDataSchema) },
  /** Starts a drill run (once per request id): its alerts go through the real web trigger → queue → incident path. */
  startDrill: { request: StartDrillRequestSchema, response: resultSchema(StartDrillDataSchema) },
  // ---- Admin page, Slack notifications (src/shared/slack-settings.ts). Jira administrators only (as the user). ----
  /** Events on, and per slot whether a webhook is set (a masked hint; never the URL). */
  getSlackSettings: { request: NoPayload, response: resultSchema(SlackSettingsDataSchema) },
  /** Events, and per slot a new webhook URL / `null` (remove) / absent (keep); each bad URL named (`invalid-settings`). */
  saveSlackSettings: { request: SaveSlackSettingsRequestSchema, response: resultSchema(SlackSettingsDataSchema) },
  /** Posts a test message to one slot's webhook; answers what Slack said. */
  sendSlackTest: { request: SendSlackTestRequestSchema, response: resultSchema(SendSlackTestDataSchema) },
  /** Macro: the incident's live status. Checks: the user can read the page (and the incident's page) as the user. */
  getIncidentStatus: { request: GetIncidentStatusRequestSchema, response: resultSchema(IncidentStatusAnswerSchema) },
  // ---- Reading sessions (src/shared/reading-sessions.ts, DESIGN 3.6) ----
  /**
   * Library: a session page from the template under the postmortem's page, in its language; a `reading_sessions` row.
   * Checks (as the user): read the postmortem's page, create pages in its space; the postmortem is published.
   */
  startReadingSession: { request: StartReadingSessionRequestSchema, response: resultSchema(StartReadingSessionDataSchema) },
  /** Session macro: the session the page is (`session: null` on another page). Checks: the user can read the page. */
  getReadingSession: { request: NoPayload, response: resultSchema(GetReadingSessionDataSchema) },
  /** Session macro: its TODO table → Jira tasks (the action items sync). Checks: read and edit the page, create issues. */
  syncReadingSessionTodos: { request: NoPayload, response: resultSchema(SyncActionItemsDataSchema) },
  /**
   * Library macro (src/shared/library.ts): one page of published postmortems — 1 SQL statement and 1 Confluence request
   * as the user. Checks: the user can read the page the macro is on; rows whose page they cannot read are left out.
   */
  listPostmortems: { request: ListPostmortemsRequestSchema, response: resultSchema(LibraryPageSchema) },
  /** Library macro: recommend (with a one-line reason) or take it back. Checks: read the macro's page, edit the postmortem's page (as the user). */
  setRecommendation: { request: SetRecommendationRequestSchema, response: resultSchema(SetRecommendationDataSchema) },
  /**
   * Issue panel: the published retrospective's recommendation (おすすめ). Checks: the user can see the issue and read
   * the page (as the user); `not-published` before it is published.
   */
  getRetrospectiveRecommendation: { request: NoPayload, response: resultSchema(RetrospectiveRecommendationSchema) },
  /**
   * Issue panel: recommend the published retrospective (with a one-line reason) or take it back — the library's
   * `setRecommendation` for the retrospective's page. Checks: the user can see the issue, read and edit the page (as the user).
   */
  recommendRetrospective: { request: RecommendRetrospectiveRequestSchema, response: resultSchema(SetRecommendationDataSchema) },
} as const;

export type ResolverKey = keyof typeof RESOLVERS;
export type RequestOf<K extends ResolverKey> = z.infer<(typeof RESOLVERS)[K]['request']>;
export type ResponseOf<K extends ResolverKey> = z.infer<(typeof RESOLVERS)[K]['response']>;
