/**
 * The retrospective's action items table (DESIGN 3.4) as people fill it in the Confluence editor: rendered once by
 * the retrospective page, then read, marked and given Jira keys here. Pure; the page is never re-serialised — only
 * the bytes of the Jira cells that change are spliced (offsets from `storage-scan.ts`), so people's markup elsewhere
 * stays byte for byte.
 *
 * **Which table.** The first table in document order whose first row (its header) names an action column and an
 * owner or a due column, in either language or a common synonym (`action-item-words.ts`). Columns are found by
 * their header text, not their position: people may reorder, add or drop columns. No wrapper macro marks the table,
 * because people copy, move and rebuild tables, and the editor does not allow a table in every macro.
 *
 * **Row identity.** A row's id is the `ac:macro-id` of a macro Kaizen puts into its Jira cell (Confluence keeps a
 * structured macro's `ac:macro-id` across editor saves, see `regions.ts`): first a `status` macro "Not synced yet /
 * 未同期" ({@link markActionItemRows}), replaced — same id — by the `jira` issue macro once the task exists
 * ({@link writeActionItemKeys}), which then shows the task's live status. The id moves with the row when people
 * reorder rows or edit other cells, so a sync never makes a second task for it. A row that already names a key (the
 * jira macro, a typed `OPS-12` or a link to `/browse/OPS-12`) is identified by that key.
 */
import type { Language } from '../domain/incident';
import { t } from '../i18n/messages';
import {
  ACTION_ITEM_COLUMNS,
  assertToday,
  headerColumn,
  parseActionItemPriority,
  parseActionItemType,
  parseDueText,
  parseTimeDatetime,
  type ActionItemColumn,
  type ActionItemPriority,
  type ActionItemType,
} from './action-item-words';
import { cell, placeholder, structuredMacro } from './storage-nodes';
import { childElements, descendants, macroParameter, storageTree, type TreeElement, type TreeNode } from './storage-tree';
import { oneLine } from './text';
import { el, serializeStorage, type XElement, type XNode } from './xhtml';

export { ACTION_ITEM_PRIORITIES, ACTION_ITEM_TYPES, type ActionItemPriority, type ActionItemType } from './action-item-words';

/** An owner: a user mention's account id, or a name or e-mail as typed (the sync looks it up). */
export type ActionItemOwner = { readonly accountId: string } | { readonly text: string; readonly email?: string };

/**
 * Why a row cannot be synced as it is:
 * - `no-action`: the action cell is empty though other cells are filled;
 * - `bad-date`: the due cell holds something that is not a date (`text` has it);
 * - `unknown-type` / `unknown-priority`: a word Kaizen does not know (`text` has it);
 * - `unknown-owner`: a mention without an account id (Server-era `ri:userkey` / `ri:username`);
 * - `duplicate-key`: an earlier row already names the same Jira key (a copied row);
 * - `no-jira-column`: the table has no Jira column, so the key could not be written back (the row would have no identity).
 */
export type ActionItemProblemCode = 'no-action' | 'bad-date' | 'unknown-type' | 'unknown-priority' | 'unknown-owner' | 'duplicate-key' | 'no-jira-column';

export interface ActionItemProblem {
  readonly code: ActionItemProblemCode;
  /** The cell text that caused it, as people wrote it (plain text; for the panel's message). */
  readonly text?: string;
}

export interface ActionItemRow {
  /** 1-based position among the table's rows below the header, as people count them. */
  readonly rowNumber: number;
  /** The row's stable id (see the module comment); absent until {@link markActionItemRows} gave it one. */
  readonly rowId?: string;
  /** The Jira key the row names, once it has a task. */
  readonly key?: string;
  /** The action as plain text: each line's whitespace collapsed, lines joined by `\n`, trimmed. */
  readonly action: string;
  readonly type?: ActionItemType;
  readonly owner?: ActionItemOwner;
  /** `YYYY-MM-DD`. */
  readonly due?: string;
  readonly priority?: ActionItemPriority;
  /** Empty when the row can be synced. */
  readonly problems: readonly ActionItemProblem[];
}

export interface ActionItemsTable {
  /** False when the page has no action items table (people deleted or renamed it). */
  readonly found: boolean;
  /** The columns found, in the page's order. */
  readonly columns: readonly ActionItemColumn[];
  /** Every non-empty row (a row with nothing typed in it is left out). */
  readonly rows: readonly ActionItemRow[];
}

export interface ReadActionItemsOptions {
  /** Today as `YYYY-MM-DD` in the page's zone: a due date typed without a year (`12/24`) is its next occurrence. */
  readonly today: string;
}

