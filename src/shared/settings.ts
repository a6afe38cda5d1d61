/**
 * Kaizen's settings (DESIGN 1 "Jira admins", 3.1, 3.4, 3.5): what the admin page edits, what intake and the other
 * flows read. One schema for the admin page's form (each field's message next to it) and for the resolver that
 * saves (a refused save changes nothing). `zod/mini` so the Custom UI bundle stays small (src/shared rule).
 *
 * Every field has a default, so an installation with nothing stored works with the defaults. A stored value that no
 * longer parses is never silently replaced: storage/settings.ts reports it as a problem the admin page shows, and
 * uses the default for that one field only until an admin saves a valid value.
 */
import * as z from 'zod/mini';
import type { FieldProblem, FieldProblemCode } from './resolver-result';
import { LEVELS, SEVERITY_LEVELS, SOURCE_IDS, type Level, type SeverityLevel, type SourceId } from './vocabulary';

export const PAGE_LANGUAGES = ['en', 'ja'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

/** A Jira project key as Jira allows it: an uppercase letter, then uppercase letters, digits or `_` (2–10 chars). */
const ProjectKey = z.string().check(z.regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'A Jira project key: 2–10 capital letters, digits or _ starting with a letter, e.g. OPS'));
/** A Confluence space key (letters and digits; personal spaces start with ~). */
const SpaceKey = z.string().check(z.regex(/^~?[A-Za-z0-9]{1,255}$/, 'A Confluence space key: letters and digits, e.g. OPS'));
const Name = (what: string) => z.string().check(z.trim(), z.minLength(1, `${what} cannot be empty`), z.maxLength(255, `${what} is at most 255 characters`));
const PageId = z.string().check(z.regex(/^[0-9]{1,20}$/, 'A Confluence page id: digits only'));
const Minutes = (what: string, max: number) => z.int(`${what} must be a whole number of minutes`).check(z.minimum(1, `${what} must be at least 1 minute`), z.maximum(max, `${what} must be at most ${max} minutes`));

/** Zone names already checked: building an `Intl.DateTimeFormat` costs far more than the rest of a settings parse. */
const knownTimeZones = new Map<string, boolean>();

/** IANA time zone names the runtime knows (`Asia/Tokyo`, `UTC`). */
export function isTimeZone(value: string): boolean {
  const known = knownTimeZones.get(value);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    valid = value.length > 0;
  } catch {
    valid = false;
  }
  if (knownTimeZones.size < 1000) knownTimeZones.set(value, valid);
  return valid;
}

const Bilingual = (what: string, max: number) =>
  z.object({
    en: z.string().check(z.trim(), z.minLength(1, `${what} (English) cannot be empty`), z.maxLength(max, `${what} (English) is at most ${max} characters`)),
    ja: z.string().check(z.trim(), z.minLength(1, `${what} (Japanese) cannot be empty`), z.maxLength(max, `${what} (Japanese) is at most ${max} characters`)),
  });

export const LevelDefinitionSchema = z.object({ name: Bilingual('Level name', 40), description: Bilingual('Level description', 300) });
export type LevelDefinition = z.infer<typeof LevelDefinitionSchema>;

const LevelOf = z.enum(LEVELS);
const recordOf = <K extends string, V extends z.ZodMiniType>(keys: readonly K[], value: V) =>
  z.object(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, V>);

/** For one source: normalised severity → level. */
export const SeverityMappingSchema = recordOf(SEVERITY_LEVELS, LevelOf);
export type SeverityMapping = Record<SeverityLevel, Level>;

export const DEFAULT_SEVERITY_MAPPING: SeverityMapping = { critical: 'SEV2', warning: 'SEV3', info: 'SEV4', unknown: 'SEV3' };

