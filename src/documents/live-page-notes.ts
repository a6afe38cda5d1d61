/**
 * Reads the rows people wrote in the live incident page's notes table (DESIGN 3.2 Notes timeline / 対応記録), for the
 * retrospective's merged timeline (DESIGN 3.4). Pure.
 *
 * The table is found by its header row (Time / Who / What…, 時刻 / 誰が / 出来事…, in either language, since a person
 * may have switched), wherever people moved it. The time cell is text people typed: it is kept as written, and a
 * time is parsed from it when it can be — `10:42`, `10:42:05`, `10時42分`, `2026-12-02 10:42`, `2026/12/02 10:42`,
 * `12/2 10:42`, a Confluence date (`<time datetime="2026-12-02"/>`), and the form Kaizen itself writes
 * (`2026年12月2日(水) 10:42:05 JST`, `Wed 2 Dec 2026, 10:42:05 UTC`). A time without a date is on the day of the
 * previous row (or of the incident's start), the next day when it would go back in time (past midnight). A time
 * without a zone is in the page's zone (src/i18n/format-time.ts: UTC for English pages, JST for Japanese ones).
 * A row whose time cannot be read keeps its place after the previous row, its typed time kept in front of its text.
 */
import type { Language } from '../domain/incident';
import { ZONE_BY_LANGUAGE } from '../i18n/format-time';
import type { PageNoteRow } from './retrospective-page';
import { childElements, descendants, plainText, storageTree, type TreeElement } from './storage-tree';
import { oneLine } from './text';

/** At most this many rows are read (the newest ones stay: a notes table is chronological). */
export const LIVE_NOTES_MAX_ROWS = 300;

/** One row as people wrote it, with the time Kaizen understood (or not). */
export interface LiveNoteRow extends PageNoteRow {
  /** The time cell as typed. */
  timeText: string;
  /** Whether `at` was read from `timeText` (false: placed after the previous row). */
  timeParsed: boolean;
}

const HEADERS = {
  time: ['time', '時刻', '時間', '日時'],
  who: ['who', '誰が', '担当', '担当者'],
  what: ['what', '出来事', '内容', '実施内容'],
};

const norm = (s: string): string => oneLine(s.normalize('NFKC')).toLowerCase();
const isHeader = (text: string, words: readonly string[]): boolean => words.some((w) => norm(text).startsWith(w));

/** The rows of the first notes table on the page; `[]` when there is none. `anchorIso`: the incident's start. */
export function readLiveNotes(storage: string, options: { language: Language; anchorIso: string; kaizenName?: string }): LiveNoteRow[] {
  const tree = storageTree(storage);
  const table = descendants(tree).find((e) => e.name === 'table' && headerColumns(e) !== undefined);
  if (!table) return [];
  const cols = headerColumns(table)!;
  const rows = rowsOf(table).slice(1);
  const out: LiveNoteRow[] = [];
  let previous = options.anchorIso;
  for (const row of rows) {
    const cells = childElements(row, 'td', 'th');
    const timeCell = cells[cols.time];
    const whoCell = cols.who === undefined ? undefined : cells[cols.who];
    const whatCell = cells[cols.what];
    const what = whatCell ? cellText(whatCell) : '';
    const timeText = timeCell ? cellText(timeCell) : '';
    const who = whoCell ? personOf(whoCell) : undefined;
    if (what === '' && timeText === '') continue;
    // the first row Kaizen wrote itself (who: Kaizen) repeats the alert the facts already list
    if (who && 'text' in who && options.kaizenName !== undefined && who.text === options.kaizenName) continue;
    const parsed = timeCell ? parseNoteTime(timeCell, timeText, previous, options.language) : undefined;
    const at = parsed ?? previous;
    previous = at;
    out.push({
      at,
      ...(who ? { who } : {}),
      what: parsed || timeText === '' ? what : [timeText, what].filter(Boolean).join(' — '),
      timeText,
      timeParsed: parsed !== undefined,
    });
  }
  return out.slice(-LIVE_NOTES_MAX_ROWS);
}

