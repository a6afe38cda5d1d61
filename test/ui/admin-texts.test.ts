import { FIELD_PROBLEM_CODES, type FieldProblem } from '../../src/shared/resolver-result';
import { validateSettings, defaultSettings, SETTINGS_FIELDS } from '../../src/shared/settings';
import { SOURCE_IDS } from '../../src/shared/vocabulary';
import { PLACEHOLDER } from '../../src/shared/message-catalogue';
import { ADMIN_CATALOGUES, allAdminTexts, type AdminMessageKey } from '../../static/admin/src/i18n/messages';
import { problemKey, problemText, type ProblemI18n } from '../../static/admin/src/problem-text';
import { CATALOGUES, type Language } from '../../static/shared/i18n/messages';

/**
 * The admin page's texts beyond what the catalogue types check: every setting has a label (the history names any
 * field), every source has its sender's steps, every field problem code has a text in both languages, and every
 * message next to a field reads in the user's language from the catalogue by its code — English and Japanese alike,
 * never by matching the backend's English.
 */
const placeholders = (text: string): string[] => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).sort();
/** The admin page's `t`, as ./i18n/admin-i18n.tsx builds it: the shared texts and the admin page's own. */
const i18n = (lang: Language): ProblemI18n => ({
  lang,
  t: ((key: AdminMessageKey, params: Record<string, string | number> = {}) =>
    (allAdminTexts(lang)[key] as string).replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole))) as ProblemI18n['t'],
});
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
/** A problem's text in both languages, each fully filled in (no `{placeholder}` left). */
const both = (p: FieldProblem) => ({ en: problemText(p, i18n('en')), ja: problemText(p, i18n('ja')) });

