import { validateStorage } from '../../sandbox/formats/storage';
import { renderIncidentPage, renderTimelineRegionBody } from './incident-page';
import { regionId } from './regions';
import { readRegion, replaceRegion, StorageScanError } from './storage-regions';
import { anAlert, anEntry, anIncident, aStorm } from './testing/fixtures';

const ID = regionId('inc-1', 'timeline');
const open = (id = ID): string =>
  `<ac:structured-macro ac:name="expand" ac:schema-version="1" ac:macro-id="${id}"><ac:parameter ac:name="title">Alert timeline</ac:parameter><ac:rich-text-body>`;
const CLOSE = '</ac:rich-text-body></ac:structured-macro>';
const NEW_BODY = '<p><em>kept by Kaizen</em></p><table><tbody><tr><td><p>new</p></td></tr></tbody></table>';

/** People's content as Confluence stores it: HTML entities, CDATA, other macros with bodies, CRLF, odd spacing. */
const PEOPLE_BEFORE =
  '<h2>Impact&nbsp;&rarr; checkout</h2>\r\n<p>Users in 東京 see 502s&hellip; 😀 &mdash; <ac:link><ri:user ri:account-id="5b10ac8d82e05b22cc7d4ef5" /></ac:link></p>' +
  '<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="c0de"><ac:parameter ac:name="language">sql</ac:parameter>' +
  `<ac:plain-text-body><![CDATA[SELECT 1 < 2 && x;\n<ac:structured-macro ac:macro-id="${ID}"><ac:rich-text-body>fake</ac:rich-text-body>]]]]><![CDATA[>]]></ac:plain-text-body></ac:structured-macro>` +
  `<!-- a comment mentioning ac:macro-id="${ID}" -->` +
  '<ac:structured-macro ac:name="info" ac:schema-version="1"><ac:rich-text-body><p>people&#39;s   info&#160;panel</p></ac:rich-text-body></ac:structured-macro>\n' +
  '<table data-layout="default"><colgroup><col style="width: 120.0px;" /></colgroup><tbody><tr><td><p>10:05</p></td><td  class=\'x\' ><p>restarted &amp; watched</p></td></tr></tbody></table>';
const PEOPLE_AFTER =
  '\n<ac:task-list><ac:task><ac:task-id>7</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>roll back &lt;v2&gt;</ac:task-body></ac:task></ac:task-list>' +
  '<ac:structured-macro ac:name="expand" ac:macro-id="people-expand"><ac:rich-text-body><p>their own expand</p></ac:rich-text-body></ac:structured-macro><p>after &bogus; entity</p>';

