/**
 * The Jira incident issue's summary and description (DESIGN 3.1 step 4). Pure: ADF built as nodes with
 * `@atlaskit/adf-utils/builders`, every alert string only ever inside a text node.
 */
import { bulletList, doc, heading, listItem, panel, table, tableCell, tableHeader, tableRow } from '@atlaskit/adf-utils/builders';
import type { Alert } from '../domain/alert';
import type { Incident, Language, Level } from '../domain/incident';
import { formatTimeWithIso } from '../i18n/format-time';
import { t, tPlural, type MessageKey } from '../i18n/messages';
import { alertStatusName, levelName, linkText, severityName, sourceName } from '../i18n/names';
import type { AdfDoc } from '../usecases/ports';
import { finish, linked, lines, mono, para, plain, preformatted, type Inline } from './adf-nodes';
import { cleanText, cutToCodePoints, cutToUtf16, formatNumber, oneLine, safeHref } from './text';

/** Jira's limit on an issue summary, in UTF-16 code units (Java `String.length()`). */
export const JIRA_SUMMARY_MAX = 255;

/**
 * Jira rejects a description longer than 32,767 characters. Whether it counts the ADF JSON or only its text is not
 * documented, so the description is kept within this many characters of JSON — the reading that can never fail.
 */
export const DESCRIPTION_JSON_MAX = 30_000;

/**
 * The issue summary: `[SEV2] Mackerel: CPU usage high on web-1` (`[DRILL][SEV4] …` for a drill, `[演習][SEV4] …` in a
 * Japanese installation). One line — Jira
 * rejects a summary with a line break — and at most {@link JIRA_SUMMARY_MAX} UTF-16 units, cut at a character
 * (grapheme) boundary with `…`, so an emoji or a surrogate pair is never split.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post
 */
export function renderIssueSummary(alert: Alert, level: Level, options: { drill?: boolean; language?: Language } = {}): string {
  const title = oneLine(alert.title) || oneLine(alert.monitor.name) || oneLine(alert.sourceAlertId);
  return summaryWithPrefix(`${sourceName(alert.source)}: ${title}`, level, options);
}

/** The summary of an incident declared by hand (src/domain/declare.ts): `[SEV2] <title>`, `[演習][SEV2] <title>`. */
export function renderDeclaredIssueSummary(incident: Pick<Incident, 'title' | 'level' | 'drill' | 'language'>): string {
  return summaryWithPrefix(oneLine(incident.title), incident.level, { drill: incident.drill, language: incident.language });
}

function summaryWithPrefix(text: string, level: Level, options: { drill?: boolean; language?: Language }): string {
  const prefix = `${options.drill ? t(options.language ?? 'en', 'issue.drillPrefix') : ''}[${level}] `;
  return cutToUtf16(prefix + text, JIRA_SUMMARY_MAX);
}

/**
 * The description of a new issue for an incident declared by hand: who declared it and when, its level and impact
 * start, and the note that the live page follows. (An existing issue made the incident keeps its own description:
 * people wrote it.)
 */
export function renderDeclaredIssueDescription(incident: Incident): AdfDoc {
  const lang = incident.language;
  const by = incident.declared?.by.displayName ?? '';
  const facts: Fact[] = [
    ['issue.field.title', plain(cutToCodePoints(oneLine(incident.title), FULL.textMax))],
    ['issue.field.level', plain(levelName(lang, incident.level))],
    ['issue.field.impactStartedAt', plain(formatTimeWithIso(incident.impactStartedAt, lang))],
    ['issue.field.declaredAt', plain(formatTimeWithIso(incident.detectedAt, lang))],
  ];
  const content = [
    incident.drill && panel(NOTE_PANEL)(para(plain(t(lang, 'common.drill')))),
    para(plain(t(lang, 'issue.declaredIntro', { name: oneLine(by) }))),
    factRows(facts, lang),
    para(plain(t(lang, 'issue.pageNote'))),
  ];
  return finish(doc(...content.filter((node) => node !== false)));
}

export interface IssueDescriptionInput {
  incident: Incident;
  alert: Alert;
  language: Language;
}

