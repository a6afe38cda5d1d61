import { ACKNOWLEDGE_OUTCOMES } from '../../src/shared/incident-view';
import { RESOLVER_ERROR_CODES } from '../../src/shared/resolver-result';
import { CONNECTION_STATES } from '../../src/shared/source-status';
import { INCIDENT_STATES, LEVELS, TIMELINE_VIEW_KINDS } from '../../src/shared/vocabulary';
import { allAdminTexts } from '../../static/admin/src/i18n/messages';
import { CATALOGUES, intlLocaleOf, languageOf, translate } from '../../static/shared/i18n/messages';

/**
 * The Custom UI's message catalogues: the shared one (static/shared/i18n) and the admin page's own on top of it
 * (static/admin/src/i18n), read here as the admin page reads them, merged. Missing keys and mismatched placeholders already fail
 * `npm run typecheck`; this checks what types cannot: no empty text, Japanese actually translated, every code the
 * UI can show has a text, and the locale → language rules.
 */
describe('UI message catalogues', () => {
  const texts: Readonly<Record<'en' | 'ja', Readonly<Record<string, string>>>> = { en: allAdminTexts('en'), ja: allAdminTexts('ja') };
  const keys = Object.keys(texts.en);

  it('holds the shared texts and the admin page’s own, the same keys in both languages', () => {
    expect(keys.length).toBeGreaterThan(Object.keys(CATALOGUES.en).length);
    expect(Object.keys(texts.ja).sort()).toEqual([...keys].sort());
  });

  it('no text is empty, in either language', () => {
    for (const lang of ['en', 'ja'] as const) expect(keys.filter((k) => texts[lang][k]!.trim() === '')).toEqual([]);
  });

  it('Japanese texts are translations, not English copies (levels, placeholders-only texts and product names aside)', () => {
    // product, file, tool and variable names read the same in Japanese UIs (Jira, Confluence, alertmanager.yml, curl,
    // the CI variables of the deployment recipes)
    const names = ['settings.section.jira', 'settings.section.confluence', 'howto.yaml', 'howto.curl', 'howto.urlVariable', 'howto.tokenVariable'];
    const copied = keys.filter((k) => texts.ja[k] === texts.en[k] && !/^level\.|^admin\.never$/.test(k) && !names.includes(k));
    expect(copied).toEqual([]);
  });

  it.each([
    ['error', [...RESOLVER_ERROR_CODES, 'unavailable', 'bad-response']],
    ['state', INCIDENT_STATES],
    ['level', LEVELS],
    ['timeline', TIMELINE_VIEW_KINDS],
    ['connection', CONNECTION_STATES],
    ['panel.ack', ACKNOWLEDGE_OUTCOMES],
  ] as const)('every %s the UI can show has a text', (prefix, values) => {
    expect(values.filter((v) => !(`${prefix}.${v}` in texts.en))).toEqual([]);
  });

  it('interpolates values as plain text, once', () => {
    expect(translate('en', 'timeline.by', { actor: '{actor} <b>' })).toBe('by {actor} <b>');
    expect(translate('ja', 'gadget.period', { days: 30 })).toBe('過去 30 日間');
  });

  it.each([
    ['ja-JP', 'ja', 'ja-JP'],
    ['ja_JP', 'ja', 'ja-JP'],
    ['ja', 'ja', 'ja'],
    ['en-US', 'en', 'en-US'],
    ['en_GB', 'en', 'en-GB'],
    ['fr-FR', 'en', 'fr-FR'],
    [undefined, 'en', 'en-US'],
    ['not a locale!', 'en', 'en-US'],
  ])('the Forge locale %s shows %s texts and %s dates', (locale, lang, intl) => {
    expect(languageOf(locale)).toBe(lang);
    expect(intlLocaleOf(locale)).toBe(intl);
  });
});
