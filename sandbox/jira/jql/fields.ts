import { adfToText } from '../adf-text';
import { commentsOf } from '../comments';
import { lookupIssue, type Caller, type JiraContext } from '../context';
import type { StoredIssue } from '../model';
import { findUser } from '../users';
import { parseJqlDate } from './dates';
import type { Operator } from './parser';

/**
 * The JQL fields the emulator searches, keyed by every clause name Jira accepts for them. Each field maps an issue
 * to its values (an empty list is EMPTY) and resolves literals to comparable values, reporting Jira's messages for
 * values that do not exist.
 */

export type Scalar = string | number;

/** What a field needs while a query is compiled and run. */
export interface JqlEnv {
  ctx: JiraContext;
  caller: Caller;
  now: Date;
  errors: string[];
}

export interface FieldSpec {
  /** The name Jira uses in messages. */
  name: string;
  ops: ReadonlySet<Operator>;
  values(issue: StoredIssue, env: JqlEnv): Scalar[];
  /** Resolves a literal (or function result) to the values it stands for; undefined after reporting an error. */
  resolve?(literal: string, env: JqlEnv): Scalar[] | undefined;
  /** Functions the field accepts, e.g. currentUser(). */
  fn?(name: string, args: string[], env: JqlEnv): Scalar[] | undefined | 'unknown';
  /** The value ORDER BY uses; absent when the field cannot be sorted. */
  sortKey?(issue: StoredIssue, env: JqlEnv): Scalar | null;
  /** Text fields are matched with ~ rather than compared. */
  text?: boolean;
  /** Values compare as numbers (dates, priorities, keys). */
  numeric?: boolean;
}

const EQUALITY: Operator[] = ['=', '!=', 'in', 'not in'];
const EMPTINESS: Operator[] = ['is', 'is not'];
const ORDERING: Operator[] = ['>', '>=', '<', '<='];
const ops = (...groups: Operator[][]): ReadonlySet<Operator> => new Set(groups.flat());

export const noSuchValue = (value: string, field: string): string => `The value '${value}' does not exist for the field '${field}'.`;

/** Resolves against named catalogue entries by id or (case-insensitive) name. */
function byIdOrName(field: string, items: (env: JqlEnv) => Array<{ id: string | number; names: string[] }>) {
  return (literal: string, env: JqlEnv): Scalar[] | undefined => {
    const lower = literal.toLowerCase();
    const found = items(env).filter((i) => String(i.id) === literal || i.names.some((n) => n.toLowerCase() === lower));
    if (found.length === 0) {
      env.errors.push(noSuchValue(literal, field));
      return undefined;
    }
    return found.map((i) => String(i.id));
  };
}

/** Keys compare within a project by number, so each key becomes `project id * 1e9 + number`. */
function keyValue(issue: StoredIssue): number {
  const n = Number(issue.key.split('-').pop());
  return Number(issue.projectId) * 1e9 + n;
}

const keyField: FieldSpec = {
  name: 'key',
  ops: ops(EQUALITY, ORDERING),
  numeric: true,
  values: (issue) => [keyValue(issue)],
  resolve(literal, env) {
    const issue = lookupIssue(env.ctx, literal);
    if (issue) return [keyValue(issue)];
    const m = /^([A-Z][A-Z0-9_]*)-(\d+)$/i.exec(literal);
    const project = m ? env.ctx.catalog().projects.find((p) => p.key === m[1]?.toUpperCase()) : undefined;
    if (project || /^\d+$/.test(literal)) env.errors.push(`An issue with key '${literal}' does not exist for field 'key'.`);
    else env.errors.push(`The issue key '${literal}' for field 'key' is invalid.`);
    return undefined;
  },
  sortKey: (issue) => keyValue(issue),
};

const userField = (name: 'assignee' | 'reporter' | 'creator', get: (i: StoredIssue) => string | null): FieldSpec => ({
  name,
  ops: ops(EQUALITY, name === 'creator' ? [] : EMPTINESS),
  values: (issue) => {
    const v = get(issue);
    return v ? [v] : [];
  },
  resolve(literal, env) {
    if (findUser(env.ctx, literal)) return [literal];
    env.errors.push(noSuchValue(literal, name));
    return undefined;
  },
  fn(fnName, args, env) {
    if (fnName.toLowerCase() !== 'currentuser') return 'unknown';
    if (args.length > 0) env.errors.push(`Function 'currentUser' expected '0' arguments but received '${args.length}'.`);
    return [env.caller.accountId];
  },
  sortKey: (issue, env) => {
    const v = get(issue);
    return v ? (findUser(env.ctx, v)?.displayName ?? v).toLowerCase() : null;
  },
});