/** How much of the alert a description shows: all of it, or (for a huge alert) a compact version. */
interface Limits {
  /** Every free text but the message (title, memo, note, roles, link labels…) is cut to this many code points. */
  textMax: number;
  maxLinks: number;
  /** Longer URLs are not linked (a URL may be 4,096 characters; twenty of them alone would pass Jira's limit). */
  hrefMax: number;
}
const FULL: Limits = { textMax: 4_000, maxLinks: Number.POSITIVE_INFINITY, hrefMax: Number.POSITIVE_INFINITY };
const COMPACT: Limits = { textMax: 200, maxLinks: 5, hrefMax: 1_000 };
/** What a code block's text adds to the JSON besides the string itself (`,"content":[{"type":"text","text":…}]`). */
const CODE_TEXT_OVERHEAD = 64;

/**
 * The issue description in Atlassian Document Format: the alert's facts (a table), its message as a code block
 * (newlines kept, nothing interpreted), the monitor memo and note, links (http(s) only) and a note that the live
 * Confluence page will be linked. A message too long for {@link DESCRIPTION_JSON_MAX} is cut with a note saying
 * so (a 16,000-character log dump would otherwise make the issue creation fail for ever).
 * https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/
 */
export function renderIssueDescription(input: IssueDescriptionInput): AdfDoc {
  for (const limits of [FULL, COMPACT]) {
    const whole = build(input, limits, { text: input.alert.message, cut: false });
    if (jsonLength(whole) <= DESCRIPTION_JSON_MAX) return whole;
    const room = DESCRIPTION_JSON_MAX - jsonLength(build(input, limits, { text: '', cut: true })) - CODE_TEXT_OVERHEAD;
    if (room > 0) return build(input, limits, { text: fitJson(input.alert.message, room), cut: true });
  }
  return build(input, COMPACT, { text: '', cut: true });
}

const jsonLength = (value: unknown): number => JSON.stringify(value).length;

/** The longest start of `text` (whole characters, `…` when cut) whose JSON string fits in `room` characters. */
function fitJson(text: string, room: number): string {
  const cleaned = cleanText(text);
  let [low, high, best] = [1, [...cleaned].length, ''];
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const cut = cutToCodePoints(cleaned, mid);
    if (jsonLength(cut) <= room) [best, low] = [cut, mid + 1];
    else high = mid - 1;
  }
  return best;
}

function build({ incident, alert, language: lang }: IssueDescriptionInput, limits: Limits, message: { text: string; cut: boolean }): AdfDoc {
  const cap = (text: string): string => cutToCodePoints(text, limits.textMax);
  const h = (key: MessageKey & `issue.${string}Heading`): Block => heading({ level: 3 })(...plain(t(lang, key)));
  const content = [
    incident.drill && panel(NOTE_PANEL)(para(plain(t(lang, 'common.drill')))),
    para(plain(t(lang, 'issue.intro', { source: sourceName(alert.source) }))),
    h('issue.alertHeading'),
    factsTable(incident, alert, lang, cap, limits),
    h('issue.messageHeading'),
    alert.message.trim() === '' ? para(plain(t(lang, 'issue.noMessage'))) : preformatted(message.text),
    message.cut && para(plain(t(lang, 'issue.messageCut', { source: sourceName(alert.source) }))),
    ...(alert.monitor.memo?.trim() ? [h('issue.memoHeading'), para(lines(cap(alert.monitor.memo)))] : []),
    ...(alert.note?.trim() ? [h('issue.noteHeading'), para(lines(cap(alert.note)))] : []),
    ...linksSection(alert, lang, h('issue.linksHeading'), limits),
    alert.truncated && para(plain(t(lang, 'issue.truncated', { fields: cap(alert.truncatedFields.join(', ')) }))),
    alert.truncatedAlertsCount !== undefined && para(plain(tPlural(lang, 'issue.truncatedAlerts', alert.truncatedAlertsCount))),
    para(plain(t(lang, 'issue.pageNote'))),
  ];
  return finish(doc(...content.filter((node) => node !== false)));
}

type FieldKey = MessageKey & `issue.field.${string}`;
type Fact = readonly [label: FieldKey, value: Inline[]];
type Block = Parameters<typeof doc>[number];
type Cell = ReturnType<ReturnType<typeof tableCell>>;

