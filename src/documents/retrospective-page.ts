/**
 * The retrospective (postmortem) page (DESIGN 3.4) in Confluence storage format, in the page language: a status and
 * metadata table people keep, the Kaizen-owned facts region, then the blameless template people write — summary,
 * impact, leadup, trigger, contributing factors, なぜなぜ分析 / 5 whys, detection, response and recovery, 水平展開,
 * lessons (良かった点 / 悪かった点 / 幸運だった点) and the action items table that "Sync action items" reads
 * (action-items.ts).
 *
 * Pure: built as an {@link XNode} tree and written by the XML serializer, so every alert text, title and name is
 * escaped by construction. The facts region is a page properties (`details`) macro whose `ac:macro-id` is
 * `regionId(incidentId, 'retro-facts')`: "Refresh facts" rewrites only its body with
 * `replaceRegion(storage, id, renderRetrospectiveFactsBody(facts, lang))`, never people's sections.
 *
 * Why `details` (page properties) and not a `panel`: the facts are tables, and the Cloud editor's panel (ADF `panel`)
 * cannot hold a table, while a bodied macro can; page properties is also what Atlassian's own postmortem template
 * uses, so a Page Properties Report can list every retrospective with its incident, level and drill flag (the first
 * table of the region: a label `th` and a value `td` per row). It is shown open, unlike `expand`.
 * https://confluence.atlassian.com/doc/confluence-storage-format-790796544.html
 */
import type { LinkKind, SeverityLevel, SourceId } from '../domain/alert';
import type { Language, Level, Roles, TimelineEntry } from '../domain/incident';
import { KEY_TIME_FIELDS } from '../domain/incident';
import { formatDuration, formatTime } from '../i18n/format-time';
import { t, tPlural } from '../i18n/messages';
import { levelName, linkText, severityName, sourceName, timelineKindName } from '../i18n/names';
import { keyDurations } from '../shared/durations';
import type { KeyTimes } from '../shared/incident-view';
import { actionItemsTableNodes } from './action-items';
import { CONFLUENCE_TITLE_MAX } from './incident-page';
import { regionId } from './regions';
import { userMention } from './response-regions';
import { anchor, cell, placeholder, simpleTable, structuredMacro, textLines } from './storage-nodes';
import { cutToCodePoints, cutToUtf16, oneLine } from './text';
import { el, serializeStorage, type XChild, type XElement, type XNode } from './xhtml';

/** The classes of a release problem (DESIGN 3.4: 一部未完了 / 切り戻し / 障害発生). */
export const RELEASE_CLASSES = ['partially-incomplete', 'rolled-back', 'caused-outage'] as const;
export type ReleaseClass = (typeof RELEASE_CLASSES)[number];

/** A person: a Jira/Confluence account (shown as a user mention) or a name as people wrote it. */
export type PersonRef = { readonly accountId: string } | { readonly text: string };

/** One alert of the incident, as the facts show it. Text fields are untrusted. */
export interface RetrospectiveAlert {
  source: SourceId;
  title: string;
  monitorName: string;
  monitorUrl?: string | undefined;
  url?: string | undefined;
  severity?: SeverityLevel | undefined;
  firstSeenAt?: string | undefined;
  /** The alert's links (runbook, dashboard …): http(s) ones are offered in the Detection section. */
  links?: readonly { kind: LinkKind; url: string; label?: string | undefined }[] | undefined;
}

/** A row people wrote in the live page's notes table (対応記録), already read from the page. */
export interface PageNoteRow {
  /** ISO time the row is sorted by (as the reader understood the row's time cell). */
  at: string;
  who?: PersonRef | undefined;
  what: string;
}

/** An incident of the same service or group in the last 90 days (the caller selects them; this only renders). */
export interface RelatedIncident {
  key: string;
  title: string;
  url?: string | undefined;
  /** ISO: when its impact started. */
  at: string;
  level: Level;
}

