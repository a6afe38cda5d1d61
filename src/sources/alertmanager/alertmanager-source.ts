/** Prometheus Alertmanager `webhook_config` receiver. */
import type { AlertSource } from '../alert-source';
import { payloadParser } from '../parse-payload';
import { normaliseAlertmanager } from './normalise';
import { AlertmanagerPayloadSchema, type AlertmanagerPayload } from './schema';
import { signAsAlertmanager, verifyAlertmanager } from './verify';

export const alertmanagerSource: AlertSource<AlertmanagerPayload> = {
  id: 'alertmanager',
  displayName: 'Prometheus Alertmanager',
  webtriggerKey: 'alertmanager-webhook',
  auth: { kind: 'header-token', headerName: 'Authorization', scheme: 'Bearer' },
  docsUrl: 'https://prometheus.io/docs/alerting/latest/configuration/#webhook_config',
  verify: verifyAlertmanager,
  parse: payloadParser(AlertmanagerPayloadSchema),
  normalise: normaliseAlertmanager,
  signAsSender: signAsAlertmanager,
};
