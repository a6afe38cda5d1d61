import type { SettingsOptions, StoredProblem } from '@shared/admin';
import type { FieldProblem } from '@shared/resolver-result';
import type { SettingsField } from '@shared/settings';
import type { Draft } from './settings-draft';

/** What every part of the settings form gets: the draft, a setter, and the messages for its fields. */
export interface SectionProps {
  draft: Draft;
  set: <K extends SettingsField>(field: K, value: Draft[K]) => void;
  /** The problem at a dotted path, if any. */
  problem: (path: string) => FieldProblem | undefined;
  /** Stored values of this field that no longer parse. */
  stored: (field: SettingsField) => StoredProblem[];
  /** What the site offers to pick from; undefined while loading or when it could not be loaded. */
  options: SettingsOptions | undefined;
}
