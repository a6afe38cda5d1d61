import { CqlSyntaxError } from './cql-lexer';
import type { CqlExpr, CqlOp, CqlOrder, CqlQuery, CqlValue } from './cql-parser';
import type { PageRecord } from './model';

/**
 * Evaluates a parsed CQL query against pages. Supported fields and operators:
 *
 * | field                     | operators                          |
 * |---------------------------|------------------------------------|
 * | type                      | = != in, not in (only `page` exists) |
 * | space, space.key, space.id| = != in, not in                    |
 * | title                     | = != in, not in (case-insensitive), ~ !~ (text) |
 * | label                     | = != in, not in                    |
 * | ancestor, parent          | = != in, not in (page ids)         |
 * | id, content               | = != in, not in                    |
 * | text                      | ~ !~ (title, body and labels)      |
 * | created, lastmodified     | = != > >= < <= (a date `yyyy-mm-dd[ hh:mm]` or `now("-2d")`) |
 * | creator, contributor      | = != in, not in (account id or `currentUser()`) |
 *
 * ORDER BY: created, lastmodified, title, id (ASC default). Anything else is a 400 naming what is unsupported.
 *
 * `~` is a word match, as Confluence's index does it: every word of the query must appear as a word of the
 * field (case-insensitive, a trailing plural `s`/`es` ignored, `*` at the end of a word for a prefix);
 * Japanese and Chinese text, which has no spaces between words, matches as a substring.
 */

/** What a page looks like to the search. */
export interface SearchDoc {
  page: PageRecord;
  spaceKey: string;
  labels: string[];
  /** ids, root first */
  ancestors: string[];
  bodyText: string;
  /** account ids of every version's author */
  contributors: string[];
}

/** What a query may refer to besides the documents: `currentUser()` and `now()`. */
export interface EvalEnv {
  callerAccountId: string;
  now: Date;
}

type Predicate = (d: SearchDoc) => boolean;

/** Valid CQL that uses a field, operator or function outside the emulated subset (answered 400). */
export class CqlUnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CqlUnsupportedError';
  }
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('es')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Word match used by `~`. */
export function textMatches(haystack: string, query: string): boolean {
  const lower = haystack.toLowerCase();
  const words = new Set(lower.split(/[^\p{L}\p{N}_]+/u).filter(Boolean).map(stem));
  const terms = query.toLowerCase().split(/\s+/).map((t) => t.replace(/^[^\p{L}\p{N}*]+|[^\p{L}\p{N}*]+$/gu, '')).filter(Boolean);
  if (terms.length === 0) return false;
  return terms.every((term) => {
    if (CJK.test(term)) return lower.includes(term.replace(/\*/g, ''));
    if (term.endsWith('*')) {
      const prefix = term.slice(0, -1);
      return [...lower.split(/[^\p{L}\p{N}_]+/u)].some((w) => w.startsWith(prefix));
    }
    return words.has(stem(term));
  });
}

function literal(v: CqlValue, env: EvalEnv, field: string): string {
  if (v.kind === 'literal') return v.text;
  if (v.name === 'currentuser' && v.args.length === 0) return env.callerAccountId;
  throw new CqlUnsupportedError(`Function ${v.name}() is not supported for field '${field}'`);
}

/** `now("-2d")`, `now()`, or a date literal, as epoch millis. */
function dateValue(v: CqlValue, env: EvalEnv): number {
  if (v.kind === 'function') {
    if (v.name !== 'now') throw new CqlUnsupportedError(`Function ${v.name}() is not supported in date clauses (use now("-1d") or a date)`);
    const offset = v.args[0] ?? '';
    if (offset === '') return env.now.getTime();
    const m = /^([+-]?)(\d+)([mhdw])$/.exec(offset.replace(/\s+/g, ''));
    if (!m) throw new CqlUnsupportedError(`Unsupported now() offset: ${offset}`);
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[3] as 'm' | 'h' | 'd' | 'w'];
    return env.now.getTime() + (m[1] === '-' ? -1 : 1) * Number(m[2]) * unit;
  }
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(v.text);
  if (!m) throw new CqlUnsupportedError(`Invalid date: '${v.text}' (use yyyy-mm-dd, yyyy/mm/dd or "yyyy-mm-dd hh:mm")`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
}

const EQUALITY: readonly CqlOp[] = ['=', '!=', 'in', 'not in'];

/** A predicate for `=`/`!=`/`in`/`not in` over a multi-valued attribute. */
function setClause(op: CqlOp, field: string, wanted: string[], values: (d: SearchDoc) => string[], normalise: (s: string) => string = (s) => s): Predicate {
  if (!EQUALITY.includes(op)) throw new CqlUnsupportedError(`Operator '${op}' is not supported for field '${field}'`);
  const want = new Set(wanted.map(normalise));
  const hit = (d: SearchDoc): boolean => values(d).some((v) => want.has(normalise(v)));
  return op === '=' || op === 'in' ? hit : (d) => !hit(d);
}

