/**
 * Slack incoming-webhook bodies `{ text, blocks }` for Kaizen's notifications (DESIGN 3.7): incident opened, level
 * raised, recovered, retrospective overdue, retrospective published — Block Kit, in the page language. Pure: no I/O,
 * no `@forge/*`; the notifier (sending, retries) lives elsewhere.
 *
 * Every untrusted text (alert titles, service names, summaries and names people typed, even issue keys) reaches
 * Slack in one of two ways:
 * - as `plain_text` (header, buttons, context, the summary) — Slack shows it as typed, parsing no markup, mention or
 *   link; Slack itself stores such text entity-escaped (slackapi/bolt-python#513), so it is sent raw, not escaped;
 * - inside `mrkdwn` only through {@link escapeMrkdwn}: `&`, `<`, `>` as `&amp;`, `&lt;`, `&gt;`, Slack's "control
 *   characters for special parsing" (https://api.slack.com/reference/surfaces/formatting#escaping). Every mention,
 *   channel link, date token and link needs a `<…>` (`<!channel>`, `<@U1>`, `<#C1>`, `<!subteam^…>`,
 *   `<!date^…>`, `<url|label>`), so none can be formed. Each mrkdwn object is also `verbatim: true`, so Slack does
 *   not auto-link URLs or channel names or "automatically parse certain mentions" in it
 *   (https://docs.slack.dev/reference/block-kit/composition-objects/text-object), and the bare words `@channel`,
 *   `@here`, `@everyone` (`@group`) get an invisible WORD JOINER after the `@` everywhere, so they cannot become
 *   mentions even where a webhook sets `link_names` (which turns `@word` into a mention) or in the top-level `text`,
 *   which has no `verbatim`.
 * What stays: `*bold*`, `_italic_`, `~strike~`, `` `code` `` and a leading `>` in a typed text may still style it in
 * mrkdwn — Slack has no escape for them (a backslash is literal; `&#42;` would show as typed) and they can neither
 * mention nor link; text whose look matters is `plain_text`.
 * Bidi controls (U+202A–U+202E, U+2066–U+2069) become U+FFFD: an unclosed right-to-left override would reorder the
 * text Kaizen writes after it (a key or a time could be made to read differently). C0 controls (NUL…) and lone
 * surrogates become U+FFFD as in every document (`cleanText`).
 *
 * Limits (https://docs.slack.dev/reference/block-kit/blocks): header `plain_text` ≤ 150, section text ≤ 3,000,
 * ≤ 10 fields of ≤ 2,000, button text ≤ 75, button `url` ≤ 3,000, ≤ 50 blocks — all kept by construction: each
 * untrusted part is cut to its own budget *after* escaping (an `&` counts 5), at a grapheme boundary, so an entity,
 * a surrogate pair or an emoji sequence is never split. Lengths are counted in UTF-16 units, never fewer than Slack's
 * characters. The budgets keep a whole message under ~6,500 characters whatever it is given, well under the ~13,200
 * at which Slack was seen answering `msg_blocks_too_long` (slackapi/bolt-js#2509).
 *
 * No library does exactly this: Slack's SDKs (`@slack/types`, `@slack/web-api`) have types but no escaping, and
 * jsx-slack escapes only inside its JSX renderer (its `escapeURL` — entities, then `|` percent-encoded — is what
 * {@link mrkdwnLink} does too). So: small pure functions.
 */
import type { IncidentState, Language, Level } from '../domain/incident';
import { formatDuration, formatTime } from '../i18n/format-time';
import { t, type MessageKey } from '../i18n/messages';
import { stateName } from '../i18n/names';
import type { Settings } from '../shared/settings';
import { cleanText, cutToUtf16, safeHref } from './text';

// ---------------------------------------------------------------------------------------------------------------
// Input

/** The incident a notification is about, as the notifier reads it. Every string but the times is untrusted. */
export interface SlackIncident {
  issueKey: string;
  title: string;
  level: Level;
  state: IncidentState;
  service: string | null;
  /** ISO time. */
  impactStartedAt: string;
  drill: boolean;
  /** Either may be missing (the page is created after the issue); anything but an http(s) URL is dropped. */
  links: { issueUrl?: string | undefined; pageUrl?: string | undefined };
}

/** What happened. `at` (ISO) is when: the context line shows it. */
export type SlackEvent =
  | { kind: 'incident-opened'; at: string }
  | { kind: 'level-raised'; at: string; from: Level }
  | { kind: 'recovered'; at: string }
  | {
      kind: 'retrospective-overdue';
      at: string;
      /** ISO time the retrospective was due. */
      dueAt: string;
      /** The owner's display name (the incident commander), or null when nobody was named. */
      owner: string | null;
      /** The retrospective page, once drafted. */
      retrospectiveUrl?: string | undefined;
    }
  | { kind: 'retrospective-published'; at: string; title: string; summary?: string | undefined; retrospectiveUrl?: string | undefined };

