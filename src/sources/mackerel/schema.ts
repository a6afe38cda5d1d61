/**
 * Mackerel webhook payloads: `event` is `alert`, `alertGroup` or `sample` (the channel's Test button); any other
 * event is accepted as it is (Mackerel says fields and events may be added at any time).
 *
 * Times: `alert.openedAt/closedAt/statusChangedAt` and `alertGroup.createdAt/closedAt` are epoch **seconds**;
 * `alert.createdAt` is epoch **milliseconds** (deprecated, but the only time in pre-2020 payloads).
 *
 * @see https://mackerel.io/docs/entry/howto/alerts/webhook
 * @see https://mackerel.io/ja/docs/entry/howto/alerts/webhook
 */
import { z } from 'zod';

import { dispatchOn, looseNumber } from '../common/schema-helpers';

const RoleSchema = z.looseObject({
  fullname: z.string(),
  serviceName: z.string().optional(),
  serviceUrl: z.string().optional(),
  roleName: z.string().optional(),
  roleUrl: z.string().optional(),
});

const HostSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  url: z.string().optional(),
  status: z.string().optional(),
  memo: z.string().optional(),
  isRetired: z.boolean().optional(),
  roles: z.array(RoleSchema).optional(),
});

const ServiceSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  memo: z.string().optional(),
  roles: z.array(RoleSchema).optional(),
});

const UserSchema = z.looseObject({ id: z.string().optional(), screenName: z.string().optional() });

const AlertBlockSchema = z
  .looseObject({
    /** Missing before 2020: then the id is the last path segment of `url`. */
    id: z.string().min(1).optional(),
    url: z.string().optional(),
    /** `ok`, `warning`, `critical`, `unknown` (lower case here; the alertGroup event uses upper case). */
    status: z.string(),
    isOpen: z.boolean().optional(),
    /** Docs say `monitoring`/`manual`/`monitorDelete`/`hostRetire`; payloads say `monitor`, `manual close`, `retire host`. */
    trigger: z.string().optional(),
    monitorName: z.string().optional(),
    metricLabel: z.string().optional(),
    metricValue: looseNumber.nullish(),
    criticalThreshold: looseNumber.nullish(),
    warningThreshold: looseNumber.nullish(),
    monitorOperator: z.string().optional(),
    duration: looseNumber.nullish(),
    /** epoch seconds */
    openedAt: z.number().nullish(),
    /** epoch seconds */
    closedAt: z.number().nullish(),
    /** epoch seconds */
    statusChangedAt: z.number().nullish(),
    /** epoch milliseconds (deprecated) */
    createdAt: z.number().nullish(),
  })
  .superRefine((alert, ctx) => {
    if (alert.id === undefined && (alert.url === undefined || lastPathSegment(alert.url) === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: 'required, expected string (or alert.url ending in the alert id, as before 2020)',
      });
    }
  });

export const MackerelAlertEventSchema = z.looseObject({
  event: z.literal('alert'),
  orgName: z.string().optional(),
  /** Monitor type: host, service, expression, anomalyDetection, check, connectivity, external, … (open set). */
  type: z.string().optional(),
  message: z.string().optional(),
  memo: z.string().optional(),
  imageUrl: z.string().nullish(),
  host: HostSchema.nullish(),
  service: ServiceSchema.nullish(),
  alert: AlertBlockSchema,
  user: UserSchema.nullish(),
});

export const MackerelAlertGroupEventSchema = z.looseObject({
  event: z.literal('alertGroup'),
  orgName: z.string().optional(),
  imageUrl: z.string().nullish(),
  alertGroup: z.looseObject({
    id: z.string().min(1),
    /** UPPER CASE here: `CRITICAL`, `WARNING`, `OK`. */
    status: z.string(),
    url: z.string().optional(),
    /** epoch seconds */
    createdAt: z.number().nullish(),
    /** epoch seconds */
    closedAt: z.number().nullish(),
  }),
  alertGroupSetting: z
    .looseObject({
      id: z.string().optional(),
      name: z.string().optional(),
      memo: z.string().optional(),
      url: z.string().optional(),
    })
    .nullish(),
});

export const MackerelSampleEventSchema = z.looseObject({
  event: z.literal('sample'),
  message: z.string().optional(),
});

/** Any other event: accepted and kept (shown as a note), never rejected. */
export const MackerelOtherEventSchema = z.looseObject({
  event: z.string(),
  orgName: z.string().optional(),
  message: z.unknown().optional(),
});

export const MackerelPayloadSchema = dispatchOn(
  'event',
  { alert: MackerelAlertEventSchema, alertGroup: MackerelAlertGroupEventSchema, sample: MackerelSampleEventSchema },
  MackerelOtherEventSchema,
);

export type MackerelAlertEvent = z.output<typeof MackerelAlertEventSchema>;
export type MackerelAlertGroupEvent = z.output<typeof MackerelAlertGroupEventSchema>;
export type MackerelSampleEvent = z.output<typeof MackerelSampleEventSchema>;
export type MackerelOtherEvent = z.output<typeof MackerelOtherEventSchema>;
export type MackerelPayload = z.output<typeof MackerelPayloadSchema>;
export type MackerelRole = z.output<typeof RoleSchema>;

// The schema dispatches on `event`, so these checks narrow safely.
export const isAlertEvent = (p: MackerelPayload): p is MackerelAlertEvent => p.event === 'alert';
export const isAlertGroupEvent = (p: MackerelPayload): p is MackerelAlertGroupEvent => p.event === 'alertGroup';
export const isSampleEvent = (p: MackerelPayload): p is MackerelSampleEvent => p.event === 'sample';

/** `https://mackerel.io/orgs/x/alerts/2bj...` → `2bj...`: pre-2020 payloads carry the alert id only in the URL. */
export function lastPathSegment(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  return new URL(url).pathname.split('/').filter((part) => part !== '').pop();
}
