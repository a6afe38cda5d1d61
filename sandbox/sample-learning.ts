/**
 * The "learning from incidents" part of the sample data (issue 11; README "Learning from incidents"), made like the
 * rest of sandbox/sample-data.ts only through the app's real entry points, each authorised as the seeded person:
 *
 * 1. **Slack**: before the sample alerts are sent, Aiko (site admin) saves a `#incidents` webhook of the sandbox's
 *    Slack (sandbox/slack, made with `POST /__sandbox/slack/webhooks`) as the default webhook through the admin
 *    page's real `saveSlackSettings` resolver, so every announcement of the sample incidents is in
 *    `GET /__sandbox/slack` — unless a default webhook was saved already (then that one is kept);
 * 2. **the retrospective**: Ben drafts the recovered sample incident's retrospective and publishes it through the
 *    panel's `draftRetrospective` / `publishRetrospective` — its page, the `kaizen-postmortem` label, the reporting
 *    store's row (the library), one comment on the issue and the "retrospective published" announcement;
 * 3. **the library page**: "Postmortem library" under the OPS space home, holding the `postmortem-library` macro
 *    stored as Confluence stores a Forge macro (src/documents/forge-macro.ts), created as the app through the
 *    sandbox's Confluence REST (`POST /wiki/api/v2/pages`); an existing page of that title is used as it is;
 * 4. **a recommendation**: Aiko recommends the published postmortem with a reason, through the library macro's
 *    `setRecommendation` on that page.
 *
 * The `sampleLearningSent` marker remembers it (with the library page's path, which sandbox/cli.ts prints on every
 * start), so a data directory made before this existed gets it once on its next start.
 */
import type { RequestOf, ResolverKey, ResponseOf } from '../src/shared/resolver-contract';
import { forgeMacro } from '../src/documents/forge-macro';
import { serializeStorage } from '../src/documents/xhtml';
import type { Sandbox } from './sandbox';

/** Where the sandbox remembers that this data directory got the learning sample (the value: {@link SampleLearningLinks}). */
export const SAMPLE_LEARNING_MARKER = { ns: 'sandbox-meta', key: 'sampleLearningSent' } as const;

export const SAMPLE_SLACK_CHANNEL = '#incidents';
export const SAMPLE_LIBRARY_TITLE = 'Postmortem library';
export const SAMPLE_SPACE_KEY = 'OPS';
export const SAMPLE_RECOMMENDATION = 'Read before your first on-call: alert to DB failover in 20 minutes, and the release that caused it.';

/** What the learning sample made. */
export interface SampleLearning {
  /** The webhook Aiko saved as the default (absent: a default webhook had been saved before, and was kept). */
  slackWebhook?: string;
  retrospective: { pageId: string; url: string };
  library: { pageId: string; path: string };
  recommended: boolean;
}

/** What sandbox/cli.ts prints: paths on the sandbox (its port may change between starts). */
export interface SampleLearningLinks {
  at: string;
  libraryPath: string;
  slackPath: string;
}

/** The sandbox's site (sandbox/sandbox.ts `identity.cloudId`), as the resolver's `installContext` names it. */
const INSTALL_CONTEXT = 'ari:cloud:jira::site/sandbox-cloud-0001';
/** The sandbox's environment (sandbox/sandbox.ts `identity.environmentId`), part of every Forge extension key. */
const SANDBOX_ENVIRONMENT_ID = 'sandbox-development';

type DataOf<K extends ResolverKey> = Extract<ResponseOf<K>, { ok: true }>['data'];

/**
 * Calls a UI module's resolvers exactly as the Forge platform does for its Custom UI `invoke(functionKey, payload)`
 * as the given user, in the given extension context; answers the data, and a refusal throws with the app's answer.
 */