/** The result of {@link markActionItemRows} and {@link writeActionItemKeys}. */
export interface ActionItemsEdit {
  /** The page with only the affected Jira cells changed; the input itself when nothing changed. */
  readonly storage: string;
  readonly changed: boolean;
  /** The row ids given (mark) or whose key was written (write). */
  readonly rowIds: readonly string[];
}

// ——— rendering (the retrospective page's table) ———

/**
 * The table as the retrospective page renders it: the header in the page language, a first row with guidance
 * (placeholders, which disappear when people type and are never read as content) and an empty second row.
 */
export function actionItemsTableNodes(lang: Language): XNode[] {
  const header = ACTION_ITEM_COLUMNS.map((c) => cell('th', t(lang, `actionItem.col.${c}`)));
  const first = ACTION_ITEM_COLUMNS.map((c) => {
    if (c === 'action') return cell('td', placeholder(t(lang, 'retro.actions.actionPrompt')));
    if (c === 'type') return cell('td', placeholder(t(lang, 'retro.actions.typePrompt')));
    if (c === 'priority') return cell('td', placeholder(t(lang, 'retro.actions.priorityPrompt')));
    return cell('td');
  });
  const second = ACTION_ITEM_COLUMNS.map(() => cell('td'));
  return [el('table', {}, el('tbody', {}, el('tr', {}, header), el('tr', {}, first), el('tr', {}, second)))];
}

/**
 * The prefix of every row id Kaizen gives (`kaizen-row-<uuid>`): only a macro whose `ac:macro-id` carries it is a row's
 * identity, so a status lozenge or a jira macro a person put into the Jira column (Confluence gives those an id of
 * its own) is never taken for Kaizen's marker, nor replaced.
 */
export const ROW_ID_PREFIX = 'kaizen-row-';
const isKaizenRowId = (id: string | undefined): id is string => id !== undefined && id.startsWith(ROW_ID_PREFIX) && id.length > ROW_ID_PREFIX.length;

/** The row marker: a grey `status` macro whose `ac:macro-id` is the row id. */
export function rowMarker(rowId: string, lang: Language): XElement {
  return structuredMacro('status', { macroId: rowId, params: { colour: 'Grey', title: t(lang, 'actionItem.notSynced') } });
}

/** The Jira issue macro for a synced row, keeping the row id as its `ac:macro-id`. */
export function rowIssueMacro(rowId: string, key: string): XElement {
  return structuredMacro('jira', { macroId: rowId, params: { key } });
}

// ——— reading ———

const JIRA_KEY = /\b([A-Z][A-Z0-9_]{0,254}-[1-9][0-9]{0,17})\b/;
/** A whole text that is a Jira issue key (`OPS-12`). */
const WHOLE_JIRA_KEY = /^[A-Z][A-Z0-9_]{0,254}-[1-9][0-9]{0,17}$/;

/** What a cell holds, as the reader needs it. */
interface CellContent {
  element: TreeElement;
  text: string;
  mentions: { accountId?: string }[];
  dates: string[];
  hrefs: string[];
  statusMacros: TreeElement[];
  jiraMacros: TreeElement[];
}

interface LocatedRow {
  row: ActionItemRow;
  jiraCell: CellContent | undefined;
  /** The macro carrying the row id, when the row has one (status or jira macro). */
  idMacro: TreeElement | undefined;
}

interface LocatedTable {
  columns: ActionItemColumn[];
  rows: LocatedRow[];
}

const BLOCKS = new Set(['p', 'div', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'br', 'ac:task', 'ac:task-body']);

/** A cell's text (placeholders and macro parameters left out, a status lozenge's title kept) and its rich parts. */
function readCell(element: TreeElement): CellContent {
  const content: CellContent = { element, text: '', mentions: [], dates: [], hrefs: [], statusMacros: [], jiraMacros: [] };
  const parts: string[] = [];
  const walk = (nodes: readonly TreeNode[]): void => {
    for (const node of nodes) {
      if (typeof node === 'string') {
        parts.push(node);
        continue;
      }
      switch (node.name) {
        case 'ac:placeholder':
        case 'ac:parameter':
        case 'ac:emoticon':
        case 'ac:image':
          break;
        case 'ac:structured-macro':
          if (node.attributes['ac:name'] === 'status') {
            content.statusMacros.push(node);
            parts.push(' ', macroParameter(node, 'title') ?? '', ' ');
          } else if (node.attributes['ac:name'] === 'jira') content.jiraMacros.push(node);
          else walk(childElements(node, 'ac:rich-text-body', 'ac:plain-text-body'));
          break;
        case 'ri:user':
          content.mentions.push(node.attributes['ri:account-id'] ? { accountId: node.attributes['ri:account-id'] } : {});
          break;
        case 'time':
          if (node.attributes['datetime'] !== undefined) content.dates.push(node.attributes['datetime']);
          walk(node.children);
          break;
        case 'a':
          if (node.attributes['href']) content.hrefs.push(node.attributes['href']);
          walk(node.children);
          break;
        default:
          if (BLOCKS.has(node.name)) parts.push('\n');
          walk(node.children);
          if (BLOCKS.has(node.name)) parts.push('\n');
      }
    }
  };
  walk(element.children);
  content.text = parts
    .join('')
    .split('\n')
    .map((line) => oneLine(line))
    .filter((line) => line !== '')
    .join('\n');
  return content;
}

