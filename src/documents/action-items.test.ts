import { validateStorage } from '../../sandbox/formats/storage';
import { LANGUAGES } from '../domain/incident';
import { t } from '../i18n/messages';
import { ACTION_ITEM_COLUMNS, ACTION_ITEM_PRIORITIES, ACTION_ITEM_TYPES, headerColumn, parseActionItemPriority, parseActionItemType } from './action-item-words';
import { markActionItemRows, ROW_ID_PREFIX, readActionItems, writeActionItemKeys, type ActionItemRow } from './action-items';
import { renderRetrospectivePage } from './retrospective-page';
import { StorageScanError } from './storage-scan';

const TODAY = '2026-11-30';

/** Storage as the Confluence Cloud editor saves a table: layout attributes, a colgroup, `<p>` in every cell. */
const HEADER_EN = ['Action', 'Type', 'Owner', 'Due', 'Priority', 'Jira'];
const HEADER_JA = ['アクション', '種別', '担当者', '期限', '優先度', 'Jira 課題'];

const mention = (accountId: string): string => `<ac:link><ri:user ri:account-id="${accountId}" /></ac:link>`;
const date = (iso: string): string => `<time datetime="${iso}" />`;
const td = (content: string): string => (content === '' ? '<td><p /></td>' : `<td><p>${content}</p></td>`);
const tr = (cells: readonly string[]): string => `<tr>${cells.map(td).join('')}</tr>`;

function table(rows: readonly (readonly string[])[], header: readonly string[] = HEADER_EN): string {
  return (
    `<table data-layout="default" ac:local-id="5f0c7b3e-2b1a-4c55-9d8e-7a6b5c4d3e2f"><colgroup>${header.map(() => '<col style="width: 120.0px;" />').join('')}</colgroup><tbody>` +
    `<tr>${header.map((h) => `<th><p><strong>${h}</strong></p></th>`).join('')}</tr>` +
    rows.map(tr).join('') +
    '</tbody></table>'
  );
}

const BEFORE = '<h2>Action items</h2><p>People&rsquo;s text&nbsp;stays <em>exactly</em> as it was.</p>';
const AFTER = '<h2>Review</h2><p>Next:&nbsp;<ac:link><ri:user ri:account-id="557058:aaaa" /></ac:link> <time datetime="2026-12-01" /></p>';
const page = (rows: readonly (readonly string[])[], header?: readonly string[]): string => `${BEFORE}${table(rows, header)}${AFTER}`;

let counter = 0;
const ids = (): string => `${++counter}`;
beforeEach(() => {
  counter = 0;
});

const read = (storage: string): ActionItemRow[] => {
  const result = readActionItems(storage, { today: TODAY });
  expect(result.found).toBe(true);
  return [...result.rows];
};

