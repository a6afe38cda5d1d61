import { view } from '@forge/bridge';
import { useState } from 'react';
import { PERIOD_DAYS, type GadgetConfig, type PeriodDays } from '@shared/incident-counts';
import { Button } from '@ui/components/button';
import { useI18n } from '@ui/i18n/i18n-context';

/** The gadget's edit mode: pick 7, 30 or 90 days; `view.submit({ period })` saves it and Jira shows the view again. */
export function PeriodForm({ period }: { period: PeriodDays }) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<PeriodDays>(period);
  const [saving, setSaving] = useState(false);
  const [failed, setFailed] = useState(false);
  const save = async () => {
    setSaving(true);
    setFailed(false);
    try {
      await view.submit({ period: chosen } satisfies GadgetConfig);
    } catch {
      setFailed(true);
    } finally {
      setSaving(false);
    }
  };
  return (
    <form
      data-testid="gadget-edit"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h1 className="kz-h1" data-testid="locale-text">
        {t('gadget.edit.title')}
      </h1>
      <fieldset data-testid="period-select">
        <legend>{t('gadget.edit.period')}</legend>
        {PERIOD_DAYS.map((days) => (
          <label key={days}>
            <input type="radio" name="period" value={days} checked={chosen === days} onChange={() => setChosen(days)} data-testid={`period-option-${days}`} />
            {t('gadget.edit.days', { days })}
          </label>
        ))}
      </fieldset>
      {failed ? (
        <p className="kz-message kz-message--error" role="alert" data-testid="error-message" data-error-code="submit-failed">
          {t('gadget.edit.failed')}
        </p>
      ) : null}
      <Button appearance="primary" type="submit" testId="save-button" disabled={saving}>
        {saving ? t('gadget.edit.saving') : t('gadget.edit.save')}
      </Button>
    </form>
  );
}