/** Everything Kaizen knows that the facts region shows. */
export interface RetrospectiveFacts {
  issueKey: string;
  issueUrl?: string | undefined;
  title: string;
  level: Level;
  drill: boolean;
  releaseClass?: ReleaseClass | undefined;
  roles?: Roles | undefined;
  /** Account ids of people who edited the live page or commented on the issue (people in `roles` are left out). */
  alsoTookPart?: readonly string[] | undefined;
  keyTimes: KeyTimes;
  alerts: readonly RetrospectiveAlert[];
  /** How many alerts the incident has when `alerts` are only some of them. */
  alertsTotal?: number | undefined;
  /** Machine entries and people's panel notes (`kind: 'note'` and people's other actions). */
  timeline: readonly TimelineEntry[];
  /** How many machine entries the timeline holds when `timeline` is only part of it. */
  timelineTotal?: number | undefined;
  /** Rows people wrote in the live page's notes table. */
  pageNotes?: readonly PageNoteRow[] | undefined;
  related: readonly RelatedIncident[];
  livePage?: { title: string; url: string } | undefined;
}

export interface RetrospectivePageInput {
  incidentId: string;
  language: Language;
  facts: RetrospectiveFacts;
}

/** At most this many rows in the facts timeline; people's rows always, alert events fill the rest (first and last). */
export const RETRO_TIMELINE_MAX_ROWS = 500;
/** At most this many alerts listed in the facts. */
export const RETRO_ALERTS_MAX_ROWS = 100;
/** A timeline text longer than this (code points) is cut with `…`. */
export const RETRO_TIMELINE_TEXT_MAX_CHARS = 1_000;

/**
 * The page's title and body. The title is `OPS-12: <incident title> — Retrospective` (`… — ポストモーテム`): unique
 * in the space because the issue key is, and stable for the incident, so "Draft retrospective" run twice (or resumed
 * after a crash) finds the page it made instead of making a second one.
 */
export function renderRetrospectivePage(input: RetrospectivePageInput): { title: string; storage: string } {
  return {
    title: renderRetrospectiveTitle(input.facts.issueKey, input.facts.title, input.language),
    storage: serializeStorage(pageNodes(input)),
  };
}

/**
 * `OPS-12: <title> — Retrospective`, one line, at most {@link CONFLUENCE_TITLE_MAX} UTF-16 units: a long incident
 * title is cut (at a grapheme) so that the key and the suffix always stay, which keeps the title recognisable and unique.
 */
export function renderRetrospectiveTitle(issueKey: string, title: string, lang: Language): string {
  const prefix = `${oneLine(issueKey)}: `;
  const suffix = ` — ${t(lang, 'retro.titleSuffix')}`;
  const room = Math.max(1, CONFLUENCE_TITLE_MAX - prefix.length - suffix.length);
  return cutToUtf16(`${prefix}${cutToUtf16(oneLine(title), room)}${suffix}`, CONFLUENCE_TITLE_MAX);
}

/** The storage XHTML of the facts region's body, for `replaceRegion`. Deterministic: same facts, same bytes. */
export function renderRetrospectiveFactsBody(facts: RetrospectiveFacts, lang: Language): string {
  return serializeStorage(retrospectiveFactsNodes(facts, lang));
}

/** The whole facts region: the page properties (`details`) macro with its stable macro id and body. */
export function retrospectiveFactsRegion(incidentId: string, facts: RetrospectiveFacts, lang: Language): XElement {
  return structuredMacro('details', { macroId: regionId(incidentId, 'retro-facts'), body: retrospectiveFactsNodes(facts, lang) });
}

/**
 * The retrospective's status (draft / in review / published) as a Confluence `status` macro whose `ac:macro-id` is
 * `regionId(incidentId, 'retro-status')`, so a later step can find it to read or set the status.
 */
export function retrospectiveStatusMacro(incidentId: string, status: 'draft' | 'inReview' | 'published', lang: Language): XElement {
  const colour = { draft: 'Grey', inReview: 'Yellow', published: 'Green' }[status];
  return structuredMacro('status', { macroId: regionId(incidentId, 'retro-status'), params: { colour, title: t(lang, `retro.status.${status}`) } });
}

