import { keyDurations } from '@shared/durations';
import type { KeyTimeField } from '@shared/incident-actions';
import type { KeyTimes as Times, SetByPersonView } from '@shared/incident-view';
import { useI18n } from '@ui/i18n/i18n-context';
import { KeyTimeRow } from './key-time-row';

/**
 * The key times (DESIGN 3.5), each with who set it and, for an editor, an Edit that opens a date-time field in the
 * viewer's zone; then TTD / TTA / TTM / TTR. A time that has not happened reads "Not yet".
 */
export function KeyTimes({ times, setBy }: { times: Times; setBy: SetByPersonView | undefined }) {
  const { t, duration } = useI18n();
  const d = keyDurations(times);
  const rows: Array<{ key: string; field: KeyTimeField; label: string; iso: string | undefined }> = [
    { key: 'impact-start', field: 'impactStartedAt', label: t('time.impactStart'), iso: times.impactStartedAt },
    { key: 'detected', field: 'detectedAt', label: t('time.detected'), iso: times.detectedAt },
    { key: 'acknowledged', field: 'acknowledgedAt', label: t('time.acknowledged'), iso: times.acknowledgedAt },
    { key: 'mitigated', field: 'mitigatedAt', label: t('time.mitigated'), iso: times.mitigatedAt },
    { key: 'recovered', field: 'recoveredAt', label: t('time.recovered'), iso: times.recoveredAt },
  ];
  const metrics = [
    { key: 'ttd', label: t('metric.ttd'), ms: d.ttdMs },
    { key: 'tta', label: t('metric.tta'), ms: d.ttaMs },
    { key: 'ttm', label: t('metric.ttm'), ms: d.ttmMs },
    { key: 'ttr', label: t('metric.ttr'), ms: d.ttrMs },
  ];
  return (
    <>
      <table className="kz-table kz-times" data-testid="key-times">
        <tbody>
          {rows.map((r) => (
            <KeyTimeRow key={r.key} testKey={r.key} field={r.field} label={r.label} iso={r.iso} mark={setBy?.[r.field]} />
          ))}
        </tbody>
      </table>
      <dl className="kz-metrics" data-testid="durations">
        {metrics.map((m) => (
          <div key={m.key} className="kz-metric">
            <dt className="kz-small kz-subtle">{m.label}</dt>
            <dd data-testid={m.key} data-ms={m.ms ?? ''}>
              {m.ms === undefined ? <span className="kz-subtle">{t('time.notYet')}</span> : duration(m.ms)}
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}
