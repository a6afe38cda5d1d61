/**
 * The DORA metrics (dora.dev) as five tiles — deployment frequency, change lead time, change fail rate, failed
 * deployment recovery time, deployment rework rate — each with its value, what it was computed over, its
 * performance band as a lozenge (none for rework rate: DORA publishes none) and a one-line definition; then the
 * production deployments per week with the failed ones. Without deployments it says how to send them.
 */
import { router } from '@forge/bridge';
import type { ReactNode } from 'react';
import type { Band, Metrics } from '@shared/metrics';
import { Lozenge, type LozengeAppearance } from '@ui/components/lozenge';
import { useI18n } from '@ui/i18n/i18n-context';
import { Chart, Section } from './chart';
import { pluralOf, type Formats } from './format';

type Dora = Metrics['dora'];

/** A DORA band as a lozenge: elite green, high blue, medium yellow, low red. */
const BAND_APPEARANCE: Record<NonNullable<Band>, LozengeAppearance> = { elite: 'success', high: 'inprogress', medium: 'moved', low: 'removed' };

export function DoraMetrics({ dora, formats }: { dora: Dora; formats: Formats }) {
  const { t } = useI18n();
  return (
    <Section id="kz-dora" title={t('gadget.dora.title')} intro={t('gadget.dora.intro')} testId="dora-section">
      {dora.deployments === 0 ? <NoDeployments /> : <Tiles dora={dora} formats={formats} />}
      {dora.deployments > 0 ? <WeeklyDeployments weekly={dora.weekly} formats={formats} /> : null}
    </Section>
  );
}

function Tiles({ dora, formats }: { dora: Dora; formats: Formats }) {
  const { t } = useI18n();
  const f = dora.deploymentFrequency;
  return (
    <div className="kz-tiles">
      <Tile
        testId="dora-frequency"
        title={t('gadget.dora.frequency')}
        value={formats.number(f.perWeek, 1)}
        unit={t('gadget.dora.perWeek')}
        band={f.band}
        detail={[t(`gadget.dora.deployments.${pluralOf(formats.locale, dora.deployments)}`, { count: formats.number(dora.deployments) }), t('gadget.dora.daysPerWeek', { days: formats.number(f.medianDaysPerWeek, 1) })]}
        definition={t('gadget.dora.frequency.definition')}
      />
      <Tile
        testId="dora-lead-time"
        title={t('gadget.dora.leadTime')}
        value={formats.duration(dora.leadTime.median)}
        band={dora.leadTime.band}
        detail={dora.leadTime.count > 0 ? [t('gadget.p90', { value: formats.duration(dora.leadTime.p90) }), t('gadget.dora.commits', { count: formats.number(dora.leadTime.count) })] : [t('gadget.dora.leadTime.none')]}
        definition={t('gadget.dora.leadTime.definition')}
      />
      <Tile
        testId="dora-fail-rate"
        title={t('gadget.dora.failRate')}
        value={formats.rate(dora.changeFailRate.rate)}
        band={dora.changeFailRate.band}
        detail={[t('gadget.dora.failRate.detail', { failed: formats.number(dora.changeFailRate.failed), deployments: formats.number(dora.changeFailRate.deployments) })]}
        definition={t('gadget.dora.failRate.definition')}
      />
      <Tile
        testId="dora-recovery"
        title={t('gadget.dora.recovery')}
        value={formats.duration(dora.recoveryTime.median)}
        band={dora.recoveryTime.band}
        detail={dora.recoveryTime.count > 0 ? [t('gadget.p90', { value: formats.duration(dora.recoveryTime.p90) }), t('gadget.dora.recovery.over', { count: formats.number(dora.recoveryTime.count) })] : [t('gadget.dora.recovery.none')]}
        definition={t('gadget.dora.recovery.definition')}
      />
      <Tile
        testId="dora-rework"
        title={t('gadget.dora.rework')}
        value={formats.rate(dora.reworkRate.rate)}
        band={null}
        noBand
        detail={[t('gadget.dora.rework.detail', { unplanned: formats.number(dora.reworkRate.unplanned), deployments: formats.number(dora.reworkRate.deployments) })]}
        definition={t('gadget.dora.rework.definition')}
      />
    </div>
  );
}

