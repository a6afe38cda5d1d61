/**
 * The checks a save makes against the site, as the saving admin: the project, its issue types, the priorities, the
 * space and the parent pages must exist (and be visible to the admin). Each failure is a field problem, shown next
 * to the field, like a schema problem: a code with the names not found (and the names there are), which the UI
 * says in the user's language, and the same as an English sentence for logs and support.
 */
import type { FieldProblem, FieldProblemCode } from '../../shared/resolver-result';
import type { Settings } from '../../shared/settings';
import type { SiteCatalogue } from './admin-ports';

const PARENT_FIELDS = ['incidentsParentPageId', 'retrospectivesParentPageId', 'readingSessionsParentPageId'] as const;

/**
 * Exactly as Jira spells it: what is stored is what intake sends as `issuetype.name` / `priority.name`, so a name
 * that only looks the same (full-width `Ｉｎｃｉｄｅｎｔ` from an input method, a zero-width space, another case) is
 * refused here, with the names that exist, rather than accepted and refused by Jira on the next alert.
 */
const sameName = (a: string, b: string): boolean => a === b;

export async function checkSettingsOnSite(settings: Settings, site: SiteCatalogue): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const problem = (field: keyof Settings, code: FieldProblemCode, params: Record<string, string>, message: string, path: string = field): void =>
    void problems.push({ field, path, message, code, params });

  const [project, priorities, space] = await Promise.all([site.project(settings.jiraProjectKey), site.priorities(), site.space(settings.confluenceSpaceKey)]);

  if (!project) {
    const key = settings.jiraProjectKey;
    problem('jiraProjectKey', 'no-project', { key }, `No Jira project ${key} that you can see.`);
  } else {
    const names = project.issueTypes.map((t) => t.name).join(', ');
    for (const field of ['incidentIssueType', 'taskIssueType'] as const) {
      const name = settings[field];
      if (!project.issueTypes.some((t) => sameName(t.name, name))) problem(field, 'no-issue-type', { project: project.key, name, names }, `Project ${project.key} has no issue type "${name}" (it has: ${names}).`);
    }
  }

  const priorityNames = priorities.map((p) => p.name).join(', ');
  for (const [level, name] of Object.entries(settings.priorityByLevel)) {
    if (!priorities.some((p) => sameName(p.name, name))) problem('priorityByLevel', 'no-priority', { name, names: priorityNames }, `Jira has no priority "${name}" (it has: ${priorityNames}).`, `priorityByLevel.${level}`);
  }

  if (!space) {
    const key = settings.confluenceSpaceKey;
    problem('confluenceSpaceKey', 'no-space', { key }, `No Confluence space ${key} that you can see.`);
  } else {
    const parents = PARENT_FIELDS.flatMap((field) => (settings[field] ? [{ field, id: settings[field] }] : []));
    const pages = await Promise.all(parents.map((p) => site.page(p.id)));
    parents.forEach(({ field, id }, i) => {
      const page = pages[i];
      if (!page) problem(field, 'no-page', { id }, `No Confluence page ${id} that you can see.`);
      else if (page.spaceId !== space.id) problem(field, 'page-not-in-space', { title: page.title, space: space.key }, `Page "${page.title}" is not in space ${space.key}.`);
    });
  }
  return problems;
}
