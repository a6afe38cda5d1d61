/**
 * Saves the admin page's settings, as a runbook: parse every field (each field's message back, nothing stored),
 * check the revision, check what the settings name against the site as the admin, then store them as the next
 * revision with a history entry of the fields that changed (who, when, old → new). Two saves from the same
 * revision: exactly one wins; the other is told the settings changed.
 */
import type { GetSettingsData, SettingsHistoryEntry } from '../../shared/admin';
import { fail, ok, type ResolverResult } from '../../shared/resolver-result';
import { SETTINGS_FIELDS, validateSettings, type Settings } from '../../shared/settings';
import type { AdminAccess, Clock, SettingsStore, SiteCatalogue } from './admin-ports';
import { checkSettingsOnSite } from './check-settings-on-site';

export interface SaveSettingsDeps {
  access: Pick<AdminAccess, 'me'>;
  store: SettingsStore;
  site: SiteCatalogue;
  clock: Clock;
}

const CHANGED_MESSAGE = 'Another administrator saved the settings after this page loaded them. Reload to see their changes, then save again.';

export async function saveSettings(input: { settings: unknown; revision: number }, deps: SaveSettingsDeps): Promise<ResolverResult<GetSettingsData>> {
  const parsed = validateSettings(input.settings);
  if (!parsed.ok) return fail('invalid-settings', `${parsed.problems.length} setting(s) are not valid; nothing was saved.`, parsed.problems);
  const next = parsed.settings;

  const current = await deps.store.load();
  if (current.revision !== input.revision) return fail('settings-changed', CHANGED_MESSAGE);

  const siteProblems = await checkSettingsOnSite(next, deps.site);
  if (siteProblems.length > 0) return fail('invalid-settings', `${siteProblems.length} setting(s) name something the site does not have; nothing was saved.`, siteProblems);

  const changes = changedFields(current.settings, current.problems, next);
  if (changes.length > 0) {
    const me = await deps.access.me();
    const committed = await deps.store.commit(next, input.revision, { at: deps.clock.now().toISOString(), accountId: me.accountId, displayName: me.displayName, changes });
    if (!committed.ok) return fail('settings-changed', CHANGED_MESSAGE);
  }
  const [after, history] = await Promise.all([deps.store.load(), deps.store.history()]);
  return ok({ ...after, history });
}

/** Old → new as JSON text, for the fields that differ; a field stored with a problem counts as changed from its stored text. */
function changedFields(before: Settings, problems: ReadonlyArray<{ field: string; storedValue: string }>, after: Settings): SettingsHistoryEntry['changes'] {
  const text = (v: unknown): string | undefined => (v === undefined ? undefined : JSON.stringify(v));
  const changes: SettingsHistoryEntry['changes'] = [];
  for (const field of SETTINGS_FIELDS) {
    const stored = problems.find((p) => p.field === field);
    const from = stored ? stored.storedValue : text(before[field]);
    const to = text(after[field]);
    if (from !== to) changes.push({ field, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
  }
  // stored fields Kaizen no longer has: dropped by this save
  for (const p of problems) if (!(SETTINGS_FIELDS as string[]).includes(p.field)) changes.push({ field: p.field, from: p.storedValue });
  return changes;
}
