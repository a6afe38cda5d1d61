import { NS, pad, type StoredIssue, type StoredProperty } from '../model';
import { dateFunction, parseJqlDate } from './dates';
import { fieldSpec, UNRESOLVED, type FieldSpec, type JqlEnv, type Scalar } from './fields';
import { JqlError } from './lexer';
import { parseJql, type Clause, type Expr, type FieldRef, type Operand, type Operator } from './parser';

/** A JQL query ready to run: a filter and a total order (the issue id breaks ties). */
export interface CompiledQuery {
  bounded: boolean;
  matches(issue: StoredIssue): boolean;
  sortKey(issue: StoredIssue): SortKey;
  compare(a: SortKey, b: SortKey): number;
}

/** The ORDER BY values of an issue, then its numeric id. */
export type SortKey = Array<Scalar | null>;

const KNOWN_FUNCTIONS = ['currentuser', 'now', 'startofday', 'endofday', 'startofweek', 'endofweek', 'startofmonth', 'endofmonth', 'startofyear', 'endofyear'];

// ---- text search (~) -----------------------------------------------------------------------------------

const words = (s: string): string[] => s.toLowerCase().normalize('NFKC').split(/[^\p{L}\p{N}_]+/u).filter((w) => w.length > 0);

/**
 * Jira's `~` is a word search (stemmed, all words required, `*` for prefixes, a quoted phrase for exact
 * sequences). The sandbox approximates stemming with word-prefix matching, and matches text without word
 * separators (Japanese) as a substring.
 */
export function textMatches(haystack: string, query: string): boolean {
  const text = haystack.toLowerCase().normalize('NFKC');
  const phrase = /^\s*"(.*)"\s*$/s.exec(query);
  if (phrase) return text.replace(/\s+/g, ' ').includes((phrase[1] ?? '').toLowerCase().normalize('NFKC').replace(/\s+/g, ' ').trim());
  const tokens = words(haystack);
  // Query terms are split like the text (so `db-1` looks for `db` and `1`); a trailing `*` asks for a prefix.
  const terms = query.toLowerCase().normalize('NFKC').split(/[^\p{L}\p{N}_*]+/u).filter((w) => w.replace(/\*/g, '').length > 0);
  return terms.every((term) => {
    const stem = term.replace(/\*/g, '');
    if (/[^\x00-\x7f]/.test(stem)) return text.includes(stem);
    return tokens.some((w) => w.startsWith(stem));
  });
}

// ---- issue properties ------------------------------------------------------------------------------------

function propertyValues(env: JqlEnv, issue: StoredIssue, key: string, path: string[]): Scalar[] {
  const stored = env.ctx.store.get<StoredProperty>(NS.properties, `${pad(issue.id)}/${key}`);
  let current: unknown[] = stored ? [stored.value] : [];
  for (const segment of path) {
    current = current.flatMap((v) => (Array.isArray(v) ? v : [v])).map((v) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[segment] : undefined));
  }
  return current
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .flatMap((v): Scalar[] => (typeof v === 'number' || typeof v === 'string' ? [v] : typeof v === 'boolean' ? [String(v)] : []));
}

/** Compares an indexed property value with a literal: numbers numerically, dates as dates, else as strings. */
function comparePropertyValue(value: Scalar, target: Scalar, env: JqlEnv): number | undefined {
  if (typeof value === 'number') {
    const t = typeof target === 'number' ? target : Number(target);
    return Number.isNaN(t) ? undefined : value - t;
  }
  if (typeof target === 'number') {
    const v = Date.parse(value);
    return Number.isNaN(v) ? undefined : v - target;
  }
  const vDate = parseJqlDate(value, env.now);
  const tDate = /^\d{4}[-/]/.test(target) ? parseJqlDate(target, env.now) : undefined;
  if (vDate !== undefined && tDate !== undefined) return vDate - tDate;
  return value < target ? -1 : value > target ? 1 : 0;
}

// ---- compilation -----------------------------------------------------------------------------------------

type Resolved = { targets: Scalar[]; includesEmpty: boolean };

