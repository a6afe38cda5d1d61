/** The gate in front of every admin-page use case: the caller administers Jira, asked as the caller (DESIGN 4). */
import type { ResolverError } from '../../shared/resolver-result';
import type { AdminAccess } from './admin-ports';

/** The refusal for a caller who is not a Jira administrator, or undefined for one who is. */
export async function refuseUnlessJiraAdmin(access: Pick<AdminAccess, 'isJiraAdmin'>): Promise<{ ok: false; error: ResolverError } | undefined> {
  return (await access.isJiraAdmin()) ? undefined : { ok: false, error: { code: 'admin-only', message: 'Only Jira administrators can use Kaizen settings.' } };
}