function pageNodes({ incidentId, language: lang, facts }: RetrospectivePageInput): XNode[] {
  const h2 = (text: string): XElement => el('h2', {}, text);
  const h3 = (text: string): XElement => el('h3', {}, text);
  const prompt = (text: string): XElement => el('p', {}, placeholder(text));
  const ttd = keyDurations(facts.keyTimes).ttdMs;
  return [
    structuredMacro('info', { body: [el('p', {}, t(lang, 'retro.blameless'))] }),
    metadataTable(incidentId, lang),
    h2(t(lang, 'retro.facts.title')),
    retrospectiveFactsRegion(incidentId, facts, lang),
    h2(t(lang, 'retro.summary')),
    prompt(t(lang, 'retro.summaryPrompt')),
    h2(t(lang, 'retro.impact')),
    prompt(t(lang, 'retro.impactPrompt')),
    h2(t(lang, 'retro.leadup')),
    prompt(t(lang, 'retro.leadupPrompt')),
    h2(t(lang, 'retro.trigger')),
    prompt(t(lang, 'retro.triggerPrompt')),
    h2(t(lang, 'retro.factors')),
    prompt(t(lang, 'retro.factorsPrompt')),
    h2(t(lang, 'retro.whys')),
    prompt(t(lang, 'retro.whysPrompt')),
    whysTable(lang),
    h2(t(lang, 'retro.detection')),
    prompt(t(lang, 'retro.detectionPrompt')),
    ttd !== undefined && el('p', {}, t(lang, 'retro.detection.ttd', { ttd: formatDuration(ttd, lang) })),
    ...detectionLinks(facts, lang),
    h2(t(lang, 'retro.response')),
    prompt(t(lang, 'retro.responsePrompt')),
    h2(t(lang, 'retro.elsewhere')),
    prompt(t(lang, 'retro.elsewherePrompt')),
    h2(t(lang, 'retro.lessons')),
    h3(t(lang, 'retro.lessons.well')),
    prompt(t(lang, 'retro.lessons.wellPrompt')),
    h3(t(lang, 'retro.lessons.wrong')),
    prompt(t(lang, 'retro.lessons.wrongPrompt')),
    h3(t(lang, 'retro.lessons.lucky')),
    prompt(t(lang, 'retro.lessons.luckyPrompt')),
    h2(t(lang, 'retro.actions')),
    prompt(t(lang, 'retro.actionsPrompt')),
    ...actionItemsTableNodes(lang),
  ].filter((node): node is XElement => node !== false);
}

/** Status, authors and the review meeting date: people's to keep (not part of the facts region). */
function metadataTable(incidentId: string, lang: Language): XElement {
  const row = (label: string, ...value: XChild[]): XElement => el('tr', {}, cell('th', label), cell('td', ...value));
  return el(
    'table',
    {},
    el(
      'tbody',
      {},
      row(t(lang, 'retro.meta.status'), retrospectiveStatusMacro(incidentId, 'draft', lang), ' ', el('em', {}, t(lang, 'retro.meta.statusHint'))),
      row(t(lang, 'retro.meta.authors'), placeholder(t(lang, 'retro.meta.authorsPrompt'))),
      row(t(lang, 'retro.meta.review'), placeholder(t(lang, 'retro.meta.reviewPrompt'))),
    ),
  );
}

/**
 * なぜなぜ分析 / 5 whys: event → why 1…5 → root cause → countermeasure → kind; a branch is a row with the same event.
 * The retrospective's and the release review's (src/documents/release-review-page.ts) table.
 */
