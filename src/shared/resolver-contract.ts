/**
 * Every resolver the Custom UI calls: its function key, the schema of its payload and of its answer. The resolver
 * (src/handlers/resolver.ts) parses payloads with `request`; the UI parses answers with `response`.
 * https://developer.atlassian.com/platform/forge/runtime-reference/forge-resolver/
 */
import * as z from 'zod/mini';
import { AcknowledgeDataSchema, GetIncidentDataSchema } from './incident-view';
import { GetIncidentCountsRequestSchema, IncidentCountsSchema } from './incident-counts';
import { GetIncidentStatusRequestSchema, IncidentStatusSchema } from './incident-status';
import { resultSchema } from './resolver-result';
import { GetSourcesDataSchema } from './source-status';

const NoPayload = z.object({});

export const RESOLVERS = {
  /** Issue panel: the incident. Checks: the user can see the issue (GET issue as the user). */
  getIncident: { request: NoPayload, response: resultSchema(GetIncidentDataSchema) },
  /** Issue panel: acknowledge as the user. Checks: the user may edit the issue (permissions/check as the user). */
  acknowledgeIncident: { request: NoPayload, response: resultSchema(AcknowledgeDataSchema) },
  /** Gadget: counts by state and level. Checks: the user can browse the incident project (as the user). */
  getIncidentCounts: { request: GetIncidentCountsRequestSchema, response: resultSchema(IncidentCountsSchema) },
  /** Admin page: the alert sources' status. Checks: the user is a Jira administrator (as the user). */
  getSources: { request: NoPayload, response: resultSchema(GetSourcesDataSchema) },
  /** Macro: the incident's live status. Checks: the user can read the page (and the incident's page) as the user. */
  getIncidentStatus: { request: GetIncidentStatusRequestSchema, response: resultSchema(IncidentStatusSchema) },
} as const;

export type ResolverKey = keyof typeof RESOLVERS;
export type RequestOf<K extends ResolverKey> = z.infer<(typeof RESOLVERS)[K]['request']>;
export type ResponseOf<K extends ResolverKey> = z.infer<(typeof RESOLVERS)[K]['response']>;
