/**
 * The reading session page (DESIGN 3.6, ポストモーテム読書会) in Confluence storage format, in the page language: a
 * team reads another team's published postmortem together and takes home what helps its own service. "Start a reading
 * session" on a postmortem creates it: the session (date and time, facilitator), a panel that links the postmortem
 * with its incident, level, service and publication date, the participants, the agenda with its timings (reading and
 * comments 20–25 min, discussion 30 min, TODO check 5 min), a table for comments while reading, the three questions
 * with room for answers, and a TODO list that is the retrospective's action items table (action-items.ts), so the
 * same reader — and the action item sync built on it — turns its rows into Jira tasks.
 *
 * With `macro`, the page opens with Kaizen's `reading-session` macro (the session, the postmortem's link and the
 * "Sync TODOs to Jira" button; static/library/src/session-view.tsx), embedded as incident pages embed theirs
 * (forge-macro.ts). It finds its session by the page it is on; its one parameter, `postmortem-page-id`, names the
 * postmortem the page was made for, so a start that crashed before recording its page can tell its own page from
 * another page with the same title ({@link readingSessionMacroPostmortem}).
 *
 * Pure: built as an {@link XNode} tree and written by the XML serializer, so the postmortem's title, its service and
 * every account id are escaped by construction. Nothing on the page is a Kaizen-owned region: after creation the
 * page is people's (only the TODO table's Jira cells are ever spliced, by the action item sync).
 *
 * No table before the TODO table names an action column together with an owner or a due column (the header words
 * of action-item-words.ts), so `readActionItems` finds the TODO table and nothing else.
 * https://confluence.atlassian.com/doc/confluence-storage-format-790796544.html
 */
import type { Language, Level } from '../domain/incident';
import { formatTime, ZONE_BY_LANGUAGE } from '../i18n/format-time';
import { t, type MessageKey } from '../i18n/messages';
import { levelName } from '../i18n/names';
import type { ReleaseProblemClass } from '../shared/metrics';
import { actionItemsTableNodes } from './action-items';
import { forgeMacro } from './forge-macro';
import { CONFLUENCE_TITLE_MAX } from './incident-page';
import { userMention } from './response-regions';
import { anchor, cell, placeholder, simpleTable, structuredMacro } from './storage-nodes';
import { descendants, plainText, storageTree, type TreeElement } from './storage-tree';
import { cutToUtf16, oneLine } from './text';
import { el, serializeStorage, type XChild, type XElement, type XNode } from './xhtml';

/** What the postmortem was about: an incident (its issue key), or a release problem's light review. */
export type ReadingSessionSubject =
  | { readonly incidentKey: string }
  | {
      readonly releaseClass: ReleaseProblemClass;
      /** The issue the release problem was reported on, when a person reported it. */
      readonly reportedOnKey?: string | undefined;
    };

/** The postmortem (retrospective or release review) the session reads, as the library knows it. Text is untrusted. */
export interface ReadingSessionPostmortem {
  /** Its page's id: named by the session macro, and in the session's title when the postmortem's title must be cut. */
  pageId: string;
  title: string;
  /** Its page's URL: a link only when http(s). */
  url: string;
  subject?: ReadingSessionSubject | undefined;
  level?: Level | null | undefined;
  service?: string | null | undefined;
  /** ISO: when it was published. */
  publishedAt?: string | null | undefined;
}

export interface ReadingSessionPageInput {
  language: Language;
  postmortem: ReadingSessionPostmortem;
  /**
   * ISO, with its offset or `Z`: when the session starts. Shown in the page language's zone (format-time.ts: UTC on
   * English pages, JST on Japanese ones), which also gives the title's date.
   */
  startsAt: string;
  facilitatorAccountId: string;
  /** Account ids of the people invited (blank and repeated ids are dropped). */
  participantAccountIds?: readonly string[] | undefined;
  /** `<appId>/<envId>/static/reading-session`: the installed app's session macro, first on the page. */
  macro?: { extensionKey: string } | undefined;
}

