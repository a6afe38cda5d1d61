/**
 * Kaizen's settings in KVS: one row of every field (what intake reads), its revision, and the history of changes,
 * one key per save (newest first when listed, at most {@link SETTINGS_HISTORY_LIMIT} kept).
 *
 * A save is conditional on the revision it started from. KVS conditions apply only to custom entities, so the
 * condition is a claim: the saver of revision r+1 first writes `settings-claim:<r+1>` with `FAIL_IF_EXISTS` (of two
 * savers from r, exactly one gets it), re-reads the revision, then writes row, revision and history entry in one
 * transaction. The claim expires by itself, so a saver that dies after claiming blocks nobody for long.
 * https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/ (keyPolicy),
 * https://developer.atlassian.com/platform/forge/storage-reference/kvs-transactions/
 */
import kvs, { ForgeKvsAPIError } from '@forge/kvs';
import { z } from 'zod';
import { SettingsHistoryEntrySchema, type SettingsHistoryEntry, type StoredProblem } from '../shared/admin';
import { defaultSettings, SETTINGS_FIELDS, SettingsSchema, type Settings } from '../shared/settings';
import { keys } from './kvs-keys';
import { valuesWithPrefix } from './kvs-prefix';

export const SETTINGS_HISTORY_LIMIT = 100;
/** Longer than a resolver may run (25 s), so a live saver never loses its claim. */
const CLAIM_TTL_SECONDS = 60;
const REVISION_MAX = 9_999_999_999;

const settingsKeys = {
  revision: 'settings:revision',
  /** Inverted revision, so key order (how KVS lists a prefix) is newest first. */
  history: (revision: number) => `settings-history:${String(REVISION_MAX - revision).padStart(10, '0')}`,
  historyPrefix: 'settings-history:',
  claim: (revision: number) => `settings-claim:${revision}`,
};

/** Another save took the revision first. */
export class SettingsRevisionConflictError extends Error {
  constructor(readonly expectedRevision: number, cause?: unknown) {
    super(`The settings changed since revision ${expectedRevision}`, cause === undefined ? undefined : { cause });
    this.name = 'SettingsRevisionConflictError';
  }
}

const storedRow = async (): Promise<Record<string, unknown>> => {
  const stored = await kvs.get(keys.settings);
  return stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
};

/** Each stored field parsed on its own: the valid ones, and a problem for every one that no longer parses. */
function parseFields(stored: Record<string, unknown>): { settings: Settings; problems: StoredProblem[] } {
  const merged: Record<string, unknown> = { ...defaultSettings() };
  const problems: StoredProblem[] = [];
  for (const [field, value] of Object.entries(stored)) {
    const storedValue = JSON.stringify(value) ?? String(value);
    const one = SettingsSchema.shape[field as keyof Settings];
    if (!one) {
      problems.push({ field, path: field, message: 'Kaizen no longer has this setting; saving the settings removes it.', storedValue });
      continue;
    }
    const parsed = one.safeParse(value);
    if (parsed.success) merged[field] = parsed.data;
    else {
      const issue = parsed.error.issues[0];
      problems.push({ field, path: [field, ...(issue?.path ?? []).map(String)].join('.'), message: issue?.message ?? 'Not a valid value', storedValue });
    }
  }
  // in the form's order (unknown fields last), whatever order the row was written in
  const rank = (field: string): number => (SETTINGS_FIELDS as string[]).indexOf(field) >>> 0;
  return { settings: SettingsSchema.parse(merged), problems: problems.sort((a, b) => rank(a.field) - rank(b.field)) };
}

/**
 * The settings intake reads. A stored field that no longer parses falls back to its default for this read only;
 * the admin page reports it (never silently replaced in storage).
 */
export async function loadIntakeSettings(): Promise<Settings> {
  return parseFields(await storedRow()).settings;
}

/** What the admin page shows: the settings in force, each stored field that no longer parses, and the revision. */
export async function loadSettingsForAdmin(): Promise<{ settings: Settings; problems: StoredProblem[]; revision: number }> {
  const [row, revision] = await Promise.all([storedRow(), loadSettingsRevision()]);
  return { ...parseFields(row), revision };
}

export async function loadSettingsRevision(): Promise<number> {
  return z.number().int().min(0).catch(0).parse((await kvs.get(settingsKeys.revision)) ?? 0);
}

/** The recorded changes, newest first. */
export async function loadSettingsHistory(limit = SETTINGS_HISTORY_LIMIT): Promise<SettingsHistoryEntry[]> {
  return (await valuesWithPrefix(settingsKeys.historyPrefix, (v) => SettingsHistoryEntrySchema.safeParse(v), limit)).flatMap((p) => (p.success ? [p.data] : []));
}

/**
 * Stores `settings` as revision `expectedRevision + 1` with its history entry, unless another save took that
 * revision first ({@link SettingsRevisionConflictError}; nothing written).
 */
export async function commitSettings(settings: Settings, expectedRevision: number, entry: Omit<SettingsHistoryEntry, 'revision'>): Promise<number> {
  const revision = expectedRevision + 1;
  try {
    await kvs.set(settingsKeys.claim(revision), { at: entry.at, accountId: entry.accountId }, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: CLAIM_TTL_SECONDS, unit: 'SECONDS' } });
  } catch (e) {
    if (e instanceof ForgeKvsAPIError && e.responseDetails.status === 409) throw new SettingsRevisionConflictError(expectedRevision, e);
    throw e;
  }
  // the claim only orders savers of the same revision: one who started from an older revision is stopped here
  if ((await loadSettingsRevision()) !== expectedRevision) throw new SettingsRevisionConflictError(expectedRevision);
  let tx = kvs
    .transact()
    .set(keys.settings, SettingsSchema.parse(settings))
    .set(settingsKeys.revision, revision)
    .set(settingsKeys.history(revision), SettingsHistoryEntrySchema.parse({ ...entry, revision }))
    .delete(settingsKeys.claim(revision));
  if (revision > SETTINGS_HISTORY_LIMIT) tx = tx.delete(settingsKeys.history(revision - SETTINGS_HISTORY_LIMIT));
  await tx.execute();
  return revision;
}

/** Sets some fields directly (development and tests); the admin page saves through {@link commitSettings}. */
export async function saveIntakeSettings(settings: Partial<Settings>): Promise<Settings> {
  const next = SettingsSchema.parse({ ...(await loadIntakeSettings()), ...settings });
  await kvs.set(keys.settings, next);
  return next;
}
