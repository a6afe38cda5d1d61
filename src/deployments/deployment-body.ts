/**
 * The `deployment-webhook` body (DESIGN 3.5): Apache DevLake's deployment webhook body as DevLake takes it, plus
 * Kaizen's own optional fields, parsed into the {@link DeploymentRecord} the reporting store keeps. Pure.
 *
 * DevLake's rules (backend/plugins/webhook/api/deployments.go, `WebhookDeploymentReq`):
 * - `id`, `startedDate`, `finishedDate` required; `deploymentCommits` not empty, each with `repoUrl`, `commitSha`,
 *   `startedDate`, `finishedDate`; unknown fields ignored (DevLake's `originalEnvironment`, a commit's `name`, …).
 * - `result` `SUCCESS` when absent or empty; `environment` `PRODUCTION` when absent or empty, upper-cased. DevLake
 *   takes only PRODUCTION, STAGING, TESTING, DEVELOPMENT; Kaizen takes any name up to 100 characters (`prod`,
 *   `production-eu`), and the consumer stores the names the settings' production environments list as PRODUCTION.
 *   `id` may be a number (DevLake decodes weakly typed).
 * - Dates (core/models/common/iso8601time.go `ConvertStringToTime`, and the decoder's number hook): RFC 3339
 *   (`2026-12-02T10:42:05Z`, `…+09:00`, fractions allowed), `…+0900` (no colon), `2026-12-02 10:42:05` (UTC),
 *   or a number of epoch milliseconds.
 *
 * Where Kaizen is stricter, it says why: strings are bounded by their table columns (free text — titles, names,
 * commit messages, the problem summary — is cut to its column instead), a finish before its start is refused, a
 * commit listed twice is kept once, and a URL's `user:password@` is dropped.
 */
import { z } from 'zod';
import { isHttpUrl } from '../shared/http-url';
import { DEPLOYMENT_OUTCOMES } from '../shared/attribution';
import type { FieldError } from '../sources/alert-source';
import { fieldErrorsFromZod } from '../sources/zod-issues';
import { ENVIRONMENT_MAX, type DeploymentCommit, type DeploymentRecord } from '../usecases/deployments/deployment-ports';

/** At most this many commits per deployment (DevLake sets none; 500 keeps one deployment's writes a few SQL calls). */
export const MAX_DEPLOYMENT_COMMITS = 500;
/** At most this many incident keys in `hotfixFor`. */
export const MAX_HOTFIX_KEYS = 50;

/** Column sizes of src/storage/sql/migrations.ts (characters). */
export const DEPLOYMENT_LIMITS = {
  id: 255,
  displayTitle: 512,
  name: 512,
  result: 16,
  service: 255,
  version: 255,
  pipelineUrl: 2048,
  repoUrl: 2048,
  commitSha: 64,
  refName: 255,
  commitMsg: 1024,
  problemSummary: 1024,
} as const;

/** A Jira issue key: a project key (2–10 capitals, digits or _, from a letter), a dash, a number; at most 32 characters. */
export const ISSUE_KEY = /^[A-Z][A-Z0-9_]{1,9}-[1-9][0-9]{0,17}$/;

// ---- dates ------------------------------------------------------------------------------------------------------

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:?\d{2})$/;
const SPACED_UTC = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
/** DATETIME's range, narrowed to what a deployment can be: 1970 to 9999. */
const EARLIEST_MS = 0;
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A DevLake date as an ISO UTC time (`2026-12-02T01:42:05.123Z`), or undefined when it is none of the accepted forms. */
export function parseDevLakeDate(value: string | number): string | undefined {
  let ms: number;
  if (typeof value === 'number') {
    ms = value;
  } else {
    const text = value.trim();
    const rfc = RFC3339.exec(text);
    const spaced = rfc ? undefined : SPACED_UTC.exec(text);
    const parts = rfc ?? spaced;
    if (!parts) return undefined;
    const [, y, mo, d, h, mi, s] = parts.map(Number) as [number, number, number, number, number, number, number];
    // the calendar check Date.parse skips (it rolls 2026-02-30 over into March)
    const probe = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || probe.getUTCHours() !== h || probe.getUTCMinutes() !== mi || probe.getUTCSeconds() !== s) return undefined;
    const fraction = rfc?.[7] ? Number(`0${rfc[7]}`) * 1000 : 0;
    let offsetMinutes = 0;
    const zone = rfc?.[8];
    if (zone && zone.toUpperCase() !== 'Z') {
      const digits = zone.replace(':', '');
      const sign = digits.startsWith('-') ? -1 : 1;
      const oh = Number(digits.slice(1, 3));
      const om = Number(digits.slice(3, 5));
      if (oh > 23 || om > 59) return undefined;
      offsetMinutes = sign * (oh * 60 + om);
    }
    ms = probe.getTime() + Math.floor(fraction) - offsetMinutes * 60_000;
  }
  if (!Number.isFinite(ms) || ms < EARLIEST_MS || ms > LATEST_MS) return undefined;
  return new Date(Math.floor(ms)).toISOString();
}