function compileClause(c: Extract<CqlExpr, { kind: 'clause' }>, env: EvalEnv): Predicate {
  const { field, op } = c;
  const strings = (): string[] => c.values.map((v) => literal(v, env, field));
  const lower = (s: string): string => s.toLowerCase();
  switch (field) {
    case 'type':
      return setClause(op, field, strings(), () => ['page'], lower);
    case 'space':
    case 'space.key':
      return setClause(op, field, strings(), (d) => [d.spaceKey]);
    case 'space.id':
      return setClause(op, field, strings(), (d) => [d.page.spaceId]);
    case 'label':
      return setClause(op, field, strings().map((l) => l.replace(/^global:/i, '')), (d) => d.labels, lower);
    case 'ancestor':
      return setClause(op, field, strings(), (d) => d.ancestors);
    case 'parent':
      return setClause(op, field, strings(), (d) => (d.page.parentId ? [d.page.parentId] : []));
    case 'id':
    case 'content':
      return setClause(op, field, strings(), (d) => [d.page.id]);
    case 'creator':
      return setClause(op, field, strings(), (d) => [d.page.authorId]);
    case 'contributor':
      return setClause(op, field, strings(), (d) => d.contributors);
    case 'title':
    case 'text': {
      if (op === '~' || op === '!~') {
        const q = strings()[0] ?? '';
        const haystack = (d: SearchDoc): string => (field === 'title' ? d.page.title : `${d.page.title}\n${d.bodyText}\n${d.labels.join(' ')}`);
        return op === '~' ? (d) => textMatches(haystack(d), q) : (d) => !textMatches(haystack(d), q);
      }
      if (field === 'text') throw new CqlUnsupportedError(`Operator '${op}' is not supported for field 'text' (use ~ or !~)`);
      return setClause(op, field, strings(), (d) => [d.page.title], lower);
    }
    case 'created':
    case 'lastmodified': {
      if (c.values.length !== 1) throw new CqlUnsupportedError(`Operator '${op}' is not supported for field '${field}'`);
      const at = dateValue(c.values[0] as CqlValue, env);
      const of = (d: SearchDoc): number => Date.parse(field === 'created' ? d.page.createdAt : d.page.version.createdAt);
      const dateOnly = c.values[0]?.kind === 'literal' && !/\d{2}:\d{2}$/.test(c.values[0].text);
      const sameDay = (t: number): boolean => dateOnly && t >= at && t < at + 86_400_000;
      const compare: Partial<Record<CqlOp, (t: number) => boolean>> = {
        '=': (t) => (dateOnly ? sameDay(t) : t === at),
        '!=': (t) => (dateOnly ? !sameDay(t) : t !== at),
        '>': (t) => t > (dateOnly ? at + 86_399_999 : at),
        '>=': (t) => t >= at,
        '<': (t) => t < at,
        '<=': (t) => t <= (dateOnly ? at + 86_399_999 : at),
      };
      const test = compare[op];
      if (!test) throw new CqlUnsupportedError(`Operator '${op}' is not supported for field '${field}'`);
      return (d) => test(of(d));
    }
    default:
      throw new CqlUnsupportedError(
        `Unsupported CQL field '${c.field}' at position ${c.pos}; the sandbox supports type, space, space.key, space.id, title, label, ancestor, parent, id, content, text, created, lastmodified, creator, contributor`,
      );
  }
}

/** Compiles a parsed expression into a predicate; throws {@link CqlUnsupportedError} for what is not emulated. */
export function compileCql(expr: CqlExpr | null, env: EvalEnv): Predicate {
  if (!expr) return () => true;
  switch (expr.kind) {
    case 'and': {
      const l = compileCql(expr.left, env);
      const r = compileCql(expr.right, env);
      return (d) => l(d) && r(d);
    }
    case 'or': {
      const l = compileCql(expr.left, env);
      const r = compileCql(expr.right, env);
      return (d) => l(d) || r(d);
    }
    case 'not': {
      const inner = compileCql(expr.expr, env);
      return (d) => !inner(d);
    }
    case 'clause':
      return compileClause(expr, env);
  }
}

const ORDER_KEYS: Record<string, (d: SearchDoc) => string | number> = {
  created: (d) => d.page.createdAt,
  lastmodified: (d) => d.page.version.createdAt,
  title: (d) => d.page.title.toLowerCase(),
  id: (d) => Number(d.page.id),
};

/** Comparator for ORDER BY; without one, results come in id order (the cloud's default is relevance). */
export function orderComparator(orderBy: CqlOrder[]): (a: SearchDoc, b: SearchDoc) => number {
  for (const o of orderBy) {
    if (!ORDER_KEYS[o.field]) throw new CqlUnsupportedError(`Unsupported ORDER BY field '${o.field}'; the sandbox supports created, lastmodified, title, id`);
  }
  const keys = [...orderBy, { field: 'id', descending: false }];
  return (a, b) => {
    for (const o of keys) {
      const key = ORDER_KEYS[o.field] as (d: SearchDoc) => string | number;
      const x = key(a);
      const y = key(b);
      if (x !== y) return (x < y ? -1 : 1) * (o.descending ? -1 : 1);
    }
    return 0;
  };
}

/** Filters and orders documents by a parsed query. */
export function runCql(query: CqlQuery, docs: SearchDoc[], env: EvalEnv): SearchDoc[] {
  const predicate = compileCql(query.where, env);
  return docs.filter(predicate).sort(orderComparator(query.orderBy));
}

export { CqlSyntaxError };
