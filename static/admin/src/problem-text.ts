/**
 * A field's problem as a sentence in the user's language. English shows the text the schema (validateSettings) or
 * the resolver wrote; Japanese reads the rule the field breaks, or the site check that failed, from the catalogue.
 * Relative imports (no `@ui` alias), so the unit test in test/ui can load it as it is.
 */
import type { FieldProblem } from '../../../src/shared/resolver-result';
import { CATALOGUES, type Language, type MessageKey, type ParamsArg } from '../../shared/i18n/messages';

/** What this needs of the view's I18n (static/shared/i18n/i18n.ts). */
export interface ProblemI18n {
  lang: Language;
  t<K extends MessageKey>(key: K, ...args: ParamsArg<K>): string;
}

/** The Japanese rule for a problem's path (`levels.SEV2.name.ja` → `rule.levelName`). */
function ruleKey(p: FieldProblem): MessageKey | undefined {
  const [field, , part] = p.path.split('.');
  let key: string;
  if (field === 'levels') key = part === 'description' ? 'rule.levelDescription' : 'rule.levelName';
  else if (field === 'productionEnvironments') key = p.path.includes('.') ? 'rule.productionEnvironment' : 'rule.productionEnvironments';
  else key = `rule.${p.field}`;
  return key in CATALOGUES.en ? (key as MessageKey) : undefined;
}

/**
 * The save's checks against the site (src/usecases/admin/check-settings-on-site.ts) answer English sentences with
 * the name that was not found; these read them back as the user's language. Anything else keeps its English text.
 */
const SITE_MESSAGES: ReadonlyArray<[RegExp, (m: RegExpMatchArray, t: ProblemI18n['t']) => string]> = [
  [/^No Jira project (\S+) that you can see/, (m, t) => t('site.noProject', { key: m[1]! })],
  [/has no issue type "(.*)" \(it has: (.*)\)/, (m, t) => t('site.noIssueType', { name: m[1]!, names: m[2]! })],
  [/^Jira has no priority "(.*)" \(it has: (.*)\)/, (m, t) => t('site.noPriority', { name: m[1]!, names: m[2]! })],
  [/^No Confluence space (\S+) that you can see/, (m, t) => t('site.noSpace', { key: m[1]! })],
  [/^No Confluence page (\S+) that you can see/, (m, t) => t('site.noPage', { id: m[1]! })],
  [/^Page "(.*)" is not in space (\S+)\./, (m, t) => t('site.pageNotInSpace', { title: m[1]!, key: m[2]! })],
];

/** A problem's message in the user's language: English as the schema or the resolver wrote it; Japanese by rule. */
export function problemText(p: FieldProblem, i18n: ProblemI18n): string {
  if (i18n.lang === 'en') return p.message;
  for (const [pattern, text] of SITE_MESSAGES) {
    const m = p.message.match(pattern);
    if (m) return text(m, i18n.t);
  }
  const key = ruleKey(p);
  return key ? (i18n.t as (k: MessageKey) => string)(key) : p.message;
}
