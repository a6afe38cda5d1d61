/** Which level each source's severities open an incident at: sources × critical / warning / info / unknown. */
import { LEVELS, SEVERITY_LEVELS, SOURCE_IDS, SOURCE_NAMES, type Level } from '@shared/vocabulary';
import { FieldMessages } from './field';
import { useAdminI18n } from './i18n/admin-i18n';
import type { SectionProps } from './settings-section';

export function SeverityGrid({ draft, set, problem, stored }: SectionProps) {
  const { t } = useAdminI18n();
  const storedProblems = stored('severityMapping');
  return (
    <section className="kz-section" aria-labelledby="section-mapping" data-testid="section-mapping">
      <h2 className="kz-h2" id="section-mapping">
        {t('settings.section.mapping')}
      </h2>
      <p className="kz-section__help" id="mapping-help">
        {t('settings.section.mapping.help')}
      </p>
      <FieldMessages id="mapping" problem={problem('severityMapping')} stored={storedProblems} testId="field-severityMapping" />
      <table className="kz-table kz-grid-table" aria-describedby="mapping-help" data-testid="severity-grid">
        <thead>
          <tr>
            <th scope="col">{t('mapping.source')}</th>
            {SEVERITY_LEVELS.map((s) => (
              <th key={s} scope="col">
                {t(`severity.${s}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {SOURCE_IDS.map((source) => (
            <tr key={source}>
              <th scope="row">{SOURCE_NAMES[source]}</th>
              {SEVERITY_LEVELS.map((severity) => (
                <td key={severity}>
                  <select
                    className="kz-select kz-select--compact"
                    aria-label={t('mapping.cell', { source: SOURCE_NAMES[source], severity: t(`severity.${severity}`) })}
                    data-testid={`mapping-${source}-${severity}`}
                    value={draft.severityMapping[source][severity]}
                    onChange={(e) => set('severityMapping', { ...draft.severityMapping, [source]: { ...draft.severityMapping[source], [severity]: e.target.value as Level } })}
                  >
                    {LEVELS.map((l) => (
                      <option key={l} value={l}>
                        {l}
                      </option>
                    ))}
                  </select>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