const dateField = (name: string, get: (i: StoredIssue) => number | null, emptiable: boolean): FieldSpec => ({
  name,
  ops: ops(EQUALITY, ORDERING, emptiable ? EMPTINESS : []),
  numeric: true,
  values: (issue) => {
    const v = get(issue);
    return v === null ? [] : [v];
  },
  resolve(literal, env) {
    const ms = parseJqlDate(literal, env.now);
    if (ms !== undefined) return [ms];
    env.errors.push(
      `Date value '${literal}' for field '${name}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
    );
    return undefined;
  },
  sortKey: (issue) => get(issue),
});

const textField = (name: string, get: (i: StoredIssue, env: JqlEnv) => string[], emptiable: boolean, sortable: boolean): FieldSpec => ({
  name,
  ops: ops(['~', '!~'], emptiable ? EMPTINESS : []),
  text: true,
  values: (issue, env) => get(issue, env).filter((t) => t.length > 0),
  ...(sortable ? { sortKey: (issue: StoredIssue, env: JqlEnv) => (get(issue, env)[0] ?? '').toLowerCase() } : {}),
});

const dueDateMs = (i: StoredIssue): number | null => (i.duedate ? Date.parse(`${i.duedate}T00:00:00.000Z`) : null);
const commentTexts = (i: StoredIssue, env: JqlEnv): string[] => commentsOf(env.ctx, i.id).map((c) => adfToText(c.body));

/** Priorities compare by importance: Highest > High > … > Lowest. */
const priorityRank = (env: JqlEnv, id: string | null): number | null => {
  const list = env.ctx.catalog().priorities;
  const index = list.findIndex((p) => p.id === id);
  return index < 0 ? null : list.length - index;
};

const FIELD_SPECS: Array<[string[], FieldSpec]> = [
  [['project'], {
    name: 'project',
    ops: ops(EQUALITY),
    values: (i) => [i.projectId],
    resolve: byIdOrName('project', (env) => env.ctx.catalog().projects.map((p) => ({ id: p.id, names: [p.key, p.name] }))),
    sortKey: (i, env) => env.ctx.catalog().projects.find((p) => p.id === i.projectId)?.key ?? null,
  }],
  [['key', 'issuekey', 'id', 'issue'], keyField],
  [['issuetype', 'type'], {
    name: 'issuetype',
    ops: ops(EQUALITY),
    values: (i) => [i.issueTypeId],
    resolve: byIdOrName('issuetype', (env) => env.ctx.catalog().issueTypes.map((t) => ({ id: t.id, names: [t.name] }))),
    sortKey: (i, env) => env.ctx.catalog().issueTypes.find((t) => t.id === i.issueTypeId)?.name ?? null,
  }],
  [['status'], {
    name: 'status',
    ops: ops(EQUALITY),
    values: (i) => [i.statusId],
    resolve: byIdOrName('status', (env) => env.ctx.catalog().statuses.map((s) => ({ id: s.id, names: [s.name] }))),
    // Statuses sort in workflow order (To Do, In Progress, Done).
    sortKey: (i, env) => env.ctx.catalog().statuses.findIndex((s) => s.id === i.statusId),
  }],
  [['statuscategory'], {
    name: 'statusCategory',
    ops: ops(EQUALITY),
    values: (i, env) => {
      const s = env.ctx.catalog().statuses.find((x) => x.id === i.statusId);
      return s ? [String(s.categoryId)] : [];
    },
    resolve: byIdOrName('statusCategory', (env) => env.ctx.catalog().statusCategories.map((c) => ({ id: c.id, names: [c.name, c.key] }))),
  }],
  [['labels'], {
    name: 'labels',
    ops: ops(EQUALITY, EMPTINESS),
    // Label matching ignores case.
    values: (i) => i.labels.map((l) => l.toLowerCase()),
    resolve: (literal) => [literal.toLowerCase()],
  }],
  [['priority'], {
    name: 'priority',
    ops: ops(EQUALITY, ORDERING, EMPTINESS),
    numeric: true,
    values: (i, env) => {
      const r = priorityRank(env, i.priorityId);
      return r === null ? [] : [r];
    },
    resolve(literal, env) {
      const ids = byIdOrName('priority', (e) => e.ctx.catalog().priorities.map((p) => ({ id: p.id, names: [p.name] })))(literal, env);
      return ids?.map((id) => priorityRank(env, String(id)) ?? 0);
    },
    sortKey: (i, env) => priorityRank(env, i.priorityId),
  }],
  [['resolution'], {
    name: 'resolution',
    ops: ops(EQUALITY, EMPTINESS),
    values: (i) => (i.resolutionId ? [i.resolutionId] : []),
    resolve: byIdOrName('resolution', (env) => env.ctx.catalog().resolutions.map((r) => ({ id: r.id, names: [r.name] }))),
    sortKey: (i, env) => env.ctx.catalog().resolutions.find((r) => r.id === i.resolutionId)?.name ?? null,
  }],
  [['assignee'], userField('assignee', (i) => i.assigneeId)],
  [['reporter'], userField('reporter', (i) => i.reporterId)],
  [['creator'], userField('creator', (i) => i.creatorId)],
  [['created', 'createddate'], dateField('created', (i) => i.created, false)],
  [['updated', 'updateddate'], dateField('updated', (i) => i.updated, false)],
  [['duedate', 'due'], dateField('duedate', dueDateMs, true)],
  [['resolutiondate', 'resolved'], dateField('resolutiondate', (i) => i.resolutionDate, true)],
  [['statuscategorychangeddate'], dateField('statusCategoryChangedDate', (i) => i.statusCategoryChangeDate, false)],
  [['summary'], textField('summary', (i) => [i.summary], false, true)],
  [['description'], textField('description', (i) => [adfToText(i.description)], true, false)],
  [['environment'], textField('environment', (i) => [adfToText(i.environment)], true, false)],
  [['comment'], textField('comment', commentTexts, false, false)],
  [['text'], textField('text', (i, env) => [i.summary, adfToText(i.description), adfToText(i.environment), ...commentTexts(i, env)], false, false)],
];

const BY_NAME = new Map<string, FieldSpec>(FIELD_SPECS.flatMap(([names, spec]) => names.map((n) => [n, spec] as const)));

export function fieldSpec(name: string): FieldSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** `resolution = Unresolved` is Jira's spelling of `resolution is EMPTY`. */
export const UNRESOLVED = 'unresolved';
