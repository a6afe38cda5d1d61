/**
 * The contract between the sandbox's product router and the emulated products (Jira, Confluence).
 *
 * The router receives every product request — from the app through `__forge_fetch__` (asApp / asUser),
 * from a Custom UI iframe through the bridge, or from `curl` on the sandbox port — validates it against
 * Atlassian's OpenAPI document, applies injected faults, and only then calls the emulator with the
 * operation the document matched. Emulators therefore never see a request the spec forbids.
 */

export type Product = 'jira' | 'confluence';

/** Who a product request acts as. `app` is asApp(); `user` is asUser() or a browser session. */
export type Actor = { kind: 'app' } | { kind: 'user'; accountId: string } | { kind: 'anonymous' };

export interface ProductRequest {
  product: Product;
  /** Upper-case HTTP method. */
  method: string;
  /** The path as the cloud serves it, without the query, e.g. `/rest/api/3/issue/OPS-1` or `/wiki/api/v2/pages/65537`. */
  path: string;
  query: URLSearchParams;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** The body parsed as JSON when it was JSON, else undefined. */
  body: unknown;
  rawBody: string | undefined;
  /** From the OpenAPI match. */
  operationId: string;
  /** Path template from the spec, e.g. `/rest/api/3/issue/{issueIdOrKey}`. */
  pathTemplate: string;
  pathParams: Record<string, string>;
  actor: Actor;
}

export interface ProductResponse {
  status: number;
  /** Serialised as JSON unless it is a string. `undefined` means an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** An emulated product: answers the operations it knows, by OpenAPI operationId. */
export interface ProductEmulator {
  readonly product: Product;
  /** operationIds this emulator answers; anything else matched by the spec gets 501 "not emulated". */
  readonly operations: ReadonlySet<string>;
  handle(req: ProductRequest): Promise<ProductResponse> | ProductResponse;
  /** Puts the product back to its seeded state (called on first start and by POST /__sandbox/reset). */
  seed(): void;
}

/** Something that happened in a product that Forge apps can subscribe to with a `trigger` module. */
export interface ProductEvent {
  /** e.g. `avi:jira:created:issue`, `avi:jira:updated:issue`, `avi:confluence:updated:page`. */
  eventType: string;
  /** The event payload as Forge delivers it (without eventType/selfGenerated, which the bus adds). */
  payload: Record<string, unknown>;
  /** The actor that caused it; app-caused events are `selfGenerated`. */
  actor: Actor;
}

export type EmitProductEvent = (event: ProductEvent) => void;

/** The seeded users (Atlassian account ids are opaque strings). */
export interface SandboxUser {
  accountId: string;
  displayName: string;
  email: string;
  locale: 'en_US' | 'ja_JP';
  timeZone: string;
  /** May edit Jira issues in OPS / Confluence pages in OPS. A viewer may only browse. */
  canEdit: boolean;
  /** A Jira administrator (global ADMINISTER): may use the app's admin page. */
  isAdmin: boolean;
}

export const SANDBOX_USERS: readonly SandboxUser[] = [
  { accountId: '557058:aiko-sato', displayName: 'Aiko Sato', email: 'aiko@example.com', locale: 'ja_JP', timeZone: 'Asia/Tokyo', canEdit: true, isAdmin: true },
  { accountId: '557058:ben-carter', displayName: 'Ben Carter', email: 'ben@example.com', locale: 'en_US', timeZone: 'Europe/London', canEdit: true, isAdmin: false },
  { accountId: '557058:chika-mori', displayName: 'Chika Mori', email: 'chika@example.com', locale: 'ja_JP', timeZone: 'Asia/Tokyo', canEdit: true, isAdmin: false },
  { accountId: '557058:viewer-vic', displayName: 'Vic Viewer', email: 'vic@example.com', locale: 'en_US', timeZone: 'UTC', canEdit: false, isAdmin: false },
];

/** The app's own account (what asApp() acts as). */
export const APP_ACCOUNT_ID = '557058:kaizen-app';

/** The site every URL the sandbox hands out is built on (set from the listening port at start-up). */
export interface SiteInfo {
  /** e.g. `http://localhost:4010` — what `self` links and browse URLs use. */
  baseUrl: string;
  cloudId: string;
}
