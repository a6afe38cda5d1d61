/**
 * "Sync TODOs to Jira" on a reading session page (DESIGN 3.6): the session's TODO table → Jira tasks with THE SAME
 * sync as a retrospective's action items (sync-task-table.ts: exactly once per row, keys written back into the rows
 * by a version-checked merge, people's edits kept, unsyncable rows reported with their reason), keyed by the session
 * (`{kind: 'reading-session', id: <page id>}`) instead of an incident. Each task links to the session page and the
 * postmortem it read (Jira remote links), and "Relates" to the postmortem's incident issue when it has one.
 *
 * Asked from the session macro on the page, as the user: they must be able to read the page and edit it (the sync
 * writes the keys into it as the app); creating tasks also needs Create Issues in the project (checked by the sync).
 * The tasks are made as the app, so what they say of the postmortem — its link, its mention in the description and
 * the "Relates" link to its incident — is there only when the caller can read the postmortem's page (as the user, as
 * the macro's view shows it): a session page moved out from under a restricted postmortem does not pass it on.
 * Session tasks are not incident action items: they are not counted in any incident's tally nor in the gadget's
 * `action_items` rows.
 */
import { doc } from '@atlaskit/adf-utils/builders';
import { finish, linked, para, plain } from '../../documents/adf-nodes';
import type { Language } from '../../domain/incident';
import { actionItemCounts } from '../../domain/retrospective';
import { t } from '../../i18n/messages';
import type { SyncActionItemsData } from '../../shared/retrospective';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import type { AdfDoc } from '../ports';
import type { UserAccess } from '../ui-ports';
import { tallyOf } from '../action-items/sync-action-items';
import { syncTaskTable, type TaskTableDeps } from '../action-items/sync-task-table';
import type { PageAccess, ReadingSessionStore } from './reading-session-ports';

export interface SyncSessionTodosDeps extends Omit<TaskTableDeps, 'access'> {
  access: Pick<UserAccess, 'canReadPage' | 'canCreateIssues' | 'canAssignIssues'>;
  pageAccess: Pick<PageAccess, 'canEditPage'>;
  sessions: Pick<ReadingSessionStore, 'session' | 'postmortem'>;
}

export async function syncSessionTodos(sessionPageId: string, deps: SyncSessionTodosDeps): Promise<ResolverResult<SyncActionItemsData>> {
  if (!(await deps.access.canReadPage(sessionPageId))) return fail('content-not-visible', `You cannot read the page ${sessionPageId}.`);
  const session = await deps.sessions.session(sessionPageId);
  if (!session) return fail('not-found', `The page ${sessionPageId} is not a Kaizen reading session.`);
  if (!(await deps.pageAccess.canEditPage(sessionPageId))) return fail('session-edit-not-allowed', 'You need permission to edit this reading session page to sync its TODOs.');
  const [known, readable] = await Promise.all([deps.sessions.postmortem(session.postmortemPageId), deps.access.canReadPage(session.postmortemPageId)]);
  const postmortem = readable ? known : undefined;
  const lang = session.language;
  const sessionPage = { title: session.title, url: session.url };
  const postmortemPage = postmortem ? { title: postmortem.title, url: postmortem.url } : undefined;
  const synced = await syncTaskTable(
    {
      source: { kind: 'reading-session', id: sessionPageId },
      language: lang,
      pageId: sessionPageId,
      // the incident the postmortem is about (a release review's reporting issue is not linked: it is not the subject)
      relatesTo: postmortem?.kind === 'retrospective' ? (postmortem.issueKey ?? undefined) : undefined,
      links: [
        { globalId: `kaizen-reading-session-${sessionPageId}`, ...sessionPage },
        ...(postmortem ? [{ globalId: `kaizen-postmortem-${postmortem.pageId}`, title: postmortem.title, url: postmortem.url }] : []),
      ],
      description: (row) => sessionTaskDescription(lang, row.action, sessionPage, postmortemPage, row.type),
      labels: ['kaizen-reading-session'],
    },
    deps,
  );
  if (!synced.ok) return synced;
  const { records, today, ...outcome } = synced.data;
  return ok({ ...outcome, counts: actionItemCounts(tallyOf(records), today) });
}

/** The task's description: the TODO, then links to the session page and the postmortem it read. */
export function sessionTaskDescription(lang: Language, action: string, session: { title: string; url: string }, postmortem: { title: string; url: string } | undefined, type: string | undefined): AdfDoc {
  return finish(
    doc(
      para(plain(action)),
      para(plain(t(lang, 'readingTask.intro')), linked(session.title, session.url)),
      ...(postmortem ? [para(plain(t(lang, 'readingTask.postmortem')), linked(postmortem.title, postmortem.url))] : []),
      ...(type ? [para(plain(t(lang, 'actionTask.type')), plain(t(lang, `actionItem.type.${type}` as 'actionItem.type.prevent')))] : []),
      para(plain(t(lang, 'readingTask.footer'))),
    ),
  );
}