export const DEFAULT_LEVELS: Record<Level, LevelDefinition> = {
  SEV1: {
    name: { en: 'SEV1 — critical', ja: 'SEV1（致命的）' },
    description: {
      en: 'The service is down or data is lost for many customers; all hands, status page updated.',
      ja: 'サービス全体の停止やデータ消失など、多くのお客様に影響。全員体制で対応し、ステータスページを更新する。',
    },
  },
  SEV2: {
    name: { en: 'SEV2 — major', ja: 'SEV2（重大）' },
    description: {
      en: 'A major feature is broken or badly degraded for many customers; respond now, day or night.',
      ja: '主要機能が使えない、または大きく劣化している。時間帯を問わず直ちに対応する。',
    },
  },
  SEV3: {
    name: { en: 'SEV3 — minor', ja: 'SEV3（軽微）' },
    description: {
      en: 'A part of the service is degraded or a workaround exists; respond in working hours.',
      ja: '一部機能の劣化、または回避策がある。営業時間内に対応する。',
    },
  },
  SEV4: {
    name: { en: 'SEV4 — low', ja: 'SEV4（低）' },
    description: {
      en: 'No customer impact yet (a warning, a risk); track it and fix it in normal work.',
      ja: 'お客様への影響はまだない（警告・リスク）。通常業務の中で対処する。',
    },
  },
};

export const DEFAULT_PRIORITY_BY_LEVEL: Record<Level, string> = { SEV1: 'Highest', SEV2: 'High', SEV3: 'Medium', SEV4: 'Low' };

const WINDOW_MAX_MINUTES = 24 * 60;
const DUE_MAX_HOURS = 24 * 30;

/** Every setting, each with its own message. The object is strict: an unknown field is refused, not dropped. */
export const SettingsSchema = z.strictObject({
  jiraProjectKey: z._default(ProjectKey, 'OPS'),
  incidentIssueType: z._default(Name('The incident issue type'), 'Incident'),
  taskIssueType: z._default(Name('The action item issue type'), 'Task'),
  confluenceSpaceKey: z._default(SpaceKey, 'OPS'),
  /** Parent pages: by id once an admin picked one; by title in the space until then. */
  incidentsParentPageId: z.optional(PageId),
  incidentsParentTitle: z._default(Name('The incidents parent page title'), 'Incidents'),
  retrospectivesParentPageId: z.optional(PageId),
  retrospectivesParentTitle: z._default(Name('The retrospectives parent page title'), 'Retrospectives'),
  readingSessionsParentPageId: z.optional(PageId),
  readingSessionsParentTitle: z._default(Name('The reading sessions parent page title'), 'Reading sessions'),
  pageLanguage: z._default(z.enum(PAGE_LANGUAGES, 'The page language is en or ja'), 'en'),
  /** People-facing times in pages and comments (the UI shows each viewer their own zone). */
  timeZone: z._default(z.string().check(z.refine(isTimeZone, 'An IANA time zone such as Asia/Tokyo or UTC')), 'UTC'),
  levels: z._default(recordOf(LEVELS, LevelDefinitionSchema), DEFAULT_LEVELS),
  severityMapping: z._default(recordOf(SOURCE_IDS, SeverityMappingSchema), Object.fromEntries(SOURCE_IDS.map((s) => [s, DEFAULT_SEVERITY_MAPPING])) as Record<SourceId, SeverityMapping>),
  priorityByLevel: z._default(recordOf(LEVELS, Name('The Jira priority')), DEFAULT_PRIORITY_BY_LEVEL),
  groupingWindowMinutes: z._default(Minutes('The grouping window', WINDOW_MAX_MINUTES), 30),
  commentWindowMinutes: z._default(Minutes('The comment window', WINDOW_MAX_MINUTES), 10),
  autoResolve: z._default(z.boolean(), false),
  testOpensDrill: z._default(z.boolean(), false),
  retrospectiveDueHours: z._default(z.int('Whole hours').check(z.minimum(1, 'At least 1 hour'), z.maximum(DUE_MAX_HOURS, `At most ${DUE_MAX_HOURS} hours (30 days)`)), 24),
  /** Deployment environments that count as production for DORA (compared case-insensitively). */
  productionEnvironments: z._default(
    z.array(z.string().check(z.trim(), z.minLength(1, 'An environment name cannot be empty'), z.maxLength(100, 'At most 100 characters'))).check(z.minLength(1, 'Name at least one production environment'), z.maxLength(20, 'At most 20 environments')),
    ['production', 'prod'],
  ),
});
export type Settings = z.infer<typeof SettingsSchema>;
export type SettingsField = keyof Settings;
export const SETTINGS_FIELDS = Object.keys(SettingsSchema.shape) as SettingsField[];

