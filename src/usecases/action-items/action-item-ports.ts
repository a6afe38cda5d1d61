/**
 * What the action items use cases need (house style 1): Jira tasks for action items, and Kaizen's record of each.
 */
import type { Language } from '../../domain/incident';
import type { AdfDoc } from '../ports';

/**
 * Whose table a task was made from: an incident's retrospective (its action items), or a reading session's TODO list
 * (DESIGN 3.6; the session page's id). The sync, its records, its lease and the task's issue property are all keyed
 * by the source.
 */
export type ActionItemSource = { kind: 'incident'; id: string } | { kind: 'reading-session'; id: string };

/**
 * The store's key of a source (the `action-item` entity's `incidentId` attribute and its `by-incident` index): an
 * incident's id as it always was, `reading-session:<page id>` for a session — incident ids (`inc-…`) never start so.
 */
export const sourceKey = (source: ActionItemSource): string => (source.kind === 'incident' ? source.id : `reading-session:${source.id}`);

/** The source a store key names (the inverse of {@link sourceKey}). */
export const sourceOfKey = (key: string): ActionItemSource => (key.startsWith('reading-session:') ? { kind: 'reading-session', id: key.slice('reading-session:'.length) } : { kind: 'incident', id: key });

/** A task to create for one row of the action items table. */
export interface NewActionItemTask {
  rowId: string;
  summary: string;
  description: AdfDoc;
  dueDate?: string;
  priorityName?: string;
  assigneeAccountId?: string;
  labels: string[];
}

/** An owner as the table names them: a mention's account id, or a name / e-mail as typed. */
export type OwnerRef = { accountId: string } | { text: string };

/** Who an owner is in Jira: assignable (with the account id), not assignable, or nobody Jira knows. */
export type OwnerLookup = { kind: 'assignable'; accountId: string } | { kind: 'not-assignable' } | { kind: 'unknown' };

/** Jira, as action items need it. https://developer.atlassian.com/cloud/jira/platform/rest/v3/ */
export interface ActionItemTracker {
  /**
   * The tasks already made for a source's rows (issue property `kaizen-action-item` = `{incidentId, rowId}` for an
   * incident, `{readingSessionId, rowId}` for a reading session), by row id: ONE JQL search for all of them, so a sync
   * resumed after a crash finds what it made. A read.
   */
  findTasks(source: ActionItemSource, projectKey: string): Promise<Map<string, { id: string; key: string }>>;
  /**
   * Creates at most {@link CREATE_TASKS_MAX} tasks with ONE bulk create, each with the source's property, a "Relates"
   * link to `relatesTo` when given (the incident issue; in the create body) and the fields given. Per-task refusals
   * come back in `failed` (the rest are made). The created issues are matched to rows by their property read back,
   * never by position. Throws when the call itself failed (then whether Jira made any of them is unknown). One
   * product write.
   */
  createTasks(input: { source: ActionItemSource; relatesTo?: string | undefined; projectKey: string; issueType: string; tasks: NewActionItemTask[] }): Promise<{ created: Array<{ rowId: string; id: string; key: string }>; failed: Array<{ rowId: string; detail: string }> }>;
  /** Sets the assignee, due date and priority given (`null` clears). One product write. */
  updateTask(key: string, change: { assigneeAccountId?: string | null; dueDate?: string | null; priorityName?: string | null }): Promise<void>;
  /** Whether the owner can be assigned issues in the project. Reads. */
  lookupOwner(projectKey: string, owner: OwnerRef): Promise<OwnerLookup>;
  /** The names of the site's priorities (a read). */
  priorityNames(): Promise<string[]>;
  /** Upserts a remote link by `globalId` (idempotent). One product write. */
  upsertRemoteLink(issueKey: string, link: { globalId: string; url: string; title: string }): Promise<void>;
  /** Whether the task still exists: false only when Jira answers 404 for it (a read). */
  taskExists(issueId: string): Promise<boolean>;
  /** A comment, unless one with `dedupeId` is on the issue already. One product write when it posts. */
  addComment(issueKey: string, body: AdfDoc, dedupeId: string): Promise<void>;
}

/** Jira's limit per bulk create ("Creates upto 50 issues"): the use case sends the rows in chunks of this size. */
export const CREATE_TASKS_MAX = 50;

/** Kaizen's record of one action item task (KVS entity `action-item`, keyed by the task's issue id). */
export interface ActionItemRecord {
  issueId: string;
  /** The source's key ({@link sourceKey}): the incident's id, or `reading-session:<page id>`. */
  incidentId: string;
  rowId: string;
  key: string;
  done: boolean;
  dueDate?: string;
  remindedAt?: string;
  /** The table values the task was last synced from (owner as `id:<accountId>` / `text:<typed>`, '' = none). */
  synced: { owner: string; due: string; priority: string };
  /** The table page's language (the reminder comment's). */
  language: Language;
  /** The remote links to the source's pages are on the task (added by the sync that made or found it, or a later one). */
  remoteLinked?: boolean;
  /** When Jira last changed what the record follows (the event's issue `updated`, ISO): an older event is ignored. */
  jiraUpdatedAt?: string;
  /** The task was deleted in Jira: not counted, never reminded. */
  gone?: boolean;
}

export interface ActionItemStore {
  get(issueId: string): Promise<ActionItemRecord | undefined>;
  /** Writes a record as it is (a new task's record). */
  put(record: ActionItemRecord): Promise<void>;
  /**
   * Read-modify-write of one record, written only if its done state and due date are still what was read (a
   * conditional transaction), re-read and re-applied on a conflict, so a writer never puts back a stale `done`.
   * `change` answers undefined to write nothing. Answers the record as stored (undefined when there is none).
   */
  update(issueId: string, change: (current: ActionItemRecord) => ActionItemRecord | undefined): Promise<ActionItemRecord | undefined>;
  /** The records of a source, by its key ({@link sourceKey}; an incident's is its id). */
  listByIncident(key: string): Promise<ActionItemRecord[]>;
  /** Open tasks whose due date is before `day` (YYYY-MM-DD), at most `limit`. */
  openDueBefore(day: string, limit: number): Promise<ActionItemRecord[]>;
  /**
   * The source's exclusive sync lease for `durationMs` (one sync at a time per source; `key` = {@link sourceKey}):
   * a release function, or undefined when another sync holds it now.
   */
  takeSyncLease(key: string, durationMs: number): Promise<(() => Promise<void>) | undefined>;
  /** The rows whose tasks a sync was about to create and has not recorded yet: row id → when it started (ISO). */
  pendingRows(key: string): Promise<Record<string, string>>;
  /** Replaces the source's pending rows (an empty map deletes them). */
  setPendingRows(key: string, rows: Record<string, string>): Promise<void>;
}
