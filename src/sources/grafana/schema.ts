/**
 * Grafana Alerting webhook contact point payload (`version: "1"`): Alertmanager's template data, each alert
 * extended with `silenceURL`, `dashboardURL`, `panelURL`, `values`, `valueString`, `imageURL`, `orgId`, and the
 * notification with `orgId`, `title`, `state` (`alerting` | `ok`), `message`.
 * A "Custom Payload" template (Grafana 12+) replaces all of this; such a contact point is not supported.
 *
 * @see https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/
 * @see https://github.com/grafana/alerting/blob/main/receivers/webhook/v1/webhook.go
 */
import { z } from 'zod';

import { TemplateAlertShape, TemplateDataShape } from '../alertmanager/template-data';
import { looseNumber } from '../common/schema-helpers';

export const GrafanaAlertSchema = z.looseObject({
  ...TemplateAlertShape,
  silenceURL: z.string().optional(),
  dashboardURL: z.string().optional(),
  panelURL: z.string().optional(),
  imageURL: z.string().optional(),
  /** Query/expression ref ID → value (`{"A": 95.2, "C": 1}`); null when a value is missing. */
  values: z.record(z.string(), looseNumber.nullable()).nullish(),
  valueString: z.string().optional(),
  orgId: looseNumber.optional(),
});

export const GrafanaPayloadSchema = z.looseObject({
  ...TemplateDataShape,
  alerts: z.array(GrafanaAlertSchema),
  orgId: looseNumber.optional(),
  title: z.string().optional(),
  state: z.string().optional(),
  message: z.string().optional(),
});

export type GrafanaAlert = z.output<typeof GrafanaAlertSchema>;
export type GrafanaPayload = z.output<typeof GrafanaPayloadSchema>;
