/**
 * Pure pieces of the action items sync: the task's description and reminder comment (ADF built as nodes, so an
 * action's `<script>` stays text), the Jira priority for a row's word, and the values a row is compared by.
 */
import { doc } from '@atlaskit/adf-utils/builders';
import type { ActionItemRow } from '../../documents/action-items';
import { finish, linked, para, plain } from '../../documents/adf-nodes';
import type { Language } from '../../domain/incident';
import { t } from '../../i18n/messages';
import type { AdfDoc } from '../ports';
import type { ActionItemRecord, ActionItemSource, OwnerRef } from './action-item-ports';

/** The task's description: the action, then links back to the incident and the retrospective page. */
export function taskDescription(lang: Language, action: string, incident: { key: string; url: string }, page: { title: string; url: string }, type: string | undefined): AdfDoc {
  return finish(
    doc(
      para(plain(action)),
      para(plain(t(lang, 'actionTask.intro')), linked(incident.key, incident.url)),
      para(plain(t(lang, 'actionTask.page')), linked(page.title, page.url)),
      ...(type ? [para(plain(t(lang, 'actionTask.type')), plain(t(lang, `actionItem.type.${type}` as 'actionItem.type.prevent')))] : []),
      para(plain(t(lang, 'actionTask.footer'))),
    ),
  );
}

/** The one overdue reminder on a task: it names the table to change, a retrospective's or a reading session's. */
export function overdueComment(lang: Language, dueDate: string, source: ActionItemSource['kind'] = 'incident'): AdfDoc {
  return finish(doc(para(plain(t(lang, 'actionTask.overdue')), plain(dueDate), plain(t(lang, source === 'incident' ? 'actionTask.overdueTail' : 'readingTask.overdueTail')))));
}

/** The site's priority for a row's word (`high` → "High"), compared case-insensitively; none when the site lacks it. */
export function jiraPriorityFor(word: string | undefined, siteNames: readonly string[]): string | undefined {
  if (!word) return undefined;
  return siteNames.find((n) => n.toLowerCase() === word.toLowerCase());
}

/** The owner as the table names it, for comparing rows between syncs (`id:…` / `text:…`, '' = none). */
export function ownerKey(owner: ActionItemRow['owner']): string {
  if (!owner) return '';
  return 'accountId' in owner ? `id:${owner.accountId}` : `text:${(owner.email ?? owner.text).trim().toLowerCase()}`;
}

export function ownerRef(owner: NonNullable<ActionItemRow['owner']>): OwnerRef {
  return 'accountId' in owner ? { accountId: owner.accountId } : { text: owner.email ?? owner.text };
}

/** What a row is compared by between syncs. */
export const rowValues = (row: ActionItemRow): { owner: string; due: string; priority: string } => ({ owner: ownerKey(row.owner), due: row.due ?? '', priority: row.priority ?? '' });

/**
 * The record with the task's due date as now (undefined: none). The one rule for a due date change, wherever it
 * comes from (the table in a sync, or Jira's event): a changed due date clears `remindedAt`, so it earns a new
 * reminder when it passes.
 */
export function withDueDate(record: ActionItemRecord, dueDate: string | undefined): ActionItemRecord {
  if (dueDate === record.dueDate) return record;
  const { dueDate: _due, remindedAt: _reminded, ...rest } = record;
  return { ...rest, ...(dueDate !== undefined ? { dueDate } : {}) };
}
