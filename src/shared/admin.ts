/**
 * The admin page's resolvers (jira:adminPage; Jira administrators only, checked as the calling user): settings with
 * their history, alert sources with their secrets, and Kaizen's dead letters. The resolvers parse `request` with
 * these schemas; the UI parses answers with `response` (src/shared/resolver-contract.ts wires them).
 */
import * as z from 'zod/mini';
import { ConnectionStateSchema } from './source-status';
import { SettingsProblemSchema, SettingsSchema } from './settings';
import { SOURCE_IDS, SourceIdSchema } from './vocabulary';

const NoPayload = z.object({});

// ---- settings ---------------------------------------------------------------------------------------------------

/** One recorded change of one setting: who, when, old → new (values as JSON text, shown as text). */
export const SettingsChangeSchema = z.object({ field: z.string(), from: z.optional(z.string()), to: z.optional(z.string()) });
export const SettingsHistoryEntrySchema = z.object({
  at: z.string(),
  accountId: z.string(),
  displayName: z.string(),
  /** The revision this save produced. */
  revision: z.int(),
  changes: z.array(SettingsChangeSchema),
});
export type SettingsHistoryEntry = z.infer<typeof SettingsHistoryEntrySchema>;

/** A stored value that no longer parses: shown to the admin, used as the default until saved again, never replaced silently. */
export const StoredProblemSchema = z.object({ ...SettingsProblemSchema.shape, storedValue: z.string() });
export type StoredProblem = z.infer<typeof StoredProblemSchema>;

export const GetSettingsDataSchema = z.object({
  /** What Kaizen uses now (a field with a stored problem shows its default here). */
  settings: SettingsSchema,
  /** Increases with every save; a save names the revision it started from, so two admins never overwrite each other. */
  revision: z.int(),
  problems: z.array(StoredProblemSchema),
  /** Newest first. */
  history: z.array(SettingsHistoryEntrySchema),
});
export type GetSettingsData = z.infer<typeof GetSettingsDataSchema>;

/** `settings` is parsed by the resolver with validateSettings, so each field's message comes back (`invalid-settings`). */
export const SaveSettingsRequestSchema = z.object({ settings: z.unknown(), revision: z.int() });
export const SaveSettingsDataSchema = GetSettingsDataSchema;

/** What the site has, to pick from: asked as the admin. `projectKey` / `spaceKey` narrow issue types, priorities and pages. */
export const GetSettingsOptionsRequestSchema = z.object({
  projectKey: z.optional(z.string().check(z.maxLength(20))),
  spaceKey: z.optional(z.string().check(z.maxLength(260))),
  /** Page title search within the space (for the parent pages). */
  pageQuery: z.optional(z.string().check(z.maxLength(255))),
});
const Option = z.object({ id: z.string(), name: z.string() });
export const SettingsOptionsSchema = z.object({
  projects: z.array(z.object({ key: z.string(), name: z.string() })),
  issueTypes: z.array(Option),
  priorities: z.array(Option),
  spaces: z.array(z.object({ key: z.string(), name: z.string() })),
  pages: z.array(z.object({ id: z.string(), title: z.string() })),
});
export type SettingsOptions = z.infer<typeof SettingsOptionsSchema>;

// ---- sources ----------------------------------------------------------------------------------------------------

/**
 * Whose credential the admin manages: an alert source, or `deployments` (CI reporting on the `deployment-webhook`
 * trigger). Each has its secrets, rotated the same way.
 */
export const CREDENTIAL_OWNERS = [...SOURCE_IDS, 'deployments'] as const;
export const CredentialOwnerSchema = z.enum(CREDENTIAL_OWNERS);
export type CredentialOwner = z.infer<typeof CredentialOwnerSchema>;

/** A stored secret as the admin sees it after the one time it was shown: only a fingerprint. */
export const SecretFingerprintSchema = z.object({
  /** `sha256:` + the first 12 hex digits of the secret's SHA-256. */
  fingerprint: z.string(),
  createdAt: z.string(),
  createdBy: z.optional(z.string()),
});
export type SecretFingerprint = z.infer<typeof SecretFingerprintSchema>;