export type SlackEventKind = SlackEvent['kind'];

export interface SlackRenderOptions {
  lang: Language;
  /** The levels' names and descriptions from the settings. */
  levels: Settings['levels'];
}

// ---------------------------------------------------------------------------------------------------------------
// Output: the Block Kit subset Kaizen sends

export interface PlainTextObject {
  type: 'plain_text';
  text: string;
  emoji: true;
}
export interface MrkdwnObject {
  type: 'mrkdwn';
  text: string;
  verbatim: true;
}
export type TextObject = PlainTextObject | MrkdwnObject;
export interface HeaderBlock {
  type: 'header';
  text: PlainTextObject;
}
export interface SectionBlock {
  type: 'section';
  text?: TextObject;
  fields?: TextObject[];
}
export interface ContextBlock {
  type: 'context';
  elements: TextObject[];
}
export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: PlainTextObject;
  url: string;
}
export interface ActionsBlock {
  type: 'actions';
  elements: ButtonElement[];
}
export type SlackBlock = HeaderBlock | SectionBlock | ContextBlock | ActionsBlock;

/** The body of an incoming-webhook POST: `text` is the notification fallback (mrkdwn), `blocks` the message. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Slack's limits (Block Kit reference) and Kaizen's own budgets for each part, in UTF-16 units. */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  buttonText: 75,
  buttonUrl: 3000,
} as const;

const BUDGET = {
  /** An untrusted one-line value in a field or sentence (title, service, owner, level name). */
  value: 300,
  /** A level's description (settings allow 300 characters, escaping can grow it). */
  description: 600,
  /** A sentence from the catalogue with its values filled in. */
  sentence: 1200,
  /** A URL inside `<url|label>`; a longer one is left to the button. */
  linkUrl: 1200,
  /** The retrospective summary (plain_text section). */
  summary: 1500,
  /** The issue key in the context line. */
  key: 100,
  /** The notification fallback. */
  fallback: 1000,
} as const;
// By construction: a section's text is `*<url|title>*\n{sentence}` ≤ 5 + linkUrl + value + 1 + sentence = 2,706 < 3,000;
// a field is `*{label}*\n{value}\n{description}` ≤ 3 + value + 2 × value + 1 + description = 1,504 < 2,000 (the
// level change is the longest value: two names, 2 × value); ≤ 7 fields, ≤ 6 blocks.

const EMOJI: Readonly<Record<SlackEventKind, string>> = {
  'incident-opened': '🚨',
  'level-raised': '⏫',
  recovered: '✅',
  'retrospective-overdue': '⏰',
  'retrospective-published': '📝',
};

const HEADING: Readonly<Record<SlackEventKind, MessageKey>> = {
  'incident-opened': 'slack.heading.opened',
  'level-raised': 'slack.heading.levelRaised',
  recovered: 'slack.heading.recovered',
  'retrospective-overdue': 'slack.heading.retrospectiveOverdue',
  'retrospective-published': 'slack.heading.retrospectivePublished',
};

// ---------------------------------------------------------------------------------------------------------------
// Text hygiene and escaping

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const SPECIAL_MENTION = /@(?=(?:channel|here|everyone|group)(?![\p{L}\p{N}_]))/giu;
const WORD_JOINER = '\u2060';
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Untrusted text made safe to show anywhere in a message: {@link cleanText} (C0 controls, lone surrogates → U+FFFD),
 * bidi controls → U+FFFD, and a WORD JOINER after the `@` of `@channel`, `@here`, `@everyone`, `@group`.
 * `oneLine`: also every run of whitespace as one space (titles, names, keys).
 */
export function slackSafeText(text: string, options: { oneLine: boolean }): string {
  let safe = cleanText(text).replace(BIDI_CONTROLS, '\uFFFD');
  safe = options.oneLine ? safe.replace(/\s+/g, ' ').trim() : safe.trim();
  return safe.replace(SPECIAL_MENTION, `@${WORD_JOINER}`);
}

/** Slack's three control characters as entities (formatting reference, "Escaping text"). Nothing else is encoded. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `text` escaped for mrkdwn, at most `max` UTF-16 units of escaped text, cut between graphemes, `…` included. */
export function escapeMrkdwnCut(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  const budget = max - 1;
  let kept = '';
  for (const { segment } of graphemes.segment(text)) {
    const piece = escapeMrkdwn(segment);
    if (kept.length + piece.length > budget) break;
    kept += piece;
  }
  return `${kept.trimEnd()}…`;
}