// `panelType` is typed as adf-schema's enum, whose values are these strings; the enum is not ours to import.
const NOTE_PANEL = { panelType: 'note' } as unknown as Parameters<typeof panel>[0];

function factsTable(incident: Incident, alert: Alert, lang: Language, cap: (text: string) => string, limits: Limits): ReturnType<typeof table> {
  const severity = severityName(lang, alert.severity.level);
  const raw = alert.severity.raw?.trim();
  const text = (value: string): Inline[] => plain(cap(oneLine(value)));
  const facts: (Fact | false)[] = [
    ['issue.field.title', text(alert.title)],
    ['issue.field.status', plain(alertStatusName(lang, alert.status))],
    ['issue.field.source', plain(sourceName(alert.source))],
    ['issue.field.monitor', linked(cap(oneLine(alert.monitor.name)), shortEnough(alert.monitor.url, limits))],
    ['issue.field.severity', plain(raw ? t(lang, 'severity.withRaw', { severity, raw: cap(oneLine(raw)) }) : severity)],
    ['issue.field.level', plain(levelName(lang, incident.level))],
    alert.service !== undefined && ['issue.field.service', text(alert.service)],
    alert.roles.length > 0 && ['issue.field.roles', text(alert.roles.map(oneLine).join(', '))],
    alert.host !== undefined && ['issue.field.host', text(alert.host)],
    alert.metric !== undefined && ['issue.field.metric', text(metricText(alert.metric, lang))],
    ['issue.field.openedAt', plain(formatTimeWithIso(alert.openedAt ?? alert.occurredAt, lang))],
    ['issue.field.alertId', mono(alert.sourceAlertId)],
  ];
  return factRows(facts.filter((fact): fact is Fact => fact !== false), lang);
}

/** A two-column table of facts (label, value); a fact with no value is left out. */
function factRows(facts: readonly Fact[], lang: Language): ReturnType<typeof table> {
  const rows = facts
    .filter((fact) => fact[1].length > 0)
    // A row may mix a header cell and a data cell (ADF: `tableRow` content is `(tableCell | tableHeader)+`); the
    // builder's type only knows all-header or all-cell rows.
    .map(([label, value]) => tableRow([tableHeader({})(para(plain(t(lang, label)))), tableCell({})(para(value))] as Cell[]));
  return table(...rows);
}

function metricText(metric: NonNullable<Alert['metric']>, lang: Language): string {
  const parts = [oneLine(metric.label)];
  if (metric.value !== undefined) parts.push(t(lang, 'issue.metric.value', { value: formatNumber(metric.value) }));
  if (metric.threshold !== undefined) {
    const operator = metric.operator ? `${oneLine(metric.operator)} ` : '';
    parts.push(t(lang, 'issue.metric.threshold', { threshold: `${operator}${formatNumber(metric.threshold)}` }));
  }
  return parts.filter((part) => part !== '').join(t(lang, 'common.listSeparator'));
}

const shortEnough = (url: string | undefined, limits: Limits): string | undefined =>
  url !== undefined && url.length <= limits.hrefMax ? url : undefined;

/** The alert's links as a bullet list, http(s) only; nothing at all when none is left. */
function linksSection(alert: Alert, lang: Language, title: Block, limits: Limits): Block[] {
  const source = sourceName(alert.source);
  const label = (text: string): string => cutToCodePoints(text, limits.textMax);
  const candidates: [string, string | undefined][] = [
    [t(lang, 'issue.link.alert', { source }), alert.url],
    [label(t(lang, 'issue.link.monitor', { name: oneLine(alert.monitor.name) })), alert.monitor.url],
    ...alert.links.map((l): [string, string | undefined] => [label(linkText(lang, l.kind, l.label && oneLine(l.label))), l.url]),
  ];
  const items = candidates
    .filter(([, url]) => safeHref(shortEnough(url, limits)) !== undefined)
    .slice(0, limits.maxLinks)
    .map(([text, url]) => listItem([para(linked(text, url))]));
  return items.length === 0 ? [] : [title, bulletList(...items)];
}
