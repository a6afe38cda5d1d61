/** Where incidents and their action items are filed: project and the two issue types, picked or typed. */
import { Field } from './field';
import { useAdminI18n } from './i18n/admin-i18n';
import type { SectionProps } from './settings-section';

export function SettingsJira({ draft, set, problem, stored, options }: SectionProps) {
  const { t } = useAdminI18n();
  return (
    <section className="kz-section" aria-labelledby="section-jira" data-testid="section-jira">
      <h2 className="kz-h2" id="section-jira">
        {t('settings.section.jira')}
      </h2>
      <p className="kz-section__help">{t('settings.section.jira.help')}</p>
      <div className="kz-grid">
        <Field label={t('field.jiraProjectKey')} help={t('help.jiraProjectKey')} problem={problem('jiraProjectKey')} stored={stored('jiraProjectKey')} testId="field-jiraProjectKey">
          {(a11y) => (
            <>
              <input {...a11y} className="kz-input kz-input--short" list="kz-projects" value={draft.jiraProjectKey} autoComplete="off" spellCheck={false} onChange={(e) => set('jiraProjectKey', e.target.value.toUpperCase())} />
              <datalist id="kz-projects">
                {options?.projects.map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.name}
                  </option>
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label={t('field.incidentIssueType')} help={t('help.incidentIssueType')} problem={problem('incidentIssueType')} stored={stored('incidentIssueType')} testId="field-incidentIssueType">
          {(a11y) => <input {...a11y} className="kz-input" list="kz-issue-types" value={draft.incidentIssueType} autoComplete="off" onChange={(e) => set('incidentIssueType', e.target.value)} />}
        </Field>
        <Field label={t('field.taskIssueType')} help={t('help.taskIssueType')} problem={problem('taskIssueType')} stored={stored('taskIssueType')} testId="field-taskIssueType">
          {(a11y) => <input {...a11y} className="kz-input" list="kz-issue-types" value={draft.taskIssueType} autoComplete="off" onChange={(e) => set('taskIssueType', e.target.value)} />}
        </Field>
      </div>
      <datalist id="kz-issue-types">
        {options?.issueTypes.map((it) => <option key={it.id} value={it.name} />)}
      </datalist>
    </section>
  );
}
