import type { Language } from '../domain/incident';
import { regionId } from './regions';
import { renderRetrospectivePage, type RetrospectiveFacts } from './retrospective-page';
import { readRetrospectiveStatus, renderRetrospectiveStatusMacro } from './retrospective-status';
import { retrospectiveHints, retrospectiveSections } from './retrospective-text';
import { replaceMacro } from './storage-regions';

const ID = 'inc-retro-text';

/** Facts whose alert text would be flagged if the facts region were read: it must not be. */
const facts = (): RetrospectiveFacts => ({
  issueKey: 'OPS-7',
  title: 'Human error in deploy script (alert title)',
  level: 'SEV2',
  drill: false,
  keyTimes: { impactStartedAt: '2026-12-02T10:00:00.000Z', detectedAt: '2026-12-02T10:05:00.000Z', recoveredAt: '2026-12-02T11:00:00.000Z' },
  alerts: [{ source: 'mackerel', title: 'the operator should have been careful', monitorName: 'disk' }],
  timeline: [],
  related: [],
});

const page = (lang: Language): string => renderRetrospectivePage({ incidentId: ID, language: lang, facts: facts() }).storage;

/** People fill the page as the Confluence editor saves it: text after a heading, a row in a table. */
function fill(storage: string, heading: string, html: string): string {
  const at = storage.indexOf(`<h2>${heading}</h2>`) >= 0 ? storage.indexOf(`<h2>${heading}</h2>`) + `<h2>${heading}</h2>`.length : storage.indexOf(`<h3>${heading}</h3>`) + `<h3>${heading}</h3>`.length;
  if (at < heading.length) throw new Error(`no heading ${heading}`);
  return storage.slice(0, at) + html + storage.slice(at);
}
function addRowAfterHeader(storage: string, heading: string, row: string): string {
  const h = storage.indexOf(`<h2>${heading}</h2>`);
  const headerEnd = storage.indexOf('</tr>', h) + '</tr>'.length;
  return storage.slice(0, headerEnd) + row + storage.slice(headerEnd);
}

describe('retrospectiveSections: the plain text of people’s sections', () => {
  it('a fresh draft has no people’s text: no sections, no hints (guidance, facts and headers are not read)', () => {
    for (const lang of ['en', 'ja'] as const) {
      expect(retrospectiveSections(page(lang), ID)).toEqual([]);
      expect(retrospectiveHints(page(lang), ID)).toEqual([]);
    }
  });

  it('English, as people filled it: sections by heading, the 5 whys cells, the action items without their Jira column', () => {
    let s = page('en');
    s = fill(s, 'Summary', '<p>Checkout returned 500 for 40 minutes.</p>');
    s = fill(s, 'Contributing factors', '<ul><li><p>The on-call engineer should have noticed the disk alert.</p></li><li><p>Fault tolerance kept reads up.</p></li></ul>');
    s = addRowAfterHeader(s, '5 whys', '<tr><td><p>500s</p></td><td><p>disk full</p></td><td><p/></td><td><p/></td><td><p/></td><td><p/></td><td><p>no rotation</p></td><td><p>Be more careful with disks</p></td><td><p>prevent</p></td></tr>');
    s = addRowAfterHeader(s, 'Action items', `<tr><td><p>Add log rotation</p></td><td><p>prevent</p></td><td><p>Ben</p></td><td><p>2026-12-24</p></td><td><p>High</p></td><td><p>Blamed on human error</p></td></tr>`);
    s = fill(s, 'What went well', '<ac:structured-macro ac:name="info" ac:schema-version="1"><ac:rich-text-body><p>Rollback took 3 minutes.</p></ac:rich-text-body></ac:structured-macro>');
    expect(retrospectiveSections(s, ID)).toEqual([
      { section: 'Summary', text: 'Checkout returned 500 for 40 minutes.' },
      { section: 'Contributing factors', text: 'The on-call engineer should have noticed the disk alert.\nFault tolerance kept reads up.' },
      { section: '5 whys', text: '500s\ndisk full\nno rotation\nBe more careful with disks\nprevent' },
      { section: 'What went well', text: 'Rollback took 3 minutes.' },
      { section: 'Action items', text: 'Add log rotation\nprevent\nBen\n2026-12-24\nHigh' },
    ]);
    expect(retrospectiveHints(s, ID).map((h) => [h.section, h.phrase, h.kind])).toEqual([
      ['Contributing factors', 'should have', 'blames-person'],
      ['5 whys', 'Be more careful', 'try-harder'],
    ]);
  });

  it('Japanese, as people filled it: なぜなぜ分析 and 今後は気を付ける; ミスマッチ is not blame', () => {
    let s = page('ja');
    s = fill(s, '根本原因・背景要因', '<p>担当者のミスで設定が漏れた。</p><p>型のミスマッチは無かった。</p>');
    s = addRowAfterHeader(s, 'なぜなぜ分析', '<tr><td><p>決済 API が 500</p></td><td><p>ディスク満杯</p></td><td><p/></td><td><p/></td><td><p/></td><td><p/></td><td><p>ローテーション未設定</p></td><td><p>今後は気を付ける</p></td><td><p>再発防止</p></td></tr>');
    s = fill(s, '良かった点', '<p>切り戻しが 3 分で済んだ</p>');
    const hints = retrospectiveHints(s, ID);
    expect(hints.map((h) => [h.section, h.phrase, h.kind])).toEqual([
      ['根本原因・背景要因', '担当者のミス', 'blames-person'],
      ['なぜなぜ分析', '気を付け', 'try-harder'],
    ]);
    expect(hints[1]!.reframing.ja).toContain('人は修正できません');
  });
});

describe('the status macro', () => {
  it('reads Draft on a fresh page, and reads what Kaizen or a person set it to, in either language', () => {
    const s = page('ja');
    expect(readRetrospectiveStatus(s, ID)).toBe('draft');
    const published = replaceMacro(s, regionId(ID, 'retro-status'), renderRetrospectiveStatusMacro(ID, 'published', 'ja'));
    expect(published.changed).toBe(true);
    expect(readRetrospectiveStatus(published.storage, ID)).toBe('published');
    expect(replaceMacro(published.storage, regionId(ID, 'retro-status'), renderRetrospectiveStatusMacro(ID, 'published', 'ja')).changed).toBe(false);
    expect(readRetrospectiveStatus(s.replace('>下書き<', '>In review<'), ID)).toBe('in-review');
    expect(readRetrospectiveStatus('<p>no macro</p>', ID)).toBeUndefined();
  });
});
