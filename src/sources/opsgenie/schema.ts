/**
 * Opsgenie outgoing Webhook integration payloads (Jira Service Management Operations sends the same "alert action
 * data"). `action` is an open set (Create, Acknowledge, UnAcknowledge, AddNote, Close, Delete, Escalate, AddTags,
 * AssignOwnership, CustomAction, … and whatever comes next): unknown actions are accepted and shown as notes.
 *
 * Shapes seen in the wild:
 * - most actions: `alert` holds the alert (`message`, `alias`, `entity`, `createdAt` ms, `updatedAt` ns, …);
 * - Escalate: `alert` holds only `alertId`; escalation fields sit at the top level, and the integration's own
 *   configured `headers` may be echoed in the body — never stored (see common/redact.ts);
 * - 2017-era: numeric `priority` (3 = P3), `recipients` instead of `responders`, `insertedAt` in ns.
 *
 * Times: `createdAt` is epoch **milliseconds**; `updatedAt`/`insertedAt` are epoch **nanoseconds** (19 digits,
 * beyond 2^53: kept exact as text by parse-json.ts).
 *
 * @see https://support.atlassian.com/opsgenie/docs/integrate-opsgenie-with-webhook/
 * @see https://docs.opsgenie.com/docs/marid-alert-action-data
 * @see https://support.atlassian.com/jira-service-management-cloud/docs/alert-action-data-for-jira-edge-connector
 */
import { z } from 'zod';

import { epochNanoseconds, looseNumber } from '../common/schema-helpers';

export const OpsgenieAlertSchema = z.looseObject({
  alertId: z.string().min(1),
  /** Opsgenie's "message" is the alert's one-line title (up to 130 characters). */
  message: z.string().optional(),
  /** Cut to 1,000 characters by the Webhook integration itself, before it reaches us. */
  description: z.string().optional(),
  alias: z.string().optional(),
  entity: z.string().optional(),
  tinyId: z.string().optional(),
  source: z.string().optional(),
  tags: z.array(z.string()).optional(),
  /** `P1`…`P5`; 2017-era payloads send a number 1…5. */
  priority: z.union([z.string(), looseNumber]).optional(),
  /** epoch milliseconds */
  createdAt: looseNumber.optional(),
  /** epoch nanoseconds */
  updatedAt: epochNanoseconds.optional(),
  /** epoch nanoseconds (2017-era) */
  insertedAt: epochNanoseconds.optional(),
  username: z.string().optional(),
  userId: z.string().optional(),
  note: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const OpsgeniePayloadSchema = z.looseObject({
  action: z.string().min(1),
  alert: OpsgenieAlertSchema,
  source: z.looseObject({ name: z.string().optional(), type: z.string().optional() }).nullish(),
  integrationId: z.string().optional(),
  integrationName: z.string().optional(),
  integrationType: z.string().optional(),
  // Escalate only.
  escalationId: z.string().optional(),
  escalationName: z.string().optional(),
  escalationNotify: z
    .looseObject({
      name: z.string().optional(),
      id: z.string().optional(),
      type: z.string().optional(),
      entity: z.string().optional(),
    })
    .nullish(),
  /** Meaning and unit undocumented (0 in captured payloads — likely the rule's delay), so never used as a time. */
  escalationTime: looseNumber.optional(),
  repeatCount: looseNumber.optional(),
});

export type OpsgeniePayload = z.output<typeof OpsgeniePayloadSchema>;
