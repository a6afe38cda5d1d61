/** The admin page's settings: what is in force, what is stored but no longer valid, the revision and the history. */
import type { GetSettingsData } from '../../shared/admin';
import { ok, type ResolverResult } from '../../shared/resolver-result';
import type { SettingsStore } from './admin-ports';

export async function getSettings(deps: { store: SettingsStore }): Promise<ResolverResult<GetSettingsData>> {
  const [current, history] = await Promise.all([deps.store.load(), deps.store.history()]);
  return ok({ ...current, history });
}
