import { keyDurations } from '@shared/durations';
import type { KeyTimes as Times } from '@shared/incident-view';
import { Time } from '@ui/components/time';
import { useI18n } from '@ui/i18n/i18n-context';

/** The key times and TTD / TTA / TTR (DESIGN 3.5); a time that has not happened reads "Not yet". */
export function KeyTimes({ times }: { times: Times }) {
  const { t, duration } = useI18n();
  const d = keyDurations(times);
  const rows = [
    { key: 'impact-start', label: t('time.impactStart'), iso: times.impactStartedAt },
    { key: 'detected', label: t('time.detected'), iso: times.detectedAt },
    { key: 'acknowledged', label: t('time.acknowledged'), iso: times.acknowledgedAt },
    { key: 'mitigated', label: t('time.mitigated'), iso: times.mitigatedAt },
    { key: 'recovered', label: t('time.recovered'), iso: times.recoveredAt },
  ];
  const metrics = [
    { key: 'ttd', label: t('metric.ttd'), ms: d.ttdMs },
    { key: 'tta', label: t('metric.tta'), ms: d.ttaMs },
    { key: 'ttr', label: t('metric.ttr'), ms: d.ttrMs },
  ];
  return (
    <dl className="kz-facts" data-testid="key-times">
      {rows.map((r) => (
        <div key={r.key} className="kz-contents">
          <dt>{r.label}</dt>
          <dd data-testid={`time-${r.key}`}>{r.iso ? <Time iso={r.iso} /> : <span className="kz-subtle">{t('time.notYet')}</span>}</dd>
        </div>
      ))}
      {metrics.map((m) => (
        <div key={m.key} className="kz-contents">
          <dt>{m.label}</dt>
          <dd data-testid={m.key} data-ms={m.ms ?? ''}>
            {m.ms === undefined ? <span className="kz-subtle">{t('time.notYet')}</span> : duration(m.ms)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
