/**
 * Short exclusive leases in a custom-entity row (`lease`), for work that must not run twice at once (one source's
 * credential change, one dead letter's replay). A lease is taken with ONE conditional write — the row does not exist
 * or its `until` has passed — and released with a delete conditional on still being its `owner`, so a holder never
 * releases someone else's lease.
 *
 * Why not a plain key written `FAIL_IF_EXISTS` with a TTL: KVS deletes expired keys asynchronously, up to 48 h late,
 * and they may still be read meanwhile, so a holder that crashed would block everyone for up to two days; and the
 * error KVS answers for an existing key is undocumented. Here expiry is the `until` the condition compares, exact to
 * the clock, and a failed take is confirmed by reading the row, not inferred from a status code.
 * https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/#ttl,
 * https://developer.atlassian.com/platform/forge/storage-reference/kvs-transactions/
 */
import kvs, { Filter, FilterConditions, ForgeKvsAPIError } from '@forge/kvs';
import { randomUUID } from 'node:crypto';

export const LEASE_ENTITY = 'lease';

interface LeaseRow {
  owner: string;
  /** Epoch milliseconds (a `float` attribute: an `integer` is 32-bit). */
  until: number;
}

export interface Lease {
  key: string;
  owner: string;
  until: number;
}

type Transaction = ReturnType<typeof kvs.transact>;

/**
 * Takes the lease `key` for `durationMs`: the lease, or undefined when someone else holds it now. Throws when the
 * write failed for another reason.
 */
export async function takeLease(key: string, durationMs: number): Promise<Lease | undefined> {
  const owner = randomUUID();
  for (let attempt = 0; ; attempt++) {
    const now = Date.now();
    const lease: Lease = { key, owner, until: now + durationMs };
    try {
      await kvs
        .transact()
        .set<LeaseRow>(key, { owner, until: lease.until }, {
          entityName: LEASE_ENTITY,
          conditions: new Filter<LeaseRow>().or('until', FilterConditions.notExists()).or('until', FilterConditions.lessThan(now)),
        })
        .execute();
      return lease;
    } catch (e) {
      if (!(e instanceof ForgeKvsAPIError)) throw e;
      // the code of an unmet condition is undocumented: read the row to know whether someone holds the lease
      const held = await kvs.entity<LeaseRow>(LEASE_ENTITY).get(key);
      if (held && held.until >= Date.now()) return undefined;
      // free now (released or expired in between): once more, then the failure was not the condition
      if (attempt >= 1) throw e;
    }
  }
}

/** Releases `lease` unless it has passed to someone else (then there is nothing of ours to release). */
export async function releaseLease(lease: Lease): Promise<void> {
  try {
    await releasingLease(kvs.transact(), lease).execute();
  } catch (e) {
    const held = await kvs.entity<LeaseRow>(LEASE_ENTITY).get(lease.key);
    if (held?.owner === lease.owner) throw e;
  }
}

/** Adds the release of `lease` to a transaction, so the work it guarded and the release commit together. */
export const releasingLease = (tx: Transaction, lease: Lease): Transaction =>
  tx.delete<LeaseRow>(lease.key, { entityName: LEASE_ENTITY, conditions: new Filter<LeaseRow>().and('owner', FilterConditions.equalTo(lease.owner)) });

/** Whether `lease` is still ours for at least `marginMs` (checked before a write the lease guards). */
export const stillHeld = (lease: Lease, marginMs: number): boolean => Date.now() + marginMs < lease.until;