describe('readActionItems', () => {
  it('reads rows as the editor stores them: mentions, Confluence dates, words', () => {
    const storage = page([
      ['Add a disk usage alert at 80 %', 'Detect', mention('557058:owner-1'), date('2026-12-24'), 'High', ''],
      ['Runbook for <strong>log</strong> rotation', '<span style="color: rgb(0,0,0);">プロセス</span>', 'taro@example.com', '12/24', '中', ''],
    ]);
    expect(read(storage)).toEqual([
      { rowNumber: 1, action: 'Add a disk usage alert at 80 %', type: 'detect', owner: { accountId: '557058:owner-1' }, due: '2026-12-24', priority: 'high', problems: [] },
      { rowNumber: 2, action: 'Runbook for log rotation', type: 'process', owner: { text: 'taro@example.com', email: 'taro@example.com' }, due: '2026-12-24', priority: 'medium', problems: [] },
    ]);
  });

  it('ignores an empty row, and placeholders (guidance) count as empty', () => {
    const storage = page([
      ['', '', '', '', '', ''],
      ['<ac:placeholder>What will change?</ac:placeholder>', '<ac:placeholder>prevent / detect</ac:placeholder>', '', '', '', ''],
      ['Fix the retry loop', '', '', '', '', ''],
    ]);
    expect(read(storage)).toEqual([{ rowNumber: 3, action: 'Fix the retry loop', problems: [] }]);
  });

  it('finds the table by its headers in Japanese, with columns reordered and an extra column', () => {
    const header = ['期限', '担当者', 'メモ', 'アクション', '優先度', '種別', 'Jira 課題'];
    const storage = page([[`2026年12月24日`, mention('acc-1'), 'free text', 'リトライ上限を設定する', '最高', '再発防止', '']], header);
    expect(readActionItems(storage, { today: TODAY })).toEqual({
      found: true,
      columns: ['due', 'owner', 'action', 'priority', 'type', 'jira'],
      rows: [{ rowNumber: 1, action: 'リトライ上限を設定する', type: 'prevent', owner: { accountId: 'acc-1' }, due: '2026-12-24', priority: 'highest', problems: [] }],
    });
  });

  it('skips tables that are not the action items table (5 whys, notes), and says when there is none', () => {
    const whys = table([['500s', 'pool full', '', '', '', '', 'no limit', 'add limit', '予防']], ['事象', 'なぜ1', 'なぜ2', 'なぜ3', 'なぜ4', 'なぜ5', '真因', '対策', '対策の種類']);
    const notes = table([['10:00', 'Ken', 'Restarted']], ['Time', 'Who', 'What happened / what was done']);
    expect(readActionItems(`${whys}${notes}`, { today: TODAY })).toEqual({ found: false, columns: [], rows: [] });
    expect(read(`${whys}${notes}${table([['Add limit', '', '', '', '', '']])}`)).toEqual([{ rowNumber: 1, action: 'Add limit', problems: [] }]);
  });

  it.each([
    ['2026-12-24', '2026-12-24'],
    ['2026/12/24', '2026-12-24'],
    ['2026/1/5', '2026-01-05'],
    ['2026.12.24', '2026-12-24'],
    ['12/24', '2026-12-24'],
    ['11/29', '2027-11-29'],
    ['11/30', '2026-11-30'],
    ['12月24日', '2026-12-24'],
    ['１２月２４日（木）', '2026-12-24'],
    ['2026年12月24日', '2026-12-24'],
    ['2026年12月24日(木)まで', '2026-12-24'],
    ['2026-12-24 (Thu)', '2026-12-24'],
    ['Dec 24, 2026', '2026-12-24'],
    ['24 December 2026', '2026-12-24'],
    ['2/29', '2028-02-29'],
  ])('reads the due date %s as %s', (text, due) => {
    expect(read(page([['Do it', '', '', text, '', '']]))[0]).toMatchObject({ due, problems: [] });
  });

  it.each(['next week', '2026-02-30', '13/45', '2026/13/01', '明日', '24/12'])('reports %s as a bad date', (text) => {
    const [row] = read(page([['Do it', '', '', text, '', '']]));
    expect(row).toEqual({ rowNumber: 1, action: 'Do it', problems: [{ code: 'bad-date', text }] });
  });

  it('prefers a Confluence date to text, and rejects a Confluence date that is not a date', () => {
    expect(read(page([['A', '', '', `${date('2027-01-15')} (moved)`, '', '']]))[0]?.due).toBe('2027-01-15');
    expect(read(page([['A', '', '', date('2027-02-31'), '', '']]))[0]?.problems).toEqual([{ code: 'bad-date', text: '2027-02-31' }]);
  });

  it.each([
    ['Prevent', 'prevent'],
    ['prevention', 'prevent'],
    ['再発防止', 'prevent'],
    ['予防', 'prevent'],
    ['修正', 'prevent'],
    ['Detect', 'detect'],
    ['検知', 'detect'],
    ['検出', 'detect'],
    ['Mitigate', 'mitigate'],
    ['緩和', 'mitigate'],
    ['影響軽減', 'mitigate'],
    ['Process', 'process'],
    ['プロセス', 'process'],
    ['ＰＲＯＣＥＳＳ', 'process'],
  ])('reads the type %s as %s', (text, type) => {
    expect(read(page([['A', text, '', '', '', '']]))[0]).toMatchObject({ type, problems: [] });
  });

  it.each([
    ['Highest', 'highest'],
    ['最高', 'highest'],
    ['High', 'high'],
    ['高', 'high'],
    ['Medium', 'medium'],
    ['中', 'medium'],
    ['Low', 'low'],
    ['低', 'low'],
    ['Lowest', 'lowest'],
    ['最低', 'lowest'],
    ['P2', 'medium'],
    [`<ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="m1"><ac:parameter ac:name="colour">Red</ac:parameter><ac:parameter ac:name="title">HIGH</ac:parameter></ac:structured-macro>`, 'high'],
  ])('reads the priority %s as %s', (text, priority) => {
    expect(read(page([['A', '', '', '', text, '']]))[0]).toMatchObject({ priority, problems: [] });
  });

  it('reports unknown words and a missing action, never throws, and the other rows still read', () => {
    const rows = read(
      page([
        ['A', 'someday', '', '', 'whenever', ''],
        ['', '', mention('acc-1'), '', '', ''],
        ['B', '', '', '', '', ''],
      ]),
    );
    expect(rows).toEqual([
      { rowNumber: 1, action: 'A', problems: [{ code: 'unknown-type', text: 'someday' }, { code: 'unknown-priority', text: 'whenever' }] },
      { rowNumber: 2, action: '', owner: { accountId: 'acc-1' }, problems: [{ code: 'no-action' }] },
      { rowNumber: 3, action: 'B', problems: [] },
    ]);
  });

  it('reads owners: a mention, a typed name (unknown to Kaizen: the sync looks it up), an @name, an e-mail, a Server-era mention', () => {
    const rows = read(
      page([
        ['A', '', `${mention('acc-1')} and ${mention('acc-2')}`, '', '', ''],
        ['B', '', 'Somebody Unknown', '', '', ''],
        ['C', '', '@山田 太郎', '', '', ''],
        ['D', '', '<a href="mailto:ken@example.com">ken@example.com</a>', '', '', ''],
        ['E', '', '<ac:link><ri:user ri:userkey="8a7f808a" /></ac:link>', '', '', ''],
      ]),
    );
    expect(rows.map((r) => [r.owner, r.problems])).toEqual([
      [{ accountId: 'acc-1' }, []],
      [{ text: 'Somebody Unknown' }, []],
      [{ text: '山田 太郎' }, []],
      [{ text: 'ken@example.com', email: 'ken@example.com' }, []],
      [undefined, [{ code: 'unknown-owner' }]],
    ]);
  });

  it('reads hostile text as text', () => {
    const storage = page([['&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;amp; \u202Eevil', '', '', '', '', '']]);
    expect(read(storage)[0]?.action).toBe('<script>alert(1)</script> ]]> &amp; \u202Eevil');
  });

  it('joins the lines of a multi-paragraph action and collapses whitespace (nbsp too)', () => {
    const storage = `${BEFORE}${table([]).replace('</tbody>', '<tr><td><p>Add&nbsp;&nbsp;a   limit</p><p>to the pool</p><ul><li><p>and alert</p></li></ul></td><td><p /></td><td><p /></td><td><p /></td><td><p /></td><td><p /></td></tr></tbody>')}`;
    expect(read(storage)[0]?.action).toBe('Add a limit\nto the pool\nand alert');
  });

  it('reads a key written as the jira macro, typed, or linked; a second row with the same key is reported', () => {
    const jira = (key: string, id: string): string => `<ac:structured-macro ac:name="jira" ac:schema-version="1" ac:macro-id="${id}"><ac:parameter ac:name="server">System Jira</ac:parameter><ac:parameter ac:name="key">${key}</ac:parameter></ac:structured-macro>`;
    const rows = read(
      page([
        ['A', '', '', '', '', jira('OPS-101', 'kaizen-row-a')],
        ['B', '', '', '', '', 'OPS-102'],
        ['C', '', '', '', '', '<a href="https://acme.atlassian.net/browse/OPS-103" data-card-appearance="inline">https://acme.atlassian.net/browse/OPS-103</a>'],
        ['A copy', '', '', '', '', jira('OPS-101', 'kaizen-row-copy')],
      ]),
    );
    expect(rows.map((r) => [r.rowId, r.key, r.problems])).toEqual([
      ['kaizen-row-a', 'OPS-101', []],
      [undefined, 'OPS-102', []],
      [undefined, 'OPS-103', []],
      ['kaizen-row-copy', 'OPS-101', [{ code: 'duplicate-key', text: 'OPS-101' }]],
    ]);
  });

  it('reports rows of a table without a Jira column (their key could not be written back)', () => {
    expect(read(page([['A', '', '']], ['Action', 'Owner', 'Due']))[0]?.problems).toEqual([{ code: 'no-jira-column' }]);
  });

  it('throws only on storage that is not well-formed', () => {
    expect(() => readActionItems('<table><tr>', { today: TODAY })).toThrow(StorageScanError);
    expect(() => readActionItems(page([]), { today: '30/11/2026' })).toThrow(RangeError);
  });
});

