/**
 * The Kaizen-owned machine timeline region of the live incident page (DESIGN 3.2): an `expand` macro whose
 * `ac:macro-id` is `regionId(incidentId, 'timeline')` (see `regions.ts`). The page is created with it, and at
 * recovery the Confluence adapter freezes the timeline into it with `replaceRegion(storage, id,
 * renderTimelineRegionBody(entries, language))` — only this macro's body changes, never people's content.
 */
import type { Language, TimelineEntry } from '../domain/incident';
import { formatTime } from '../i18n/format-time';
import { t, tPlural } from '../i18n/messages';
import { severityName, sourceName, timelineKindName } from '../i18n/names';
import { regionId } from './regions';
import { anchor, simpleTable, structuredMacro, textLines } from './storage-nodes';
import { cutToCodePoints, oneLine } from './text';
import { changeStorage } from './timeline-change-text';
import { el, serializeStorage, type XChild, type XElement, type XNode } from './xhtml';

/**
 * At most this many rows, the latest ones; older ones are counted in a note. Keeps a storm's frozen timeline well
 * inside Confluence's page size and the editor's comfort (a table of thousands of rows freezes the browser).
 */
export const TIMELINE_REGION_MAX_ROWS = 500;

/** A detail text longer than this (code points) is cut with `…`; the full text stays in Kaizen's timeline. */
export const TIMELINE_DETAIL_MAX_CHARS = 1_000;

/**
 * The region's body content as nodes (shared by the page renderer and {@link renderTimelineRegionBody}).
 * `total`: how many entries the timeline holds when `entries` are only its latest ones (a storm's timeline is read
 * by key, never whole), so the note still says how many older ones are left out.
 */
export function timelineRegionNodes(entries: readonly TimelineEntry[], lang: Language, total = entries.length): XNode[] {
  const note = el('p', {}, el('em', {}, t(lang, 'region.timeline.note')));
  if (entries.length === 0) return [note, el('p', {}, t(lang, 'region.timeline.empty'))];
  // Sorted by time (a stable sort keeps same-instant entries in the order they were recorded).
  const sorted = [...entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const shown = sorted.slice(-TIMELINE_REGION_MAX_ROWS);
  const left = Math.max(sorted.length, total) - shown.length;
  const header = ['col.time', 'col.event', 'col.alert', 'col.severity', 'col.detail'] as const;
  return [
    note,
    left > 0 && el('p', {}, tPlural(lang, 'region.timeline.more', left)),
    simpleTable(
      header.map((key) => t(lang, `region.timeline.${key}`)),
      shown.map((entry) => row(entry, lang)),
    ),
  ].filter((node): node is XElement => node !== false);
}

function row(entry: TimelineEntry, lang: Language): XChild[] {
  const kind = timelineKindName(lang, entry.kind);
  const event = entry.actor ? t(lang, 'timeline.withActor', { event: kind, actor: oneLine(entry.actor) }) : kind;
  const title = oneLine(entry.title);
  const alert: XChild[] = [entry.source && `${sourceName(entry.source)}: `, title && anchor(title, entry.url)];
  return [
    formatTime(entry.at, lang),
    event,
    alert,
    entry.severity ? severityName(lang, entry.severity) : '',
    // a person's change from its data (in the page language, people as mentions); an alert's detail as its text
    entry.change ? changeStorage(entry.change, lang) : entry.detail ? textLines(cutToCodePoints(entry.detail, TIMELINE_DETAIL_MAX_CHARS)) : '',
  ];
}

/**
 * The storage XHTML of the timeline region's body (the inside of its `ac:rich-text-body`), for
 * `replaceRegion`. Deterministic: the same entries and language always give the same bytes, so re-freezing an
 * unchanged timeline is a no-op.
 */
export function renderTimelineRegionBody(entries: readonly TimelineEntry[], lang: Language, total = entries.length): string {
  return serializeStorage(timelineRegionNodes(entries, lang, total));
}

/** The whole region: the `expand` macro with its stable macro id, title and body. */
export function timelineRegion(incidentId: string, entries: readonly TimelineEntry[], lang: Language): XElement {
  return structuredMacro('expand', {
    macroId: regionId(incidentId, 'timeline'),
    params: { title: t(lang, 'region.timeline.title') },
    body: timelineRegionNodes(entries, lang),
  });
}
