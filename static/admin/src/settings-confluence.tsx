/** Where pages go: the space, the language of generated pages, and the three parent pages. */
import { PAGE_LANGUAGES, type SettingsField } from '@shared/settings';
import { Field } from './field';
import { useAdminI18n } from './i18n/admin-i18n';
import { ParentPagePicker } from './parent-page-picker';
import type { SectionProps } from './settings-section';

const PARENTS = [
  { name: 'incidents', id: 'incidentsParentPageId', title: 'incidentsParentTitle' },
  { name: 'retrospectives', id: 'retrospectivesParentPageId', title: 'retrospectivesParentTitle' },
  { name: 'readingSessions', id: 'readingSessionsParentPageId', title: 'readingSessionsParentTitle' },
] as const satisfies ReadonlyArray<{ name: string; id: SettingsField; title: SettingsField }>;

export function SettingsConfluence({ draft, set, problem, stored, options }: SectionProps) {
  const { t } = useAdminI18n();
  return (
    <section className="kz-section" aria-labelledby="section-confluence" data-testid="section-confluence">
      <h2 className="kz-h2" id="section-confluence">
        {t('settings.section.confluence')}
      </h2>
      <p className="kz-section__help">{t('settings.section.confluence.help')}</p>
      <div className="kz-grid">
        <Field label={t('field.confluenceSpaceKey')} help={t('help.confluenceSpaceKey')} problem={problem('confluenceSpaceKey')} stored={stored('confluenceSpaceKey')} testId="field-confluenceSpaceKey">
          {(a11y) => (
            <>
              <input {...a11y} className="kz-input kz-input--short" list="kz-spaces" value={draft.confluenceSpaceKey} autoComplete="off" spellCheck={false} onChange={(e) => set('confluenceSpaceKey', e.target.value)} />
              <datalist id="kz-spaces">
                {options?.spaces.map((s) => (
                  <option key={s.key} value={s.key}>
                    {s.name}
                  </option>
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label={t('field.pageLanguage')} help={t('help.pageLanguage')} problem={problem('pageLanguage')} stored={stored('pageLanguage')} testId="field-pageLanguage">
          {(a11y) => (
            <select {...a11y} className="kz-select" value={draft.pageLanguage} onChange={(e) => set('pageLanguage', e.target.value as (typeof PAGE_LANGUAGES)[number])}>
              {PAGE_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`pageLanguage.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="kz-stack">
        {PARENTS.map((p) => (
          <ParentPagePicker
            key={p.name}
            name={p.title}
            label={t(`parent.${p.name}`)}
            spaceKey={draft.confluenceSpaceKey}
            pageId={draft[p.id]}
            title={draft[p.title]}
            problem={problem(p.id) ?? problem(p.title)}
            stored={[...stored(p.id), ...stored(p.title)]}
            onChange={(pageId, title) => {
              set(p.id, pageId);
              set(p.title, title);
            }}
          />
        ))}
      </div>
    </section>
  );
}
