/**
 * Response times: TTD / TTA / TTM / TTR by level (every level first, then SEV1–SEV4; only the chosen level when the
 * gadget is filtered to one), each the median with the 90th percentile under it and, when fewer incidents have that
 * time than the row has (not yet recovered, say), how many do; then their weekly trend.
 */
import { TTX, type DurationStat, type Metrics, type Ttx } from '@shared/metrics';
import { LEVELS, type Level } from '@shared/vocabulary';
import { LevelLozenge } from '@ui/components/lozenge';
import { useI18n } from '@ui/i18n/i18n-context';
import { Chart, Section } from './chart';
import { pluralOf, type Formats } from './format';

type Incidents = Metrics['incidents'];
type Row = { key: 'all' | Level; count: number } & Record<Ttx, DurationStat>;

const EMPTY_STAT: DurationStat = { count: 0, median: null, p90: null };

/** The table's rows: all, then every level (a level without incidents shows 0 and dashes); the one level when filtered. */
function rowsOf(incidents: Incidents, level: Level | null): Row[] {
  const byLevel = (l: Level): Row => {
    const found = incidents.byLevel.find((r) => r.level === l);
    return found ? { ...found, key: l } : { key: l, count: 0, ttd: EMPTY_STAT, tta: EMPTY_STAT, ttm: EMPTY_STAT, ttr: EMPTY_STAT };
  };
  if (level) return [byLevel(level)];
  return [{ key: 'all', count: incidents.count, ...incidents.all }, ...LEVELS.map(byLevel)];
}

export function ResponseTimes({ incidents, level, formats }: { incidents: Incidents; level: Level | null; formats: Formats }) {
  const { t } = useI18n();
  return (
    <Section id="kz-ttx" title={t('gadget.ttx.title')} intro={t('gadget.ttx.intro')} testId="ttx-section">
      {incidents.count === 0 ? (
        <p className="kz-empty" data-testid="ttx-empty">
          {t('gadget.ttx.empty')}
        </p>
      ) : (
        <>
          <div className="kz-scroll" role="region" aria-labelledby="kz-ttx" tabIndex={0}>
            <table className="kz-table kz-ttx" data-testid="ttx-table">
              <thead>
                <tr>
                  <th scope="col">{t('gadget.ttx.level')}</th>
                  {TTX.map((m) => (
                    <th key={m} scope="col" className="kz-num">
                      <abbr title={t(`metric.${m}`)}>{m.toUpperCase()}</abbr>
                      <span className="kz-th-sub">{t(`gadget.ttx.${m}.short`)}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rowsOf(incidents, level).map((row) => (
                  <tr key={row.key} data-testid={`ttx-row-${row.key}`} className={row.key === 'all' ? 'kz-ttx__all' : undefined}>
                    <th scope="row">
                      {row.key === 'all' ? <span className="kz-ttx__all-label">{t('gadget.ttx.allRow')}</span> : <LevelLozenge level={row.key} testId={`ttx-level-${row.key}`} />}
                      <span className="kz-stat-sub" data-testid={`ttx-${row.key}-count`} data-value={row.count}>
                        {t(`gadget.ttx.count.${pluralOf(formats.locale, row.count)}`, { count: formats.number(row.count) })}
                      </span>
                    </th>
                    {TTX.map((m) => (
                      <StatCell key={m} testId={`ttx-${row.key}-${m}`} stat={row[m]} of={row.count} formats={formats} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <WeeklyTrend weekly={incidents.weekly} formats={formats} />
        </>
      )}
    </Section>
  );
}

function StatCell({ testId, stat, of, formats }: { testId: string; stat: DurationStat; of: number; formats: Formats }) {
  const { t } = useI18n();
  return (
    <td className="kz-num" data-testid={testId}>
      <span className="kz-stat" data-testid={`${testId}-median`} data-value={stat.median ?? ''}>
        {formats.duration(stat.median)}
      </span>
      {stat.p90 !== null ? (
        <span className="kz-stat-sub kz-p90" data-testid={`${testId}-p90`} data-value={stat.p90}>
          <P90 value={formats.duration(stat.p90)} />
        </span>
      ) : null}
      {stat.count < of && stat.count > 0 ? (
        <span className="kz-stat-sub" data-testid={`${testId}-count`} data-value={stat.count}>
          {t('gadget.ttx.partial', { count: stat.count, total: of })}
        </span>
      ) : null}
    </td>
  );
}

function WeeklyTrend({ weekly, formats }: { weekly: Incidents['weekly']; formats: Formats }) {
  const { t } = useI18n();
  const columns = weekly.map((w) => ({ short: formats.week(w.week), full: t('gadget.weekOf', { week: formats.week(w.week) }) }));
  const first = weekly[0];
  const last = weekly[weekly.length - 1];
  return (
    <Chart
      testId="ttx-trend"
      title={t('gadget.trend.title')}
      summary={t('gadget.trend.summary', { from: first ? formats.week(first.week) : '', to: last ? formats.week(last.week) : '' })}
      columns={columns}
      columnHeading={t('gadget.week')}
      bars={[{ key: 'count', label: t('gadget.trend.count'), tone: 'kz-c-neutral', values: weekly.map((w) => w.count), format: (v) => formats.number(v ?? 0) }]}
      lines={[
        { key: 'ttr', label: t('gadget.trend.ttr'), tone: 'kz-c-ttr', values: weekly.map((w) => w.ttr), format: formats.duration },
        { key: 'ttd', label: t('gadget.trend.ttd'), tone: 'kz-c-ttd', values: weekly.map((w) => w.ttd), format: formats.duration },
      ]}
      tableOnly={[
        { key: 'tta', label: t('gadget.trend.tta'), tone: '', values: weekly.map((w) => w.tta), format: formats.duration },
        { key: 'ttm', label: t('gadget.trend.ttm'), tone: '', values: weekly.map((w) => w.ttm), format: formats.duration },
      ]}
      lineAxis={{ format: formats.axisDuration }}
    />
  );
}

/** "p90 1 h 10 min" that a narrow column may break after "p90", never inside the duration. */
function P90({ value }: { value: string }) {
  const { t } = useI18n();
  const MARK = '\u0001';
  const [before = '', after = ''] = t('gadget.p90', { value: MARK }).split(MARK);
  return (
    <>
      <span className="kz-nowrap">{before}</span>
      <wbr />
      <span className="kz-nowrap">{value}</span>
      {after}
    </>
  );
}
