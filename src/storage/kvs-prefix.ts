import kvs, { WhereConditions } from '@forge/kvs';

/** KVS query pages hold at most 100 items (https://developer.atlassian.com/platform/forge/storage-reference/kvs-api-query/). */
const PAGE_MAX = 100;

/** The values of every key starting with `prefix`, in key order, each parsed; at most `limit` of them. */
export async function valuesWithPrefix<T>(prefix: string, parse: (value: unknown) => T, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    let q = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(Math.min(PAGE_MAX, limit - out.length));
    if (cursor) q = q.cursor(cursor);
    const page = await q.getMany<unknown>();
    for (const r of page.results) out.push(parse(r.value));
    cursor = page.nextCursor;
  } while (cursor && out.length < limit);
  return out;
}
