/**
 * The words people write in the action items table (DESIGN 3.4), in English and Japanese, whatever the page
 * language: column headers, action types, priorities, and due dates typed as text. Pure.
 *
 * Every comparison is on a normalised form: Unicode NFKC (full-width letters and digits become ASCII, `／` becomes
 * `/`), lower case, surrounding whitespace, brackets, `*` and trailing `:`/`：`/`.` removed.
 */
import { LANGUAGES } from '../domain/incident';
import { t } from '../i18n/messages';

export const ACTION_ITEM_COLUMNS = ['action', 'type', 'owner', 'due', 'priority', 'jira'] as const;
export type ActionItemColumn = (typeof ACTION_ITEM_COLUMNS)[number];

export const ACTION_ITEM_TYPES = ['prevent', 'detect', 'mitigate', 'process'] as const;
export type ActionItemType = (typeof ACTION_ITEM_TYPES)[number];

/** Jira's default priority scheme, highest first. */
export const ACTION_ITEM_PRIORITIES = ['highest', 'high', 'medium', 'low', 'lowest'] as const;
export type ActionItemPriority = (typeof ACTION_ITEM_PRIORITIES)[number];

/** A word as compared: NFKC, lower case, no surrounding punctuation, inner whitespace as one space. */
export function normaliseWord(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s*「『【[(<"'“]+|[\s*」』】\])>"'”:.。]+$/gu, '')
    .trim();
}

const catalogueWords = (key: Parameters<typeof t>[1]): string[] => LANGUAGES.map((lang) => normaliseWord(t(lang, key as never)));

function wordMap<K extends string>(entries: Readonly<Record<K, readonly string[]>>): ReadonlyMap<string, K> {
  const map = new Map<string, K>();
  for (const [value, words] of Object.entries(entries) as [K, readonly string[]][]) for (const word of words) map.set(normaliseWord(word), value);
  return map;
}

/**
 * Header texts of each column. The catalogue's own headers (both languages) and what people commonly rename them to.
 * A header may carry a note in brackets (`Due (YYYY-MM-DD)`, `種別（予防/検知）`): it is ignored.
 */
const HEADER_WORDS = wordMap<ActionItemColumn>({
  action: [...catalogueWords('actionItem.col.action'), 'action', 'actions', 'action item', 'action items', 'task', 'todo', 'to do', 'アクション', 'アクションアイテム', '対応内容', '対策内容', 'やること', 'タスク'],
  type: [...catalogueWords('actionItem.col.type'), 'type', 'kind', 'category', '種別', '種類', '分類', 'タイプ', '対策の種類'],
  owner: [...catalogueWords('actionItem.col.owner'), 'owner', 'owners', 'assignee', 'responsible', 'who', '担当', '担当者', 'オーナー', '責任者'],
  due: [...catalogueWords('actionItem.col.due'), 'due', 'due date', 'deadline', 'by when', 'target date', '期限', '期日', '締め切り', '締切', '完了予定日', 'いつまでに'],
  priority: [...catalogueWords('actionItem.col.priority'), 'priority', '優先度', '優先順位'],
  jira: [...catalogueWords('actionItem.col.jira'), 'jira', 'jira issue', 'jira task', 'jira key', 'ticket', 'issue', 'key', '課題', 'チケット', 'jira 課題', 'jira チケット'],
});

/** The column a header cell names, or undefined. */
export function headerColumn(text: string): ActionItemColumn | undefined {
  return HEADER_WORDS.get(normaliseWord(text)) ?? HEADER_WORDS.get(normaliseWord(text.normalize('NFKC').replace(/\([^)]*\)/g, '')));
}

/**
 * Action types. "fix" / 修正 / 恒久対応 (the なぜなぜ table's fourth kind) counts as prevent: a permanent fix is what
 * keeps the cause from happening again (再発防止).
 */
const TYPE_WORDS = wordMap<ActionItemType>({
  prevent: [...catalogueWords('actionItem.type.prevent'), 'prevent', 'prevention', 'preventive', 'fix', 'repair', '再発防止', '予防', '防止', '発生防止', '発生対策', '修正', '恒久対応', '恒久対策'],
  detect: [...catalogueWords('actionItem.type.detect'), 'detect', 'detection', 'monitoring', 'alerting', '検知', '検出', '監視', '流出防止', '流出対策'],
  mitigate: [...catalogueWords('actionItem.type.mitigate'), 'mitigate', 'mitigation', 'reduce impact', '緩和', '影響軽減', '軽減', '暫定対応', '暫定対策'],
  process: [...catalogueWords('actionItem.type.process'), 'process', 'procedure', 'runbook', 'プロセス', 'プロセス改善', '手順', '運用', '運用改善', '体制'],
});

export function parseActionItemType(text: string): ActionItemType | undefined {
  return TYPE_WORDS.get(normaliseWord(text));
}

/** Priorities: Jira's names in both languages, P0–P4, and common synonyms. */
const PRIORITY_WORDS = wordMap<ActionItemPriority>({
  highest: [...catalogueWords('actionItem.priority.highest'), 'highest', 'critical', 'blocker', 'urgent', 'p0', '最高', '緊急', '最優先'],
  high: [...catalogueWords('actionItem.priority.high'), 'high', 'major', 'p1', '高', '高い', '大'],
  medium: [...catalogueWords('actionItem.priority.medium'), 'medium', 'med', 'normal', 'p2', '中', '普通', '通常'],
  low: [...catalogueWords('actionItem.priority.low'), 'low', 'minor', 'p3', '低', '低い', '小'],
  lowest: [...catalogueWords('actionItem.priority.lowest'), 'lowest', 'trivial', 'p4', '最低'],
});

export function parseActionItemPriority(text: string): ActionItemPriority | undefined {
  return PRIORITY_WORDS.get(normaliseWord(text));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` when it is a real calendar date, else undefined. */
function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1000 || year > 9999) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Throws on a `today` that is not `YYYY-MM-DD` (a caller's bug, never people's input). */
function todayParts(today: string): { year: number; month: number; day: number } {
  const m = ISO_DATE.exec(today);
  if (!m || isoDate(+m[1]!, +m[2]!, +m[3]!) === undefined) throw new RangeError(`today must be YYYY-MM-DD: ${today}`);
  return { year: +m[1]!, month: +m[2]!, day: +m[3]! };
}

/** Throws a `RangeError` unless `today` is a `YYYY-MM-DD` calendar date. */
export function assertToday(today: string): void {
  todayParts(today);
}

/** A month and day without a year: its next occurrence on or after `today` (a 29 February waits for a leap year). */
function nextOccurrence(month: number, day: number, today: string): string | undefined {
  const now = todayParts(today);
  const start = month < now.month || (month === now.month && day < now.day) ? now.year + 1 : now.year;
  for (let year = start; year < start + 8; year++) {
    const date = isoDate(year, month, day);
    if (date) return date;
  }
  return undefined;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** 1–12 for an English month name or its abbreviation of three or more letters (`Dec`, `Sept`), else 0. */
const monthOf = (name: string): number => {
  const lower = name.toLowerCase();
  return lower.length >= 3 ? MONTHS.findIndex((m) => m.startsWith(lower)) + 1 : 0;
};

/**
 * The `datetime` of a Confluence date (`<time datetime="2026-12-24"/>`): its date part, when it is a real date.
 * https://confluence.atlassian.com/doc/confluence-storage-format-790796544.html (Dates)
 */
export function parseTimeDatetime(datetime: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(datetime.trim());
  return m ? isoDate(+m[1]!, +m[2]!, +m[3]!) : undefined;
}

/**
 * A due date typed as text, as `YYYY-MM-DD`: `2026-12-24`, `2026/12/24`, `2026.12.24`, `2026年12月24日`, and
 * without a year `12/24`, `12月24日` (month first, as both US and Japanese writers put it; the next such date on or
 * after `today`, a `YYYY-MM-DD` in the page's zone), also `Dec 24, 2026` and `24 Dec 2026`. A weekday in brackets
 * (`12/24(木)`, `2026-12-24 (Thu)`) and a trailing `まで(に)` are ignored. Undefined when it is not a date.
 */
export function parseDueText(text: string, today: string): string | undefined {
  todayParts(today);
  const s = text
    .normalize('NFKC')
    .replace(/[(（][^)）]*[)）]/gu, ' ')
    .replace(/\s*(まで(に)?|迄)\s*$/u, '')
    .replace(/^\s*(by|due)\s+/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.。]$/u, '');
  let m = /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$/.exec(s) ?? /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/u.exec(s);
  if (m) return isoDate(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})\s*\/\s*(\d{1,2})$/.exec(s) ?? /^(\d{1,2})\s*月\s*(\d{1,2})\s*日$/u.exec(s);
  if (m) return nextOccurrence(+m[1]!, +m[2]!, today);
  m = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/.exec(s);
  if (m && monthOf(m[1]!) > 0) return isoDate(+m[3]!, monthOf(m[1]!), +m[2]!);
  m = /^(\d{1,2}) ([A-Za-z]{3,9})\.?,? (\d{4})$/.exec(s);
  if (m && monthOf(m[2]!) > 0) return isoDate(+m[3]!, monthOf(m[2]!), +m[1]!);
  return undefined;
}
