/**
 * What every Kaizen resolver answers: `{ok: true, data}` or `{ok: false, error: {code, message}}`. The UI parses the
 * answer with the same schema the resolver was written against (house style 4) and shows the error's `code` as a
 * sentence in the user's language; `message` is English detail for logs and support, never shown as the only text.
 */
import * as z from 'zod/mini';

export const RESOLVER_ERROR_CODES = [
  /** The view's context lacks what the resolver needs (no issue on an issue panel, no page for a macro). */
  'bad-context',
  /** The payload failed its schema. */
  'bad-request',
  /** The calling user cannot see the issue (or it does not exist). */
  'issue-not-visible',
  /** The calling user may not edit the issue, so may not act on its incident. */
  'edit-not-allowed',
  /** Only Jira administrators may use this. */
  'admin-only',
  /** The calling user may not create issues in the project incidents are filed in (declaring on a new issue). */
  'create-not-allowed',
  /** The calling user cannot browse the project incidents are filed in. */
  'project-not-visible',
  /** The calling user cannot read the Confluence page. */
  'content-not-visible',
  /** No such incident. */
  'incident-not-found',
  /** The incident's Jira issue is not recorded on it yet (it is still being filed): try again shortly. */
  'issue-not-ready',
  /** A settings save broke a rule: `fields` says which field and why. */
  'invalid-settings',
  /** Another administrator saved the settings since this page loaded them. */
  'settings-changed',
  /** A source already has two secrets: retire one before making another. */
  'secret-limit',
  /** A source's only secret cannot be retired: generate its successor first. */
  'last-secret',
  /** The thing named (a dead letter, a secret) no longer exists. */
  'not-found',
  /** A key time out of order or in the future (DESIGN 3.3): `fields` names the times involved, each `message` the rule broken. */
  'time-rule',
  /** The incident's state does not allow the action (a closed incident must be reopened first). */
  'state-rule',
  /**
   * A person named in a role is not an active Jira user (unknown to Jira, deactivated, or not a person's account),
   * looked up as the caller: `fields` names each role (`path` `commander`, `responders.2`), `params.accountId` whom.
   */
  'unknown-person',
  /** The incident has no retrospective yet (syncing action items needs its table). */
  'no-retrospective',
  /** Another sync of the same incident's action items is running (one at a time per incident): try again shortly. */
  'sync-in-progress',
  /** Jira or Confluence refused what the action needed (e.g. the commander cannot be assigned there): nothing was kept. */
  'product-refused',
  /** The deployment named (an attribution's `deploymentId`) is not a production deployment Kaizen knows: nothing was changed. */
  'unknown-deployment',
  /** The postmortem library: the calling user may not edit the postmortem's page, so may not recommend it (asked as the user). */
  'page-edit-not-allowed',
  /** The postmortem library: a recommendation's reason is missing, longer than 200 characters, or not one line. */
  'invalid-reason',
  /** Drills: no built-in scenario has that id. */
  'drill-unknown-scenario',
  /** Drills: the speed is not one of real, x10, x60, fast. */
  'drill-bad-speed',
  /** Drills: name a scenario or a past incident (exactly one). */
  'drill-choose-one',
  /** Drills: the incident has no alerts Kaizen can replay (declared by hand, or only from senders a drill cannot speak for). */
  'drill-nothing-to-replay',
  /** Drills: the sender the drill speaks for has no secret yet, so its web trigger would refuse the drill. */
  'drill-no-credential',
  /** Reading sessions: the postmortem is not published yet (a session reads a published postmortem). */
  'not-published',
  /** Reading sessions: the calling user may not create pages in the postmortem's space (asked as the user). */
  'page-create-not-allowed',
  /** Reading sessions: the calling user may not edit the session page, so may not sync its TODOs (asked as the user). */
  'session-edit-not-allowed',
  /**
   * Reading sessions: the space has a page with the session's title that is not this postmortem's session (made by
   * hand, or another's), or that the calling user cannot read: it is not taken over, and nothing was created.
   */
  'session-title-taken',
  /** Anything unexpected; the resolver logged it. */
  'internal',
] as const;
export const ResolverErrorCodeSchema = z.enum(RESOLVER_ERROR_CODES);
export type ResolverErrorCode = z.infer<typeof ResolverErrorCodeSchema>;

