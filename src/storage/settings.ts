import kvs from '@forge/kvs';
import { IntakeSettingsSchema, type IntakeSettings } from '../domain/incident';
import { keys } from './kvs-keys';

/** The admin's intake settings, with defaults for whatever is unset (an invalid stored value falls back to defaults). */
export async function loadIntakeSettings(): Promise<IntakeSettings> {
  const stored = await kvs.get(keys.settings);
  const parsed = IntakeSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : IntakeSettingsSchema.parse({});
}

export async function saveIntakeSettings(settings: Partial<IntakeSettings>): Promise<IntakeSettings> {
  const next = IntakeSettingsSchema.parse({ ...(await loadIntakeSettings()), ...settings });
  await kvs.set(keys.settings, next);
  return next;
}
