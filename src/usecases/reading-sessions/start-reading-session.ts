/**
 * "Start a reading session" (DESIGN 3.6, ポストモーテム読書会) from the postmortem library: a page from the reading
 * session template, in the postmortem's page language, in the postmortem's space: under the admin's reading sessions
 * parent (settings `readingSessionsParentPageId`, else the page titled `readingSessionsParentTitle`) when the
 * postmortem is in Kaizen's space, else — or when there is no such parent — as a child of the postmortem page, next
 * to what it reads. A runbook in which every step checks whether it already happened, so a retry or a double click
 * starts one session:
 *
 *   1. authorise AS THE USER: they can read the postmortem page and may create pages in its space;
 *   2. the postmortem is one the reporting store knows, and published;
 *   3. this request seen before: answered from its record (`already`) once its page is recorded; else the start
 *      time it pinned is reused, so a retry renders the same title;
 *   4. the page: found by its title (unique per postmortem and day — a crashed call's page, or the same day's session
 *      started by someone else: `existing`), else created as the app. A page found by its title is taken only when
 *      the caller can read it (as the user) and it is this postmortem's session: its `reading_sessions` row names
 *      this postmortem, or (a start that crashed before writing the row) it carries the session macro naming this
 *      postmortem's page. Any other page with that title — made by hand, or another postmortem's — is refused
 *      (`session-title-taken`) and nothing is written;
 *   5. the `reading_sessions` row (`INSERT IGNORE` on the page id), then the request's record names the page.
 */
import { readingSessionMacroPostmortem, renderReadingSessionPage, type ReadingSessionSubject } from '../../documents/reading-session-page';
import type { ReadingSession, StartReadingSessionData, StartReadingSessionRequest } from '../../shared/reading-sessions';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import type { Settings } from '../../shared/settings';
import type { Clock, IncidentPages, PageRef } from '../ports';
import type { UserAccess } from '../ui-ports';
import type { PageAccess, PostmortemRow, ReadingSessionRow, ReadingSessionStore, StartRequests } from './reading-session-ports';

export interface StartReadingSessionDeps {
  access: Pick<UserAccess, 'canReadPage' | 'me'>;
  pageAccess: Pick<PageAccess, 'spaceOfPage'>;
  store: ReadingSessionStore;
  requests: StartRequests;
  /** Confluence as the app (after the user's rights were checked). */
  pages: Pick<IncidentPages, 'findPage' | 'findPageId' | 'createPage' | 'readStorage'>;
  settings: () => Promise<Pick<Settings, 'confluenceSpaceKey' | 'readingSessionsParentPageId' | 'readingSessionsParentTitle'>>;
  /** `<appId>/<envId>/static/reading-session`. */
  macroExtensionKey: () => string;
  clock: Clock;
}

