/** The admin page's alert sources and whether each has been heard from. Jira administrators only, checked as the user. */
import { SOURCE_IDS } from '../domain/alert';
import { connectionOf, type GetSourcesData } from '../shared/source-status';
import { fail, ok, type ResolverResult } from '../shared/resolver-result';
import type { SourceStatusRead, UserAccess } from './ui-ports';

export interface ListSourcesDeps {
  access: Pick<UserAccess, 'isJiraAdmin'>;
  statusOf: SourceStatusRead;
}

export async function listSources(deps: ListSourcesDeps): Promise<ResolverResult<GetSourcesData>> {
  if (!(await deps.access.isJiraAdmin())) return fail('admin-only', 'Only Jira administrators can see Kaizen settings.');
  const sources = await Promise.all(
    SOURCE_IDS.map(async (source) => {
      const status = await deps.statusOf(source);
      return {
        source,
        connection: connectionOf(status),
        ...(status.lastTestAt ? { lastTestAt: status.lastTestAt } : {}),
        ...(status.lastAlertAt ? { lastAlertAt: status.lastAlertAt } : {}),
      };
    }),
  );
  return ok({ sources });
}
