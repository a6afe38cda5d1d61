import { parseNoteTime, readLiveNotes } from './live-page-notes';

const mention = (id: string): string => `<ac:link><ri:user ri:account-id="${id}"/></ac:link>`;
const table = (rows: string[][], header = ['Time', 'Who', 'What happened / what was done']): string =>
  `<h2>Notes timeline</h2><table><tbody><tr>${header.map((h) => `<th><p>${h}</p></th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${c === '' ? '<p/>' : `<p>${c}</p>`}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

describe('readLiveNotes: the rows people wrote in the live page’s notes table', () => {
  const anchorIso = '2026-12-02T10:00:00.000Z';

  it('reads time, who (mention or text) and what; skips Kaizen’s own row and empty rows', () => {
    const storage = `<p>intro</p>${table([
      ['Wed 2 Dec 2026, 10:00:00 UTC', 'Kaizen', 'Alert received from Mackerel: disk. Incident opened.'],
      ['10:42', mention('557058:ben'), 'Restarted the web server &amp; cleared /tmp'],
      ['', '', ''],
      ['2026-12-02 11:05', 'Chika', 'Disk back under 80 %'],
    ])}`;
    expect(readLiveNotes(storage, { language: 'en', anchorIso, kaizenName: 'Kaizen' })).toEqual([
      { at: '2026-12-02T10:42:00.000Z', who: { accountId: '557058:ben' }, what: 'Restarted the web server & cleared /tmp', timeText: '10:42', timeParsed: true },
      { at: '2026-12-02T11:05:00.000Z', who: { text: 'Chika' }, what: 'Disk back under 80 %', timeText: '2026-12-02 11:05', timeParsed: true },
    ]);
  });

  it('reads the Japanese table in JST, keeps a time it cannot read as text, and crosses midnight', () => {
    const storage = table(
      [
        ['23:50', '森', 'ロールバック開始'],
        ['そのあとすぐ', '森', '切り戻し完了'],
        ['0:10', '森', '監視で正常を確認'],
      ],
      ['時刻', '誰が', '出来事・実施内容'],
    );
    const rows = readLiveNotes(storage, { language: 'ja', anchorIso: '2026-12-02T14:00:00.000Z' });
    expect(rows.map((r) => [r.at, r.what, r.timeParsed])).toEqual([
      ['2026-12-02T14:50:00.000Z', 'ロールバック開始', true],
      ['2026-12-02T14:50:00.000Z', 'そのあとすぐ — 切り戻し完了', false],
      ['2026-12-02T15:10:00.000Z', '監視で正常を確認', true],
    ]);
  });

  it('no notes table → no rows', () => {
    expect(readLiveNotes('<p>nothing</p><table><tbody><tr><th><p>A</p></th></tr></tbody></table>', { language: 'en', anchorIso })).toEqual([]);
  });
});

describe('parseNoteTime', () => {
  const prev = '2026-12-02T01:00:00.000Z';
  it.each([
    ['10:42', 'en', '2026-12-02T10:42:00.000Z'],
    ['10:42:05', 'en', '2026-12-02T10:42:05.000Z'],
    ['10時42分', 'ja', '2026-12-02T01:42:00.000Z'],
    ['１０：４２', 'ja', '2026-12-02T01:42:00.000Z'],
    ['2026/12/03 09:00', 'ja', '2026-12-03T00:00:00.000Z'],
    ['12/3 09:00', 'en', '2026-12-03T09:00:00.000Z'],
    ['2026年12月2日(水) 10:42:05 JST', 'en', '2026-12-02T01:42:05.000Z'],
    ['Wed 2 Dec 2026, 10:42:05 UTC', 'ja', '2026-12-02T10:42:05.000Z'],
    ['soon', 'en', undefined],
    ['25:00', 'en', undefined],
  ] as const)('%s (%s page) → %s', (text, lang, want) => {
    expect(parseNoteTime(undefined, text, prev, lang)).toBe(want);
  });
});