export const AdminSourceSchema = z.object({
  source: CredentialOwnerSchema,
  /** The web trigger URL (`webTrigger.getUrl`); absent when the platform could not give it. */
  url: z.optional(z.string()),
  connection: ConnectionStateSchema,
  lastTestAt: z.optional(z.string()),
  lastAlertAt: z.optional(z.string()),
  /** Newest first: two while a rotation is under way (both accepted), none when the source is not connected yet. */
  secrets: z.array(SecretFingerprintSchema),
  /** Who makes the secret: Kaizen (generate, paste into the sender) or the sender (PagerDuty: paste its secret here). */
  secretGeneratedBy: z.enum(['kaizen', 'sender']),
  /** The header the sender puts the credential or signature in, where the sender lets the admin name it. */
  headerName: z.optional(z.string()),
  defaultHeaderName: z.optional(z.string()),
  headerConfigurable: z.boolean(),
  /** Grafana: the timestamp header; with `requireTimestamp` a request without it (a replayable one) is refused. */
  timestampHeaderName: z.optional(z.string()),
  requireTimestamp: z.optional(z.boolean()),
});
export type AdminSource = z.infer<typeof AdminSourceSchema>;
/** `sources`: the five alert sources; `deployments`: "Deployments (CI)", the `deployment-webhook` trigger's bearer secrets. */
export const GetAdminSourcesDataSchema = z.object({ sources: z.array(AdminSourceSchema), deployments: AdminSourceSchema });
export type GetAdminSourcesData = z.infer<typeof GetAdminSourcesDataSchema>;

export const SourceRequestSchema = z.object({ source: CredentialOwnerSchema });

/** Generate (first secret) or rotate (a second one; the older stays accepted until retired). The secret is in this answer only. */
export const GeneratedSecretSchema = z.object({ source: CredentialOwnerSchema, secret: z.string(), fingerprint: z.string(), rotated: z.boolean() });
export type GeneratedSecret = z.infer<typeof GeneratedSecretSchema>;

/** The sender made the secret (PagerDuty's signing secret): the admin pastes it. Answers its fingerprint, never the secret. */
export const PasteSecretRequestSchema = z.object({ source: SourceIdSchema, secret: z.string().check(z.trim(), z.minLength(16), z.maxLength(512)) });

export const RetireSecretRequestSchema = z.object({ source: CredentialOwnerSchema, fingerprint: z.string().check(z.maxLength(100)) });

/** An HTTP header name (RFC 9110 token). */
export const HeaderNameSchema = z.string().check(z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, 'A header name: letters, digits and - only, e.g. X-Kaizen-Token'));
export const SetSourceHeadersRequestSchema = z.object({
  source: SourceIdSchema,
  headerName: z.optional(HeaderNameSchema),
  timestampHeaderName: z.optional(HeaderNameSchema),
  requireTimestamp: z.optional(z.boolean()),
});

// ---- dead letters -----------------------------------------------------------------------------------------------

export const DeadLetterViewSchema = z.object({
  id: z.string(),
  source: z.optional(SourceIdSchema),
  /** What the event was about, as text (an alert's title), if known. */
  summary: z.optional(z.string()),
  failedAt: z.string(),
  reason: z.string(),
  attempts: z.int(),
});
export type DeadLetterView = z.infer<typeof DeadLetterViewSchema>;
export const GetDeadLettersDataSchema = z.object({ count: z.int(), items: z.array(DeadLetterViewSchema), truncated: z.boolean() });
/** Without `ids`: replay every dead letter. */
export const ReplayDeadLettersRequestSchema = z.object({ ids: z.optional(z.array(z.string().check(z.maxLength(200))).check(z.maxLength(500))) });
export const ReplayDeadLettersDataSchema = z.object({ replayed: z.array(z.string()) });
export const DiscardDeadLetterRequestSchema = z.object({ id: z.string().check(z.minLength(1), z.maxLength(200)) });
export const DiscardDeadLetterDataSchema = z.object({ discarded: z.string() });

export { NoPayload as AdminNoPayload };
