/**
 * A field's problem as a sentence in the user's language, English and Japanese alike from the catalogue: the text
 * of its `code` (`problem.<code>`) with its `params` filled in. The schema (validateSettings), a stored value that no
 * longer parses (src/storage/settings.ts) and the site checks (check-settings-on-site.ts) all give one; a problem
 * without a code this page knows shows its English `message`, the backend's detail, rather than a guess.
 * Relative imports (no `@ui` alias), so the unit test in test/ui can load it as it is.
 */
import { FIELD_PROBLEM_CODES, type FieldProblem, type FieldProblemCode } from '../../../src/shared/resolver-result';
import type { Language } from '../../shared/i18n/messages';
import type { AdminMessageKey, AdminParamsArg } from './i18n/messages';

/** What this needs of the admin page's I18n (./i18n/admin-i18n.tsx). */
export interface ProblemI18n {
  lang: Language;
  t<K extends AdminMessageKey>(key: K, ...args: AdminParamsArg<K>): string;
}

/** The catalogue key that says `code`; every code has one (checked in ./i18n/messages.ts and test/ui). */
export const problemKey = (code: FieldProblemCode): AdminMessageKey => `problem.${code}`;

const isKnown = (code: string | undefined): code is FieldProblemCode => (FIELD_PROBLEM_CODES as readonly (string | undefined)[]).includes(code);

export function problemText(p: FieldProblem, i18n: ProblemI18n): string {
  if (!isKnown(p.code)) return p.message;
  // a code's text names only the params the code carries (its comment in resolver-result.ts lists them)
  const say = i18n.t as (key: AdminMessageKey, params: Readonly<Record<string, string>>) => string;
  return say(problemKey(p.code), p.params ?? {});
}