describe('admin page texts', () => {
  it('every setting has a label in both languages', () => {
    expect(SETTINGS_FIELDS.filter((f) => !(`field.${f}` in allAdminTexts('en')))).toEqual([]);
  });

  it('every source has its sender’s steps', () => {
    expect(SOURCE_IDS.filter((s) => !(`howto.${s}.1` in allAdminTexts('en')))).toEqual([]);
  });

  it('the admin page’s own texts are not in the shared catalogue the panel, macro and gadget carry', () => {
    expect(Object.keys(ADMIN_CATALOGUES.en).filter((k) => k in CATALOGUES.en)).toEqual([]);
    expect(Object.keys(CATALOGUES.en).filter((k) => /^(admin|settings|field|help|rule|site|problem|source|secret|howto|dead|history)\./.test(k))).toEqual([]);
  });

  it.each(FIELD_PROBLEM_CODES)('the problem code %s has a text in English and in Japanese, naming the same values', (code) => {
    const key = problemKey(code);
    const [en, ja] = [ADMIN_CATALOGUES.en[key as keyof typeof ADMIN_CATALOGUES.en], ADMIN_CATALOGUES.ja[key as keyof typeof ADMIN_CATALOGUES.ja]];
    expect({ code, en: en?.trim() ? 'present' : en, ja: ja?.trim() ? 'present' : ja }).toEqual({ code, en: 'present', ja: 'present' });
    expect(ja).toMatch(japanese);
    expect(placeholders(ja!)).toEqual(placeholders(en!));
  });

  it('each schema problem has its rule’s code, and reads from the catalogue in both languages', () => {
    const broken = {
      ...defaultSettings(),
      jiraProjectKey: 'ops',
      incidentIssueType: ' ',
      confluenceSpaceKey: 'a b',
      incidentsParentPageId: 'abc',
      incidentsParentTitle: '',
      pageLanguage: 'fr',
      timeZone: 'Mars/Olympus',
      groupingWindowMinutes: 0,
      commentWindowMinutes: 'ten',
      retrospectiveDueHours: 1000,
      autoResolve: 'yes',
      productionEnvironments: [''],
      levels: { ...defaultSettings().levels, SEV1: { name: { en: '', ja: 'x' }, description: { en: 'x', ja: '' } } },
      severityMapping: { ...defaultSettings().severityMapping, mackerel: { ...defaultSettings().severityMapping.mackerel, critical: 'SEV9' } },
      priorityByLevel: { ...defaultSettings().priorityByLevel, SEV2: '' },
      pagerRotation: 'weekly',
    };
    const result = validateSettings(broken);
    if (result.ok) throw new Error('expected problems');
    expect(Object.fromEntries(result.problems.map((p) => [p.path, p.code]))).toEqual({
      jiraProjectKey: 'project-key',
      incidentIssueType: 'issue-type-name',
      confluenceSpaceKey: 'space-key',
      incidentsParentPageId: 'page-id',
      incidentsParentTitle: 'page-title',
      pageLanguage: 'page-language',
      timeZone: 'time-zone',
      groupingWindowMinutes: 'window-minutes',
      commentWindowMinutes: 'window-minutes',
      retrospectiveDueHours: 'due-hours',
      autoResolve: 'on-off',
      'productionEnvironments.0': 'production-environment',
      'levels.SEV1.name.en': 'level-name',
      'levels.SEV1.description.ja': 'level-description',
      'severityMapping.mackerel.critical': 'severity-level',
      'priorityByLevel.SEV2': 'priority-name',
      pagerRotation: 'unknown-setting',
    });
    for (const p of result.problems) {
      const text = both(p);
      expect([p.path, text.en]).toEqual([p.path, allAdminTexts('en')[problemKey(p.code!)].replace(PLACEHOLDER, (_w, name: string) => p.params![name]!)]);
      expect([p.path, text.ja]).toEqual([p.path, expect.stringMatching(japanese)]);
      expect([p.path, `${text.en} ${text.ja}`]).toEqual([p.path, expect.not.stringMatching(/\{[A-Za-z]+\}/)]);
    }
    expect(both(result.problems.find((p) => p.path === 'groupingWindowMinutes')!)).toEqual({ en: expect.stringMatching(/at least 1 minute, at most 1440/), ja: expect.stringContaining('1〜1440') });
    expect(both(result.problems.find((p) => p.path === 'pagerRotation')!)).toEqual({ en: expect.stringContaining('pagerRotation'), ja: expect.stringContaining('pagerRotation') });
  });

  it.each<[string, FieldProblem['code'], Record<string, string>, string[]]>([
    ['jiraProjectKey', 'no-project', { key: 'NOPE' }, ['NOPE']],
    ['incidentIssueType', 'no-issue-type', { project: 'OPS', name: 'Bug', names: 'Task, Incident' }, ['OPS', 'Bug', 'Task, Incident']],
    ['priorityByLevel', 'no-priority', { name: 'P0', names: 'High, Low' }, ['P0', 'High, Low']],
    ['confluenceSpaceKey', 'no-space', { key: 'XX' }, ['XX']],
    ['incidentsParentPageId', 'no-page', { id: '999' }, ['999']],
    ['incidentsParentPageId', 'page-not-in-space', { title: 'Incidents', space: 'OPS' }, ['Incidents', 'OPS']],
  ])('the site check on %s (%s) reads from the catalogue in both languages, naming what was and was not found', (field, code, params, names) => {
    // the English detail is the backend's to word: the texts do not depend on it
    const text = both({ field, path: field, code, params, message: 'Reworded by the backend.' });
    expect(text.ja).toMatch(japanese);
    for (const name of names) expect([text.en, text.ja]).toEqual([expect.stringContaining(name), expect.stringContaining(name)]);
  });

  it('a problem with a code this page does not know, or with none, shows its English message', () => {
    const unknown = { field: 'levels', path: 'levels', code: 'brand-new-rule', message: 'Invalid input: expected object' } as unknown as FieldProblem;
    expect(both(unknown)).toEqual({ en: 'Invalid input: expected object', ja: 'Invalid input: expected object' });
    expect(both({ field: 'timeZone', path: 'timeZone', message: 'Set by an older Kaizen.' }).ja).toBe('Set by an older Kaizen.');
  });
});
