/**
 * The real adapters behind the admin page's ports, built per invocation: settings and credentials in KVS (secrets in
 * KVS secret storage), site reads as the calling user, web trigger URLs from the platform, Kaizen's alert queue.
 */
import { webTrigger } from '@forge/api';
import { Queue } from '@forge/events';
import { randomBytes } from 'node:crypto';
import { ALERT_QUEUE } from '../handlers/queue-events';
import {
  claimDeadLetter,
  completeDeadLetter,
  deleteDeadLetter,
  listDeadLetters,
  listDeadLettersNewestFirst,
  unclaimDeadLetter,
  DEAD_LETTER_SCAN_LIMIT,
  type ClaimedDeadLetter,
} from '../storage/dead-letters';
import { commitSettings, loadSettingsForAdmin, loadSettingsHistory, SettingsRevisionConflictError } from '../storage/settings';
import { fingerprintOf, loadSourceCredential, updateSourceCredential } from '../storage/source-secrets';
import { sourceStatus } from '../storage/source-status';
import type { SecretMaker, SettingsStore, SourceCredentials } from '../usecases/admin/admin-ports';
import type { DeadLetterListing } from '../usecases/admin/dead-letters';
import type { DeadLetterStore, ReplayDeps } from '../usecases/replay-dead-letters';

export const settingsStore: SettingsStore = {
  load: loadSettingsForAdmin,
  history: () => loadSettingsHistory(),
  async commit(settings, expectedRevision, entry) {
    try {
      return { ok: true, revision: await commitSettings(settings, expectedRevision, entry) };
    } catch (e) {
      if (e instanceof SettingsRevisionConflictError) return { ok: false };
      throw e;
    }
  },
};

export const sourceCredentials: SourceCredentials = { load: loadSourceCredential, update: updateSourceCredential };

/** 32 random bytes, base64url: 256 bits, URL-safe (Mackerel puts it in a query string). */
export const secretMaker: SecretMaker = { generate: () => randomBytes(32).toString('base64url'), fingerprintOf };

/** `webTrigger.getUrl`: stable per module, site and environment (https://developer.atlassian.com/platform/forge/runtime-reference/web-trigger-api/). */
export async function webtriggerUrl(moduleKey: string): Promise<string | undefined> {
  try {
    return await webTrigger.getUrl(moduleKey);
  } catch (e) {
    console.warn(`Could not get the web trigger URL of ${moduleKey}`, e instanceof Error ? e.message : String(e));
    return undefined;
  }
}

export const sourceStatusRead = sourceStatus;

export const deadLetterStore: DeadLetterStore & DeadLetterListing = {
  list: () => listDeadLetters(DEAD_LETTER_SCAN_LIMIT),
  claim: claimDeadLetter,
  // what `claim` answered, handed back
  complete: (held) => completeDeadLetter(held as ClaimedDeadLetter),
  release: (held) => unclaimDeadLetter(held as ClaimedDeadLetter),
  remove: deleteDeadLetter,
  newestFirst: listDeadLettersNewestFirst,
};

export function replayDeps(): ReplayDeps {
  const queue = new Queue({ key: ALERT_QUEUE });
  return { letters: deadLetterStore, requeue: async (body) => void (await queue.push({ body })) };
}