/** The session macro's id on the page (one per page, stable). */
export const READING_SESSION_MACRO_LOCAL_ID = 'kaizen-reading-session';

/** The session macro's parameter naming the postmortem's page (`context.extension.config.postmortemPageId`). */
export const READING_SESSION_POSTMORTEM_PARAM = 'postmortem-page-id';

/** The agenda of DESIGN 3.6, in order, with its timings. */
export const READING_SESSION_AGENDA = [
  { part: 'read', minMinutes: 20, maxMinutes: 25 },
  { part: 'discuss', minMinutes: 30, maxMinutes: 30 },
  { part: 'todo', minMinutes: 5, maxMinutes: 5 },
] as const satisfies readonly { part: string; minMinutes: number; maxMinutes: number }[];

/** The three questions of the discussion, in order (catalogue keys `reading.q.<question>` and `…Prompt`). */
export const READING_SESSION_QUESTIONS = ['couldHappen', 'copy', 'preventFirst'] as const;

const RELEASE_CLASS_KEY = {
  partially_incomplete: 'release.partially-incomplete',
  rolled_back: 'release.rolled-back',
  caused_outage: 'release.caused-outage',
} as const satisfies Record<ReleaseProblemClass, MessageKey>;

/**
 * The page's title and body. Throws a `RangeError` when `startsAt` is not an ISO time (a caller's bug: the request
 * schema checks it).
 */
export function renderReadingSessionPage(input: ReadingSessionPageInput): { title: string; storage: string } {
  return {
    title: renderReadingSessionTitle(input.postmortem, input.startsAt, input.language),
    storage: serializeStorage(pageNodes(input)),
  };
}

/**
 * `Reading session: <postmortem title> (2026-12-10)` (`ポストモーテム読書会: … (2026-12-10)`), one line, at most
 * {@link CONFLUENCE_TITLE_MAX} UTF-16 units. Unique in the space per postmortem and day — starting the same day's
 * session twice finds the page already made:
 * - a postmortem's title that fits is kept whole: page titles are unique in a space, and the session is made in the
 *   postmortem's space;
 * - one that does not fit is cut in the middle (at graphemes), so both its start (a retrospective's issue key) and its
 *   end (a release review's `[tag]`) stay, and the postmortem's page id is added next to the date
 *   (`(2026-12-10, page 98765)`, `(2026-12-10・ページ 98765)`): two long titles that agree at both ends still differ.
 */
