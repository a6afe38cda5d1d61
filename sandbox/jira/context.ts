import type { Actor, EmitProductEvent, ProductRequest, ProductResponse, SiteInfo } from '../core/product';
import type { Store } from '../store/store';
import { NS, pad, type JiraCatalog, type StoredIssue, type UserConfig } from './model';
import { readCatalog } from './seed';

/** What every handler gets: the store, the site, the event sink and the clock. */
export interface JiraContext {
  readonly store: Store;
  readonly site: SiteInfo;
  readonly emit: EmitProductEvent;
  readonly now: () => Date;
  /** The seeded catalogue (project, types, statuses, …). */
  catalog(): JiraCatalog;
  /** An absolute URL on the site's current base URL, e.g. `url('/rest/api/3/issue/10001')`. */
  url(path: string): string;
}

export function createContext(opts: { store: Store; site: SiteInfo; emit: EmitProductEvent; now?: () => Date }): JiraContext {
  return {
    store: opts.store,
    site: opts.site,
    emit: opts.emit,
    now: opts.now ?? (() => new Date()),
    catalog: () => readCatalog(opts.store),
    // Read on every call: the sandbox sets `site.baseUrl` once the server listens, after the emulator exists.
    url: (path) => opts.site.baseUrl.replace(/\/+$/, '') + path,
  };
}

export type Handler = (ctx: JiraContext, req: ProductRequest) => ProductResponse;

/** Jira's error body: `{errorMessages: [...], errors: {field: message}}` (schema `ErrorCollection`). */
export interface ErrorCollection {
  errorMessages: string[];
  errors: Record<string, string>;
}

/** Thrown by handlers; the dispatcher turns it into a response. */
export class JiraHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorCollection,
    readonly headers?: Record<string, string>,
  ) {
    super(`${status}: ${[...body.errorMessages, ...Object.values(body.errors)].join('; ')}`);
    this.name = 'JiraHttpError';
  }
}

export function fail(status: number, errorMessages: string[], errors: Record<string, string> = {}, headers?: Record<string, string>): never {
  throw new JiraHttpError(status, { errorMessages, errors }, headers);
}

/** Jira's answer for an issue that does not exist or that the caller may not browse — the two are indistinguishable. */
export const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

/**
 * A header carrying the sandbox's explanation of a rejection (e.g. why an ADF document is invalid), which Jira
 * itself never gives. Headers must be printable ASCII, so anything else is replaced.
 */
export function detailHeader(details: readonly string[]): Record<string, string> | undefined {
  if (details.length === 0) return undefined;
  return { 'x-sandbox-detail': details.join('; ').replace(/[^\x20-\x7e]/g, '?').slice(0, 500) };
}

export const json = (status: number, body?: unknown): ProductResponse => (body === undefined ? { status } : { status, body });

// ---- time --------------------------------------------------------------------------------------------

/**
 * Jira's timestamp format: `2026-11-21T10:00:00.000+0000` — ISO-like but with a `+hhmm` offset (no colon).
 * Jira Cloud renders in the caller's time zone; the sandbox always answers in UTC.
 */
export function formatJiraDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

// ---- actors ------------------------------------------------------------------------------------------

/** The account a request acts as, resolved against the seeded users. */
export interface Caller {
  accountId: string;
  user: UserConfig;
  isApp: boolean;
}

/** Anonymous or unknown accounts get Jira's 401. */
export function requireCaller(ctx: JiraContext, actor: Actor): Caller {
  const catalog = ctx.catalog();
  if (actor.kind === 'anonymous') fail(401, ['You are not authenticated. Authentication required to perform this operation.']);
  const accountId = actor.kind === 'app' ? appAccountId(catalog) : actor.accountId;
  const user = catalog.users.find((u) => u.accountId === accountId);
  if (!user) fail(401, ['You are not authenticated. Authentication required to perform this operation.']);
  return { accountId, user, isApp: user.accountType === 'app' };
}

function appAccountId(catalog: JiraCatalog): string {
  const app = catalog.users.find((u) => u.accountType === 'app');
  if (!app) throw new Error('catalogue has no app account');
  return app.accountId;
}

// ---- issues ------------------------------------------------------------------------------------------

export const issueStoreKey = (id: string): string => `issue/${pad(id)}`;
export const keyIndexKey = (key: string): string => `key/${key.toUpperCase()}`;

/** Looks an issue up by id or key (keys are case-insensitive in Jira). */
export function lookupIssue(ctx: JiraContext, idOrKey: string): StoredIssue | undefined {
  const trimmed = idOrKey.trim();
  if (/^\d+$/.test(trimmed)) return ctx.store.get<StoredIssue>(NS.issues, issueStoreKey(trimmed));
  const id = ctx.store.get<string>(NS.issues, keyIndexKey(trimmed));
  return id === undefined ? undefined : ctx.store.get<StoredIssue>(NS.issues, issueStoreKey(id));
}

/** Every issue, in id order. */
export function allIssues(ctx: JiraContext): StoredIssue[] {
  return ctx.store.range<StoredIssue>(NS.issues, { prefix: 'issue/' }).map((e) => e.value);
}

export function saveIssue(ctx: JiraContext, issue: StoredIssue): void {
  ctx.store.put(NS.issues, issueStoreKey(issue.id), issue);
  ctx.store.put(NS.issues, keyIndexKey(issue.key), issue.id);
}

/** Next value of one of the emulator's own counters (kept in a `jira` namespace so a reset restarts them). */
export function nextCounter(ctx: JiraContext, name: string, start: number): number {
  return ctx.store.transaction(() => {
    const current = ctx.store.get<number>(NS.counters, name) ?? start - 1;
    ctx.store.put(NS.counters, name, current + 1);
    return current + 1;
  });
}

// ---- query parameters --------------------------------------------------------------------------------

/** A comma-separated, possibly repeated list parameter (`fields=a,b&fields=c`). */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const values = query.getAll(name);
  if (values.length === 0) return undefined;
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}

export function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) fail(400, [`The value '${raw}' of the parameter '${name}' is not a valid integer.`]);
  return n;
}

export function boolParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  if (raw === null) return fallback;
  return raw.toLowerCase() === 'true';
}