/** A table's own rows (`tr` directly in it or in its `thead`/`tbody`/`tfoot`), never a nested table's. */
function tableRows(table: TreeElement): TreeElement[] {
  return childElements(table).flatMap((c) => (c.name === 'tr' ? [c] : ['thead', 'tbody', 'tfoot'].includes(c.name) ? childElements(c, 'tr') : []));
}

/** A row's cells with the column each starts at (a `colspan` cell takes several columns). */
function rowCells(tr: TreeElement): { column: number; cell: TreeElement }[] {
  let column = 0;
  return childElements(tr, 'th', 'td').map((c) => {
    const at = column;
    const span = Number.parseInt(c.attributes['colspan'] ?? '1', 10);
    column += Number.isFinite(span) && span > 0 ? span : 1;
    return { column: at, cell: c };
  });
}

function locateTable(storage: string, today: string | undefined): LocatedTable | undefined {
  const tree = storageTree(storage);
  for (const table of descendants(tree).filter((e) => e.name === 'table')) {
    const [header, ...body] = tableRows(table);
    if (!header) continue;
    const columnAt = new Map<number, ActionItemColumn>();
    for (const { column, cell: c } of rowCells(header)) {
      const name = headerColumn(readCell(c).text);
      if (name && ![...columnAt.values()].includes(name)) columnAt.set(column, name);
    }
    const names = [...columnAt.values()];
    if (!names.includes('action') || !(names.includes('owner') || names.includes('due'))) continue;
    return { columns: names, rows: readRows(body, columnAt, today) };
  }
  return undefined;
}

function readRows(body: readonly TreeElement[], columnAt: ReadonlyMap<number, ActionItemColumn>, today: string | undefined): LocatedRow[] {
  const hasJira = [...columnAt.values()].includes('jira');
  const seenIds = new Set<string>();
  const seenKeys = new Set<string>();
  const out: LocatedRow[] = [];
  body.forEach((tr, index) => {
    const cells = new Map<ActionItemColumn, CellContent>();
    for (const { column, cell: c } of rowCells(tr)) {
      const name = columnAt.get(column);
      if (name && !cells.has(name)) cells.set(name, readCell(c));
    }
    const jiraCell = cells.get('jira');
    const { key, idMacro } = identity(jiraCell);
    const filled = (name: ActionItemColumn): boolean => {
      const c = cells.get(name);
      return !!c && (c.text !== '' || c.mentions.length > 0 || c.dates.length > 0);
    };
    if (!key && !(['action', 'type', 'owner', 'due', 'priority'] as const).some(filled)) return;

    const problems: ActionItemProblem[] = [];
    const action = cells.get('action')?.text ?? '';
    if (action === '') problems.push({ code: 'no-action' });
    const type = word(cells.get('type'), parseActionItemType, 'unknown-type', problems);
    const priority = word(cells.get('priority'), parseActionItemPriority, 'unknown-priority', problems);
    const owner = readOwner(cells.get('owner'), problems);
    const due = readDue(cells.get('due'), today, problems);
    if (!hasJira) problems.push({ code: 'no-jira-column' });

    let rowId = idMacro?.attributes['ac:macro-id'];
    // Confluence gives a copied macro a new id on save; if a copy kept it, the first row keeps the id and the copy
    // counts as not marked yet (markActionItemRows gives it a fresh one).
    if (rowId !== undefined && seenIds.has(rowId)) rowId = undefined;
    if (rowId !== undefined) seenIds.add(rowId);
    if (key !== undefined) {
      if (seenKeys.has(key)) problems.push({ code: 'duplicate-key', text: key });
      seenKeys.add(key);
    }
    const row: ActionItemRow = {
      rowNumber: index + 1,
      ...(rowId !== undefined && { rowId }),
      ...(key !== undefined && { key }),
      action,
      ...(type !== undefined && { type }),
      ...(owner !== undefined && { owner }),
      ...(due !== undefined && { due }),
      ...(priority !== undefined && { priority }),
      problems,
    };
    out.push({ row, jiraCell, idMacro: rowId !== undefined ? idMacro : undefined });
  });
  return out;
}

