import { moduleByKey, type AppConfig } from './app-config';

/**
 * `router.navigate/open/getUrl` locations (@forge/bridge `NavigationLocation`, shared/docs/forge-platform.md §7.1)
 * mapped to the host's own URLs, which follow the products' URL shapes. Returns a same-site path, or an error.
 */
export function hostPathFor(location: Record<string, unknown>, app: AppConfig): { path: string } | { error: string } {
  const str = (name: string): string | undefined => {
    const v = location[name];
    return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
  };
  const seg = encodeURIComponent;
  const need = (...names: string[]): string | undefined => names.find((n) => str(n) === undefined);
  const target = str('target');
  const missing = (name: string) => ({ error: `${name} is required for target '${target}'` });
  switch (target) {
    case 'issue':
      return need('issueKey') ? missing('issueKey') : { path: `/browse/${seg(str('issueKey')!)}` };
    case 'contentView': {
      if (need('contentId')) return missing('contentId');
      const version = str('version');
      return { path: `/wiki/pages/viewpage.action?pageId=${seg(str('contentId')!)}${version ? `&pageVersion=${seg(version)}` : ''}` };
    }
    case 'contentEdit':
      return need('contentId') ? missing('contentId') : { path: `/wiki/pages/resumedraft.action?draftId=${seg(str('contentId')!)}` };
    case 'spaceView':
      return need('spaceKey') ? missing('spaceKey') : { path: `/wiki/spaces/${seg(str('spaceKey')!)}` };
    case 'contentList':
      if (str('contentType') === 'customContent') return { error: 'Custom content lists are not part of the sandbox host' };
      return need('spaceKey') ? missing('spaceKey') : { path: `/wiki/spaces/${seg(str('spaceKey')!)}/pages` };
    case 'dashboard':
      return need('dashboardId') ? missing('dashboardId') : { path: `/jira/dashboards/${seg(str('dashboardId')!)}` };
    case 'userProfile':
      return need('accountId') ? missing('accountId') : { path: `/jira/people/${seg(str('accountId')!)}` };
    case 'projectSettingsDetails':
      return need('projectKey') ? missing('projectKey') : { path: `/jira/software/projects/${seg(str('projectKey')!)}/settings/details` };
    case 'module': {
      const key = str('moduleKey');
      const m = key ? moduleByKey(app, key) : undefined;
      if (!m) return { error: `The app has no module '${key ?? ''}'` };
      const sub = str('path');
      const tail = sub ? `/${sub.replace(/^\/+/, '')}` : '';
      if (m.type === 'jira:adminPage') return { path: `/jira/settings/apps/${seg(m.key)}${tail}` };
      if (m.type === 'jira:projectPage') {
        const project = str('projectKey');
        return project ? { path: `/jira/software/projects/${seg(project)}/apps/${seg(m.key)}${tail}` } : missing('projectKey');
      }
      return { error: `Module '${m.key}' (${m.type}) is not a page that can be navigated to` };
    }
    default:
      return { error: `Unknown navigation target '${target ?? ''}'` };
  }
}
