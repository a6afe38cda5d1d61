import type { AlertView } from '@shared/incident-view';
import { SOURCE_NAMES } from '@shared/vocabulary';
import { ExternalLink } from '@ui/components/external-link';
import { AlertStateLozenge } from '@ui/components/lozenge';
import { Time } from '@ui/components/time';
import { useI18n } from '@ui/i18n/i18n-context';

/**
 * The source alerts of the incident with their latest state — a bounded list (firing first, newest first) and, when
 * the incident holds more, how many. Alert texts are untrusted: rendered as text.
 */
export function AlertList({ alerts, total }: { alerts: readonly AlertView[]; total: number }) {
  const { t } = useI18n();
  return (
    <>
      <table className="kz-table" data-testid="alert-list">
        <tbody>
          {alerts.map((a) => (
            <tr key={a.key} data-testid="alert-item" data-alert-key={a.key} data-state={a.state}>
              <td>
                <AlertStateLozenge state={a.state} />
              </td>
              <td>
                <div className="kz-title">{a.url ? <ExternalLink href={a.url}>{a.title}</ExternalLink> : a.title}</div>
                <div className="kz-small kz-subtle">
                  {SOURCE_NAMES[a.source]} · {a.monitorName} · {t(`severity.${a.severity}`)}
                </div>
              </td>
              <td className="kz-small kz-subtle">
                <Time iso={a.firstSeenAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > alerts.length ? (
        <p className="kz-small kz-subtle" data-testid="alert-list-more">
          {t('panel.alerts.more', { shown: alerts.length, total })}
        </p>
      ) : null}
    </>
  );
}