/**
 * What a field's problem is, for the UI to say in the user's language; `params` holds the values the text names
 * (the comment on each code lists them). The UI has a text for every code (test/ui/admin-texts.test.ts).
 */
export const FIELD_PROBLEM_CODES = [
  // The settings schema's rules (src/shared/settings.ts): the value's form is wrong.
  /** Not a Jira project key (2–10 capitals, digits or _, starting with a letter). */
  'project-key',
  /** An issue type name that is empty or longer than 255 characters. */
  'issue-type-name',
  /** Not a Confluence space key. */
  'space-key',
  /** Not a Confluence page id (digits). */
  'page-id',
  /** A parent page title that is empty or longer than 255 characters. */
  'page-title',
  /** A page language other than en or ja. */
  'page-language',
  /** Not an IANA time zone. */
  'time-zone',
  /** A level's name: 1–40 characters. */
  'level-name',
  /** A level's description: 1–300 characters. */
  'level-description',
  /** A severity mapped to something that is not a level. */
  'severity-level',
  /** A Jira priority name that is empty or longer than 255 characters. */
  'priority-name',
  /** A window not a whole number of minutes from 1 to `max`. */
  'window-minutes',
  /** A due time not a whole number of hours from 1 to `max`. */
  'due-hours',
  /** A switch that is neither on nor off. */
  'on-off',
  /** No production environment, or more than 20. */
  'production-environments',
  /** A production environment name that is empty or longer than 100 characters. */
  'production-environment',
  /** Settings Kaizen does not have: `names`. */
  'unknown-setting',
  // The save's checks against the site (src/usecases/admin/check-settings-on-site.ts): the value names nothing there.
  /** No Jira project `key` the admin can see. */
  'no-project',
  /** Project `project` has no issue type `name`; it has `names` (comma-separated). */
  'no-issue-type',
  /** Jira has no priority `name`; it has `names` (comma-separated). */
  'no-priority',
  /** No Confluence space `key` the admin can see. */
  'no-space',
  /** No Confluence page `id` the admin can see. */
  'no-page',
  /** The page `title` is not in space `space`. */
  'page-not-in-space',
  // Slack notifications (src/shared/slack-settings.ts): not a Slack incoming-webhook URL.
  'slack-webhook-url',
] as const;
export const FieldProblemCodeSchema = z.enum(FIELD_PROBLEM_CODES);
export type FieldProblemCode = z.infer<typeof FieldProblemCodeSchema>;

/**
 * A field's problem, for the message next to it (`path` is dotted: `levels.SEV1.name.ja`). `message` is English
 * detail (logs, support, and the text of last resort); the UI says `code` with `params` from its catalogue. A code
 * this UI does not know (a newer backend mid-deploy) parses as none, so the field shows `message` rather than the
 * whole answer failing to parse.
 */
export const FieldProblemSchema = z.object({
  field: z.string(),
  path: z.string(),
  message: z.string(),
  code: z.optional(z.catch(z.optional(FieldProblemCodeSchema), undefined)),
  params: z.optional(z.record(z.string(), z.string())),
});
export type FieldProblem = z.infer<typeof FieldProblemSchema>;

export const ResolverErrorSchema = z.object({ code: ResolverErrorCodeSchema, message: z.string(), fields: z.optional(z.array(FieldProblemSchema)) });
export type ResolverError = z.infer<typeof ResolverErrorSchema>;

export type ResolverResult<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

/** The schema of a resolver's answer whose data is `data`. */
export function resultSchema<T extends z.ZodMiniType>(data: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), data }), z.object({ ok: z.literal(false), error: ResolverErrorSchema })]);
}

export const ok = <T>(data: T): ResolverResult<T> => ({ ok: true, data });
export const fail = <T = never>(code: ResolverErrorCode, message: string, fields?: FieldProblem[]): ResolverResult<T> => ({ ok: false, error: { code, message, ...(fields ? { fields } : {}) } });