export function resolverCaller(sandbox: Sandbox, moduleKey: string, extension: (type: string) => Record<string, unknown>, what: string) {
  const module = sandbox.manifest.uiModules.find((m) => m.key === moduleKey);
  const fn = module?.resolver?.function;
  if (!module || !fn) throw new Error(`the sample data needs the ${moduleKey} module and its resolver`);
  const context = { localId: 'sample-data', moduleKey: module.key, extension: extension(module.type) };
  return async <K extends ResolverKey>(functionKey: K, payload: RequestOf<K>, accountId: string): Promise<DataOf<K>> => {
    const result = await sandbox.invoker.invoke(fn, [{ call: { functionKey, payload }, context }, { installContext: INSTALL_CONTEXT, principal: { accountId } }], {
      moduleKey: module.key,
      moduleType: module.type,
      accountId,
    });
    if (!result.ok) throw result.error instanceof Error ? result.error : new Error(`sample data: ${functionKey} failed: ${String(result.error)}`);
    const answer = result.value as { ok: boolean; data?: unknown; error?: unknown };
    if (!answer.ok) throw new Error(`sample data: ${functionKey} as ${accountId} on ${what} was refused: ${JSON.stringify(answer.error)}`);
    return answer.data as DataOf<K>;
  };
}

/** The issue panel's resolvers for one issue. */
export const issuePanelOf = (sandbox: Sandbox, issue: { id: string; key: string }) =>
  resolverCaller(sandbox, 'incident-panel', (type) => ({ type, issue: { id: issue.id, key: issue.key, type: 'Incident' }, project: { key: issue.key.split('-')[0] ?? 'OPS', type: 'software' }, isNewToIssue: false }), issue.key);

/** The admin page's resolvers. */
const adminPageOf = (sandbox: Sandbox) => resolverCaller(sandbox, 'kaizen-admin', (type) => ({ type }), 'the admin page');

/** The library macro's resolvers on one page. */
const libraryMacroOf = (sandbox: Sandbox, page: { id: string; spaceId: string }) =>
  resolverCaller(sandbox, 'postmortem-library', (type) => ({ type, content: { id: page.id, type: 'page' }, space: { id: page.spaceId, key: SAMPLE_SPACE_KEY }, config: {}, isEditing: false }), `page ${page.id}`);

/**
 * A `#incidents` webhook of the sandbox's Slack, saved by `admin` as the default webhook through the admin page's
 * resolver. Answers its URL; nothing when a default webhook is saved already (a person's choice is kept).
 */
