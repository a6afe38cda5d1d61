/**
 * Jira comments Kaizen posts on the incident issue (DESIGN 3.1 steps 5–6), as ADF built with
 * `@atlaskit/adf-utils/builders`: one coalesced comment per window for many timeline entries (recovery and reopening
 * are timeline entries like any other, so they reach the issue in the window's comment). https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/
 */
import { bulletList, doc, listItem } from '@atlaskit/adf-utils/builders';
import type { Language, TimelineEntry } from '../domain/incident';
import type { Omitted } from '../domain/pending-comment';
import { formatClock } from '../i18n/format-time';
import { t, tPlural } from '../i18n/messages';
import { severityName, sourceName, timelineKindName } from '../i18n/names';
import type { AdfDoc } from '../usecases/ports';
import { bold, finish, linked, para, plain, type Inline } from './adf-nodes';
import { cutToCodePoints, oneLine } from './text';
import { changeInlines } from './timeline-change-text';

/** At most this many list lines in one comment; a storm beyond it is summarised per alert, then cut. */
export const COMMENT_MAX_LINES = 20;

/**
 * Jira rejects a comment body over 32,767 characters (ADF JSON or text — undocumented, so the JSON is measured, the
 * reading that can never fail). A comment is kept within this many characters of JSON.
 */
export const COMMENT_JSON_MAX = 30_000;

/**
 * How much of each entry a line shows. Texts (title, detail, actor) are cut to `textMax` code points and a URL
 * longer than `hrefMax` is not linked; the page and the panel keep them whole. The first tier that fits
 * {@link COMMENT_JSON_MAX} is used: twenty lines of ordinary alerts keep their links, twenty lines of the longest
 * texts and URLs normalisation lets through still make a comment Jira accepts.
 */
interface Limits {
  textMax: number;
  hrefMax: number;
}
const TIERS: readonly Limits[] = [
  { textMax: 200, hrefMax: 500 },
  { textMax: 80, hrefMax: 0 },
];

type ListItem = ReturnType<typeof listItem>;

/**
 * One comment for all timeline entries collected in a coalescing window: a bold heading line with the count and
 * time span, then one line per entry — or, when there are more than {@link COMMENT_MAX_LINES} entries (an alert
 * storm), one line per alert with its event counts by kind, at most {@link COMMENT_MAX_LINES} of them and
 * "…and N more alerts". Entries are shown in time order whatever order they come in. `omitted`: events of the
 * window the bounded queue only counted (src/domain/pending-comment.ts) — a line says how many and where they are.
 */
export function renderTimelineComment(entries: readonly TimelineEntry[], lang: Language, options: { windowMinutes: number; omitted?: Omitted | undefined }): AdfDoc {
  const omitted = options.omitted && options.omitted.count > 0 ? options.omitted : undefined;
  if (entries.length === 0 && !omitted) return finish(doc(para(plain(t(lang, 'comment.none')))));
  const sorted = [...entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const times = [...sorted.map((e) => e.at), ...(omitted ? [omitted.lastAt] : [])].sort((a, b) => Date.parse(a) - Date.parse(b));
  const heading = tPlural(lang, 'comment.events', sorted.length + (omitted?.count ?? 0), { start: formatClock(times[0]!, lang), end: formatClock(times.at(-1)!, lang) });
  const footer = para(plain(tPlural(lang, 'comment.window', options.windowMinutes, { minutes: options.windowMinutes })));
  const more = omitted && para(plain(tPlural(lang, 'comment.omitted', omitted.count, { time: formatClock(omitted.lastAt, lang) })));
  const render = (limits: Limits): AdfDoc => {
    const body =
      sorted.length === 0
        ? []
        : sorted.length <= COMMENT_MAX_LINES
          ? [bulletList(...sorted.map((entry) => listItem([para(entryLine(entry, lang, limits))])))]
          : [para(plain(t(lang, 'comment.storm'))), bulletList(...stormLines(sorted, lang, limits))];
    return finish(doc(para(bold(heading)), ...body, ...(more ? [more] : []), footer));
  };
  let rendered = render(TIERS[0]!);
  for (const limits of TIERS.slice(1)) {
    if (JSON.stringify(rendered).length <= COMMENT_JSON_MAX) break;
    rendered = render(limits);
  }
  return rendered;
}

function eventName(entry: TimelineEntry, lang: Language, limits: Limits): string {
  const kind = timelineKindName(lang, entry.kind);
  return entry.actor ? t(lang, 'timeline.withActor', { event: kind, actor: cutToCodePoints(oneLine(entry.actor), limits.textMax) }) : kind;
}

/** `03:04:05 UTC  Alert opened — Mackerel: <title> (Critical): <detail>` */
function entryLine(entry: TimelineEntry, lang: Language, limits: Limits): Inline[] {
  // a person's change is said from its data, in the comment's language, people as mentions
  if (entry.change) return [...plain(`${formatClock(entry.at, lang)}  `), ...bold(eventName(entry, lang, limits)), ...plain(': '), ...changeInlines(entry.change, lang)];
  const detail = entry.detail ? cutToCodePoints(oneLine(entry.detail), limits.textMax) : '';
  return [
    ...plain(`${formatClock(entry.at, lang)}  `),
    ...bold(eventName(entry, lang, limits)),
    ...plain(' — '),
    ...alertLabel(entry, limits),
    ...plain(entry.severity ? t(lang, 'comment.severity', { severity: severityName(lang, entry.severity) }) : ''),
    ...plain(detail ? `: ${detail}` : ''),
  ];
}

/** `Mackerel: <title>`, the title linked to the alert when its URL is http(s). */
function alertLabel(entry: TimelineEntry, limits: Limits = TIERS[0]!): Inline[] {
  const title = cutToCodePoints(oneLine(entry.title), limits.textMax) || entry.kind;
  const url = entry.url !== undefined && entry.url.length <= limits.hrefMax ? entry.url : undefined;
  return [...plain(entry.source ? `${sourceName(entry.source)}: ` : ''), ...linked(title, url)];
}

interface Group {
  latest: TimelineEntry;
  count: number;
  kinds: Map<TimelineEntry['kind'], number>;
}

/** One line per alert (entries without an alert, such as `recovered`, group by kind), in order of first event. */
function stormLines(sorted: readonly TimelineEntry[], lang: Language, limits: Limits): ListItem[] {
  const groups = new Map<string, Group>();
  for (const entry of sorted) {
    const key = entry.alertKey ?? `kind:${entry.kind}`;
    const group = groups.get(key) ?? { latest: entry, count: 0, kinds: new Map() };
    group.latest = entry;
    group.count += 1;
    group.kinds.set(entry.kind, (group.kinds.get(entry.kind) ?? 0) + 1);
    groups.set(key, group);
  }
  const all = [...groups.values()];
  const shown = all.slice(0, COMMENT_MAX_LINES);
  const lines = shown.map((group) => {
    const kinds = [...group.kinds].map(([kind, count]) => t(lang, 'comment.kindCount', { kind: timelineKindName(lang, kind), count })).join(t(lang, 'common.listSeparator'));
    const counts = tPlural(lang, 'comment.group', group.count, { kinds, time: formatClock(group.latest.at, lang) });
    return listItem([para(alertLabel(group.latest, limits), plain(` — ${counts}`))]);
  });
  const left = all.length - shown.length;
  return left > 0 ? [...lines, listItem([para(plain(tPlural(lang, 'comment.more', left)))])] : lines;
}
