/**
 * What the admin can pick from, asked as the admin: projects, the issue types of the chosen project, priorities,
 * spaces, and pages of the chosen space (by title). Without a project or space in the request, the ones in force.
 */
import type { SettingsOptions } from '../../shared/admin';
import { ok, type ResolverResult } from '../../shared/resolver-result';
import type { SettingsStore, SiteCatalogue } from './admin-ports';

export async function getSettingsOptions(
  request: { projectKey?: string | undefined; spaceKey?: string | undefined; pageQuery?: string | undefined },
  deps: { site: SiteCatalogue; store: Pick<SettingsStore, 'load'> },
): Promise<ResolverResult<SettingsOptions>> {
  const inForce = request.projectKey && request.spaceKey ? undefined : (await deps.store.load()).settings;
  const projectKey = request.projectKey ?? inForce?.jiraProjectKey ?? '';
  const spaceKey = request.spaceKey ?? inForce?.confluenceSpaceKey ?? '';
  const query = request.pageQuery?.trim() || undefined;
  const [projects, project, priorities, spaces, pages] = await Promise.all([
    deps.site.projects(),
    projectKey ? deps.site.project(projectKey) : undefined,
    deps.site.priorities(),
    deps.site.spaces(),
    spaceKey ? deps.site.pages(spaceKey, query) : [],
  ]);
  return ok({
    projects,
    issueTypes: project?.issueTypes ?? [],
    priorities,
    spaces: spaces.map(({ key, name }) => ({ key, name })),
    pages,
  });
}
