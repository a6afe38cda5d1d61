/**
 * What a person's timeline entry changed (src/shared/timeline-change.ts), said in the page language for the Jira
 * comment (ADF) and the live page's frozen timeline (storage format): level names, key time labels and times in the
 * language's zone, and people as mentions the product names itself — never the English `detail` with raw account ids.
 * Pure.
 */
import { mention } from '@atlaskit/adf-utils/builders';
import type { Language } from '../domain/incident';
import { formatTime } from '../i18n/format-time';
import { t } from '../i18n/messages';
import { levelName } from '../i18n/names';
import type { AttributionChoice, TimelineChange } from '../shared/timeline-change';
import { plain, type Inline } from './adf-nodes';
import { el, type XChild } from './xhtml';

/** A run of text, or a person (their account id) to name with the product's own mention. */
export type ChangePart = { text: string } | { person: string };

const ROLE_KEYS = { commander: 'role.commander', communicationsLead: 'role.communications', scribe: 'role.scribe', responders: 'role.responders' } as const;

/** Which deployment an incident counts against, in words (the deployment id as the sender gave it: text only). */
function attributionText(choice: AttributionChoice, lang: Language): string {
  if (choice.mode === 'manual') return t(lang, 'attribution.change.manual', { id: choice.deploymentId ?? '—' });
  return t(lang, choice.mode === 'none' ? 'attribution.change.none' : 'attribution.change.auto');
}

export function changeParts(change: TimelineChange, lang: Language): ChangePart[] {
  if (change.field === 'level') return [{ text: `${levelName(lang, change.from)} → ${levelName(lang, change.to)}` }];
  if (change.field === 'attribution') return [{ text: `${attributionText(change.from, lang)} → ${attributionText(change.to, lang)}` }];
  if (change.field !== 'roles') return [{ text: `${t(lang, `region.keyTimes.${change.field}`)}: ${formatTime(change.to, lang)}` }];
  const parts: ChangePart[] = [];
  for (const role of Object.keys(ROLE_KEYS) as Array<keyof typeof ROLE_KEYS>) {
    const to = change.to[role];
    if (to === undefined) continue;
    if (parts.length > 0) parts.push({ text: t(lang, 'common.listSeparator') });
    parts.push({ text: `${t(lang, ROLE_KEYS[role])}: ` });
    const people = to === null ? [] : typeof to === 'string' ? [to] : to;
    if (people.length === 0) parts.push({ text: '—' });
    people.forEach((person, n) => {
      if (n > 0) parts.push({ text: ', ' });
      parts.push({ person });
    });
  }
  return parts;
}

/** For an ADF comment: text nodes and `mention` nodes. */
export const changeInlines = (change: TimelineChange, lang: Language): Inline[] =>
  changeParts(change, lang).flatMap((p): Inline[] => ('text' in p ? plain(p.text) : [mention({ id: p.person }) as Inline]));

/** For storage format: text and `<ac:link><ri:user ri:account-id="…"/></ac:link>` mentions. */
export const changeStorage = (change: TimelineChange, lang: Language): XChild[] =>
  changeParts(change, lang).map((p) => ('text' in p ? p.text : el('ac:link', {}, el('ri:user', { 'ri:account-id': p.person }))));
