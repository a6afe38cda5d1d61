/**
 * The settings form's working copy. Numbers are edited as text, so "abc" or "" reach validateSettings (the same
 * schema the resolver saves with) and come back as that field's message instead of being lost in an <input>.
 */
import { validateSettings, type Settings, type SettingsField } from '@shared/settings';
import type { FieldProblem } from '@shared/resolver-result';

const NUMBER_FIELDS = ['groupingWindowMinutes', 'commentWindowMinutes', 'retrospectiveDueHours'] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];

export type Draft = { [K in keyof Settings]: K extends NumberField ? string : Settings[K] };

export function toDraft(settings: Settings): Draft {
  return { ...settings, groupingWindowMinutes: String(settings.groupingWindowMinutes), commentWindowMinutes: String(settings.commentWindowMinutes), retrospectiveDueHours: String(settings.retrospectiveDueHours) };
}

const asNumber = (text: string): number | string => (/^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text);

/** What a save sends: the draft with numbers as numbers and unpicked parent pages left out. */
export function fromDraft(draft: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = { ...draft };
  for (const f of NUMBER_FIELDS) out[f] = asNumber(draft[f]);
  for (const f of ['incidentsParentPageId', 'retrospectivesParentPageId', 'readingSessionsParentPageId'] as const) if (!draft[f]) delete out[f];
  return out;
}

export const sameSettings = (a: Draft, b: Draft): boolean => JSON.stringify(fromDraft(a)) === JSON.stringify(fromDraft(b));

/** Each problem by its dotted path (`levels.SEV1.name.ja`), for the message next to that input. */
export type ProblemsByPath = ReadonlyMap<string, FieldProblem>;

export function checkDraft(draft: Draft): ProblemsByPath {
  const result = validateSettings(fromDraft(draft));
  return new Map(result.ok ? [] : result.problems.map((p) => [p.path, p] as const));
}

export const problemsMap = (problems: readonly FieldProblem[] | undefined): ProblemsByPath => new Map((problems ?? []).map((p) => [p.path, p] as const));
