/**
 * PagerDuty v3 webhook payload: `{"event": {...}}`, one event per delivery. `event.event_type` is an open set
 * (incident.triggered/acknowledged/unacknowledged/resolved/reopened/annotated/…, service.*, `pagey.ping` for the
 * "Send Test Event" button, and more over time); `event.data` depends on it: an `incident`, an `incident_note`,
 * an `incident_status_update`, an `incident_responder` (those three reference the incident), a `service`, ….
 * Times are ISO 8601.
 *
 * @see https://developer.pagerduty.com/docs/webhooks/v3-overview/
 */
import { z } from 'zod';

const reference = z.looseObject({
  id: z.string().optional(),
  summary: z.string().optional(),
  type: z.string().optional(),
  html_url: z.string().nullish(),
});

/** `event.data`: only what Kaizen reads is typed; everything else passes through. */
export const PagerdutyEventDataSchema = z.looseObject({
  id: z.string().optional(),
  type: z.string().optional(),
  html_url: z.string().nullish(),
  number: z.number().optional(),
  status: z.string().optional(),
  incident_key: z.string().nullish(),
  created_at: z.string().optional(),
  title: z.string().optional(),
  service: reference.nullish(),
  priority: reference.nullish(),
  urgency: z.string().optional(),
  conference_bridge: z.looseObject({ conference_url: z.string().nullish() }).nullish(),
  resolve_reason: z.looseObject({ type: z.string().optional() }).nullish(),
  /** incident_note / incident_status_update / incident_responder: the incident they belong to. */
  incident: reference.nullish(),
  /** incident_note */
  content: z.string().optional(),
  /** incident_status_update / incident_responder / pagey.ping */
  message: z.string().optional(),
});

export const PagerdutyPayloadSchema = z.looseObject({
  event: z.looseObject({
    id: z.string().min(1),
    event_type: z.string().min(1),
    resource_type: z.string().optional(),
    occurred_at: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 time' }),
    agent: reference.nullish(),
    client: z.looseObject({ name: z.string().optional() }).nullish(),
    data: PagerdutyEventDataSchema,
  }),
});

export type PagerdutyPayload = z.output<typeof PagerdutyPayloadSchema>;
