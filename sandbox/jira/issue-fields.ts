import { z } from 'zod';
import { NOT_ADF, adfProblems } from './adf-text';
import { parseCommentInput, type CommentInput } from './comments';
import { detailHeader, fail, type Caller, type JiraContext } from './context';
import type { AdfDoc } from './model';
import { accountHas, callerHas } from './permissions';
import { findIssueType, findPriority } from './representations';
import { findUser } from './users';

/** The normalised effect of a create/edit request's `fields` and `update` on the issue record. */
export interface FieldChanges {
  summary?: string;
  description?: AdfDoc | null;
  environment?: AdfDoc | null;
  labels?: string[];
  priorityId?: string | null;
  assigneeId?: string | null;
  reporterId?: string | null;
  duedate?: string | null;
  issueTypeId?: string;
}

export interface ParsedFields {
  changes: FieldChanges;
  /** `update.comment[].add` bodies, with their visibility and properties (edit and transition only). */
  comments: CommentInput[];
}

/** Jira's message for a field that is not on the screen, unknown, or not settable by the caller. */
export const notOnScreen = (field: string): string => `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;

const SUMMARY_MAX = 255;
const LABEL_MAX = 255;

const UpdateOps = z.record(z.string(), z.array(z.record(z.string(), z.unknown())));
const Body = z.object({ fields: z.record(z.string(), z.unknown()).optional(), update: UpdateOps.optional() }).passthrough();

/** Splits a request body into `fields` and `update` (400 when they are not objects). */
export function readBody(raw: unknown): { fields: Record<string, unknown>; update: Record<string, Array<Record<string, unknown>>>; rest: Record<string, unknown> } {
  const parsed = Body.safeParse(raw ?? {});
  if (!parsed.success) fail(400, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const { fields, update, ...rest } = parsed.data;
  return { fields: fields ?? {}, update: update ?? {}, rest };
}

type Errors = Record<string, string>;

function summary(v: unknown, errors: Errors): string | undefined {
  if (typeof v !== 'string' || v.trim() === '') {
    errors['summary'] = 'You must specify a summary of the issue.';
    return undefined;
  }
  if (/[\r\n]/.test(v)) errors['summary'] = 'The summary is invalid because it contains newline characters.';
  else if (v.length > SUMMARY_MAX) errors['summary'] = `Summary must be less than ${SUMMARY_MAX} characters.`;
  else return v;
  return undefined;
}

function adf(field: string, v: unknown, errors: Errors, details: string[]): AdfDoc | null | undefined {
  if (v === null) return null;
  const problems = adfProblems(v);
  if (!problems) return v as AdfDoc;
  errors[field] = NOT_ADF;
  details.push(...problems.map((p) => `${field}: ${p}`));
  return undefined;
}

function label(v: unknown, errors: Errors): string | undefined {
  if (typeof v !== 'string') {
    errors['labels'] = 'Labels must be strings.';
    return undefined;
  }
  if (/\s/.test(v)) errors['labels'] = `The label '${v}' contains spaces which is invalid.`;
  else if (v.length > LABEL_MAX) errors['labels'] = `The label '${v}' exceeds the maximum length for a single label of ${LABEL_MAX} characters.`;
  else if (v.length > 0) return v;
  return undefined;
}

function labels(v: unknown, errors: Errors): string[] | undefined {
  if (!Array.isArray(v)) {
    errors['labels'] = 'Labels must be an array of strings.';
    return undefined;
  }
  const out = v.map((l) => label(l, errors)).filter((l): l is string => l !== undefined);
  return errors['labels'] ? undefined : normaliseLabels(out);
}

/** Jira keeps labels as a set and lists them sorted. */
export const normaliseLabels = (ls: readonly string[]): string[] => [...new Set(ls)].sort();

const accountIdOf = (v: unknown): string | undefined => {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const id = o['accountId'] ?? o['id'];
  return typeof id === 'string' ? id : undefined;
};

function assignee(ctx: JiraContext, v: unknown, errors: Errors): string | null | undefined {
  if (v === null) return null;
  const accountId = accountIdOf(v);
  const user = accountId ? findUser(ctx, accountId) : undefined;
  if (!user) errors['assignee'] = 'Specified user does not exist or you do not have required permissions';
  else if (!accountHas(ctx, user.accountId, 'ASSIGNABLE_USER')) errors['assignee'] = `User '${user.displayName}' cannot be assigned issues.`;
  else return user.accountId;
  return undefined;
}

function reporter(ctx: JiraContext, caller: Caller, v: unknown, errors: Errors): string | null | undefined {
  // Without Modify Reporter the field is not on the caller's screen.
  if (!callerHas(ctx, caller, 'MODIFY_REPORTER')) errors['reporter'] = notOnScreen('reporter');
  else if (v === null) errors['reporter'] = 'Reporter is required.';
  else {
    const accountId = accountIdOf(v);
    if (accountId && findUser(ctx, accountId)) return accountId;
    errors['reporter'] = 'Specified user does not exist or you do not have required permissions';
  }
  return undefined;
}

function duedate(v: unknown, errors: Errors): string | null | undefined {
  if (v === null) return null;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T00:00:00.000Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().startsWith(v)) return v;
  }
  errors['duedate'] = `Error parsing date string: ${String(v)}`;
  return undefined;
}

function priority(ctx: JiraContext, v: unknown, errors: Errors): string | null | undefined {
  if (v === null) return null;
  const ref = v && typeof v === 'object' ? (v as { id?: unknown; name?: unknown }) : {};
  const p = findPriority(ctx, ref);
  if (p) return p.id;
  errors['priority'] = ref.id !== undefined ? `The priority selected is invalid.` : 'Specify the Priority (id or name) in the string format';
  return undefined;
}

/** Fields whose value `set` replaces; everything else a request names is rejected as not on the screen. */
const SETTABLE = new Set(['summary', 'description', 'environment', 'labels', 'priority', 'assignee', 'reporter', 'duedate', 'issuetype']);

/**
 * Validates `fields` and `update` of a create / edit / transition request like Jira: every problem is collected
 * per field and answered together as 400 `{errorMessages: [], errors: {field: message}}`.
 * `handled` names fields the caller already dealt with (project, issuetype on create; resolution on transition).
 */
export function parseFieldChanges(
  ctx: JiraContext,
  caller: Caller,
  body: { fields: Record<string, unknown>; update: Record<string, Array<Record<string, unknown>>> },
  opts: { mode: 'create' | 'edit' | 'transition'; handled?: ReadonlySet<string>; current?: { labels: string[] }; errors?: Errors },
): ParsedFields {
  const errors: Errors = opts.errors ?? {};
  const details: string[] = [];
  const changes: FieldChanges = {};
  const comments: ParsedFields['comments'] = [];
  const settable = opts.mode === 'transition' ? new Set<string>() : SETTABLE;

  const setField = (field: string, v: unknown): void => {
    if (opts.handled?.has(field)) return;
    if (!settable.has(field) || (field === 'issuetype' && opts.mode !== 'edit')) {
      errors[field] = notOnScreen(field);
      return;
    }
    switch (field) {
      case 'summary': { const s = summary(v, errors); if (s !== undefined) changes.summary = s; break; }
      case 'description': { const d = adf('description', v, errors, details); if (d !== undefined) changes.description = d; break; }
      case 'environment': { const d = adf('environment', v, errors, details); if (d !== undefined) changes.environment = d; break; }
      case 'labels': { const l = labels(v, errors); if (l !== undefined) changes.labels = l; break; }
      case 'priority': { const p = priority(ctx, v, errors); if (p !== undefined) changes.priorityId = p; break; }
      case 'assignee': { const a = assignee(ctx, v, errors); if (a !== undefined) changes.assigneeId = a; break; }
      case 'reporter': { const r = reporter(ctx, caller, v, errors); if (r !== undefined) changes.reporterId = r; break; }
      case 'duedate': { const d = duedate(v, errors); if (d !== undefined) changes.duedate = d; break; }
      case 'issuetype': {
        const t = v && typeof v === 'object' ? findIssueType(ctx, v as { id?: unknown; name?: unknown }) : undefined;
        if (t) changes.issueTypeId = t.id;
        else errors['issuetype'] = 'The issue type selected is invalid.';
        break;
      }
    }
  };

  for (const [field, value] of Object.entries(body.fields)) {
    if (field in body.update) errors[field] = `Field '${field}' cannot be set in both 'fields' and 'update'.`;
    else setField(field, value);
  }

  let labelSet = opts.current ? [...opts.current.labels] : [];
  for (const [field, operations] of Object.entries(body.update)) {
    if (field === 'comment' && opts.mode !== 'create') {
      for (const op of operations) {
        if ('add' in op) comments.push(parseCommentInput(op['add']));
        else errors['comment'] = `Operation '${Object.keys(op)[0] ?? ''}' is not supported for field 'comment'; use 'add'.`;
      }
      continue;
    }
    for (const op of operations) {
      const [verb, value] = Object.entries(op)[0] ?? ['', undefined];
      if (field === 'labels' && settable.has('labels') && (verb === 'add' || verb === 'remove')) {
        const l = label(value, errors);
        if (l !== undefined) labelSet = verb === 'add' ? [...labelSet, l] : labelSet.filter((x) => x !== l);
        changes.labels = normaliseLabels(labelSet);
      } else if (verb === 'set') {
        setField(field, value);
        if (field === 'labels' && changes.labels) labelSet = [...changes.labels];
      } else if (!settable.has(field) || opts.handled?.has(field)) {
        if (!opts.handled?.has(field)) errors[field] = notOnScreen(field);
      } else {
        errors[field] = `The operation '${verb}' is not supported for the field '${field}'.`;
      }
    }
  }

  if (Object.keys(errors).length > 0) {
    fail(400, [], errors, detailHeader(details));
  }
  return { changes, comments };
}