function rowsOf(table: TreeElement): TreeElement[] {
  return descendants([table], (e) => e !== table && e.name === 'table').filter((e) => e.name === 'tr');
}

function headerColumns(table: TreeElement): { time: number; who: number | undefined; what: number } | undefined {
  const first = rowsOf(table)[0];
  if (!first) return undefined;
  const texts = childElements(first, 'th', 'td').map((c) => cellText(c));
  const time = texts.findIndex((t) => isHeader(t, HEADERS.time));
  const what = texts.findIndex((t) => isHeader(t, HEADERS.what));
  const who = texts.findIndex((t) => isHeader(t, HEADERS.who));
  if (time < 0 || what < 0 || time === what) return undefined;
  return { time, what, who: who < 0 ? undefined : who };
}

/** A cell's text, without placeholders (guidance, not content). */
function cellText(cell: TreeElement): string {
  const strip = (nodes: TreeElement['children']): string =>
    nodes.map((n) => (typeof n === 'string' ? n : n.name === 'ac:placeholder' ? '' : n.name === 'br' || n.name === 'p' ? ` ${strip(n.children)} ` : strip(n.children))).join('');
  return oneLine(strip(cell.children));
}

/** A user mention in the cell, else its text. */
function personOf(cell: TreeElement): PageNoteRow['who'] {
  const user = descendants([cell]).find((e) => e.name === 'ri:user' && e.attributes['ri:account-id']);
  if (user) return { accountId: user.attributes['ri:account-id']! };
  const text = cellText(cell);
  return text === '' ? undefined : { text };
}

const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The ISO time of a time cell, or undefined. `previousIso` gives the day (and the year) when the text has none.
 * Exported for its tests.
 */
export function parseNoteTime(cell: TreeElement | undefined, text: string, previousIso: string, lang: Language): string | undefined {
  const s = text.normalize('NFKC');
  const timeEl = cell ? descendants([cell]).find((e) => e.name === 'time' && e.attributes['datetime']) : undefined;
  let offset = ZONE_BY_LANGUAGE[lang].offsetMinutes;
  if (/\bUTC\b|\bGMT\b|Z$/.test(s)) offset = 0;
  else if (/\bJST\b/.test(s)) offset = 9 * 60;
  const prev = new Date(Date.parse(previousIso) + offset * 60_000);
  let y = prev.getUTCFullYear();
  let mo = prev.getUTCMonth() + 1;
  let d = prev.getUTCDate();
  let dated = false;

  const dateSource = timeEl?.attributes['datetime'] ?? s;
  let m: RegExpMatchArray | null;
  if ((m = dateSource.match(/(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?/))) [y, mo, d, dated] = [+m[1]!, +m[2]!, +m[3]!, true];
  else if ((m = s.match(/\b(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})\b/)) && EN_MONTHS.includes(m[2]!.toLowerCase())) [y, mo, d, dated] = [+m[3]!, EN_MONTHS.indexOf(m[2]!.toLowerCase()) + 1, +m[1]!, true];
  else if ((m = s.match(/(?:^|\s)(\d{1,2})[/月](\d{1,2})日?(?=\s|\(|$)/))) [mo, d, dated] = [+m[1]!, +m[2]!, true];

  const clock = s.replace(/\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?/, ' ').match(/(?:^|[^\d])(\d{1,2})(?::|時)(\d{2})(?:(?::|分)(\d{2}))?/);
  if (!clock && !dated) return undefined;
  const [h, mi, sec] = clock ? [+clock[1]!, +clock[2]!, +(clock[3] ?? 0)] : [0, 0, 0];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return undefined;
  let ms = Date.UTC(y, mo - 1, d, h, mi, sec) - offset * 60_000;
  if (new Date(ms + offset * 60_000).getUTCDate() !== d) return undefined; // 31 February
  // a bare clock time that goes back in time is past midnight
  if (!dated && ms < Date.parse(previousIso) - 60_000) ms += 24 * 3_600_000;
  return new Date(ms).toISOString();
}
