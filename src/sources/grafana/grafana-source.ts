/** Grafana Alerting webhook contact point (HMAC-signed, Grafana 12+). */
import type { AlertSource } from '../alert-source';
import { payloadParser } from '../parse-payload';
import { normaliseGrafana } from './normalise';
import { GrafanaPayloadSchema, type GrafanaPayload } from './schema';
import { GRAFANA_SIGNATURE_HEADER, GRAFANA_TIMESTAMP_HEADER, signAsGrafana, verifyGrafana } from './verify';

export const grafanaSource: AlertSource<GrafanaPayload> = {
  id: 'grafana',
  displayName: 'Grafana Alerting',
  webtriggerKey: 'grafana-webhook',
  auth: {
    kind: 'hmac',
    headerName: GRAFANA_SIGNATURE_HEADER,
    headerConfigurable: true,
    timestampHeaderName: GRAFANA_TIMESTAMP_HEADER,
    secretGeneratedBy: 'kaizen',
  },
  docsUrl:
    'https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/',
  verify: verifyGrafana,
  parse: payloadParser(GrafanaPayloadSchema),
  normalise: normaliseGrafana,
  signAsSender: signAsGrafana,
};
