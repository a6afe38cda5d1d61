/**
 * The Forge context as a Custom UI sees it (`view.getContext()`) and a resolver receives it (`req.context`), read
 * through schemas on both sides. Everything in `extension` comes through the browser and is re-checked as the user
 * on the backend before it is trusted (forge-platform.md §6.1).
 * https://developer.atlassian.com/platform/forge/apis-reference/ui-api-bridge/view/#getcontext
 */
import * as z from 'zod/mini';

/** A Jira issue key (`OPS-12`). */
export const IssueKeySchema = z.string().check(z.regex(/^[A-Z][A-Z0-9_]*-\d+$/));

/** The issue of a `jira:issuePanel` / `jira:issueAction` context. */
export const ContextIssueSchema = z.object({ id: z.string().check(z.regex(/^\d+$/)), key: IssueKeySchema });

/** `context.extension`, loosely: each module has its own fields (§6.2); unknown ones are kept. */
export const ExtensionSchema = z.looseObject({
  /** The module type, e.g. `jira:issuePanel`, `jira:issueAction`, `jira:dashboardGadget`, `jira:adminPage`, `macro`. */
  type: z.optional(z.string()),
  issue: z.optional(z.looseObject({ id: z.optional(z.string()), key: z.optional(z.string()) })),
  /** `edit` in a gadget's edit mode (absent in view mode). */
  entryPoint: z.optional(z.string()),
  /** What the gadget's edit view submitted. */
  gadgetConfiguration: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  /** A macro's saved parameters. */
  config: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  /** The Confluence page a macro is on. */
  content: z.optional(z.looseObject({ id: z.optional(z.string()), type: z.optional(z.string()) })),
});
export type Extension = z.infer<typeof ExtensionSchema>;

export const FullContextSchema = z.looseObject({
  accountId: z.optional(z.string()),
  /** A BCP 47 tag such as `ja-JP` or `en-US` (normalised by the bridge). */
  locale: z.optional(z.string()),
  /** An IANA zone such as `Asia/Tokyo`. */
  timezone: z.optional(z.string()),
  moduleKey: z.optional(z.string()),
  extension: ExtensionSchema,
});
export type FullContext = z.infer<typeof FullContextSchema>;

/** Module types as they appear in `context.extension.type`. */
export const MODULE_TYPES = {
  issuePanel: 'jira:issuePanel',
  issueAction: 'jira:issueAction',
  gadget: 'jira:dashboardGadget',
  adminPage: 'jira:adminPage',
  macro: 'macro',
} as const;

/** The manifest's module keys, for contexts that lack `extension.type`. */
export const MODULE_KEYS = {
  incidentPanel: 'incident-panel',
  declareIncident: 'declare-incident',
  metricsGadget: 'metrics-gadget',
  admin: 'kaizen-admin',
  incidentStatus: 'incident-status',
} as const;

/** The resolver-side context of the issue panel and issue action: the issue is required. */
export const IssueContextSchema = z.object({ extension: z.object({ issue: ContextIssueSchema }) });

/** The resolver-side context of the macro: the page it is on is required. */
export const MacroContextSchema = z.object({ extension: z.object({ content: z.object({ id: z.string().check(z.regex(/^\d+$/)) }) }) });

/**
 * The incident a macro shows, from its saved config. The incident page writes guest-param `incident-id`
 * (src/documents/forge-macro.ts); Confluence may hand it to the app camel-cased, so both spellings are read.
 */
export function macroIncidentId(config: Readonly<Record<string, unknown>> | null | undefined): string | undefined {
  const value = config?.['incident-id'] ?? config?.['incidentId'];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
