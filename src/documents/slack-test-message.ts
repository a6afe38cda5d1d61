/**
 * The admin page's "Send test message" (DESIGN 3.7): a small Block Kit message saying what Kaizen will post to this
 * webhook — which events, for which levels — in the page language. Every text is the catalogue's or the admin's own
 * level names, escaped for mrkdwn as in every Slack message (src/documents/slack-messages.ts). Pure.
 */
import type { Language, Level } from '../domain/incident';
import { formatTime } from '../i18n/format-time';
import { t, type MessageKey } from '../i18n/messages';
import type { Settings } from '../shared/settings';
import type { SlackEventKindSetting, SlackWebhookSlot } from '../shared/slack-settings';
import { escapeMrkdwnCut, slackSafeText, type SlackMessage } from './slack-messages';

const HEADING: Readonly<Record<SlackEventKindSetting, MessageKey>> = {
  'incident-opened': 'slack.heading.opened',
  'level-raised': 'slack.heading.levelRaised',
  recovered: 'slack.heading.recovered',
  'retrospective-overdue': 'slack.heading.retrospectiveOverdue',
  'retrospective-published': 'slack.heading.retrospectivePublished',
};

export function renderSlackTestMessage(slot: SlackWebhookSlot, events: readonly SlackEventKindSetting[], options: { lang: Language; levels: Settings['levels']; at: string }): SlackMessage {
  const { lang, levels } = options;
  const list = (items: string[]): string => items.join(lang === 'ja' ? '、' : ', ');
  const levelName = (level: Level): string => slackSafeText(levels[level].name[lang], { oneLine: true }) || level;
  const body =
    events.length === 0
      ? t(lang, 'slack.test.noEvents')
      : t(lang, 'slack.test.body', { events: list(events.map((e) => t(lang, HEADING[e]))), levels: slot === 'default' ? t(lang, 'slack.test.allLevels') : levelName(slot) });
  const header = t(lang, 'slack.test.header');
  const text = escapeMrkdwnCut(`${header} — ${body}`, 1000);
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: header, emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwnCut(body, 2000), verbatim: true } },
      { type: 'context', elements: [{ type: 'plain_text', text: `${t(lang, 'common.kaizen')} · ${formatTime(options.at, lang)}`, emoji: true }] },
    ],
  };
}