export function whysTable(lang: Language): XElement {
  const header = [
    t(lang, 'retro.whys.col.event'),
    ...[1, 2, 3, 4, 5].map((n) => t(lang, 'retro.whys.col.why', { n })),
    t(lang, 'retro.whys.col.root'),
    t(lang, 'retro.whys.col.countermeasure'),
    t(lang, 'retro.whys.col.kind'),
  ];
  const empty = (): XElement[] => header.map(() => cell('td'));
  const first = header.map((_, i) =>
    i === 0 ? cell('td', placeholder(t(lang, 'retro.whys.eventPrompt'))) : i === header.length - 1 ? cell('td', placeholder(t(lang, 'retro.whys.kindPrompt'))) : cell('td'),
  );
  return el('table', {}, el('tbody', {}, el('tr', {}, header.map((h) => cell('th', h))), el('tr', {}, first), el('tr', {}, empty())));
}

/** The alerts', monitors' and runbooks' links (http(s) only), as a starting point for the Detection section. */
function detectionLinks(facts: RetrospectiveFacts, lang: Language): XNode[] {
  const seen = new Set<string>();
  const items: XElement[] = [];
  const add = (label: string, url: string | undefined): void => {
    const link = anchor(label, url);
    if (link.kind !== 'element' || seen.has(link.attrs['href'] ?? '')) return;
    seen.add(link.attrs['href'] ?? '');
    items.push(el('li', {}, link));
  };
  for (const alert of facts.alerts.slice(0, RETRO_ALERTS_MAX_ROWS)) {
    add(`${sourceName(alert.source)}: ${oneLine(alert.title) || oneLine(alert.monitorName)}`, alert.url);
    add(t(lang, 'page.link.monitor', { name: oneLine(alert.monitorName) }), alert.monitorUrl);
    for (const link of alert.links ?? []) add(linkText(lang, link.kind, link.label && oneLine(link.label)), link.url);
  }
  return items.length === 0 ? [] : [el('p', {}, t(lang, 'retro.detection.links')), el('ul', {}, items)];
}

// ——— the facts region ———

/** The facts region's body as nodes (shared by the page and {@link renderRetrospectiveFactsBody}). */
export function retrospectiveFactsNodes(facts: RetrospectiveFacts, lang: Language): XNode[] {
  const h3 = (text: string): XElement => el('h3', {}, text);
  return [
    overviewTable(facts, lang),
    el('p', {}, el('em', {}, t(lang, 'retro.facts.note'))),
    h3(t(lang, 'retro.facts.people')),
    peopleTable(facts, lang),
    h3(t(lang, 'retro.facts.keyTimes')),
    ...keyTimesTables(facts.keyTimes, lang),
    h3(t(lang, 'retro.facts.alerts')),
    ...alertsNodes(facts, lang),
    h3(t(lang, 'retro.facts.timeline')),
    ...timelineNodes(facts, lang),
    h3(t(lang, 'retro.facts.related')),
    relatedNodes(facts, lang),
  ];
}

function overviewTable(facts: RetrospectiveFacts, lang: Language): XElement {
  const rows: XChild[][] = [
    [t(lang, 'retro.facts.incident'), anchor(oneLine(facts.issueKey), facts.issueUrl)],
    [t(lang, 'retro.facts.title.row'), oneLine(facts.title)],
    [t(lang, 'retro.facts.level'), levelName(lang, facts.level)],
    [t(lang, 'retro.facts.drill'), t(lang, facts.drill ? 'retro.facts.drillYes' : 'retro.facts.drillNo')],
  ];
  if (facts.releaseClass) rows.push([t(lang, 'retro.facts.releaseClass'), t(lang, `release.${facts.releaseClass}`)]);
  if (facts.livePage) rows.push([t(lang, 'retro.facts.livePage'), anchor(oneLine(facts.livePage.title) || facts.livePage.url, facts.livePage.url)]);
  // label `th` + value `td` per row, no header row: the shape a Page Properties Report reads
  return el('table', {}, el('tbody', {}, rows.map(([label, value]) => el('tr', {}, cell('th', label), cell('td', value)))));
}

