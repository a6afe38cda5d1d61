/**
 * The names of the timeline kinds, written once per language: the catalogue of generated content (src/i18n, the
 * Jira comments and the Confluence page) and the UI's (static/shared/i18n, the panel and the macro) both spread
 * {@link timelineKindMessages} in as their `timeline.<kind>` keys. A kind added to TIMELINE_KINDS is a type error
 * here until it has a name in both languages.
 */
import type { TimelineViewKind } from './vocabulary';

type KindNames = Readonly<Record<TimelineViewKind, string>>;

export const TIMELINE_KIND_NAMES = {
  en: {
    'alert-opened': 'Alert opened',
    'alert-escalated': 'Alert escalated',
    'alert-repeated': 'Alert re-sent',
    'alert-acknowledged': 'Alert acknowledged',
    'alert-resolved': 'Alert resolved',
    'alert-note': 'Note',
    recovered: 'Incident recovered',
    reopened: 'Incident reopened',
    'incident-opened': 'Incident opened',
    'incident-acknowledged': 'Incident acknowledged',
    'level-set': 'Level set',
    'roles-set': 'Roles set',
    'time-set': 'Key time set',
    mitigated: 'Incident mitigated',
    closed: 'Incident closed',
    note: 'Note',
    'attribution-set': 'Causing deployment set',
  },
  ja: {
    'alert-opened': 'アラート発生',
    'alert-escalated': 'アラート重大度上昇',
    'alert-repeated': 'アラート再通知',
    'alert-acknowledged': 'アラート確認',
    'alert-resolved': 'アラート解消',
    'alert-note': 'メモ',
    recovered: 'インシデント復旧',
    reopened: 'インシデント再オープン',
    'incident-opened': 'インシデント起票（検知）',
    'incident-acknowledged': 'インシデント対応開始（確認）',
    'level-set': 'レベル変更',
    'roles-set': '体制変更',
    'time-set': '主要時刻の設定',
    mitigated: 'インシデント暫定対処完了',
    closed: 'インシデント完了',
    note: '対応記録',
    'attribution-set': '原因デプロイの設定',
  },
} as const satisfies Record<'en' | 'ja', KindNames>;

/** The `timeline.<kind>` keys of a message catalogue, in `lang`. */
export type TimelineKindMessages = { readonly [K in TimelineViewKind as `timeline.${K}`]: string };

export function timelineKindMessages(lang: keyof typeof TIMELINE_KIND_NAMES): TimelineKindMessages {
  return Object.fromEntries(Object.entries(TIMELINE_KIND_NAMES[lang]).map(([kind, name]) => [`timeline.${kind}`, name])) as TimelineKindMessages;
}