function resolveOperand(operand: Operand, spec: FieldSpec | undefined, fieldName: string, env: JqlEnv): Resolved {
  const out: Resolved = { targets: [], includesEmpty: false };
  const one = (o: Operand): void => {
    if (o.kind === 'empty') out.includesEmpty = true;
    else if (o.kind === 'list') o.items.forEach(one);
    else if (o.kind === 'function') {
      // A property indexed as a user compares with account ids, so currentUser() works there too.
      if (!spec && o.name.toLowerCase() === 'currentuser' && o.args.length === 0) return void out.targets.push(env.caller.accountId);
      const viaField = spec?.fn?.(o.name, o.args, env);
      if (viaField !== undefined && viaField !== 'unknown') return void out.targets.push(...viaField);
      if (viaField === undefined && spec?.fn) return;
      const date = dateFunction(o.name, o.args, env.now);
      if (typeof date === 'number' && (spec?.numeric || !spec)) out.targets.push(date);
      else if (date === 'bad-argument') env.errors.push(`Error in the JQL Query: Invalid argument for the function '${o.name}'.`);
      else if (KNOWN_FUNCTIONS.includes(o.name.toLowerCase())) env.errors.push(`Function '${o.name}' is not supported by the field '${fieldName}'.`);
      else env.errors.push(`Unable to find JQL function '${o.name}(${o.args.join(', ')})'.`);
    } else if (spec?.name === 'resolution' && o.value.toLowerCase() === UNRESOLVED) out.includesEmpty = true;
    else if (spec?.resolve) out.targets.push(...(spec.resolve(o.value, env) ?? []));
    else out.targets.push(o.value);
  };
  one(operand);
  return out;
}

function compileClause(clause: Clause, env: JqlEnv): (issue: StoredIssue) => boolean {
  const never = (): boolean => false;
  const { field, operand } = clause;
  let op: Operator = clause.op;
  // `field = EMPTY` is another spelling of `field IS EMPTY`.
  if (operand.kind === 'empty' && (op === '=' || op === '!=')) op = op === '=' ? 'is' : 'is not';

  if (field.kind === 'property') {
    const values = (issue: StoredIssue) => propertyValues(env, issue, field.key, field.path);
    const { targets, includesEmpty } = resolveOperand(operand, undefined, `issue.property[${field.key}]`, env);
    return predicate(op, values, targets, includesEmpty, (v, t) => comparePropertyValue(v, t, env), true);
  }

  const spec = fieldSpec(field.name);
  if (!spec) {
    env.errors.push(`Field '${field.name}' does not exist or you do not have permission to view it.`);
    return never;
  }
  if (!spec.ops.has(op)) {
    env.errors.push(`The operator '${op.toUpperCase()}' is not supported by the '${field.name}' field.`);
    return never;
  }
  if (spec.text) {
    if (op === 'is' || op === 'is not') return (issue) => (spec.values(issue, env).length === 0) === (op === 'is');
    const query = operand.kind === 'value' ? operand.value : undefined;
    if (query === undefined || query.trim() === '') {
      env.errors.push(query === undefined ? `The operator '${op}' needs a text value for the field '${field.name}'.` : `The field '${field.name}' does not support searching for an empty string.`);
      return never;
    }
    const hit = (issue: StoredIssue): boolean => spec.values(issue, env).some((t) => textMatches(String(t), query));
    return op === '~' ? hit : (issue) => !hit(issue);
  }
  const { targets, includesEmpty } = resolveOperand(operand, spec, field.name, env);
  const numeric = (v: Scalar, t: Scalar): number | undefined => (typeof v === 'number' && typeof t === 'number' ? v - t : undefined);
  return predicate(op, (issue) => spec.values(issue, env), targets, includesEmpty, numeric, false);
}

/**
 * Jira's operator semantics. Note the quirk that `!=` and `NOT IN` never match an issue whose field is empty
 * (`assignee != x` leaves out unassigned issues); only `IS EMPTY` finds those.
 */
