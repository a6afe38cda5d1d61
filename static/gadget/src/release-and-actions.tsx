/**
 * Release problems by class per month (一部未完了 / 切り戻し / 障害発生, DESIGN 3.4) as stacked columns, and the
 * action items still open and those past their due date.
 */
import { RELEASE_PROBLEM_CLASSES, type Metrics } from '@shared/metrics';
import { useI18n } from '@ui/i18n/i18n-context';
import { Chart, Section } from './chart';
import type { Formats } from './format';

const TONES = { partially_incomplete: 'kz-c-partial', rolled_back: 'kz-c-rollback', caused_outage: 'kz-c-outage' } as const;

export function ReleaseProblems({ months, formats }: { months: Metrics['releaseProblems']; formats: Formats }) {
  const { t } = useI18n();
  const totals = Object.fromEntries(RELEASE_PROBLEM_CLASSES.map((c) => [c, months.reduce((sum, m) => sum + m[c], 0)])) as Record<(typeof RELEASE_PROBLEM_CLASSES)[number], number>;
  const total = RELEASE_PROBLEM_CLASSES.reduce((sum, c) => sum + totals[c], 0);
  const count = (v: number | null) => formats.number(v ?? 0);
  return (
    <Section id="kz-release" title={t('gadget.release.title')} intro={t('gadget.release.intro')} testId="release-section">
      {total === 0 ? (
        <p className="kz-empty" data-testid="release-empty">
          {t('gadget.release.empty')}
        </p>
      ) : (
        <>
          <ul className="kz-figures" aria-label={t('gadget.release.totals')}>
            {RELEASE_PROBLEM_CLASSES.map((c) => (
              <li key={c} className="kz-figure" data-testid={`release-total-${c}`} data-value={totals[c]}>
                <span className="kz-figure__label">
                  <span className={`kz-swatch ${TONES[c]}`} aria-hidden="true" />
                  {t(`gadget.release.class.${c}`)}
                </span>
                <span className="kz-figure__value">{formats.number(totals[c])}</span>
              </li>
            ))}
          </ul>
          <Chart
            testId="release-trend"
            title={t('gadget.release.byMonth')}
            summary={t('gadget.release.summary', { from: months[0] ? formats.month(months[0].month) : '', to: months.at(-1) ? formats.month(months.at(-1)!.month) : '' })}
            columns={months.map((m) => ({ short: formats.month(m.month, months.length > 4), full: formats.month(m.month) }))}
            columnHeading={t('gadget.month')}
            bars={RELEASE_PROBLEM_CLASSES.map((c) => ({ key: c, label: t(`gadget.release.class.${c}`), tone: TONES[c], values: months.map((m) => m[c]), format: count }))}
          />
        </>
      )}
    </Section>
  );
}

export function ActionItems({ items, formats }: { items: Metrics['actionItems']; formats: Formats }) {
  const { t } = useI18n();
  return (
    <Section id="kz-actions" title={t('gadget.actions.title')} intro={t('gadget.actions.intro')} testId="actions-section">
      <ul className="kz-figures">
        <li className="kz-figure" data-testid="actions-open" data-value={items.open}>
          <span className="kz-figure__label">{t('gadget.actions.open')}</span>
          <span className="kz-figure__value">{formats.number(items.open)}</span>
        </li>
        <li className={`kz-figure ${items.overdue > 0 ? 'kz-figure--danger' : ''}`} data-testid="actions-overdue" data-value={items.overdue}>
          <span className="kz-figure__label">{t('gadget.actions.overdue')}</span>
          <span className="kz-figure__value">{formats.number(items.overdue)}</span>
        </li>
      </ul>
    </Section>
  );
}
