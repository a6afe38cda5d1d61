/**
 * Alertmanager notification → one Alert per alert in the batch.
 *
 * @see https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 */
import type { Alert } from '../../domain/alert';
import type { NormaliseContext } from '../alert-source';
import { buildAlert } from '../common/alert-builder';
import type { AlertmanagerPayload } from './schema';
import { templateDataDrafts } from './template-data';

/**
 * Each alert of the group becomes an Alert keyed `<fingerprint>@<startsAt>` and grouped by the notification's
 * `groupKey`. `truncatedAlerts` (alerts beyond `max_alerts`, which Alertmanager leaves out) is carried on every
 * alert as `truncatedAlertsCount`, so the timeline can say some were not delivered.
 *
 * @see https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 */
export function normaliseAlertmanager(payload: AlertmanagerPayload, context: NormaliseContext): Alert[] {
  return templateDataDrafts(payload, { source: 'alertmanager', consoleLabel: 'Alertmanager' }).map((draft) =>
    buildAlert(draft, context),
  );
}
