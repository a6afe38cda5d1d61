/** SEV1–SEV4: each level's name and description in both languages, and the Jira priority an incident gets. */
import { LEVELS, type Level } from '@shared/vocabulary';
import type { LevelDefinition } from '@shared/settings';
import { Field, FieldMessages } from './field';
import { useAdminI18n } from './i18n/admin-i18n';
import type { SectionProps } from './settings-section';

const LANGS = ['en', 'ja'] as const;

export function SettingsLevels({ draft, set, problem, stored, options }: SectionProps) {
  const { t } = useAdminI18n();
  const setText = (level: Level, part: keyof LevelDefinition, lang: 'en' | 'ja', value: string) => {
    const current = draft.levels[level];
    set('levels', { ...draft.levels, [level]: { ...current, [part]: { ...current[part], [lang]: value } } });
  };
  const priorities = options?.priorities.map((p) => p.name) ?? [];
  return (
    <section className="kz-section" aria-labelledby="section-levels" data-testid="section-levels">
      <h2 className="kz-h2" id="section-levels">
        {t('settings.section.levels')}
      </h2>
      <p className="kz-section__help">{t('settings.section.levels.help')}</p>
      <FieldMessages id="levels" stored={[...stored('levels'), ...stored('priorityByLevel')]} testId="field-levels" />
      <div className="kz-levels">
        {LEVELS.map((level) => {
          const choices = priorities.includes(draft.priorityByLevel[level]) ? priorities : [draft.priorityByLevel[level], ...priorities];
          return (
            <fieldset key={level} className="kz-level" data-testid={`level-${level}`}>
              <legend className="kz-level__legend">{t(`level.${level}`)}</legend>
              <div className="kz-level__grid">
                {LANGS.map((lang) => (
                  <Field key={`name-${lang}`} label={t(`levels.name.${lang}`)} problem={problem(`levels.${level}.name.${lang}`)} testId={`field-levels-${level}-name-${lang}`}>
                    {(a11y) => <input {...a11y} className="kz-input" lang={lang} value={draft.levels[level].name[lang]} onChange={(e) => setText(level, 'name', lang, e.target.value)} />}
                  </Field>
                ))}
                {LANGS.map((lang) => (
                  <Field key={`desc-${lang}`} label={t(`levels.description.${lang}`)} problem={problem(`levels.${level}.description.${lang}`)} testId={`field-levels-${level}-description-${lang}`}>
                    {(a11y) => <textarea {...a11y} className="kz-textarea" lang={lang} rows={3} value={draft.levels[level].description[lang]} onChange={(e) => setText(level, 'description', lang, e.target.value)} />}
                  </Field>
                ))}
                <div className="kz-level__priority">
                <Field label={t('levels.priority')} help={t('help.priorityByLevel')} problem={problem(`priorityByLevel.${level}`)} testId={`field-priorityByLevel-${level}`}>
                  {(a11y) => (
                    <select {...a11y} className="kz-select" value={draft.priorityByLevel[level]} onChange={(e) => set('priorityByLevel', { ...draft.priorityByLevel, [level]: e.target.value })}>
                      {choices.map((name) => (
                        <option key={name} value={name}>
                          {name}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                </div>
              </div>
            </fieldset>
          );
        })}
      </div>
    </section>
  );
}
