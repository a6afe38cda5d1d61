/**
 * The checks a save makes against the site, as the saving admin: the project, its issue types, the priorities, the
 * space and the parent pages must exist (and be visible to the admin). Each failure is a field problem, shown next
 * to the field, like a schema problem.
 */
import type { FieldProblem } from '../../shared/resolver-result';
import type { Settings } from '../../shared/settings';
import type { SiteCatalogue } from './admin-ports';

const PARENT_FIELDS = ['incidentsParentPageId', 'retrospectivesParentPageId', 'readingSessionsParentPageId'] as const;

const sameName = (a: string, b: string): boolean => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

export async function checkSettingsOnSite(settings: Settings, site: SiteCatalogue): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const problem = (field: keyof Settings, message: string, path: string = field): void => void problems.push({ field, path, message });

  const [project, priorities, space] = await Promise.all([site.project(settings.jiraProjectKey), site.priorities(), site.space(settings.confluenceSpaceKey)]);

  if (!project) {
    problem('jiraProjectKey', `No Jira project ${settings.jiraProjectKey} that you can see.`);
  } else {
    const names = project.issueTypes.map((t) => t.name);
    for (const field of ['incidentIssueType', 'taskIssueType'] as const) {
      if (!names.some((n) => sameName(n, settings[field]))) problem(field, `Project ${project.key} has no issue type "${settings[field]}" (it has: ${names.join(', ')}).`);
    }
  }

  const priorityNames = priorities.map((p) => p.name);
  for (const [level, name] of Object.entries(settings.priorityByLevel)) {
    if (!priorityNames.some((n) => sameName(n, name))) problem('priorityByLevel', `Jira has no priority "${name}" (it has: ${priorityNames.join(', ')}).`, `priorityByLevel.${level}`);
  }

  if (!space) {
    problem('confluenceSpaceKey', `No Confluence space ${settings.confluenceSpaceKey} that you can see.`);
  } else {
    const parents = PARENT_FIELDS.flatMap((field) => (settings[field] ? [{ field, id: settings[field] }] : []));
    const pages = await Promise.all(parents.map((p) => site.page(p.id)));
    parents.forEach(({ field, id }, i) => {
      const page = pages[i];
      if (!page) problem(field, `No Confluence page ${id} that you can see.`);
      else if (page.spaceId !== space.id) problem(field, `Page "${page.title}" is not in space ${space.key}.`);
    });
  }
  return problems;
}
