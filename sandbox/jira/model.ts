/**
 * What the Jira emulator keeps in the store. Every namespace starts with `jira`, so a reset can clear exactly
 * the emulator's own state (and nothing of KVS, queues or Confluence).
 *
 * Records are plain JSON: timestamps are epoch milliseconds and are formatted the Jira way only on output.
 */

/** Namespaces in the store. */
export const NS = {
  /** Seeded configuration: project, issue types, statuses, transitions, priorities, link types, users. */
  config: 'jira-config',
  /** `issue/<padded id>` → {@link StoredIssue}; `key/<KEY>` → issue id. */
  issues: 'jira-issues',
  /** `<padded issue id>/<padded comment id>` → {@link StoredComment}. */
  comments: 'jira-comments',
  /** `<padded comment id>` → issue id: finds a comment by its id alone (the `/comment/{commentId}/properties` resources). */
  commentIndex: 'jira-comment-index',
  /** `<padded link id>` → {@link StoredLink}. */
  links: 'jira-links',
  /** `<padded issue id>/<padded remote link id>` → {@link StoredRemoteLink}. */
  remoteLinks: 'jira-remotelinks',
  /** `<padded issue id>/<property key>` → {@link StoredProperty}. */
  properties: 'jira-properties',
  /** `<padded issue id>/<padded history id>` → {@link StoredHistory}. */
  histories: 'jira-histories',
  /** Counters (issue ids, per-project issue numbers, comment ids, …), cleared by a reset. */
  counters: 'jira-counters',
} as const;

export const ALL_NAMESPACES: readonly string[] = Object.values(NS);

/** Zero-pads a numeric id so the store's lexicographic key order is numeric order. */
export const pad = (id: string | number): string => String(id).padStart(12, '0');

/** An ADF document as stored (validated on the way in). */
export type AdfDoc = { type: 'doc'; version: number; content: unknown[] } & Record<string, unknown>;

export interface StoredIssue {
  id: string;
  key: string;
  projectId: string;
  issueTypeId: string;
  statusId: string;
  summary: string;
  description: AdfDoc | null;
  environment: AdfDoc | null;
  labels: string[];
  priorityId: string | null;
  assigneeId: string | null;
  reporterId: string | null;
  creatorId: string;
  /** `yyyy-MM-dd` */
  duedate: string | null;
  resolutionId: string | null;
  resolutionDate: number | null;
  created: number;
  updated: number;
  statusCategoryChangeDate: number;
}

export interface StoredComment {
  id: string;
  issueId: string;
  authorId: string;
  updateAuthorId: string;
  body: AdfDoc;
  created: number;
  updated: number;
  visibility?: { type: 'group' | 'role'; value?: string; identifier?: string | null };
  /** Comment properties (entity properties of the comment), in the order they were first set. */
  properties?: StoredProperty[];
}

/**
 * An issue link. Jira's model: the link goes from `sourceId` to `destinationId`, and reads
 * "source <outward> destination" ("OPS-1 causes OPS-2"), "destination <inward> source" ("OPS-2 is caused by OPS-1").
 */
export interface StoredLink {
  id: string;
  typeId: string;
  sourceId: string;
  destinationId: string;
}

export interface StoredRemoteLink {
  id: number;
  issueId: string;
  globalId?: string;
  application?: Record<string, unknown>;
  relationship?: string;
  object: Record<string, unknown>;
}

export interface StoredProperty {
  key: string;
  value: unknown;
}

/** One changelog item, in the shape Jira's changelog and webhook payloads use. */
export interface ChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface StoredHistory {
  id: string;
  issueId: string;
  authorId: string | null;
  created: number;
  items: ChangeItem[];
}

// ---- seeded configuration ---------------------------------------------------------------------------

export interface ProjectConfig {
  id: string;
  key: string;
  name: string;
  description: string;
  leadAccountId: string;
  issueTypeIds: string[];
}

export interface IssueTypeConfig {
  id: string;
  name: string;
  description: string;
  avatarId: number;
  hierarchyLevel: number;
}

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done' | 'undefined';

export interface StatusCategoryConfig {
  id: number;
  key: StatusCategoryKey;
  name: string;
  colorName: string;
}

export interface StatusConfig {
  id: string;
  name: string;
  description: string;
  categoryId: number;
  icon: string;
}

export interface TransitionConfig {
  id: string;
  name: string;
  toStatusId: string;
  /** Global transitions are available from every status (Jira's simplified workflow). */
  isGlobal: boolean;
}

export interface PriorityConfig {
  id: string;
  name: string;
  description: string;
  statusColor: string;
  icon: string;
  isDefault: boolean;
}

export interface ResolutionConfig {
  id: string;
  name: string;
  description: string;
}

export interface LinkTypeConfig {
  id: string;
  name: string;
  inward: string;
  outward: string;
}

export interface UserConfig {
  accountId: string;
  displayName: string;
  email: string | null;
  locale: string;
  timeZone: string;
  accountType: 'atlassian' | 'app';
  canEdit: boolean;
  /** Global Jira administrator. */
  isAdmin?: boolean;
}

/** Everything seeded, as one record (the catalogue changes only by a reset). */
export interface JiraCatalog {
  projects: ProjectConfig[];
  issueTypes: IssueTypeConfig[];
  statusCategories: StatusCategoryConfig[];
  statuses: StatusConfig[];
  transitions: TransitionConfig[];
  priorities: PriorityConfig[];
  resolutions: ResolutionConfig[];
  linkTypes: LinkTypeConfig[];
  users: UserConfig[];
}