const DATE_MESSAGE = 'not a date: use RFC 3339 (2026-12-02T10:42:05Z, +09:00 allowed), "2026-12-02 10:42:05" (UTC) or epoch milliseconds';
const DevLakeDate = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const iso = parseDevLakeDate(value);
  if (iso === undefined) {
    ctx.addIssue({ code: 'custom', message: DATE_MESSAGE });
    return z.NEVER;
  }
  return iso;
});

// ---- strings ----------------------------------------------------------------------------------------------------

/** Cut to `max` characters (code points, as the column counts them). */
export const cut = (text: string, max: number): string => {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('');
};

/**
 * A URL's `user:password@` dropped: GitLab's `CI_REPOSITORY_URL` carries the job token that way, and no credential
 * belongs in the reporting store. (The same repository then has one `repo_hash` whoever's token the URL carried.)
 */
export const withoutUserInfo = (text: string): string => (text.includes('@') ? text.replace(/\b(https?:\/\/)[^\s/?#@]+@/gi, '$1') : text);

const absent = (v: unknown): boolean => v === undefined || v === null;
/** An optional string: absent, null or blank → null; else trimmed and at most `max` characters (longer is refused). */
const optionalBounded = (max: number) =>
  z
    .string()
    .nullish()
    .transform((v) => (absent(v) || v!.trim() === '' ? null : v!.trim()))
    .refine((v) => v === null || v.length <= max, { message: `too long: at most ${max} characters` });
/** Optional free text: absent, null or blank → null; else cut to `max` characters. */
const optionalText = (max: number) =>
  z
    .string()
    .nullish()
    .transform((v) => (absent(v) || v!.trim() === '' ? null : cut(v!.trim(), max)));
const required = (max: number) => z.string({ error: (i) => (i.input === undefined ? 'required' : 'expected a string') }).trim().min(1, 'required').max(max, `too long: at most ${max} characters`);
/** DevLake's result words (`SUCCESS`, `FAILURE`, `ABORT`, …), upper case. */
const resultWord = z
  .string()
  .nullish()
  .transform((v) => (absent(v) || v!.trim() === '' ? null : v!.trim().toUpperCase()))
  .refine((v) => v === null || /^[A-Z_]{1,16}$/.test(v), { message: 'a result word of up to 16 letters, e.g. SUCCESS, FAILURE, ABORT' });

const requiredDate = z.union([z.string(), z.number()], { error: (i) => (i.input === undefined || i.input === null ? 'required' : 'expected a date string or epoch milliseconds') }).pipe(DevLakeDate);
const optionalDate = z.union([z.string(), z.number()]).nullish().transform((v, ctx) => {
  if (absent(v) || v === '') return null;
  const iso = parseDevLakeDate(v!);
  if (iso === undefined) {
    ctx.addIssue({ code: 'custom', message: DATE_MESSAGE });
    return z.NEVER;
  }
  return iso;
});

// ---- the body ---------------------------------------------------------------------------------------------------

const CommitSchema = z.object(
  {
    repoUrl: required(DEPLOYMENT_LIMITS.repoUrl).transform(withoutUserInfo),
    commitSha: required(DEPLOYMENT_LIMITS.commitSha),
    refName: optionalBounded(DEPLOYMENT_LIMITS.refName),
    commitMsg: optionalText(DEPLOYMENT_LIMITS.commitMsg),
    result: resultWord,
    startedDate: requiredDate,
    finishedDate: requiredDate,
    commitAuthoredDate: optionalDate,
  },
  { error: 'expected an object' },
);

export const DeploymentBodySchema = z
  .object(
    {
      id: z
        .union([z.string(), z.number()], { error: (i) => (i.input === undefined || i.input === null ? 'required' : 'expected a string or a number') })
        .transform((v) => String(v).trim())
        .pipe(z.string().min(1, 'required').max(DEPLOYMENT_LIMITS.id, `too long: at most ${DEPLOYMENT_LIMITS.id} characters`)),
      displayTitle: optionalText(DEPLOYMENT_LIMITS.displayTitle),
      name: optionalText(DEPLOYMENT_LIMITS.name),
      result: resultWord,
      environment: z
        .string()
        .nullish()
        .transform((v) => (absent(v) || v!.trim() === '' ? 'PRODUCTION' : v!.trim().toUpperCase()))
        .pipe(z.string().max(ENVIRONMENT_MAX, `too long: at most ${ENVIRONMENT_MAX} characters`)),
      startedDate: requiredDate,
      finishedDate: requiredDate,
      createdDate: optionalDate,
      deploymentCommits: z
        .array(CommitSchema, { error: (i) => (i.input === undefined || i.input === null ? 'required: at least one commit (as DevLake)' : 'expected an array of commits') })
        .min(1, 'at least one commit (as DevLake)')
        .max(MAX_DEPLOYMENT_COMMITS, `at most ${MAX_DEPLOYMENT_COMMITS} commits`),
      // Kaizen's own
      service: optionalBounded(DEPLOYMENT_LIMITS.service),
      version: optionalBounded(DEPLOYMENT_LIMITS.version),
      pipelineUrl: optionalBounded(DEPLOYMENT_LIMITS.pipelineUrl)
        .refine((v) => v === null || isHttpUrl(v), { message: 'an absolute http(s) URL' })
        .transform((v) => (v === null ? null : withoutUserInfo(v))),
      outcome: z.enum(DEPLOYMENT_OUTCOMES, { error: `one of ${DEPLOYMENT_OUTCOMES.join(', ')}` }).nullish(),
      hotfixFor: z
        .array(z.string({ error: 'expected an issue key string' }).trim().regex(ISSUE_KEY, 'a Jira issue key, e.g. OPS-12'), { error: 'expected an array of issue keys' })
        .max(MAX_HOTFIX_KEYS, `at most ${MAX_HOTFIX_KEYS} issue keys`)
        .nullish(),
      problemSummary: optionalText(DEPLOYMENT_LIMITS.problemSummary),
    },
    { error: 'expected a JSON object' },
  )
  .superRefine((body, ctx) => {
    if (body.finishedDate < body.startedDate) ctx.addIssue({ code: 'custom', path: ['finishedDate'], message: 'before startedDate' });
    body.deploymentCommits.forEach((c, i) => {
      if (c.finishedDate < c.startedDate) ctx.addIssue({ code: 'custom', path: ['deploymentCommits', i, 'finishedDate'], message: 'before startedDate' });
    });
  });

export type DeploymentBodyResult = { ok: true; record: DeploymentRecord } | { ok: false; errors: FieldError[] };

/** The parsed JSON body as a deployment record, or every bad field (`deploymentCommits[0].commitSha: required`). */
export function parseDeploymentBody(json: unknown): DeploymentBodyResult {
  const parsed = DeploymentBodySchema.safeParse(json);
  if (!parsed.success) return { ok: false, errors: fieldErrorsFromZod(parsed.error.issues) };
  const b = parsed.data;
  const result = b.result ?? 'SUCCESS';
  // one row per (repo, commit): a commit listed twice is kept once, as first listed
  const seen = new Set<string>();
  const commits: DeploymentCommit[] = [];
  for (const c of b.deploymentCommits) {
    const key = `${c.repoUrl}\u0000${c.commitSha}`;
    if (seen.has(key)) continue;
    seen.add(key);
    commits.push({ repoUrl: c.repoUrl, commitSha: c.commitSha, refName: c.refName, commitMsg: c.commitMsg, result: c.result, startedAt: c.startedDate, finishedAt: c.finishedDate, authoredAt: c.commitAuthoredDate });
  }
  return {
    ok: true,
    record: {
      id: b.id,
      displayTitle: b.displayTitle,
      name: b.name,
      result,
      environment: b.environment,
      outcome: b.outcome ?? (result === 'SUCCESS' ? 'success' : 'failed'),
      service: b.service,
      version: b.version,
      pipelineUrl: b.pipelineUrl,
      startedAt: b.startedDate,
      finishedAt: b.finishedDate,
      createdAt: b.createdDate,
      commits,
      hotfixFor: [...new Set(b.hotfixFor ?? [])],
      problemSummary: b.problemSummary,
    },
  };
}