export function renderReadingSessionTitle(postmortem: Pick<ReadingSessionPostmortem, 'pageId' | 'title'>, startsAt: string, lang: Language): string {
  const date = sessionDate(startsAt, lang);
  const title = oneLine(postmortem.title) || t(lang, 'reading.untitled');
  const whole = t(lang, 'reading.title', { title, date });
  if (whole.length <= CONFLUENCE_TITLE_MAX) return whole;
  const pageId = oneLine(postmortem.pageId);
  const room = Math.max(1, CONFLUENCE_TITLE_MAX - t(lang, 'reading.titleCut', { title: '', date, pageId }).length);
  return cutToUtf16(t(lang, 'reading.titleCut', { title: cutMiddle(title, room), date, pageId }), CONFLUENCE_TITLE_MAX);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** `text` within `maxUtf16` UTF-16 units: its start and its end (half each) around `…`, cut at graphemes. */
function cutMiddle(text: string, maxUtf16: number, mark = '…'): string {
  if (text.length <= maxUtf16) return text;
  const parts = [...graphemes.segment(text)].map((g) => g.segment);
  const budget = Math.max(0, maxUtf16 - mark.length);
  const tailBudget = Math.floor(budget / 2);
  let tail = '';
  for (let i = parts.length - 1; i >= 0 && tail.length + parts[i]!.length <= tailBudget; i--) tail = parts[i]! + tail;
  let head = '';
  for (const part of parts) {
    if (head.length + part.length > budget - tail.length) break;
    head += part;
  }
  return head.trimEnd() + mark + tail.trimStart();
}

/**
 * The postmortem page id the session macro `extensionKey` names on a page (its `postmortem-page-id` parameter), or
 * undefined when the page has no such macro (a page a person made, another app's, one unreadable as storage).
 */
export function readingSessionMacroPostmortem(storage: string, extensionKey: string): string | undefined {
  let tree;
  try {
    tree = storageTree(storage);
  } catch {
    return undefined;
  }
  const attribute = (node: TreeElement, key: string): TreeElement | undefined => node.children.find((c): c is TreeElement => typeof c !== 'string' && c.name === 'ac:adf-attribute' && c.attributes['key'] === key);
  for (const node of descendants(tree)) {
    if (node.name !== 'ac:adf-node' || node.attributes['type'] !== 'extension') continue;
    const key = attribute(node, 'extension-key');
    if (!key || plainText([key]).trim() !== extensionKey) continue;
    const params = attribute(node, 'parameters');
    const param = params && descendants([params]).find((e) => e.name === 'ac:adf-parameter' && e.attributes['key'] === READING_SESSION_POSTMORTEM_PARAM);
    const value = param && plainText([param]).trim();
    if (value) return value;
  }
  return undefined;
}

/** `YYYY-MM-DD` of `iso` in the page language's zone (the zone `formatTime` shows). */
function sessionDate(iso: string, lang: Language): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO time: ${iso}`);
  return new Date(ms + ZONE_BY_LANGUAGE[lang].offsetMinutes * 60_000).toISOString().slice(0, 10);
}

function pageNodes(input: ReadingSessionPageInput): XNode[] {
  const lang = input.language;
  const h2 = (text: string): XElement => el('h2', {}, text);
  const prompt = (text: string): XElement => el('p', {}, placeholder(text));
  const participants = [...new Set((input.participantAccountIds ?? []).map(oneLine).filter((id) => id !== ''))];
  return [
    ...(input.macro
      ? [
          forgeMacro({
            extensionKey: input.macro.extensionKey,
            // as the manifest's translated `reading-session` title reads in the page language (locales/*.json)
            title: t(lang, 'reading.macroTitle'),
            localId: READING_SESSION_MACRO_LOCAL_ID,
            guestParams: { [READING_SESSION_POSTMORTEM_PARAM]: input.postmortem.pageId },
          }),
        ]
      : []),
    structuredMacro('tip', { body: [el('p', {}, t(lang, 'reading.intro'))] }),
    h2(t(lang, 'reading.session')),
    sessionTable(input),
    h2(t(lang, 'reading.postmortem')),
    postmortemPanel(input.postmortem, lang),
    h2(t(lang, 'reading.participants')),
    peopleTable([t(lang, 'reading.participants.col.person'), t(lang, 'reading.participants.col.team')], participants, t(lang, 'reading.participants.addPrompt')),
    h2(t(lang, 'reading.agenda')),
    agendaTable(lang),
    el('p', {}, t(lang, 'reading.agenda.total', { duration: minutesText(total('minMinutes'), total('maxMinutes'), lang) })),
    h2(t(lang, 'reading.comments')),
    peopleTable([t(lang, 'reading.participants.col.person'), t(lang, 'reading.comments.col.comment')], participants, t(lang, 'reading.participants.addPrompt'), t(lang, 'reading.comments.prompt')),
    h2(t(lang, 'reading.discussion')),
    prompt(t(lang, 'reading.discussion.prompt')),
    ...READING_SESSION_QUESTIONS.flatMap((q) => [
      el('h3', {}, t(lang, `reading.q.${q}`)),
      prompt(t(lang, `reading.q.${q}Prompt`)),
      // room for the answers: a list people add to
      el('ul', {}, el('li', {}, el('p', {}))),
    ]),
    h2(t(lang, 'reading.todo')),
    prompt(t(lang, 'reading.todoPrompt')),
    ...actionItemsTableNodes(lang),
  ];
}

const total = (field: 'minMinutes' | 'maxMinutes'): number => READING_SESSION_AGENDA.reduce((sum, item) => sum + item[field], 0);

function minutesText(minMinutes: number, maxMinutes: number, lang: Language): string {
  return minMinutes === maxMinutes ? t(lang, 'reading.agenda.minutes', { minutes: minMinutes }) : t(lang, 'reading.agenda.minutesRange', { from: minMinutes, to: maxMinutes });
}

/** When, and who facilitates: a label `th` and a value `td` per row. */
function sessionTable({ language: lang, startsAt, facilitatorAccountId }: ReadingSessionPageInput): XElement {
  const facilitator: XChild = oneLine(facilitatorAccountId) ? userMention(facilitatorAccountId) : el('em', {}, t(lang, 'reading.notGiven'));
  const rows: [string, XChild][] = [
    [t(lang, 'reading.session.when'), formatTime(startsAt, lang)],
    [t(lang, 'reading.session.facilitator'), facilitator],
  ];
  return el('table', {}, el('tbody', {}, rows.map(([label, value]) => el('tr', {}, cell('th', label), cell('td', value)))));
}

/**
 * The postmortem as an info panel: its title linked to its page, then what is known of it (missing facts are left
 * out). Paragraphs and a list only: the Cloud editor's panel cannot hold a table. The issue is the Jira issue macro,
 * which shows its summary and live status.
 */
function postmortemPanel(postmortem: ReadingSessionPostmortem, lang: Language): XElement {
  const title = oneLine(postmortem.title) || t(lang, 'reading.untitled');
  const facts: XChild[][] = [];
  const add = (label: string, value: XChild): void => {
    facts.push([label, value]);
  };
  const jira = (key: string): XElement => structuredMacro('jira', { params: { key: oneLine(key) } });
  const subject = postmortem.subject;
  if (subject && 'incidentKey' in subject && oneLine(subject.incidentKey)) add(t(lang, 'reading.postmortem.incident'), jira(subject.incidentKey));
  if (subject && 'releaseClass' in subject) {
    add(t(lang, 'reading.postmortem.releaseProblem'), t(lang, RELEASE_CLASS_KEY[subject.releaseClass]));
    if (subject.reportedOnKey && oneLine(subject.reportedOnKey)) add(t(lang, 'reading.postmortem.reportedOn'), jira(subject.reportedOnKey));
  }
  if (postmortem.level) add(t(lang, 'reading.postmortem.level'), levelName(lang, postmortem.level));
  if (postmortem.service && oneLine(postmortem.service)) add(t(lang, 'reading.postmortem.service'), oneLine(postmortem.service));
  if (postmortem.publishedAt && Number.isFinite(Date.parse(postmortem.publishedAt))) add(t(lang, 'reading.postmortem.published'), formatTime(postmortem.publishedAt, lang));
  return structuredMacro('info', {
    body: [el('p', {}, el('strong', {}, anchor(title, postmortem.url))), facts.length > 0 && el('ul', {}, facts.map((fact) => el('li', {}, el('p', {}, fact))))],
  });
}

/**
 * A two-column table with a row per person (their mention in the first cell) and a last row to add someone.
 * `prompt` is guidance in the second cell of the first row.
 */
function peopleTable(header: readonly [string, string], accountIds: readonly string[], addPrompt: string, prompt?: string): XElement {
  const first: XChild[] = [...accountIds.map(userMention), placeholder(addPrompt)];
  return simpleTable(header, first.map((person, i) => [person, i === 0 && prompt !== undefined && placeholder(prompt)]));
}

function agendaTable(lang: Language): XElement {
  return simpleTable(
    [t(lang, 'reading.agenda.col.time'), t(lang, 'reading.agenda.col.part'), t(lang, 'reading.agenda.col.how')],
    READING_SESSION_AGENDA.map(({ part, minMinutes, maxMinutes }) => [minutesText(minMinutes, maxMinutes, lang), t(lang, `reading.agenda.${part}`), t(lang, `reading.agenda.${part}How`)]),
  );
}