export async function startReadingSession(request: StartReadingSessionRequest, deps: StartReadingSessionDeps): Promise<ResolverResult<StartReadingSessionData>> {
  const postmortemPageId = request.postmortemPageId;
  // 1. As the user.
  if (!(await deps.access.canReadPage(postmortemPageId))) return fail('content-not-visible', `You cannot read the page ${postmortemPageId}.`);
  // 2. A published postmortem of the library.
  const postmortem = await deps.store.postmortem(postmortemPageId);
  if (!postmortem) return fail('not-found', `The page ${postmortemPageId} is not a postmortem in Kaizen's library.`);
  if (postmortem.status !== 'published') return fail('not-published', `The postmortem "${postmortem.title}" is not published yet: a reading session reads a published postmortem.`);
  const space = await deps.pageAccess.spaceOfPage(postmortemPageId);
  if (!space) return fail('content-not-visible', `You cannot read the page ${postmortemPageId}.`);
  if (!space.canCreatePage) return fail('page-create-not-allowed', `You need permission to create pages in the space ${space.spaceKey} to start a reading session there.`);

  // 3. Seen before.
  const seen = await deps.requests.get(request.requestId);
  if (seen && seen.postmortemPageId !== postmortemPageId) return fail('bad-request', 'requestId: this request id was used for another postmortem; open the form again.');
  if (seen?.sessionPageId) {
    const row = await deps.store.session(seen.sessionPageId);
    if (row) return ok({ outcome: 'already', session: sessionOf(row) });
  }
  const now = deps.clock.now();
  const startsAt = seen?.startsAt ?? new Date(request.startsAt ? Date.parse(request.startsAt) : now.getTime()).toISOString();
  if (!seen) await deps.requests.put(request.requestId, { postmortemPageId, startsAt });

  // 4. The page.
  const me = await deps.access.me();
  // absent: the caller facilitates; null: not decided yet (the page says so)
  const facilitatorAccountId = request.facilitatorAccountId === undefined ? me.accountId : request.facilitatorAccountId;
  const rendered = renderReadingSessionPage({
    language: postmortem.language,
    postmortem: { pageId: postmortemPageId, title: postmortem.title, url: postmortem.url, subject: subjectOf(postmortem), level: postmortem.level, service: postmortem.service, publishedAt: postmortem.publishedAt },
    startsAt,
    facilitatorAccountId: facilitatorAccountId ?? '',
    participantAccountIds: request.participantAccountIds,
    macro: { extensionKey: deps.macroExtensionKey() },
  });
  const found = await deps.pages.findPage(space.spaceKey, rendered.title);
  if (found && !(await isSessionOf(found, postmortemPageId, deps))) {
    return fail('session-title-taken', `The space ${space.spaceKey} has a page titled "${rendered.title}" that is not this postmortem's reading session, or that you cannot read: rename or move it, or choose another day. Nothing was created.`);
  }
  const page = found ?? (await deps.pages.createPage({ spaceKey: space.spaceKey, parentId: await parentOf(space.spaceKey, postmortemPageId, deps), title: rendered.title, storage: rendered.storage }));

  // 5. The row, then the request's record.
  const row: ReadingSessionRow = {
    sessionPageId: page.id,
    postmortemPageId,
    title: page.title,
    url: page.url,
    language: postmortem.language,
    startsAt,
    facilitatorAccountId,
    createdBy: me.accountId,
    createdAt: now.toISOString(),
  };
  const inserted = await deps.store.insertIfAbsent(row);
  const stored = inserted ? row : ((await deps.store.session(page.id)) ?? row);
  await deps.requests.put(request.requestId, { postmortemPageId, startsAt, sessionPageId: page.id });
  return ok({ outcome: seen ? 'already' : found ? 'existing' : 'created', session: sessionOf(stored) });
}

/**
 * Whether the page found by the session's title is this postmortem's session and the caller may be shown it: they
 * can read it (as the user), and its `reading_sessions` row names the postmortem — or it has no row yet (a start that
 * crashed after making it) and its session macro names the postmortem's page (read as the app).
 */
async function isSessionOf(found: PageRef, postmortemPageId: string, deps: StartReadingSessionDeps): Promise<boolean> {
  if (!(await deps.access.canReadPage(found.id))) return false;
  const row = await deps.store.session(found.id);
  if (row) return row.postmortemPageId === postmortemPageId;
  const { storage } = await deps.pages.readStorage(found.id);
  return readingSessionMacroPostmortem(storage, deps.macroExtensionKey()) === postmortemPageId;
}

/** The reading sessions parent of the settings when the postmortem is in Kaizen's space and it exists; else the postmortem. */
async function parentOf(spaceKey: string, postmortemPageId: string, deps: StartReadingSessionDeps): Promise<string> {
  const settings = await deps.settings();
  if (spaceKey !== settings.confluenceSpaceKey) return postmortemPageId;
  return settings.readingSessionsParentPageId ?? (await deps.pages.findPageId(spaceKey, settings.readingSessionsParentTitle)) ?? postmortemPageId;
}

/** What the template says the postmortem was about. */
function subjectOf(postmortem: PostmortemRow): ReadingSessionSubject | undefined {
  if (postmortem.kind === 'release-review') return postmortem.releaseClass ? { releaseClass: postmortem.releaseClass, reportedOnKey: postmortem.issueKey ?? undefined } : undefined;
  return postmortem.issueKey ? { incidentKey: postmortem.issueKey } : undefined;
}

export const sessionOf = (row: ReadingSessionRow): ReadingSession => ({
  pageId: row.sessionPageId,
  title: row.title,
  url: row.url,
  language: row.language,
  startsAt: row.startsAt,
  facilitatorAccountId: row.facilitatorAccountId,
  postmortemPageId: row.postmortemPageId,
});
