/**
 * The reading session use cases' dependencies (src/usecases/reading-sessions/) from the real adapters, once per
 * invocation. The TODO sync shares the action items' Jira tracker and KVS records (action-items-wiring.ts).
 */
import { getAppContext } from '@forge/api';
import { randomUUID } from 'node:crypto';
import { createConfluencePages } from '../adapters/confluence-pages';
import { pageAccess } from '../adapters/confluence-page-access';
import { createActionItemTracker } from '../adapters/jira-action-items';
import { actionItemStore } from '../storage/action-item-store';
import { startRequests } from '../storage/reading-session-requests';
import { loadIntakeSettings } from '../storage/settings';
import { createReadingSessionStore } from '../storage/sql/reading-sessions';
import { READING_SESSION_MODULE_KEY } from '../shared/reading-sessions';
import type { Clock } from '../usecases/ports';
import type { GetReadingSessionDeps } from '../usecases/reading-sessions/get-reading-session';
import type { StartReadingSessionDeps } from '../usecases/reading-sessions/start-reading-session';
import type { SyncSessionTodosDeps } from '../usecases/reading-sessions/sync-session-todos';
import type { UserAccess } from '../usecases/ui-ports';

/** `<appId>/<environmentId>/static/reading-session`, the extension key Confluence stores for the session macro. */
export function sessionMacroExtensionKey(): string {
  const { appAri, environmentAri } = getAppContext();
  return `${appAri.appId}/${environmentAri.environmentId}/static/${READING_SESSION_MODULE_KEY}`;
}

export const startReadingSessionDeps = (access: UserAccess, clock: Clock): StartReadingSessionDeps => ({
  access,
  pageAccess,
  store: createReadingSessionStore(),
  requests: startRequests,
  pages: createConfluencePages({ versionMessage: 'Kaizen: reading session' }),
  macroExtensionKey: sessionMacroExtensionKey,
  settings: loadIntakeSettings,
  clock,
});

export const getReadingSessionDeps = (access: UserAccess): GetReadingSessionDeps => ({ access, sessions: createReadingSessionStore(), tasks: actionItemStore });

export const syncSessionTodosDeps = (access: UserAccess, clock: Clock): SyncSessionTodosDeps => ({
  access,
  pageAccess,
  sessions: createReadingSessionStore(),
  pages: createConfluencePages({ versionMessage: 'Kaizen: TODOs synced' }),
  tracker: createActionItemTracker(),
  store: actionItemStore,
  settings: loadIntakeSettings,
  clock,
  newId: randomUUID,
});
