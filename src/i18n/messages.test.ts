import { LANGUAGES } from '../domain/incident';
import { catalogue, placeholdersIn, t, tPlural, type MessageKey } from './messages';

const keys = Object.keys(catalogue('en')) as MessageKey[];

/** Keys whose Japanese text may equal the English one (product names, pure formats). */
const SAME_IN_BOTH = new Set<string>(['common.kaizen', 'link.labelled', 'comment.kindCount', 'region.keyTimes.noDuration']);

describe('message catalogue', () => {
  it('has the same keys in every language', () => {
    for (const lang of LANGUAGES) expect(Object.keys(catalogue(lang)).sort()).toEqual([...keys].sort());
  });

  it.each(keys)('%s uses the same placeholders in en and ja', (key) => {
    expect(placeholdersIn(catalogue('ja')[key])).toEqual(placeholdersIn(catalogue('en')[key]));
  });

  it('has no empty text and a real Japanese translation for every text', () => {
    for (const key of keys) {
      expect(catalogue('en')[key].trim()).not.toBe('');
      expect(catalogue('ja')[key].trim()).not.toBe('');
      if (!SAME_IN_BOTH.has(key)) expect(catalogue('ja')[key]).toMatch(/[\u3000-\u30FF\u4E00-\u9FFF（）]/u);
    }
  });

  it('uses the Japanese SRE words for the response template', () => {
    expect(t('ja', 'page.summary')).toBe('概要');
    expect(t('ja', 'page.impact')).toBe('影響');
    expect(t('ja', 'page.roles')).toBe('体制');
    expect(t('ja', 'page.notes')).toBe('対応記録');
    expect(t('ja', 'page.actions')).toBe('対応中のアクション');
    expect(t('ja', 'page.links')).toBe('関連リンク');
    expect(t('ja', 'page.nextUpdate')).toBe('次回更新予定');
    expect(t('ja', 'role.commander')).toContain('インシデントコマンダー');
    expect(t('ja', 'role.scribe')).toBe('記録係');
    expect(t('ja', 'role.responders')).toBe('対応者');
  });
});

describe('t', () => {
  it('fills placeholders', () => {
    expect(t('en', 'page.detected', { time: 'T', source: 'Mackerel', monitor: 'CPU %' })).toBe('Detected T by Mackerel (CPU %).');
    expect(t('ja', 'page.detected', { time: 'T', source: 'Mackerel', monitor: 'CPU %' })).toBe('T に Mackerel（CPU %）で検知。');
  });

  it('never expands a placeholder that arrives inside a value', () => {
    expect(t('en', 'page.detected', { time: '{source}', source: '{monitor}', monitor: '$& $1 {time}' })).toBe(
      'Detected {source} by {monitor} ($& $1 {time}).',
    );
  });

  it('writes numbers as they are', () => {
    expect(t('en', 'comment.kindCount', { kind: 'Alert re-sent', count: 35 })).toBe('Alert re-sent ×35');
  });

  it('throws when a placeholder has no value (a bug the types normally catch)', () => {
    const untyped = t as unknown as (lang: string, key: string, params?: object) => string;
    expect(() => untyped('en', 'page.detected', { time: 'x' })).toThrow(/\{monitor\}|\{source\}/);
  });
});

describe('tPlural', () => {
  it('follows English plural rules', () => {
    expect(tPlural('en', 'comment.more', 1)).toBe('…and 1 more alert');
    expect(tPlural('en', 'comment.more', 2)).toBe('…and 2 more alerts');
    expect(tPlural('en', 'comment.more', 0)).toBe('…and 0 more alerts');
  });

  it('uses the one Japanese form', () => {
    expect(tPlural('ja', 'comment.more', 1)).toBe('…ほか 1 件のアラート');
    expect(tPlural('ja', 'comment.more', 7)).toBe('…ほか 7 件のアラート');
  });

  it('passes the other params through', () => {
    expect(tPlural('en', 'comment.window', 10, { minutes: 10 })).toBe('Kaizen collects timeline entries for 10 minutes before it comments.');
  });
});
