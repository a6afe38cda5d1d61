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
import { resultSchema } from './resolver-result';
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
  /** Macro: the incident's live status. Checks: the user can read the page (and the incident's page) as the user. */
  getIncidentStatus: { request: GetIncidentStatusRequestSchema, response: resultSchema(IncidentStatusAnswerSchema) },
} as const;

export type ResolverKey = keyof typeof RESOLVERS;
export type RequestOf<K extends ResolverKey> = z.infer<(typeof RESOLVERS)[K]['request']>;
export type ResponseOf<K extends ResolverKey> = z.infer<(typeof RESOLVERS)[K]['response']>;
