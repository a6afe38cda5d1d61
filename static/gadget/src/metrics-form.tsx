/**
 * The gadget's edit mode: the period (30 / 90 / 180 / 365 days), the service (those `getMetricsOptions` knows, or
 * every service) and the level (every level, or SEV1–SEV4). Save keeps whatever else Jira holds in the
 * configuration (e.g. `refresh`) and submits it with `view.submit`, after which Jira shows the view with it; Cancel
 * closes the editor with nothing saved.
 */
import { view } from '@forge/bridge';
import { useId, useState } from 'react';
import { METRICS_PERIOD_DAYS, type MetricsConfig, type MetricsFilter, type MetricsPeriodDays } from '@shared/metrics';
import { LEVELS, type Level } from '@shared/vocabulary';
import { Button } from '@ui/components/button';
import { ErrorMessage } from '@ui/components/messages';
import { useI18n } from '@ui/i18n/i18n-context';
import { useResolver } from '@ui/use-resolver';

const ALL = '';

export function MetricsForm({ filter, saved }: { filter: MetricsFilter; saved: Record<string, unknown> | null | undefined }) {
  const { t } = useI18n();
  const options = useResolver('getMetricsOptions', {});
  const [period, setPeriod] = useState<MetricsPeriodDays>(filter.period);
  const [service, setService] = useState<string>(filter.service ?? ALL);
  const [level, setLevel] = useState<Level | typeof ALL>(filter.level ?? ALL);
  const [saving, setSaving] = useState(false);
  const [failed, setFailed] = useState(false);
  const ids = { service: useId(), serviceHelp: useId(), level: useId() };

  // the saved service stays a choice even when no incident or deployment names it any more
  const known = options.state.status === 'ok' ? options.state.data.services : [];
  const services = filter.service && !known.includes(filter.service) ? [filter.service, ...known] : known;

  const save = async () => {
    setSaving(true);
    setFailed(false);
    const config: MetricsConfig = { ...(saved ?? {}), period, service: service === ALL ? null : service, level: level === ALL ? null : level };
    try {
      await view.submit(config);
    } catch {
      setFailed(true);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="kz-gform"
      data-testid="gadget-edit"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h1 className="kz-h1">{t('gadget.edit.title')}</h1>
      <fieldset className="kz-gform__field" data-testid="period-select">
        <legend className="kz-gform__label">{t('gadget.edit.period')}</legend>
        <div className="kz-segmented">
          {METRICS_PERIOD_DAYS.map((days) => (
            <label key={days} className="kz-segmented__option">
              <input type="radio" name="period" value={days} checked={period === days} onChange={() => setPeriod(days)} data-testid={`period-option-${days}`} />
              <span>{t('gadget.edit.days', { days })}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="kz-gform__field">
        <label className="kz-gform__label" htmlFor={ids.service}>
          {t('gadget.edit.service')}
        </label>
        <select id={ids.service} className="kz-gselect" value={service} onChange={(e) => setService(e.target.value)} aria-describedby={ids.serviceHelp} data-testid="service-select" disabled={options.state.status === 'loading'}>
          <option value={ALL}>{t('gadget.allServices')}</option>
          {services.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <p className="kz-small kz-subtle" id={ids.serviceHelp}>
          {options.state.status === 'loading' ? t('gadget.edit.servicesLoading') : t('gadget.edit.serviceHelp')}
        </p>
        {options.state.status === 'error' ? <ErrorMessage error={options.state.error} onRetry={options.reload} /> : null}
      </div>
      <div className="kz-gform__field">
        <label className="kz-gform__label" htmlFor={ids.level}>
          {t('gadget.edit.level')}
        </label>
        <select id={ids.level} className="kz-gselect" value={level} onChange={(e) => setLevel(e.target.value as Level | typeof ALL)} data-testid="level-select">
          <option value={ALL}>{t('gadget.allLevels')}</option>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`level.${l}`)}
            </option>
          ))}
        </select>
      </div>
      {failed ? (
        <p className="kz-message kz-message--error" role="alert" data-testid="error-message" data-error-code="submit-failed">
          {t('gadget.edit.failed')}
        </p>
      ) : null}
      <div className="kz-row kz-gform__actions">
        <Button appearance="primary" type="submit" testId="save-button" busy={saving}>
          {saving ? t('gadget.edit.saving') : t('gadget.edit.save')}
        </Button>
        <Button appearance="subtle" testId="cancel-button" onClick={() => void view.close().catch(() => undefined)} disabled={saving}>
          {t('gadget.edit.cancel')}
        </Button>
      </div>
    </form>
  );
}