describe('replaceRegion', () => {
  it("replaces only the region's body; every byte of people's content stays", () => {
    const storage = PEOPLE_BEFORE + open() + '<p>old <strong>timeline</strong></p>' + CLOSE + PEOPLE_AFTER;
    const result = replaceRegion(storage, ID, NEW_BODY);
    expect(result).toEqual({ storage: PEOPLE_BEFORE + open() + NEW_BODY + CLOSE + PEOPLE_AFTER, changed: true, found: true });
  });

  it('finds the region wherever people moved it (inside a layout, a table cell, another macro)', () => {
    const wrappers: [string, string][] = [
      ['<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell><p>left</p></ac:layout-cell><ac:layout-cell>', '</ac:layout-cell></ac:layout-section></ac:layout>'],
      ['<table><tbody><tr><td>', '<p>note</p></td></tr></tbody></table>'],
      ['<ac:structured-macro ac:name="panel" ac:macro-id="people"><ac:rich-text-body><p>in a panel</p>', '<p>panel after</p></ac:rich-text-body></ac:structured-macro>'],
    ];
    for (const [pre, post] of wrappers) {
      const storage = PEOPLE_BEFORE + pre + open() + '<p>old</p>' + CLOSE + post + PEOPLE_AFTER;
      expect(replaceRegion(storage, ID, NEW_BODY).storage).toBe(PEOPLE_BEFORE + pre + open() + NEW_BODY + CLOSE + post + PEOPLE_AFTER);
    }
  });

  it('replaces the whole body of the region, macros people put inside it included', () => {
    const inner = '<p>x</p><ac:structured-macro ac:name="info"><ac:rich-text-body><p>nested</p></ac:rich-text-body></ac:structured-macro><p>y</p>';
    const storage = open() + inner + CLOSE;
    expect(replaceRegion(storage, ID, NEW_BODY).storage).toBe(open() + NEW_BODY + CLOSE);
  });

  it('is idempotent: the same content again changes nothing', () => {
    const storage = PEOPLE_BEFORE + open() + '<p>old</p>' + CLOSE + PEOPLE_AFTER;
    const first = replaceRegion(storage, ID, NEW_BODY);
    const second = replaceRegion(first.storage, ID, NEW_BODY);
    expect(second).toEqual({ storage: first.storage, changed: false, found: true });
    expect(second.storage).toBe(first.storage);
  });

  it('sees content Confluence re-spelled on save as unchanged', () => {
    const stored = '<p><em>kept\u00A0by Kaizen</em></p><table><tbody><tr><td><p>new</p></td><td><p></p></td></tr></tbody></table>';
    const rendered = '<p><em>kept&nbsp;by Kaizen</em></p><table><tbody><tr><td><p>new</p></td><td><p/></td></tr></tbody></table>';
    const storage = open() + stored + CLOSE;
    expect(replaceRegion(storage, ID, rendered)).toEqual({ storage, changed: false, found: true });
    expect(replaceRegion(storage, ID, rendered.replace('new', 'newer')).changed).toBe(true);
  });

  it('reports a missing region and leaves the page as it was', () => {
    const storage = PEOPLE_BEFORE + PEOPLE_AFTER;
    expect(replaceRegion(storage, ID, NEW_BODY)).toEqual({ storage, changed: false, found: false });
    expect(replaceRegion(open('other-id') + CLOSE, ID, NEW_BODY).found).toBe(false);
    expect(readRegion(storage, ID)).toBeUndefined();
  });

  it('changes only the first region when a copy has the same id', () => {
    const storage = open() + '<p>1</p>' + CLOSE + open() + '<p>2</p>' + CLOSE;
    expect(replaceRegion(storage, ID, NEW_BODY).storage).toBe(open() + NEW_BODY + CLOSE + open() + '<p>2</p>' + CLOSE);
  });

  it('gives a body to a region macro without one', () => {
    const macro = `<ac:structured-macro ac:name="expand" ac:macro-id="${ID}">`;
    expect(replaceRegion(`<p>a</p>${macro}<ac:rich-text-body /></ac:structured-macro>`, ID, NEW_BODY).storage).toBe(
      `<p>a</p>${macro}<ac:rich-text-body>${NEW_BODY}</ac:rich-text-body></ac:structured-macro>`,
    );
    expect(replaceRegion(`${macro}<ac:parameter ac:name="title">t</ac:parameter></ac:structured-macro>`, ID, NEW_BODY).storage).toBe(
      `${macro}<ac:parameter ac:name="title">t</ac:parameter><ac:rich-text-body>${NEW_BODY}</ac:rich-text-body></ac:structured-macro>`,
    );
    expect(replaceRegion(`<ac:structured-macro ac:name="expand" ac:macro-id="${ID}" />`, ID, NEW_BODY).storage).toBe(
      `${macro}<ac:rich-text-body>${NEW_BODY}</ac:rich-text-body></ac:structured-macro>`,
    );
    expect(replaceRegion(`${macro}</ac:structured-macro>`, ID, '')).toEqual({ storage: `${macro}</ac:structured-macro>`, changed: false, found: true });
  });

  it('refuses broken storage and a broken replacement instead of writing a page Confluence rejects', () => {
    expect(() => replaceRegion(`${open()}<p>unclosed${CLOSE}`, ID, NEW_BODY)).toThrow(StorageScanError);
    expect(() => replaceRegion(`<p>a & b</p>${open()}${CLOSE}`, ID, NEW_BODY)).toThrow(StorageScanError);
    expect(() => replaceRegion(open() + CLOSE, ID, '<p>unclosed')).toThrow(StorageScanError);
  });

  it('matches the macro id after entity decoding', () => {
    const storage = '<ac:structured-macro ac:name="expand" ac:macro-id="a&amp;b"><ac:rich-text-body>old</ac:rich-text-body></ac:structured-macro>';
    expect(replaceRegion(storage, 'a&b', 'new').storage).toBe(storage.replace('old', 'new'));
  });
});

describe('freezing the timeline into a page people edited', () => {
  it('changes the region and nothing else', () => {
    const incident = anIncident({ id: 'inc-1' });
    const created = renderIncidentPage({
      incident,
      issueKey: 'OPS-12',
      alert: anAlert(),
      language: 'ja',
      macro: { extensionKey: 'app/env/static/incident-status' },
      timeline: [anEntry()],
    }).storage;
    // People fill in the impact, add a notes row and move the timeline region up under the summary.
    const region = created.slice(created.indexOf(`<ac:structured-macro ac:name="expand"`));
    let edited = created.replace(region, '');
    edited = edited.replace(/<p><ac:placeholder>誰に[^<]*<\/ac:placeholder><\/p>/, '<p>決済&nbsp;API が 50% エラー &rarr; 一部ユーザー</p>');
    edited = edited.replace('<tr><td><p/></td><td><p/></td><td><p/></td></tr>', '<tr><td><p>10:30</p></td><td><p>佐藤</p></td><td><p>ロールバック開始</p></td></tr>');
    const at = edited.indexOf('<h2>影響</h2>');
    edited = edited.slice(0, at) + region + edited.slice(at);
    expect(validateStorage(edited)).toEqual({ ok: true });

    const frozen = renderTimelineRegionBody(aStorm(40, 4), 'ja');
    const result = replaceRegion(edited, regionId('inc-1', 'timeline'), frozen);
    expect(result.changed).toBe(true);
    const oldBody = readRegion(edited, regionId('inc-1', 'timeline'))!;
    const start = edited.indexOf(oldBody);
    expect(result.storage).toBe(edited.slice(0, start) + frozen + edited.slice(start + oldBody.length));
    expect(validateStorage(result.storage)).toEqual({ ok: true });
    expect(readRegion(result.storage, regionId('inc-1', 'timeline'))).toBe(frozen);
    expect(replaceRegion(result.storage, regionId('inc-1', 'timeline'), frozen).changed).toBe(false);
  });
});
