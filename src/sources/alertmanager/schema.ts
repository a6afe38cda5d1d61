/**
 * Alertmanager `webhook_config` payload (`version: "4"`): template data + `version`, `groupKey`, `truncatedAlerts`.
 *
 * @see https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 * @see https://github.com/prometheus/alertmanager/blob/main/notify/webhook/webhook.go
 */
import { z } from 'zod';

import { TemplateAlertShape, TemplateDataShape } from './template-data';

export const AlertmanagerAlertSchema = z.looseObject(TemplateAlertShape);

export const AlertmanagerPayloadSchema = z.looseObject({
  ...TemplateDataShape,
  alerts: z.array(AlertmanagerAlertSchema),
});

export type AlertmanagerPayload = z.output<typeof AlertmanagerPayloadSchema>;