/**
 * The row's key and the macro carrying its id: Kaizen's jira macro first, else Kaizen's status marker (only macros
 * whose id has {@link ROW_ID_PREFIX}). The key is Kaizen's jira macro's, else one people put there themselves.
 */
function identity(jiraCell: CellContent | undefined): { key: string | undefined; idMacro: TreeElement | undefined } {
  if (!jiraCell) return { key: undefined, idMacro: undefined };
  const jira = jiraCell.jiraMacros.find((m) => isKaizenRowId(m.attributes['ac:macro-id']));
  const keyOf = (m: TreeElement) => JIRA_KEY.exec(oneLine(macroParameter(m, 'key') ?? '').toUpperCase())?.[1];
  const fromMacro = (jira ? keyOf(jira) : undefined) ?? jiraCell.jiraMacros.map(keyOf).find(Boolean);
  const statusText = new Set(jiraCell.statusMacros.map((m) => oneLine(macroParameter(m, 'title') ?? '')));
  const typed = jiraCell.text
    .split('\n')
    .filter((line) => !statusText.has(line))
    .map((line) => JIRA_KEY.exec(line)?.[1])
    .find(Boolean);
  const linked = jiraCell.hrefs.map((href) => /\/browse\/([A-Z][A-Z0-9_]*-[1-9][0-9]*)(?:[/?#]|$)/.exec(href)?.[1]).find(Boolean);
  const idMacro = jira ?? jiraCell.statusMacros.find((m) => isKaizenRowId(m.attributes['ac:macro-id']));
  return { key: fromMacro ?? typed ?? linked, idMacro };
}

function word<T>(content: CellContent | undefined, parse: (text: string) => T | undefined, code: ActionItemProblemCode, problems: ActionItemProblem[]): T | undefined {
  const text = content?.text.replace(/\n/g, ' ') ?? '';
  if (text === '') return undefined;
  const value = parse(text);
  if (value === undefined) problems.push({ code, text });
  return value;
}

const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;

/** The first mention's account id, else the typed name or e-mail (a leading `@` dropped). */
function readOwner(content: CellContent | undefined, problems: ActionItemProblem[]): ActionItemOwner | undefined {
  if (!content) return undefined;
  const mention = content.mentions.find((m) => m.accountId && oneLine(m.accountId) !== '');
  if (mention?.accountId) return { accountId: oneLine(mention.accountId) };
  const text = content.text.replace(/\n/g, ' ').replace(/^@+/, '').trim();
  if (text === '') {
    if (content.mentions.length > 0) problems.push({ code: 'unknown-owner' });
    return undefined;
  }
  return EMAIL.test(text) ? { text, email: text } : { text };
}

function readDue(content: CellContent | undefined, today: string | undefined, problems: ActionItemProblem[]): string | undefined {
  if (!content) return undefined;
  for (const datetime of content.dates) {
    const date = parseTimeDatetime(datetime);
    if (date) return date;
  }
  const text = content.text.replace(/\n/g, ' ');
  if (text === '' && content.dates.length === 0) return undefined;
  const date = today === undefined ? undefined : parseDueText(text, today);
  if (date === undefined) problems.push({ code: 'bad-date', text: text || content.dates.join(' ') });
  return date;
}

/**
 * The action items table of a retrospective page as people filled it. Never throws on what people wrote: a row that
 * cannot be synced carries its {@link ActionItemProblem}s and the other rows are unaffected. Throws
 * `StorageScanError` only when the storage itself is not well-formed, and a `RangeError` on a bad `today`.
 * Text is read as text: a `<script>` typed into a cell is the string `<script>`.
 */
export function readActionItems(storage: string, options: ReadActionItemsOptions): ActionItemsTable {
  assertToday(options.today);
  const located = locateTable(storage, options.today);
  if (!located) return { found: false, columns: [], rows: [] };
  return { found: true, columns: located.columns, rows: located.rows.map((r) => r.row) };
}

// ——— writing (splices) ———

interface Splice {
  start: number;
  end: number;
  text: string;
}

function applySplices(storage: string, splices: readonly Splice[]): string {
  let out = storage;
  for (const s of [...splices].sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

/** The markup that puts `node` into a cell: into its first paragraph, else as a new paragraph. */
function insertIntoCell(storage: string, cellElement: TreeElement, node: XElement): Splice {
  const xml = serializeStorage([node]);
  const { span } = cellElement;
  if (span.selfClosing) {
    const open = storage.slice(span.start, span.end).replace(/\s*\/>$/, '>');
    return { start: span.start, end: span.end, text: `${open}<p>${xml}</p></${cellElement.name}>` };
  }
  const p = childElements(cellElement, 'p')[0];
  if (!p) return { start: span.contentEnd, end: span.contentEnd, text: `<p>${xml}</p>` };
  if (p.span.selfClosing) {
    const open = storage.slice(p.span.start, p.span.end).replace(/\s*\/>$/, '>');
    return { start: p.span.start, end: p.span.end, text: `${open}${xml}</p>` };
  }
  return { start: p.span.contentEnd, end: p.span.contentEnd, text: xml };
}

/**
 * Gives each row that has an action but neither an id nor a key its id: a `status` macro "Not synced yet / 未同期"
 * in its Jira cell whose `ac:macro-id` is `kaizen-row-` + `newId()`. Run before creating tasks, so a crash after creating one still
 * finds the row by the id the task was created for. Idempotent: `changed: false` when every such row has an id.
 * Rows with problems are marked too (identity does not depend on being syncable yet); a row in a table without a
 * Jira column cannot be.
 */
export function markActionItemRows(storage: string, newId: () => string, lang: Language): ActionItemsEdit {
  const located = locateTable(storage, undefined);
  if (!located) return { storage, changed: false, rowIds: [] };
  const splices: Splice[] = [];
  const rowIds: string[] = [];
  for (const { row, jiraCell } of located.rows) {
    if (row.rowId !== undefined || row.key !== undefined || row.action === '' || !jiraCell) continue;
    const given = oneLine(newId());
    const id = `${ROW_ID_PREFIX}${given}`;
    if (given === '' || rowIds.includes(id)) throw new Error('markActionItemRows: newId() must return a new, non-empty id each time');
    rowIds.push(id);
    // A copied marker whose id an earlier row kept is replaced in place (Kaizen's only: a person's own lozenge
    // stays); otherwise the marker goes into the cell.
    const stale = jiraCell.statusMacros.find((m) => isKaizenRowId(m.attributes['ac:macro-id']));
    splices.push(stale ? { start: stale.span.start, end: stale.span.end, text: serializeStorage([rowMarker(id, lang)]) } : insertIntoCell(storage, jiraCell.element, rowMarker(id, lang)));
  }
  if (splices.length === 0) return { storage, changed: false, rowIds: [] };
  return { storage: applySplices(storage, splices), changed: true, rowIds };
}

/**
 * Writes each row's Jira key into its Jira cell: the row's id macro (the marker, or a jira macro showing another key)
 * becomes the Jira issue macro with the same `ac:macro-id`, so the row keeps its identity and shows the task's live
 * status. Anything else people put in the cell stays. Rows not on the page (deleted by people) are skipped.
 * Idempotent: `changed: false` when every row already shows its key.
 */
export function writeActionItemKeys(storage: string, keysByRowId: ReadonlyMap<string, string> | Readonly<Record<string, string>>): ActionItemsEdit {
  const keys: ReadonlyMap<string, string> = keysByRowId instanceof Map ? keysByRowId : new Map(Object.entries(keysByRowId));
  const located = locateTable(storage, undefined);
  if (!located || keys.size === 0) return { storage, changed: false, rowIds: [] };
  const splices: Splice[] = [];
  const rowIds: string[] = [];
  for (const { row, idMacro } of located.rows) {
    const key = row.rowId === undefined ? undefined : keys.get(row.rowId);
    if (!idMacro || row.rowId === undefined || key === undefined) continue;
    const wanted = oneLine(key).toUpperCase();
    if (!WHOLE_JIRA_KEY.test(wanted)) throw new RangeError(`writeActionItemKeys: not a Jira key: ${key}`);
    if (idMacro.attributes['ac:name'] === 'jira' && oneLine(macroParameter(idMacro, 'key') ?? '').toUpperCase() === wanted) continue;
    splices.push({ start: idMacro.span.start, end: idMacro.span.end, text: serializeStorage([rowIssueMacro(row.rowId, wanted)]) });
    rowIds.push(row.rowId);
  }
  if (splices.length === 0) return { storage, changed: false, rowIds: [] };
  return { storage: applySplices(storage, splices), changed: true, rowIds };
}