function Tile({ testId, title, value, unit, band, noBand, detail, definition }: { testId: string; title: string; value: string; unit?: string; band: Band; noBand?: boolean; detail: string[]; definition: string }) {
  const { t } = useI18n();
  return (
    <article className="kz-tile" data-testid={testId} data-band={band ?? ''}>
      <div className="kz-tile__head">
        <h3 className="kz-h3">{title}</h3>
        {band ? (
          <span title={t('gadget.band.label', { band: t(`gadget.band.${band}`) })}>
            <Lozenge appearance={BAND_APPEARANCE[band]} testId={`${testId}-band`} value={band}>
              <span className="kz-sr-only">{t('gadget.band.prefix')}</span>
              {t(`gadget.band.${band}`)}
            </Lozenge>
          </span>
        ) : null}
      </div>
      <p className="kz-tile__value" data-testid={`${testId}-value`}>
        {value}
        {unit && value !== '—' ? <span className="kz-tile__unit">{unit}</span> : null}
      </p>
      <p className="kz-small kz-subtle" data-testid={`${testId}-detail`}>
        {detail.join(' · ')}
      </p>
      {noBand ? (
        <p className="kz-small kz-tile__noband" data-testid={`${testId}-no-band`}>
          {t('gadget.dora.noBand')}
        </p>
      ) : null}
      <p className="kz-small kz-tile__definition" data-testid={`${testId}-definition`}>
        {definition}
      </p>
    </article>
  );
}

function NoDeployments() {
  const { t } = useI18n();
  return (
    <div className="kz-message kz-message--info" data-testid="dora-empty">
      <p>
        <strong>{t('gadget.dora.empty')}</strong>
      </p>
      <p>{t('gadget.dora.howTo')}</p>
      <p>
        <AdminLink>{t('gadget.dora.openSettings')}</AdminLink>
      </p>
    </div>
  );
}

/** Kaizen's settings page (only Jira administrators may open it; it says so to others). */
function AdminLink({ children }: { children: ReactNode }) {
  return (
    <a
      href="#kaizen-admin"
      data-testid="dora-settings-link"
      onClick={(e) => {
        e.preventDefault();
        void router.navigate({ target: 'module', moduleKey: 'kaizen-admin' }).catch(() => undefined);
      }}
    >
      {children}
    </a>
  );
}

function WeeklyDeployments({ weekly, formats }: { weekly: Dora['weekly']; formats: Formats }) {
  const { t } = useI18n();
  const first = weekly[0];
  const last = weekly[weekly.length - 1];
  const count = (v: number | null) => formats.number(v ?? 0);
  return (
    <Chart
      testId="deploy-trend"
      title={t('gadget.deploys.title')}
      summary={t('gadget.deploys.summary', { from: first ? formats.week(first.week) : '', to: last ? formats.week(last.week) : '' })}
      columns={weekly.map((w) => ({ short: formats.week(w.week), full: t('gadget.weekOf', { week: formats.week(w.week) }) }))}
      columnHeading={t('gadget.week')}
      bars={[
        { key: 'ok', label: t('gadget.deploys.ok'), tone: 'kz-c-deploy', values: weekly.map((w) => Math.max(0, w.deployments - w.failed)), format: count },
        { key: 'failed', label: t('gadget.deploys.failed'), tone: 'kz-c-failed', values: weekly.map((w) => w.failed), format: count },
      ]}
      tableOnly={[{ key: 'deployments', label: t('gadget.deploys.total'), tone: '', values: weekly.map((w) => w.deployments), format: count }]}
    />
  );
}