/** An untrusted one-line value, cleaned, escaped and cut for mrkdwn. */
const mrkdwnValue = (text: string, max: number = BUDGET.value): string => escapeMrkdwnCut(slackSafeText(text, { oneLine: true }), max);

/** A URL a button may carry: an absolute http(s) URL (WHATWG-serialised) of at most 3,000 characters, else none. */
export function slackButtonUrl(url: string | undefined): string | undefined {
  const href = safeHref(url);
  return href !== undefined && href.length <= SLACK_LIMITS.buttonUrl ? href : undefined;
}

/**
 * `<url|label>` with an already-escaped label, or the label alone when the URL is not http(s) or too long. The URL
 * is WHATWG-serialised (no space, `<`, `>` or `"` survives), then escaped like text and `|` percent-encoded, so the
 * URL part ends at Kaizen's `|` and the label — whose `>` is `&gt;` — cannot close the link early.
 */
export function mrkdwnLink(url: string | undefined, escapedLabel: string): string {
  const href = safeHref(url);
  if (href === undefined) return escapedLabel;
  const target = escapeMrkdwn(href).replace(/\|/g, '%7C');
  return target.length <= BUDGET.linkUrl ? `<${target}|${escapedLabel}>` : escapedLabel;
}

const plain = (text: string): PlainTextObject => ({ type: 'plain_text', text, emoji: true });
const mrkdwn = (text: string): MrkdwnObject => ({ type: 'mrkdwn', text, verbatim: true });
/** A field: a bold label (catalogue text) over escaped value lines (each already escaped and cut). */
const field = (label: string, ...escapedLines: string[]): MrkdwnObject => mrkdwn([`*${escapeMrkdwnCut(label, BUDGET.value)}*`, ...escapedLines].join('\n'));

// ---------------------------------------------------------------------------------------------------------------
// Rendering