function predicate(
  op: Operator,
  values: (issue: StoredIssue) => Scalar[],
  targets: Scalar[],
  includesEmpty: boolean,
  compare: (value: Scalar, target: Scalar) => number | undefined,
  looseEquality: boolean,
): (issue: StoredIssue) => boolean {
  const equal = (v: Scalar): boolean => targets.some((t) => (looseEquality ? compare(v, t) === 0 : v === t));
  switch (op) {
    case '=':
    case 'in':
      return (issue) => {
        const vs = values(issue);
        return vs.length === 0 ? includesEmpty : vs.some(equal);
      };
    case '!=':
    case 'not in':
      return (issue) => {
        const vs = values(issue);
        return vs.length > 0 && !vs.some(equal);
      };
    case 'is':
      return (issue) => values(issue).length === 0;
    case 'is not':
      return (issue) => values(issue).length > 0;
    case '~':
    case '!~':
      return (issue) => values(issue).some((v) => textMatches(String(v), String(targets[0] ?? ''))) === (op === '~');
    default: {
      const target = targets[0];
      if (target === undefined) return () => false;
      const test = (d: number): boolean => (op === '>' ? d > 0 : op === '>=' ? d >= 0 : op === '<' ? d < 0 : d <= 0);
      return (issue) => values(issue).some((v) => {
        const d = compare(v, target);
        return d !== undefined && test(d);
      });
    }
  }
}

function compileExpr(expr: Expr, env: JqlEnv): (issue: StoredIssue) => boolean {
  switch (expr.kind) {
    case 'clause':
      return compileClause(expr, env);
    case 'not': {
      const inner = compileExpr(expr.expr, env);
      return (issue) => !inner(issue);
    }
    case 'and': {
      const items = expr.items.map((e) => compileExpr(e, env));
      return (issue) => items.every((p) => p(issue));
    }
    case 'or': {
      const items = expr.items.map((e) => compileExpr(e, env));
      return (issue) => items.some((p) => p(issue));
    }
  }
}

const MAX_ORDER_BY_FIELDS = 7;

function sortGetter(field: FieldRef, env: JqlEnv): ((issue: StoredIssue) => Scalar | null) | undefined {
  if (field.kind === 'property') return (issue) => propertyValues(env, issue, field.key, field.path)[0] ?? null;
  const spec = fieldSpec(field.name);
  if (!spec) env.errors.push(`Field '${field.name}' does not exist or you do not have permission to view it.`);
  else if (!spec.sortKey) env.errors.push(`Not able to sort using field '${field.name}'.`);
  else return (issue) => spec.sortKey!(issue, env);
  return undefined;
}

/** `null` sorts after every value ascending (and first descending), like an EMPTY field in Jira. */
function compareScalars(a: Scalar | null, b: Scalar | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Parses and checks a query; every problem found is reported together as a {@link JqlError}. */
export function compileJql(jql: string, env: JqlEnv): CompiledQuery {
  const query = parseJql(jql);
  const matches = query.where ? compileExpr(query.where, env) : () => true;
  if (query.orderBy.length > MAX_ORDER_BY_FIELDS) env.errors.push(`The ORDER BY clause can contain at most ${MAX_ORDER_BY_FIELDS} fields.`);
  // Without ORDER BY the newest issue comes first.
  const orderBy = query.orderBy.length > 0 ? query.orderBy : [{ field: { kind: 'field' as const, name: 'key', pos: 0 }, direction: 'DESC' as const }];
  const getters = orderBy.map((s) => ({ get: sortGetter(s.field, env), sign: s.direction === 'DESC' ? -1 : 1 }));
  if (env.errors.length > 0) throw new JqlError([...new Set(env.errors)]);
  return {
    bounded: query.where !== null,
    matches,
    sortKey: (issue) => [...getters.map((g) => g.get?.(issue) ?? null), Number(issue.id)],
    compare(a, b) {
      for (let i = 0; i < getters.length; i++) {
        const d = compareScalars(a[i] ?? null, b[i] ?? null);
        if (d !== 0) return d * (getters[i]?.sign ?? 1);
      }
      return compareScalars(a[getters.length] ?? null, b[getters.length] ?? null) * -1;
    },
  };
}

