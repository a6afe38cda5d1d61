import kvs from '@forge/kvs';
import { defaultSettings, SettingsSchema, type Settings } from '../shared/settings';
import { keys } from './kvs-keys';

/**
 * The settings intake reads. A stored field that no longer parses falls back to its default for this read only;
 * the admin page reports it (never silently replaced in storage).
 */
export async function loadIntakeSettings(): Promise<Settings> {
  const stored = await kvs.get(keys.settings);
  const defaults = defaultSettings();
  if (!stored || typeof stored !== 'object') return defaults;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [field, value] of Object.entries(stored as Record<string, unknown>)) {
    const one = SettingsSchema.shape[field as keyof Settings];
    if (one && one.safeParse(value).success) merged[field] = value;
  }
  return SettingsSchema.parse(merged);
}

export async function saveIntakeSettings(settings: Partial<Settings>): Promise<Settings> {
  const next = SettingsSchema.parse({ ...(await loadIntakeSettings()), ...settings });
  await kvs.set(keys.settings, next);
  return next;
}