/** Mentions separated by the language's list separator, or "nobody recorded". */
function mentions(accountIds: readonly (string | undefined)[], lang: Language): XChild[] {
  const ids = [...new Set(accountIds.map((id) => oneLine(id ?? '')).filter((id) => id !== ''))];
  if (ids.length === 0) return [el('em', {}, t(lang, 'retro.facts.nobody'))];
  return ids.flatMap((id, i) => (i === 0 ? [userMention(id)] : [t(lang, 'common.listSeparator'), userMention(id)]));
}

function peopleTable(facts: RetrospectiveFacts, lang: Language): XElement {
  const roles = facts.roles;
  const inRoles = new Set([roles?.commander, roles?.communicationsLead, roles?.scribe, ...(roles?.responders ?? [])].filter((id): id is string => !!id).map(oneLine));
  const rows: XChild[][] = [
    [t(lang, 'role.commander'), mentions([roles?.commander], lang)],
    [t(lang, 'role.communications'), mentions([roles?.communicationsLead], lang)],
    [t(lang, 'role.scribe'), mentions([roles?.scribe], lang)],
    [t(lang, 'role.responders'), mentions(roles?.responders ?? [], lang)],
    [t(lang, 'retro.facts.alsoTookPart'), mentions((facts.alsoTookPart ?? []).filter((id) => !inRoles.has(oneLine(id))), lang)],
  ];
  return simpleTable([t(lang, 'page.roles.role'), t(lang, 'page.roles.person')], rows);
}

function keyTimesTables(times: KeyTimes, lang: Language): XElement[] {
  const rows = KEY_TIME_FIELDS.map((field): XChild[] => {
    const at = times[field];
    return [t(lang, `region.keyTimes.${field}`), at ? formatTime(at, lang) : el('em', {}, t(lang, 'region.keyTimes.notYet'))];
  });
  const d = keyDurations(times);
  const duration = (ms: number | undefined): string => (ms === undefined ? t(lang, 'region.keyTimes.noDuration') : formatDuration(ms, lang));
  return [
    simpleTable([t(lang, 'region.keyTimes.col.what'), t(lang, 'region.keyTimes.col.time')], rows),
    simpleTable(
      [t(lang, 'region.keyTimes.col.duration'), t(lang, 'region.keyTimes.col.value')],
      [
        [t(lang, 'region.keyTimes.ttd'), duration(d.ttdMs)],
        [t(lang, 'region.keyTimes.tta'), duration(d.ttaMs)],
        [t(lang, 'region.keyTimes.ttm'), duration(d.ttmMs)],
        [t(lang, 'region.keyTimes.ttr'), duration(d.ttrMs)],
      ],
    ),
  ];
}

function alertsNodes(facts: RetrospectiveFacts, lang: Language): XNode[] {
  if (facts.alerts.length === 0) return [el('p', {}, t(lang, 'retro.facts.alerts.none'))];
  const shown = facts.alerts.slice(0, RETRO_ALERTS_MAX_ROWS);
  const left = Math.max(facts.alerts.length, facts.alertsTotal ?? 0) - shown.length;
  const header = (['source', 'alert', 'monitor', 'severity', 'firstSeen'] as const).map((c) => t(lang, `retro.facts.alerts.col.${c}`));
  const rows = shown.map((a): XChild[] => [
    sourceName(a.source),
    anchor(oneLine(a.title) || oneLine(a.monitorName), a.url),
    anchor(oneLine(a.monitorName), a.monitorUrl),
    a.severity ? severityName(lang, a.severity) : '',
    a.firstSeenAt ? formatTime(a.firstSeenAt, lang) : '',
  ]);
  return [simpleTable(header, rows), left > 0 && el('p', {}, tPlural(lang, 'retro.facts.alerts.more', left))].filter((n): n is XElement => n !== false);
}

type From = 'alerts' | 'panel' | 'page';
interface MergedRow {
  at: string;
  who: XChild;
  what: string;
  from: From;
}

function who(ref: PersonRef | undefined): XChild {
  if (!ref) return '';
  if ('accountId' in ref) return oneLine(ref.accountId) ? userMention(ref.accountId) : '';
  return oneLine(ref.text);
}

