/** How incidents are handled: time zone, the grouping and comment windows, automatic steps, retrospectives, DORA. */
import { useId } from 'react';
import type { SettingsField } from '@shared/settings';
import { Button } from '@ui/components/button';
import { Field, FieldMessages } from './field';
import { useAdminI18n } from './i18n/admin-i18n';
import type { SectionProps } from './settings-section';

/** A short list first (what teams here pick), then every other zone the browser knows. */
const COMMON_ZONES = ['Asia/Tokyo', 'UTC', 'Asia/Seoul', 'Asia/Shanghai', 'Asia/Singapore', 'Asia/Kolkata', 'Australia/Sydney', 'Europe/London', 'Europe/Berlin', 'Europe/Paris', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'];
function zones(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone').filter((z) => /^(America|Europe|Asia|Australia|Pacific|Africa)\//.test(z)) : [];
  return [...COMMON_ZONES, ...all.filter((z) => !COMMON_ZONES.includes(z))];
}

const ZONES = zones();

type Toggle = Extract<SettingsField, 'autoResolve' | 'testOpensDrill'>;

export function SettingsHandling({ draft, set, problem, stored }: SectionProps) {
  const { t } = useAdminI18n();
  const number = (field: Extract<SettingsField, 'groupingWindowMinutes' | 'commentWindowMinutes' | 'retrospectiveDueHours'>, unit: string) => (
    <Field label={t(`field.${field}`)} help={t(`help.${field}`)} problem={problem(field)} stored={stored(field)} testId={`field-${field}`}>
      {(a11y) => (
        <span className="kz-unit">
          <input {...a11y} className="kz-input kz-input--number" inputMode="numeric" value={draft[field]} onChange={(e) => set(field, e.target.value)} />
          <span className="kz-subtle" aria-hidden="true">{unit}</span>
        </span>
      )}
    </Field>
  );
  return (
    <section className="kz-section" aria-labelledby="section-handling" data-testid="section-handling">
      <h2 className="kz-h2" id="section-handling">
        {t('settings.section.handling')}
      </h2>
      <p className="kz-section__help">{t('settings.section.handling.help')}</p>
      <div className="kz-grid">
        <Field label={t('field.timeZone')} help={t('help.timeZone')} problem={problem('timeZone')} stored={stored('timeZone')} testId="field-timeZone">
          {(a11y) => (
            <>
              <input {...a11y} className="kz-input" list="kz-zones" value={draft.timeZone} autoComplete="off" spellCheck={false} onChange={(e) => set('timeZone', e.target.value)} />
              <datalist id="kz-zones">
                {ZONES.map((z) => <option key={z} value={z} />)}
              </datalist>
            </>
          )}
        </Field>
        {number('groupingWindowMinutes', t('unit.minutes'))}
        {number('commentWindowMinutes', t('unit.minutes'))}
        {number('retrospectiveDueHours', t('unit.hours'))}
      </div>
      <div className="kz-stack">
        {(['autoResolve', 'testOpensDrill'] as const).map((field) => (
          <Checkbox key={field} field={field} checked={draft[field]} onChange={(v) => set(field, v)} problem={problem(field)} stored={stored(field)} />
        ))}
      </div>
      <Environments {...{ draft, set, problem, stored }} options={undefined} />
    </section>
  );

}

function Checkbox({ field, checked, onChange, problem, stored }: { field: Toggle; checked: boolean; onChange: (v: boolean) => void; problem: ReturnType<SectionProps['problem']>; stored: ReturnType<SectionProps['stored']> }) {
  const { t } = useAdminI18n();
  const id = useId();
  return (
    <div className="kz-field kz-check" data-testid={`field-${field}`}>
      <label className="kz-check__label">
        <input type="checkbox" checked={checked} aria-describedby={`${id}-help`} data-testid={`${field}-checkbox`} onChange={(e) => onChange(e.target.checked)} />
        <span>{t(`field.${field}`)}</span>
      </label>
      <FieldMessages id={id} help={t(`help.${field}`)} problem={problem} stored={stored} testId={`field-${field}`} />
    </div>
  );
}

/** Production environment names: a list, one input each. */
function Environments({ draft, set, problem, stored }: SectionProps) {
  const { t } = useAdminI18n();
  const id = useId();
  const envs = draft.productionEnvironments;
  const setAt = (i: number, value: string) => set('productionEnvironments', envs.map((e, j) => (j === i ? value : e)));
  return (
    <fieldset className="kz-field kz-envs" data-testid="field-productionEnvironments" aria-describedby={`${id}-help`}>
      <legend className="kz-field__label">{t('field.productionEnvironments')}</legend>
      <ul className="kz-envs__list">
        {envs.map((env, i) => {
          const p = problem(`productionEnvironments.${i}`);
          return (
            <li key={i}>
              <div className="kz-row">
                <input
                  className="kz-input kz-input--medium"
                  value={env}
                  aria-label={t('envs.item', { n: i + 1 })}
                  aria-invalid={p ? true : undefined}
                  aria-describedby={p ? `${id}-env-${i}-error` : undefined}
                  data-testid={`env-${i}`}
                  onChange={(e) => setAt(i, e.target.value)}
                />
                <Button appearance="subtle" testId={`env-remove-${i}`} label={t('envs.remove', { name: env || String(i + 1) })} onClick={() => set('productionEnvironments', envs.filter((_, j) => j !== i))}>
                  {t('envs.removeShort')}
                </Button>
              </div>
              {p ? <FieldMessages id={`${id}-env-${i}`} problem={p} testId={`field-productionEnvironments-${i}`} /> : null}
            </li>
          );
        })}
      </ul>
      <Button testId="env-add" onClick={() => set('productionEnvironments', [...envs, ''])} disabled={envs.length >= 20}>
        {t('envs.add')}
      </Button>
      <FieldMessages id={id} help={t('help.productionEnvironments')} problem={problem('productionEnvironments')} stored={stored('productionEnvironments')} testId="field-productionEnvironments" />
    </fieldset>
  );
}