export async function ensureSampleSlack(sandbox: Sandbox, admin: string): Promise<string | undefined> {
  const page = adminPageOf(sandbox);
  if ((await page('getSlackSettings', {}, admin)).webhooks.default.set) return undefined;
  const res = await fetch(`${sandbox.url}/__sandbox/slack/webhooks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ channel: SAMPLE_SLACK_CHANNEL }) });
  if (res.status !== 201) throw new Error(`the sandbox's Slack made no webhook: ${res.status} ${await res.text()}`);
  const { url } = (await res.json()) as { url: string };
  await page('saveSlackSettings', { webhooks: { default: url } }, admin);
  return url;
}

/**
 * The recovered incident's retrospective, drafted and published by `by` through the panel (an existing draft or
 * publication is taken as it is). `pageIdOf` reads the retrospective's page id from the incident's record.
 */
async function publishRetrospective(sandbox: Sandbox, issue: { id: string; key: string }, by: string, pageIdOf: () => string | undefined): Promise<SampleLearning['retrospective']> {
  const panel = issuePanelOf(sandbox, issue);
  await panel('draftRetrospective', {}, by);
  const published = await panel('publishRetrospective', {}, by);
  const pageId = pageIdOf();
  if (!pageId) throw new Error(`the sample retrospective of ${issue.key} has no page`);
  return { pageId, url: published.retrospective.page.url };
}

/** Confluence REST as the app (the sandbox's `X-Sandbox-User: app`). */
async function asAppJson<T>(sandbox: Sandbox, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${sandbox.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { Accept: 'application/json', 'X-Sandbox-User': 'app', ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (!res.ok) throw new Error(`sample data: ${init.method ?? 'GET'} ${path} answered ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * The "Postmortem library" page under the OPS space home with the `postmortem-library` macro, created as the app;
 * a page of that title in the space is used as it is.
 */
export async function ensureLibraryPage(sandbox: Sandbox): Promise<{ id: string; spaceId: string; path: string }> {
  const spaces = await asAppJson<{ results: Array<{ id: string; homepageId: string }> }>(sandbox, `/wiki/api/v2/spaces?keys=${SAMPLE_SPACE_KEY}`);
  const space = spaces.results[0];
  if (!space) throw new Error(`the sample data needs the ${SAMPLE_SPACE_KEY} space`);
  type Page = { id: string; spaceId: string; _links: { webui: string } };
  const existing = await asAppJson<{ results: Page[] }>(sandbox, `/wiki/api/v2/spaces/${space.id}/pages?title=${encodeURIComponent(SAMPLE_LIBRARY_TITLE)}`);
  const page =
    existing.results[0] ??
    (await asAppJson<Page>(sandbox, '/wiki/api/v2/pages', {
      method: 'POST',
      body: { spaceId: space.id, parentId: space.homepageId, title: SAMPLE_LIBRARY_TITLE, status: 'current', body: { representation: 'storage', value: libraryPageStorage(sandbox) } },
    }));
  return { id: page.id, spaceId: page.spaceId, path: `/wiki${page._links.webui}` };
}

/** A short introduction and the library macro, as Confluence stores a Forge macro inserted in the editor. */
export function libraryPageStorage(sandbox: Pick<Sandbox, 'manifest'>): string {
  const appId = sandbox.manifest.appId.split('/').pop() ?? sandbox.manifest.appId;
  const macro = forgeMacro({
    extensionKey: `${appId}/${SANDBOX_ENVIRONMENT_ID}/static/postmortem-library`,
    title: 'Postmortem library (Kaizen)',
    localId: 'sample-postmortem-library',
    guestParams: {},
  });
  return `<p>Published retrospectives and release reviews: filter, search, recommend, and start a reading session.</p>${serializeStorage([macro])}`;
}

/**
 * Steps 2–4 for the recovered sample incident, then the marker. `pageIdOf` reads its retrospective's page id.
 * (Step 1, Slack, comes before the alerts: {@link ensureSampleSlack}.)
 */
export async function sendSampleLearning(
  sandbox: Sandbox,
  recovered: { issue: { id: string; key: string }; retrospectivePageId: () => string | undefined },
  people: { drafter: string; recommender: string },
): Promise<Omit<SampleLearning, 'slackWebhook'>> {
  const retrospective = await publishRetrospective(sandbox, recovered.issue, people.drafter, recovered.retrospectivePageId);
  const library = await ensureLibraryPage(sandbox);
  const macro = libraryMacroOf(sandbox, library);
  const { recommended } = await macro('setRecommendation', { pageId: retrospective.pageId, recommended: true, reason: SAMPLE_RECOMMENDATION }, people.recommender);
  // the announcements and the comment flush are queued: what is due now
  await sandbox.idle(60_000, true);
  const links: SampleLearningLinks = { at: new Date().toISOString(), libraryPath: library.path, slackPath: '/__sandbox/slack' };
  sandbox.store.put(SAMPLE_LEARNING_MARKER.ns, SAMPLE_LEARNING_MARKER.key, links);
  return { retrospective, library: { pageId: library.id, path: library.path }, recommended: recommended !== null };
}

/** The links to print for a data directory that has the learning sample. */
export function sampleLearningLinks(sandbox: Pick<Sandbox, 'store'>): SampleLearningLinks | undefined {
  const value = sandbox.store.get<SampleLearningLinks | string>(SAMPLE_LEARNING_MARKER.ns, SAMPLE_LEARNING_MARKER.key);
  return value && typeof value === 'object' ? value : undefined;
}
