import { moduleTitle, textInLocaleFile, translateKey, type AppConfig, type AppTranslations } from './app-config';
import type { UiModule } from '../runtime/app-manifest';

const translations: AppTranslations = {
  files: new Map([
    ['en-US', { modules: { p: { title: 'Incident (Kaizen)' }, q: { title: 'Only English' } }, 'flat.key': 'Flat', flat: { key: 'Nested' } }],
    ['ja-JP', { modules: { p: { title: 'インシデント（Kaizen）' } } }],
    ['de-DE', { modules: { q: { title: 'Nur Deutsch' } } }],
  ]),
  fallback: { 'de-AT': ['de-DE'] },
  defaultLocale: 'en-US',
};

describe('module titles in the person’s locale (manifest translations)', () => {
  it('looks a key up flattened first, then nested, as Forge does', () => {
    expect(textInLocaleFile({ 'flat.key': 'Flat', flat: { key: 'Nested' } }, 'flat.key')).toBe('Flat');
    expect(textInLocaleFile({ flat: { key: 'Nested' } }, 'flat.key')).toBe('Nested');
    expect(textInLocaleFile({ flat: { key: '' } }, 'flat.key')).toBeUndefined();
    expect(textInLocaleFile({ flat: 'x' }, 'flat.key')).toBeUndefined();
  });

  it('uses the locale, then its fallback locales, then the default', () => {
    expect(translateKey(translations, 'modules.p.title', 'ja-JP')).toBe('インシデント（Kaizen）');
    expect(translateKey(translations, 'modules.q.title', 'ja-JP')).toBe('Only English');
    expect(translateKey(translations, 'modules.q.title', 'de-AT')).toBe('Nur Deutsch');
    expect(translateKey(translations, 'modules.p.title', 'fr-FR')).toBe('Incident (Kaizen)');
    expect(translateKey(translations, 'no.such.key', 'ja-JP')).toBeUndefined();
  });

  it('shows a module title translated, a plain title as written, and the key when no file has it', () => {
    const app = { translations } as AppConfig;
    const panel = (title: unknown): UiModule => ({ key: 'p', type: 'jira:issuePanel', title }) as UiModule;
    expect(moduleTitle(app, panel({ i18n: 'modules.p.title' }), 'ja-JP')).toBe('インシデント（Kaizen）');
    expect(moduleTitle(app, panel({ i18n: 'modules.p.title' }), 'en-US')).toBe('Incident (Kaizen)');
    expect(moduleTitle(app, panel('Plain'), 'ja-JP')).toBe('Plain');
    expect(moduleTitle(app, panel({ i18n: 'missing' }), 'ja-JP')).toBe('missing');
  });
});
