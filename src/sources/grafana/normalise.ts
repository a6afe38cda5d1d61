/**
 * Grafana notification → one Alert per alert in the batch (the Alertmanager reading, plus Grafana's links and
 * values).
 *
 * @see https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/
 */
import type { Alert } from '../../domain/alert';
import type { NormaliseContext } from '../alert-source';
import { templateDataDrafts } from '../alertmanager/template-data';
import { buildAlert, type AlertDraft } from '../common/alert-builder';
import { toNumber } from '../common/schema-helpers';
import type { GrafanaAlert, GrafanaPayload } from './schema';

/**
 * Grafana names values by query ref ID (`A`, `B`, `C`), not by metric; the condition expression is usually the last
 * one and holds 0/1. The first numeric value is the best guess at "the value" and is labelled with its ref ID;
 * `valueString` in `raw` has the whole picture.
 */
function firstValue(alert: GrafanaAlert): AlertDraft['metric'] {
  for (const [refId, value] of Object.entries(alert.values ?? {})) {
    const number = toNumber(value);
    if (number !== undefined) return { label: refId, value: number };
  }
  return undefined;
}

/**
 * Each alert becomes an Alert keyed `<fingerprint>@<startsAt>` and grouped by `groupKey`, with silence, dashboard,
 * panel and image links.
 *
 * @see https://github.com/grafana/alerting/blob/main/templates/template_data.go
 */
export function normaliseGrafana(payload: GrafanaPayload, context: NormaliseContext): Alert[] {
  return templateDataDrafts(payload, {
    source: 'grafana',
    consoleLabel: 'Grafana',
    metric: firstValue,
    extraLinks: (alert) => [
      { kind: 'dashboard', url: alert.dashboardURL, label: 'dashboard' },
      { kind: 'panel', url: alert.panelURL, label: 'panel' },
      { kind: 'silence', url: alert.silenceURL, label: 'silence' },
      { kind: 'image', url: alert.imageURL, label: 'image' },
    ],
  }).map((draft) => buildAlert(draft, context));
}
