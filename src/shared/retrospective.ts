/**
 * The retrospective (DESIGN 3.4) as the panel sees it and asks for it: the draft page, its status and due time, the
 * action items synced from its table, and the blameless hints found in people's text. Built by
 * src/usecases/retrospective/ and src/usecases/action-items/; parsed by the panel.
 */
import * as z from 'zod/mini';
import { HttpUrlSchema, IsoTimeSchema } from './primitives';

export const RETRO_STATUSES = ['draft', 'in-review', 'published'] as const;
export type RetroStatus = (typeof RETRO_STATUSES)[number];

/** The retrospective of an incident, once drafted. */
export const RetrospectiveViewSchema = z.object({
  page: z.object({ title: z.string(), url: HttpUrlSchema }),
  status: z.enum(RETRO_STATUSES),
  draftedAt: IsoTimeSchema,
  draftedBy: z.string(),
  publishedAt: z.optional(IsoTimeSchema),
  factsRefreshedAt: z.optional(IsoTimeSchema),
});
export type RetrospectiveView = z.infer<typeof RetrospectiveViewSchema>;

/**
 * The 24-hour rule (settings `retrospectiveDueHours` after recovery): when the retrospective is due, and whether it
 * is overdue now (published in time or late, it is no longer due). Absent while the incident has not recovered.
 */
export const RetrospectiveDueSchema = z.object({ dueAt: IsoTimeSchema, overdue: z.boolean() });
export type RetrospectiveDue = z.infer<typeof RetrospectiveDueSchema>;

/** The action items synced to Jira tasks, as Jira last told Kaizen (issue events): done, open, and open past due. */
export const ActionItemCountsSchema = z.object({
  total: z.int().check(z.nonnegative()),
  done: z.int().check(z.nonnegative()),
  open: z.int().check(z.nonnegative()),
  overdue: z.int().check(z.nonnegative()),
});
export type ActionItemCounts = z.infer<typeof ActionItemCountsSchema>;

export const HINT_KINDS_VIEW = ['blames-person', 'try-harder'] as const;

/** A phrase in people's text that blames a person or asks people to try harder, with a reframing (never edited). */
export const BlamelessHintViewSchema = z.object({
  section: z.string(),
  phrase: z.string(),
  kind: z.enum(HINT_KINDS_VIEW),
  ruleId: z.string(),
  reframing: z.object({ en: z.string(), ja: z.string() }),
});
export type BlamelessHintView = z.infer<typeof BlamelessHintViewSchema>;

/** What the panel shows of the retrospective (part of getIncident's answer). */
export const RetrospectivePanelSchema = z.object({
  retrospective: z.optional(RetrospectiveViewSchema),
  due: z.optional(RetrospectiveDueSchema),
  actionItems: z.optional(ActionItemCountsSchema),
});
export type RetrospectivePanel = z.infer<typeof RetrospectivePanelSchema>;

/** `draftRetrospective`: made now, or the one that exists (drafting again opens it). */
export const DraftRetrospectiveDataSchema = z.object({
  outcome: z.enum(['drafted', 'existing']),
  retrospective: RetrospectiveViewSchema,
  hints: z.array(BlamelessHintViewSchema),
});
export type DraftRetrospectiveData = z.infer<typeof DraftRetrospectiveDataSchema>;

/** `refreshRetrospectiveFacts`: whether the facts region changed (written) and the hints in people's text now. */
export const RefreshFactsDataSchema = z.object({
  written: z.boolean(),
  retrospective: RetrospectiveViewSchema,
  hints: z.array(BlamelessHintViewSchema),
});
export type RefreshFactsData = z.infer<typeof RefreshFactsDataSchema>;

/** `publishRetrospective`: published now, or already. */
export const PublishRetrospectiveDataSchema = z.object({
  outcome: z.enum(['published', 'already']),
  retrospective: RetrospectiveViewSchema,
  hints: z.array(BlamelessHintViewSchema),
});
export type PublishRetrospectiveData = z.infer<typeof PublishRetrospectiveDataSchema>;

/** Why a row of the action items table could not be synced (the rest still sync). */
export const ACTION_ITEM_PROBLEMS = ['no-action', 'bad-date', 'unknown-type', 'unknown-priority', 'unknown-owner', 'not-assignable', 'duplicate-key', 'no-jira-column', 'jira-refused', 'being-created', 'no-assign-permission'] as const;

/** `syncActionItems`: what this sync did, and the rows it could not sync with the reason. */
export const SyncActionItemsDataSchema = z.object({
  created: z.array(z.object({ key: z.string(), action: z.string() })),
  updated: z.array(z.object({ key: z.string(), action: z.string() })),
  unchanged: z.int().check(z.nonnegative()),
  problems: z.array(z.object({ row: z.int().check(z.positive()), action: z.string(), code: z.enum(ACTION_ITEM_PROBLEMS), detail: z.optional(z.string()) })),
  counts: ActionItemCountsSchema,
});
export type SyncActionItemsData = z.infer<typeof SyncActionItemsDataSchema>;
