import { SANDBOX_USERS, type Actor } from '../core/product';

/**
 * Who a plain HTTP request to the emulated REST APIs acts as (curl, scripts, the browser host):
 *  - `Authorization: Basic <email:anything>` → that seeded user (as Atlassian's basic auth with an API token);
 *  - `X-Sandbox-User: <accountId>` → that user, or `app` → the app itself;
 *  - nothing → the first seeded user, so `curl` works without ceremony (a deliberate convenience: the cloud
 *    would answer 401; send `X-Sandbox-User: anonymous` to see that).
 * Returns undefined for credentials that name nobody (→ 401).
 */
export function actorFromHeaders(headers: Record<string, string>): Actor | undefined {
  const named = headers['x-sandbox-user'];
  if (named) {
    if (named === 'app') return { kind: 'app' };
    if (named === 'anonymous') return { kind: 'anonymous' };
    return SANDBOX_USERS.some((u) => u.accountId === named) ? { kind: 'user', accountId: named } : undefined;
  }
  const auth = headers['authorization'];
  if (auth?.startsWith('Basic ')) {
    const email = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')[0];
    const user = SANDBOX_USERS.find((u) => u.email === email);
    return user ? { kind: 'user', accountId: user.accountId } : undefined;
  }
  return { kind: 'user', accountId: SANDBOX_USERS[0]!.accountId };
}
