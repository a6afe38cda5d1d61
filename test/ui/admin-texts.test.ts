import { validateSettings, defaultSettings, SETTINGS_FIELDS } from '../../src/shared/settings';
import { SOURCE_IDS } from '../../src/shared/vocabulary';
import { problemText, type ProblemI18n } from '../../static/admin/src/problem-text';
import { CATALOGUES, translate, type Language, type MessageKey } from '../../static/shared/i18n/messages';

/**
 * The admin page's texts beyond what the catalogue types check: every setting has a label (the history names any
 * field), every source has its sender's steps, and every message next to a field reads in the user's language —
 * the schema's English in English, the field's rule or the failed site check in Japanese.
 */
const i18n = (lang: Language): ProblemI18n => ({ lang, t: ((key: MessageKey, params?: Record<string, string | number>) => (translate as (l: Language, k: MessageKey, p?: Record<string, string | number>) => string)(lang, key, params)) as ProblemI18n['t'] });
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('admin page texts', () => {
  it('every setting has a label in both languages', () => {
    expect(SETTINGS_FIELDS.filter((f) => !(`field.${f}` in CATALOGUES.en))).toEqual([]);
  });

  it('every source has its sender’s steps', () => {
    expect(SOURCE_IDS.filter((s) => !(`howto.${s}.1` in CATALOGUES.en))).toEqual([]);
  });

  it('each schema problem reads as the schema wrote it in English and as the field’s rule in Japanese', () => {
    const broken = {
      ...defaultSettings(),
      jiraProjectKey: 'ops',
      incidentIssueType: ' ',
      confluenceSpaceKey: 'a b',
      incidentsParentTitle: '',
      timeZone: 'Mars/Olympus',
      groupingWindowMinutes: 0,
      commentWindowMinutes: 'ten',
      retrospectiveDueHours: 1000,
      productionEnvironments: [''],
      levels: { ...defaultSettings().levels, SEV1: { name: { en: '', ja: 'x' }, description: { en: 'x', ja: '' } } },
      priorityByLevel: { ...defaultSettings().priorityByLevel, SEV2: '' },
    };
    const result = validateSettings(broken);
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map((p) => p.path).sort()).toEqual(
      ['commentWindowMinutes', 'confluenceSpaceKey', 'groupingWindowMinutes', 'incidentIssueType', 'incidentsParentTitle', 'jiraProjectKey', 'levels.SEV1.description.ja', 'levels.SEV1.name.en', 'priorityByLevel.SEV2', 'productionEnvironments.0', 'retrospectiveDueHours', 'timeZone'].sort(),
    );
    for (const p of result.problems) {
      expect(problemText(p, i18n('en'))).toBe(p.message);
      expect([p.path, problemText(p, i18n('ja'))]).toEqual([p.path, expect.stringMatching(japanese)]);
    }
  });

  it.each([
    ['jiraProjectKey', 'No Jira project NOPE that you can see.', 'NOPE'],
    ['incidentIssueType', 'Project OPS has no issue type "Bug" (it has: Task, Incident).', 'Bug'],
    ['priorityByLevel', 'Jira has no priority "P0" (it has: High, Low).', 'P0'],
    ['confluenceSpaceKey', 'No Confluence space XX that you can see.', 'XX'],
    ['incidentsParentPageId', 'No Confluence page 999 that you can see.', '999'],
    ['incidentsParentPageId', 'Page "Incidents" is not in space OPS.', 'Incidents'],
  ])('the site check on %s reads in Japanese, naming what was not found', (field, message, name) => {
    const text = problemText({ field, path: field, message }, i18n('ja'));
    expect(text).toMatch(japanese);
    expect(text).toContain(name);
  });
});