describe('markActionItemRows and writeActionItemKeys', () => {
  const ROWS = [
    ['Add a disk alert', 'Detect', mention('acc-1'), date('2026-12-24'), 'High', ''],
    ['', '', '', '', '', ''],
    ['Limit retries', '再発防止', 'Ken', '12/24', '中', ''],
  ];

  it('gives each row with an action an id in its Jira cell, changing nothing else, once', () => {
    const storage = page(ROWS);
    const marked = markActionItemRows(storage, ids, 'ja');
    expect(marked).toMatchObject({ changed: true, rowIds: ['kaizen-row-1', 'kaizen-row-2'] });
    expect(validateStorage(marked.storage)).toEqual({ ok: true });
    expect(marked.storage.startsWith(BEFORE + table([]).slice(0, table([]).indexOf('</tbody>')))).toBe(true);
    expect(marked.storage.endsWith(AFTER)).toBe(true);
    expect(marked.storage).toContain(
      '<td><p><ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="kaizen-row-1"><ac:parameter ac:name="colour">Grey</ac:parameter><ac:parameter ac:name="title">未同期</ac:parameter></ac:structured-macro></p></td>',
    );
    // only the Jira cells changed: removing the markers gives back the page byte for byte
    expect(marked.storage.replace(/<ac:structured-macro ac:name="status"[^]*?<\/ac:structured-macro>/g, '').replace(/<p><\/p>/g, '<p />')).toBe(storage);
    expect(read(marked.storage).map((r) => [r.rowId, r.action])).toEqual([
      ['kaizen-row-1', 'Add a disk alert'],
      ['kaizen-row-2', 'Limit retries'],
    ]);
    expect(markActionItemRows(marked.storage, ids, 'ja')).toEqual({ storage: marked.storage, changed: false, rowIds: [] });
  });

  it('keeps ids when people reorder rows and edit cells', () => {
    const marked = markActionItemRows(page(ROWS), ids, 'en').storage;
    const rows = [...marked.matchAll(/<tr>[^]*?<\/tr>/g)].map((m) => m[0]);
    const [header, first, empty, third] = rows as [string, string, string, string];
    const edited = marked.replace(rows.join(''), [header, third.replace('Limit retries', 'Limit retries to 3 with backoff').replace('中', 'High'), empty, first].join(''));
    expect(read(edited).map((r) => [r.rowId, r.action, r.priority])).toEqual([
      ['kaizen-row-2', 'Limit retries to 3 with backoff', 'high'],
      ['kaizen-row-1', 'Add a disk alert', 'high'],
    ]);
    expect(markActionItemRows(edited, ids, 'en').changed).toBe(false);
  });

  it('writes keys as the jira macro keeping the row id, idempotently; mark after write changes nothing', () => {
    const marked = markActionItemRows(page(ROWS), ids, 'en').storage;
    const written = writeActionItemKeys(marked, new Map([['kaizen-row-1', 'OPS-201'], ['kaizen-row-2', 'OPS-202'], ['kaizen-row-gone', 'OPS-999']]));
    expect(written).toMatchObject({ changed: true, rowIds: ['kaizen-row-1', 'kaizen-row-2'] });
    expect(validateStorage(written.storage)).toEqual({ ok: true });
    expect(written.storage).toContain('<td><p><ac:structured-macro ac:name="jira" ac:schema-version="1" ac:macro-id="kaizen-row-1"><ac:parameter ac:name="key">OPS-201</ac:parameter></ac:structured-macro></p></td>');
    expect(written.storage.endsWith(AFTER) && written.storage.startsWith(BEFORE)).toBe(true);
    expect(read(written.storage).map((r) => [r.rowId, r.key])).toEqual([
      ['kaizen-row-1', 'OPS-201'],
      ['kaizen-row-2', 'OPS-202'],
    ]);
    expect(writeActionItemKeys(written.storage, { 'kaizen-row-1': 'OPS-201', 'kaizen-row-2': 'OPS-202' })).toEqual({ storage: written.storage, changed: false, rowIds: [] });
    expect(markActionItemRows(written.storage, ids, 'en').changed).toBe(false);
  });

  it('a crash between creating a task and writing its key: the next sync finds the same row id', () => {
    const marked = markActionItemRows(page(ROWS), ids, 'en').storage;
    // (crash: OPS-201 was created for row-1, but the page was never written) — people add a row above meanwhile
    const withNewRow = marked.replace('<tr><td><p>Add a disk alert', `${tr(['New idea', '', '', '', '', ''])}<tr><td><p>Add a disk alert`);
    const again = markActionItemRows(withNewRow, ids, 'en');
    expect(again.rowIds).toEqual(['kaizen-row-3']);
    expect(read(again.storage).map((r) => [r.action, r.rowId])).toEqual([
      ['New idea', 'kaizen-row-3'],
      ['Add a disk alert', 'kaizen-row-1'],
      ['Limit retries', 'kaizen-row-2'],
    ]);
    const written = writeActionItemKeys(again.storage, { 'kaizen-row-1': 'OPS-201' });
    expect(read(written.storage).find((r) => r.rowId === 'kaizen-row-1')?.key).toBe('OPS-201');
  });

  it('keeps what people wrote next to the marker in the Jira cell, and marks self-closing and paragraph-less cells', () => {
    const storage = `${table([['A', '', '', '', '', 'see below']])}<table><tbody><tr><th>Action</th><th>Owner</th><th>Jira</th></tr><tr><td>B</td><td /><td /></tr></tbody></table>`;
    const marked = markActionItemRows(storage, ids, 'en');
    expect(marked.rowIds).toEqual(['kaizen-row-1']);
    expect(marked.storage).toContain('<td><p>see below<ac:structured-macro ac:name="status"');
    const written = writeActionItemKeys(marked.storage, { 'kaizen-row-1': 'OPS-7' });
    expect(written.storage).toContain('<td><p>see below<ac:structured-macro ac:name="jira"');
    const bare = markActionItemRows('<table><tbody><tr><th>Action</th><th>Owner</th><th>Jira</th></tr><tr><td>B</td><td /><td /></tr><tr><td>C</td><td></td><td></td></tr></tbody></table>', ids, 'en');
    expect(bare.storage).toBe(
      '<table><tbody><tr><th>Action</th><th>Owner</th><th>Jira</th></tr>' +
        '<tr><td>B</td><td /><td><p><ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="kaizen-row-2"><ac:parameter ac:name="colour">Grey</ac:parameter><ac:parameter ac:name="title">Not synced yet</ac:parameter></ac:structured-macro></p></td></tr>' +
        '<tr><td>C</td><td></td><td><p><ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="kaizen-row-3"><ac:parameter ac:name="colour">Grey</ac:parameter><ac:parameter ac:name="title">Not synced yet</ac:parameter></ac:structured-macro></p></td></tr></tbody></table>',
    );
  });

  it('a copied marker (same id on two rows): the first row keeps it, the copy gets a new one in its place', () => {
    const marked = markActionItemRows(page([['A', '', '', '', '', '']]), ids, 'en').storage;
    const row = /<tr><td><p>A<\/p>[^]*?<\/tr>/.exec(marked)![0];
    const copied = marked.replace(row, row + row.replace('<p>A</p>', '<p>A too</p>'));
    expect(read(copied).map((r) => r.rowId)).toEqual(['kaizen-row-1', undefined]);
    const again = markActionItemRows(copied, ids, 'en');
    expect(read(again.storage).map((r) => r.rowId)).toEqual(['kaizen-row-1', 'kaizen-row-2']);
    expect((again.storage.match(/ac:macro-id=/g) ?? []).length).toBe(2);
  });

  it("only Kaizen's markers (macro id `kaizen-row-…`) are a row's identity: a person's own lozenge or jira macro is never taken or replaced", () => {
    const own = '<ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="5e1d-person"><ac:parameter ac:name="title">Blocked</ac:parameter></ac:structured-macro>';
    const theirs = '<ac:structured-macro ac:name="jira" ac:schema-version="1" ac:macro-id="7a2b-person"><ac:parameter ac:name="key">OPS-55</ac:parameter></ac:structured-macro>';
    const storage = page([['Own lozenge', '', '', '', '', own], ['Own jira macro', '', '', '', '', theirs]]);
    expect(read(storage).map((r) => [r.rowId, r.key])).toEqual([[undefined, undefined], [undefined, 'OPS-55']]);
    const marked = markActionItemRows(storage, ids, 'en');
    // the lozenge stays; Kaizen's marker goes next to it; the row people linked themselves is left alone
    expect(marked.rowIds).toHaveLength(1);
    expect(marked.storage).toContain(own);
    expect(marked.storage).toContain(theirs);
    const [rowId] = marked.rowIds as [string];
    expect(rowId.startsWith(ROW_ID_PREFIX)).toBe(true);
    const written = writeActionItemKeys(marked.storage, { [rowId]: 'OPS-56' });
    expect(written.storage).toContain(own);
    expect(read(written.storage).map((r) => [r.rowId, r.key])).toEqual([[rowId, 'OPS-56'], [undefined, 'OPS-55']]);
  });

  it('escapes ids and keys by construction and refuses what is not a key', () => {
    const marked = markActionItemRows(page([['A', '', '', '', '', '']]), () => 'x"/><script>', 'en');
    expect(validateStorage(marked.storage)).toEqual({ ok: true });
    expect(read(marked.storage)[0]?.rowId).toBe('kaizen-row-x"/><script>');
    expect(() => writeActionItemKeys(marked.storage, { 'kaizen-row-x"/><script>': '<b>OPS-1' })).toThrow(RangeError);
    expect(() => markActionItemRows(page([['A', '', '', '', '', ''], ['B', '', '', '', '', '']]), () => 'same', 'en')).toThrow('newId');
  });

  it('works on the page the retrospective renderer writes, once people typed a row', () => {
    const { storage } = renderRetrospectivePage({
      incidentId: 'inc-1',
      language: 'ja',
      facts: { issueKey: 'OPS-12', title: 't', level: 'SEV2', drill: false, keyTimes: { impactStartedAt: '2026-11-01T00:00:00.000Z', detectedAt: '2026-11-01T00:01:00.000Z' }, alerts: [], timeline: [], related: [] },
    });
    const typed = storage.replace(/<td><p\/><\/td><td><p\/><\/td><td><p\/><\/td><td><p\/><\/td><td><p\/><\/td><td><p\/><\/td><\/tr><\/tbody><\/table>$/, `<td><p>監視を追加</p></td><td><p>検知</p></td><td><p>${mention('acc-9')}</p></td><td><p>${date('2026-12-01')}</p></td><td><p>高</p></td><td><p/></td></tr></tbody></table>`);
    expect(typed).not.toBe(storage);
    const marked = markActionItemRows(typed, ids, 'ja');
    expect(marked.rowIds).toEqual(['kaizen-row-1']);
    const written = writeActionItemKeys(marked.storage, { 'kaizen-row-1': 'OPS-300' });
    expect(readActionItems(written.storage, { today: TODAY }).rows).toEqual([
      { rowNumber: 2, rowId: 'kaizen-row-1', key: 'OPS-300', action: '監視を追加', type: 'detect', owner: { accountId: 'acc-9' }, due: '2026-12-01', priority: 'high', problems: [] },
    ]);
  });

  it('does nothing on a page without the table', () => {
    expect(markActionItemRows(BEFORE, ids, 'en')).toEqual({ storage: BEFORE, changed: false, rowIds: [] });
    expect(writeActionItemKeys(BEFORE, { a: 'OPS-1' })).toEqual({ storage: BEFORE, changed: false, rowIds: [] });
  });
});