/** A machine or panel entry as one row: a person's entries (they carry an actor) are the panel's, the rest the alerts'. */
function entryRow(entry: TimelineEntry, lang: Language): MergedRow {
  const kind = timelineKindName(lang, entry.kind);
  const person = entry.actorAccountId !== undefined || (entry.actor !== undefined && entry.source === undefined);
  const title = oneLine(entry.title);
  const detail = entry.detail ? oneLine(entry.detail) : '';
  let what: string;
  if (entry.kind === 'note') what = detail || title;
  else if (entry.source) what = [`${kind} — ${sourceName(entry.source)}: ${title}`, detail].filter(Boolean).join(' · ');
  else what = [kind, detail].filter(Boolean).join(': ');
  const actor: XChild = entry.actorAccountId ? userMention(entry.actorAccountId) : entry.actor ? oneLine(entry.actor) : t(lang, 'common.kaizen');
  return { at: entry.at, who: actor, what, from: person ? 'panel' : 'alerts' };
}

/**
 * The merged timeline: alerts' events, people's panel entries and the live page's note rows, sorted by time (stable:
 * same-instant rows keep the order machine → panel → page). Past {@link RETRO_TIMELINE_MAX_ROWS}, every person's row
 * stays and the alert events that fit are the first and the last ones (how it started, how it ended).
 */
function timelineNodes(facts: RetrospectiveFacts, lang: Language): XNode[] {
  const valid = (at: string): boolean => Number.isFinite(Date.parse(at));
  const rows: MergedRow[] = [
    ...facts.timeline.filter((e) => valid(e.at)).map((e) => entryRow(e, lang)),
    ...(facts.pageNotes ?? []).filter((n) => valid(n.at)).map((n): MergedRow => ({ at: n.at, who: who(n.who), what: oneLine(n.what), from: 'page' })),
  ];
  if (rows.length === 0) return [el('p', {}, t(lang, 'retro.facts.timeline.empty'))];
  const sorted = rows.map((row, i) => ({ row, i })).sort((a, b) => Date.parse(a.row.at) - Date.parse(b.row.at) || a.i - b.i).map(({ row }) => row);
  const machine = sorted.filter((r) => r.from === 'alerts');
  const machineTotal = Math.max(machine.length, facts.timelineTotal ?? 0);
  const budget = Math.max(0, RETRO_TIMELINE_MAX_ROWS - (sorted.length - machine.length));
  let shown = sorted;
  if (machine.length > budget) {
    const keep = new Set([...machine.slice(0, Math.ceil(budget / 2)), ...(budget >= 2 ? machine.slice(-Math.floor(budget / 2)) : [])]);
    shown = sorted.filter((r) => r.from !== 'alerts' || keep.has(r));
  }
  const left = machineTotal - shown.filter((r) => r.from === 'alerts').length;
  const header = (['time', 'who', 'what', 'from'] as const).map((c) => t(lang, `retro.facts.timeline.col.${c}`));
  const table = simpleTable(
    header,
    shown.map((r): XChild[] => [formatTime(r.at, lang), r.who, textLines(cutToCodePoints(r.what, RETRO_TIMELINE_TEXT_MAX_CHARS)), t(lang, `retro.facts.timeline.from.${r.from}`)]),
  );
  return [left > 0 && el('p', {}, tPlural(lang, 'retro.facts.timeline.more', left)), table].filter((n): n is XElement => n !== false);
}

function relatedNodes(facts: RetrospectiveFacts, lang: Language): XElement {
  if (facts.related.length === 0) return el('p', {}, t(lang, 'retro.facts.related.none'));
  const header = (['key', 'title', 'date', 'level'] as const).map((c) => t(lang, `retro.facts.related.col.${c}`));
  return simpleTable(
    header,
    facts.related.map((r): XChild[] => [anchor(oneLine(r.key), r.url), oneLine(r.title), Number.isFinite(Date.parse(r.at)) ? formatTime(r.at, lang) : '', levelName(lang, r.level)]),
  );
}
