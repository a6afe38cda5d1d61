/**
 * The session macro's view (static/library/src/session-view.tsx): the reading session the page it is on is, the
 * postmortem it reads, and how many tasks its TODOs became. The macro finds its session by the page it is on (the
 * context's content id), read AS THE USER first; on any other page it answers `session: null`.
 */
import type { GetReadingSessionData } from '../../shared/reading-sessions';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import type { UserAccess } from '../ui-ports';
import { sourceKey, type ActionItemStore } from '../action-items/action-item-ports';
import type { ReadingSessionStore } from './reading-session-ports';
import { sessionOf } from './start-reading-session';

export interface GetReadingSessionDeps {
  access: Pick<UserAccess, 'canReadPage'>;
  sessions: Pick<ReadingSessionStore, 'session' | 'postmortem'>;
  tasks: Pick<ActionItemStore, 'listByIncident'>;
}

export async function getReadingSession(pageId: string, deps: GetReadingSessionDeps): Promise<ResolverResult<GetReadingSessionData>> {
  if (!(await deps.access.canReadPage(pageId))) return fail('content-not-visible', `You cannot read the page ${pageId}.`);
  const session = await deps.sessions.session(pageId);
  if (!session) return ok({ session: null });
  const [postmortem, records, readable] = await Promise.all([
    deps.sessions.postmortem(session.postmortemPageId),
    deps.tasks.listByIncident(sourceKey({ kind: 'reading-session', id: pageId })),
    // the postmortem's title and link only for who may read it (a session page moved out from under it, say)
    deps.access.canReadPage(session.postmortemPageId),
  ]);
  const counted = records.filter((r) => !r.gone);
  return ok({
    session: sessionOf(session),
    postmortem: postmortem && readable ? { pageId: postmortem.pageId, title: postmortem.title, url: postmortem.url, kind: postmortem.kind } : null,
    tasks: { total: counted.length, done: counted.filter((r) => r.done).length },
  });
}
