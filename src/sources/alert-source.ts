/**
 * The one interface every alert source implements (house style 2: one folder per source, listed in registry.ts).
 * Pure: nothing here or in any source does I/O; the web trigger handler and the consumer wire them up.
 */
import type { Alert, SourceId } from '../domain/alert';

export type { SourceId } from '../domain/alert';

/** The manifest's `webtrigger` module keys, one per source. */
export type WebtriggerKey = `${SourceId}-webhook`;

/**
 * The parts of a Forge web trigger request a credential check needs. Forge hands headers and query parameters as
 * arrays of strings and does not promise a header-name case, so every lookup here is case-insensitive.
 */
export interface WebhookRequest {
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly queryParameters: Readonly<Record<string, readonly string[]>>;
  /** The body exactly as received (signatures are computed over it). */
  readonly rawBody: string;
}

/** What `verify` checks against. */
export interface VerifyOptions {
  /**
   * The accepted secrets, newest first. More than one only while a secret is being rotated. Empty strings are
   * ignored; with no usable secret every request is refused (`no-secret-configured`).
   */
  readonly secrets: readonly string[];
  /** Now, epoch milliseconds (from the caller's clock) — used where the sender signs a timestamp (Grafana). */
  readonly nowEpochMs: number;
  /** Overrides the source's default credential/signature header name (Opsgenie custom header, Grafana HMAC header). */
  readonly headerName?: string;
  /** Grafana: the "Timestamp header" named in the contact point's HMAC settings. */
  readonly timestampHeaderName?: string;
  /** Grafana: refuse requests without the timestamp header (turn on once Grafana sends it). */
  readonly requireTimestamp?: boolean;
}

export type VerifyFailureReason =
  | 'no-secret-configured'
  | 'missing-credentials'
  | 'malformed-credentials'
  | 'bad-credentials'
  | 'stale-timestamp';

export type VerifyResult = { readonly ok: true } | { readonly ok: false; readonly reason: VerifyFailureReason };

/**
 * How a source authenticates, described for people and tools (the admin page and the sandbox print ready-to-use
 * URLs and headers from it).
 */
export type AuthDescription =
  | {
      /** Mackerel: `https://<user>:<secret>@host/...` (sent as `Authorization: Basic`) or `?token=<secret>`. */
      readonly kind: 'basic-or-query-token';
      readonly basicUsername: string;
      readonly queryParameter: string;
    }
  | {
      /** A header carrying the secret as-is, or after `scheme ` (Alertmanager `Authorization: Bearer <secret>`). */
      readonly kind: 'header-token';
      readonly headerName: string;
      readonly scheme?: 'Bearer';
      /** The sender lets its admin name the header (Opsgenie's custom header), so Kaizen's admin page does too. */
      readonly headerConfigurable?: boolean;
    }
  | {
      /** HMAC-SHA256 of the raw body (optionally `timestamp:body`), hex, in a header. */
      readonly kind: 'hmac';
      readonly headerName: string;
      /** Prefix of each signature in the header (PagerDuty `v1=`), or none. */
      readonly signaturePrefix?: string;
      /** The sender lets its admin name the signature header (Grafana), so Kaizen's admin page does too. */
      readonly headerConfigurable?: boolean;
      /** Grafana: the timestamp header Kaizen recommends naming in the sender's settings. */
      readonly timestampHeaderName?: string;
      /** Who generates the secret: Kaizen (admin pastes it into the sender) or the sender (admin pastes it into Kaizen). */
      readonly secretGeneratedBy: 'kaizen' | 'sender';
    };

export interface FieldError {
  /** Dotted path of the offending field, `alerts[0].status`; `(body)` for the body as a whole. */
  readonly path: string;
  readonly message: string;
}

export type ParseResult<T> =
  | { readonly ok: true; readonly payload: T }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

export interface NormaliseContext {
  /** When Kaizen received the webhook, ISO-8601 UTC — used when the payload carries no time of its own. */
  readonly receivedAt: string;
}

/** Headers and query parameters a real sender would attach to `rawBody` — for the sandbox and contract tests. */
export interface SignedRequestParts {
  readonly headers: Record<string, string[]>;
  readonly queryParameters: Record<string, string[]>;
}

export interface AlertSource<TPayload = unknown> {
  readonly id: SourceId;
  /** Shown to people: "Mackerel", "Opsgenie / JSM Operations", … */
  readonly displayName: string;
  readonly webtriggerKey: WebtriggerKey;
  readonly auth: AuthDescription;
  /** The vendor's webhook documentation. */
  readonly docsUrl: string;
  /** Checks the request's credential in constant time. Pure. */
  verify(request: WebhookRequest, options: VerifyOptions): VerifyResult;
  /** Body → the source's payload, or errors naming each bad field (`alert.status: expected string, received number`). */
  parse(rawBody: string): ParseResult<TPayload>;
  /** Payload → alerts (a batch or an alert group yields several; an unknown event yields one `note`). Pure. */
  normalise(payload: TPayload, context: NormaliseContext): Alert[];
  /** What the real sender would send for `rawBody` with `secret` at `nowEpochMs`. */
  signAsSender(rawBody: string, secret: string, nowEpochMs: number): SignedRequestParts;
}
