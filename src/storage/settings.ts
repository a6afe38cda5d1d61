/**
 * Kaizen's settings in KVS: one row of every field (what intake reads), its revision, and the history of changes,
 * one key per save (newest first when listed, at most {@link SETTINGS_HISTORY_LIMIT} kept).
 *
 * A save is conditional on the revision it started from. KVS conditions apply only to custom entities, so the
 * revision lives in a custom-entity row (`settings-revision`), and a save is ONE transaction that writes that row —
 * only if its `revision` is still the one the save started from (or, for the first save, only if there is no row
 * yet) — together with the settings row and the history entry. Of two saves from one revision exactly one commits;
 * nothing is claimed or locked beforehand, so a saver that dies mid-save leaves nothing behind to block the next.
 * https://developer.atlassian.com/platform/forge/storage-reference/kvs-transactions/
 */
import kvs, { Filter, FilterConditions, ForgeKvsAPIError } from '@forge/kvs';
import { z } from 'zod';
import { SettingsHistoryEntrySchema, type SettingsHistoryEntry, type StoredProblem } from '../shared/admin';
import { defaultSettings, SETTINGS_FIELDS, SettingsSchema, settingsRuleOf, type Settings } from '../shared/settings';
import { keys } from './kvs-keys';
import { valuesWithPrefix } from './kvs-prefix';

export const SETTINGS_HISTORY_LIMIT = 100;
const REVISION_MAX = 9_999_999_999;

/** The custom entity holding the revision (manifest.yml `app.storage.entities`), and its one row's key. */
export const SETTINGS_REVISION_ENTITY = 'settings-revision';
const REVISION_ROW_KEY = 'intake';
interface RevisionRow {
  revision: number;
}

const settingsKeys = {
  /** Where installations that saved before the revision row existed kept it; read while there is no row. */
  legacyRevision: 'settings:revision',
  /** Inverted revision, so key order (how KVS lists a prefix) is newest first. */
  history: (revision: number) => `settings-history:${String(REVISION_MAX - revision).padStart(10, '0')}`,
  historyPrefix: 'settings-history:',
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
    // own fields only: a stored key such as `constructor` must not reach Object.prototype
    const one = Object.hasOwn(SettingsSchema.shape, field) ? SettingsSchema.shape[field as keyof Settings] : undefined;
    if (!one) {
      problems.push({ field, path: field, message: 'Kaizen no longer has this setting; saving the settings removes it.', storedValue });
      continue;
    }
    const parsed = one.safeParse(value);
    if (parsed.success) merged[field] = parsed.data;
    else {
      const issue = parsed.error.issues[0];
      const path = [field, ...(issue?.path ?? []).map(String)].join('.');
      problems.push({ field, path, message: issue?.message ?? 'Not a valid value', storedValue, ...settingsRuleOf(path) });
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
  return (await readRevision()).revision;
}

/** The revision, and whether it is in the entity row (a save's condition) or still only in the legacy key. */
async function readRevision(): Promise<{ revision: number; inRow: boolean }> {
  const row = await kvs.entity<RevisionRow>(SETTINGS_REVISION_ENTITY).get(REVISION_ROW_KEY);
  if (row) return { revision: row.revision, inRow: true };
  return { revision: z.number().int().min(0).catch(0).parse((await kvs.get(settingsKeys.legacyRevision)) ?? 0), inRow: false };
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
  const current = await readRevision();
  if (current.revision !== expectedRevision) throw new SettingsRevisionConflictError(expectedRevision);
  const revision = expectedRevision + 1;
  let tx = kvs
    .transact()
    .set<RevisionRow>(REVISION_ROW_KEY, { revision }, {
      entityName: SETTINGS_REVISION_ENTITY,
      // the first save (or the first since the revision moved to the row) creates the row; every later one needs it unchanged
      conditions: current.inRow
        ? new Filter<RevisionRow>().and('revision', FilterConditions.equalTo(expectedRevision))
        : new Filter<RevisionRow>().and('revision', FilterConditions.notExists()),
    })
    .set(keys.settings, SettingsSchema.parse(settings))
    .set(settingsKeys.history(revision), SettingsHistoryEntrySchema.parse({ ...entry, revision }));
  if (revision > SETTINGS_HISTORY_LIMIT) tx = tx.delete(settingsKeys.history(revision - SETTINGS_HISTORY_LIMIT));
  try {
    await tx.execute();
  } catch (e) {
    // the code KVS answers for an unmet condition is undocumented: a conflict is when the revision moved on
    if (e instanceof ForgeKvsAPIError && (await loadSettingsRevision()) !== expectedRevision) throw new SettingsRevisionConflictError(expectedRevision, e);
    throw e;
  }
  return revision;
}

/** Sets some fields directly (development and tests); the admin page saves through {@link commitSettings}. */
export async function saveIntakeSettings(settings: Partial<Settings>): Promise<Settings> {
  const next = SettingsSchema.parse({ ...(await loadIntakeSettings()), ...settings });
  await kvs.set(keys.settings, next);
  return next;
}