/** The defaults: what an installation with nothing stored uses. */
export const defaultSettings = (): Settings => SettingsSchema.parse({});

/** The level a source's alert of this severity opens or raises an incident at. */
export const levelFor = (settings: Pick<Settings, 'severityMapping'>, source: SourceId, severity: SeverityLevel): Level => settings.severityMapping[source][severity];

/** A field's problem, for the message next to it: `field` is the top-level setting, `path` the dotted path inside it. */
export { FieldProblemSchema as SettingsProblemSchema, type FieldProblem as SettingsProblem } from './resolver-result';

/** The rule each setting's value follows, as the code the UI says it by (`satisfies`: a new setting needs one). */
const RULES = {
  jiraProjectKey: 'project-key',
  incidentIssueType: 'issue-type-name',
  taskIssueType: 'issue-type-name',
  confluenceSpaceKey: 'space-key',
  incidentsParentPageId: 'page-id',
  incidentsParentTitle: 'page-title',
  retrospectivesParentPageId: 'page-id',
  retrospectivesParentTitle: 'page-title',
  readingSessionsParentPageId: 'page-id',
  readingSessionsParentTitle: 'page-title',
  pageLanguage: 'page-language',
  timeZone: 'time-zone',
  levels: 'level-name', // by the part: name or description (settingsRuleOf)
  severityMapping: 'severity-level',
  priorityByLevel: 'priority-name',
  groupingWindowMinutes: 'window-minutes',
  commentWindowMinutes: 'window-minutes',
  autoResolve: 'on-off',
  testOpensDrill: 'on-off',
  retrospectiveDueHours: 'due-hours',
  productionEnvironments: 'production-environments', // one name of the list: production-environment
} as const satisfies Record<SettingsField, FieldProblemCode>;

/**
 * The rule a value at `path` (dotted, as in a problem) breaks: its code and the values the text names; none for a
 * path no rule speaks for (a level that is not an object: the schema's message says what is wrong).
 */
export function settingsRuleOf(path: string): { code: FieldProblemCode; params?: Record<string, string> } | undefined {
  const [field, , part] = path.split('.');
  if (!field || !Object.hasOwn(RULES, field)) return undefined;
  switch (field as SettingsField) {
    case 'levels':
      return part === 'name' ? { code: 'level-name' } : part === 'description' ? { code: 'level-description' } : undefined;
    case 'productionEnvironments':
      return { code: path.includes('.') ? 'production-environment' : 'production-environments' };
    case 'groupingWindowMinutes':
    case 'commentWindowMinutes':
      return { code: 'window-minutes', params: { max: String(WINDOW_MAX_MINUTES) } };
    case 'retrospectiveDueHours':
      return { code: 'due-hours', params: { max: String(DUE_MAX_HOURS) } };
    default:
      return { code: RULES[field as SettingsField] };
  }
}

/** Parses a whole settings object; problems name the field and the rule it breaks (code and English message). */
export function validateSettings(input: unknown): { ok: true; settings: Settings } | { ok: false; problems: FieldProblem[] } {
  const parsed = SettingsSchema.safeParse(input);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i): FieldProblem => {
      if (i.code === 'unrecognized_keys') {
        const names = i.keys.join(', ');
        return { field: String(i.path[0] ?? names), path: i.path.map(String).join('.') || names, message: `Unknown setting: ${names}`, code: 'unknown-setting', params: { names } };
      }
      const path = i.path.map(String).join('.');
      return { field: String(i.path[0] ?? ''), path, message: i.message, ...settingsRuleOf(path) };
    }),
  };
}
