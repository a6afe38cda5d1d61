import { ACKNOWLEDGE_OUTCOMES } from '../../src/shared/incident-view';
import { RESOLVER_ERROR_CODES } from '../../src/shared/resolver-result';
import { CONNECTION_STATES } from '../../src/shared/source-status';
import { INCIDENT_STATES, LEVELS, TIMELINE_VIEW_KINDS } from '../../src/shared/vocabulary';
import { CATALOGUES, intlLocaleOf, languageOf, translate, type MessageKey } from '../../static/shared/i18n/messages';

/**
 * The Custom UI's message catalogues (static/shared/i18n). Missing keys and mismatched placeholders already fail
 * `npm run typecheck`; this checks what types cannot: no empty text, Japanese actually translated, every code the
 * UI can show has a text, and the locale → language rules.
 */
describe('UI message catalogues', () => {
  const keys = Object.keys(CATALOGUES.en) as MessageKey[];

  it('no text is empty, in either language', () => {
    for (const lang of ['en', 'ja'] as const) expect(keys.filter((k) => CATALOGUES[lang][k].trim() === '')).toEqual([]);
  });

  it('Japanese texts are translations, not English copies (levels, placeholders-only texts and product names aside)', () => {
    // product and file names read the same in Japanese UIs (Jira, Confluence, alertmanager.yml)
    const names = ['settings.section.jira', 'settings.section.confluence', 'howto.yaml'];
    const copied = keys.filter((k) => CATALOGUES.ja[k] === CATALOGUES.en[k] && !/^level\.|^admin\.never$/.test(k) && !names.includes(k));
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
    expect(values.filter((v) => !(`${prefix}.${v}` in CATALOGUES.en))).toEqual([]);
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