/** The message for `event` on `incident`, in `options.lang`. */
export function renderSlackMessage(incident: SlackIncident, event: SlackEvent, options: SlackRenderOptions): SlackMessage {
  const { lang, levels } = options;
  const title = slackSafeText(incident.title, { oneLine: true }) || t(lang, 'slack.untitled');
  const key = slackSafeText(incident.issueKey, { oneLine: true });
  const levelName = (level: Level): string => slackSafeText(levels[level].name[lang], { oneLine: true }) || level;
  const levelDescription = (level: Level): string => mrkdwnValue(levels[level].description[lang], BUDGET.description);
  const drillPrefix = incident.drill ? `${t(lang, 'issue.drillPrefix')} ` : '';
  const headline = `${EMOJI[event.kind]} ${drillPrefix}${t(lang, 'slack.header', { heading: t(lang, HEADING[event.kind]), key, title })}`;

  const fields: MrkdwnObject[] = [];
  const levelField = (...lines: string[]): void => {
    fields.push(field(t(lang, 'slack.field.level'), ...lines));
  };
  let sentence: string;
  let linkedTitle = `*${mrkdwnLink(incident.links.issueUrl, mrkdwnValue(title))}*`;
  let summary: string | undefined;
  let retrospective: { url: string | undefined; label: MessageKey } | undefined;

  switch (event.kind) {
    case 'incident-opened':
      sentence = t(lang, 'slack.opened');
      levelField(mrkdwnValue(levelName(incident.level)), levelDescription(incident.level));
      break;
    case 'level-raised': {
      const names = { from: levelName(event.from), to: levelName(incident.level) };
      sentence = t(lang, 'slack.levelRaised', names);
      levelField(mrkdwnValue(t(lang, 'slack.levelChange', names), BUDGET.value * 2), levelDescription(incident.level));
      break;
    }
    case 'recovered': {
      const duration = formatDuration(Math.max(0, Date.parse(event.at) - Date.parse(incident.impactStartedAt)), lang);
      sentence = t(lang, 'slack.recovered', { duration });
      levelField(mrkdwnValue(levelName(incident.level)));
      fields.push(field(t(lang, 'slack.field.timeToRecover'), escapeMrkdwn(duration)), field(t(lang, 'slack.field.recoveredAt'), escapeMrkdwn(formatTime(event.at, lang))));
      break;
    }
    case 'retrospective-overdue': {
      // whole minutes, as the Jira reminder writes it (src/documents/retrospective-reminder.ts)
      const overdue = formatDuration(Math.floor(Math.max(0, Date.parse(event.at) - Date.parse(event.dueAt)) / 60_000) * 60_000, lang);
      const due = formatTime(event.dueAt, lang);
      sentence = t(lang, 'slack.retrospectiveOverdue', { due, overdue });
      levelField(mrkdwnValue(levelName(incident.level)));
      const owner = event.owner === null ? '' : slackSafeText(event.owner, { oneLine: true });
      fields.push(
        field(t(lang, 'slack.field.due'), escapeMrkdwn(due)),
        field(t(lang, 'slack.field.overdue'), escapeMrkdwn(overdue)),
        field(t(lang, 'slack.field.owner'), owner ? mrkdwnValue(owner) : escapeMrkdwn(t(lang, 'slack.owner.none'))),
      );
      retrospective = { url: event.retrospectiveUrl, label: 'slack.button.retrospectiveDraft' };
      break;
    }
    case 'retrospective-published': {
      sentence = t(lang, 'slack.retrospectivePublished', { key });
      linkedTitle = `*${mrkdwnLink(event.retrospectiveUrl, mrkdwnValue(slackSafeText(event.title, { oneLine: true }) || t(lang, 'slack.untitled')))}*`;
      levelField(mrkdwnValue(levelName(incident.level)));
      summary = event.summary === undefined ? undefined : slackSafeText(event.summary, { oneLine: false }) || undefined;
      retrospective = { url: event.retrospectiveUrl, label: 'slack.button.retrospective' };
      break;
    }
  }

  fields.push(field(t(lang, 'slack.field.state'), escapeMrkdwn(stateName(lang, incident.state))));
  const service = incident.service === null ? '' : slackSafeText(incident.service, { oneLine: true });
  if (service) fields.push(field(t(lang, 'slack.field.service'), mrkdwnValue(service)));
  fields.push(field(t(lang, 'slack.field.impactStart'), escapeMrkdwn(formatTime(incident.impactStartedAt, lang))));

  const blocks: SlackBlock[] = [{ type: 'header', text: plain(cutToUtf16(headline, SLACK_LIMITS.headerText)) }];
  if (incident.drill) blocks.push({ type: 'section', text: mrkdwn(`*🧪 ${escapeMrkdwnCut(t(lang, 'slack.drill'), BUDGET.sentence)}*`) });
  blocks.push({ type: 'section', text: mrkdwn(`${linkedTitle}\n${escapeMrkdwnCut(sentence, BUDGET.sentence)}`), fields: fields.slice(0, SLACK_LIMITS.fields) });
  if (summary) blocks.push({ type: 'section', text: plain(cutToUtf16(summary, BUDGET.summary)) });
  blocks.push({ type: 'context', elements: [plain(`${t(lang, 'common.kaizen')} · ${cutToUtf16(key, BUDGET.key)} · ${formatTime(event.at, lang)}`)] });
  const actions = buttons(lang, incident.links, retrospective);
  if (actions.length > 0) blocks.push({ type: 'actions', elements: actions });

  const fallback = `${headline} — ${sentence}`;
  return { text: escapeMrkdwnCut(fallback, BUDGET.fallback), blocks };
}

function buttons(lang: Language, links: SlackIncident['links'], retrospective: { url: string | undefined; label: MessageKey } | undefined): ButtonElement[] {
  const candidates: [string, MessageKey, string | undefined][] = [
    ['kaizen-open-retrospective', retrospective?.label ?? 'slack.button.retrospective', retrospective?.url],
    ['kaizen-open-issue', 'slack.button.issue', links.issueUrl],
    ['kaizen-open-page', 'slack.button.page', links.pageUrl],
  ];
  return candidates.flatMap(([id, label, url]) => {
    const href = slackButtonUrl(url);
    return href === undefined ? [] : [{ type: 'button' as const, action_id: id, text: plain(cutToUtf16(t(lang, label), SLACK_LIMITS.buttonText)), url: href }];
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring (tests)

export interface SlackMessageStats {
  blockCount: number;
  /** The longest `text` string anywhere in the body (the fallback included), in UTF-16 units. */
  largestTextLength: number;
  /** All `text` strings together. */
  totalTextLength: number;
  /** The longest `url`. */
  largestUrlLength: number;
}

/** Sizes of a body, without validating it: for tests that check the limits hold. */
export function slackMessageStats(message: SlackMessage): SlackMessageStats {
  const stats: SlackMessageStats = { blockCount: message.blocks.length, largestTextLength: 0, totalTextLength: 0, largestUrlLength: 0 };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    for (const [name, inner] of Object.entries(value)) {
      if (name === 'text' && typeof inner === 'string') {
        stats.largestTextLength = Math.max(stats.largestTextLength, inner.length);
        stats.totalTextLength += inner.length;
      } else if (name === 'url' && typeof inner === 'string') {
        stats.largestUrlLength = Math.max(stats.largestUrlLength, inner.length);
      } else visit(inner);
    }
  };
  visit(message);
  return stats;
}
