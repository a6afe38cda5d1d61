import { Hono } from 'hono';
import type { Sandbox } from '../sandbox';
import { loadAppConfig } from './app-config';
import { bridgeRoutes } from './bridge-api';
import type { HostDeps } from './context';
import { FrameRegistry, type HostEnv } from './frames';
import { appPageRoutes } from './pages/app-pages';
import { confluenceEditRoutes } from './pages/confluence-edit';
import { confluencePageRoutes } from './pages/confluence-page';
import { homeRoutes } from './pages/home-page';
import { issueRoutes } from './pages/issue-page';
import { resourceRoutes } from './resources';
import { sessionRoutes } from './session';

export type { HostEnv } from './frames';

/**
 * The browser host: Jira- and Confluence-like pages that place the app's Custom UI modules in iframes and answer
 * their `@forge/bridge` calls, so a person (or Playwright) can use the app as on a real site. A development tool:
 * production code never imports it. URL map and message protocol: sandbox/host/README.md.
 */
export function createHost(sandbox: Sandbox, env: HostEnv): Hono {
  const app = new Hono();
  const deps: HostDeps = { sandbox, config: loadAppConfig(sandbox.manifest), frames: new FrameRegistry(), env };
  sessionRoutes(app);
  resourceRoutes(app, deps);
  bridgeRoutes(app, deps);
  homeRoutes(app, deps);
  issueRoutes(app, deps);
  confluenceEditRoutes(app, deps);
  confluencePageRoutes(app, deps);
  appPageRoutes(app, deps);
  return app;
}