describe('the header in Japanese', () => {
  it('reads a Japanese table', () => {
    expect(read(page([['手順書を更新', 'プロセス', '', '2026/12/1', '低', '']], HEADER_JA))).toEqual([{ rowNumber: 1, action: '手順書を更新', type: 'process', due: '2026-12-01', priority: 'low', problems: [] }]);
  });
});

describe('the words Kaizen writes are the words it reads', () => {
  it.each(LANGUAGES)('reads every type and priority name and every header of the catalogue (%s)', (lang) => {
    for (const type of ACTION_ITEM_TYPES) expect(parseActionItemType(t(lang, `actionItem.type.${type}`))).toBe(type);
    for (const priority of ACTION_ITEM_PRIORITIES) expect(parseActionItemPriority(t(lang, `actionItem.priority.${priority}`))).toBe(priority);
    for (const column of ACTION_ITEM_COLUMNS) expect(headerColumn(t(lang, `actionItem.col.${column}`))).toBe(column);
    expect(headerColumn(`${t(lang, 'actionItem.col.due')} (YYYY-MM-DD)`)).toBe('due');
  });

  it('does not take the 5 whys or notes headers for action item columns', () => {
    for (const text of ['Countermeasure', '対策', 'Why 1', 'なぜ1', '事象', 'What happened / what was done', '出来事・実施内容']) expect(headerColumn(text)).toBeUndefined();
  });
});
