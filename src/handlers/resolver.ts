/**
 * Resolvers for the Custom UI modules (src/shared/resolver-contract.ts lists them). Every call acts for the calling
 * user (DESIGN 4): ids in the context come through the browser, so each resolver checks what the user may do AS
 * THE USER before the app's own rights read anything. Payloads are parsed; answers are `{ok, data}` or
 * `{ok: false, error: {code, message}}`, whose code the UI shows as a sentence in the user's language.
 * https://developer.atlassian.com/platform/forge/runtime-reference/forge-resolver/
 */
import api, { authorize, route } from '@forge/api';
import kvs, { WhereConditions } from '@forge/kvs';
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { LevelSchema, TimelineEntrySchema, type Incident, type TimelineEntry } from '../domain/incident';
import { IssueContextSchema, MacroContextSchema } from '../shared/forge-context';
import { RESOLVERS, type RequestOf, type ResolverKey, type ResponseOf } from '../shared/resolver-contract';
import { fail } from '../shared/resolver-result';
import { ENTITY, keys } from '../storage/kvs-keys';
import { loadIncident, updateIncident } from '../storage/incident-store';
import { loadIntakeSettings } from '../storage/settings';
import { sourceStatus } from '../storage/source-status';
import { acknowledgeIncident } from '../usecases/acknowledge-incident';
import { countIncidents } from '../usecases/count-incidents';
import { getIncidentOfIssue } from '../usecases/get-incident';
import { getIncidentStatus } from '../usecases/get-incident-status';
import { listSources } from '../usecases/list-sources';
import type { IncidentIndex, IncidentReads, UserAccess } from '../usecases/ui-ports';

const JSON_HEADERS = { headers: { Accept: 'application/json' } };
const MyPermissionsSchema = z.object({ permissions: z.record(z.string(), z.object({ havePermission: z.boolean() })) });
const MyselfSchema = z.object({ accountId: z.string(), displayName: z.string() });
const IncidentPropertySchema = z.object({ value: z.object({ id: z.string() }) });
const IndexRowSchema = z.object({ value: z.object({ data: z.object({ level: LevelSchema, drill: z.boolean() }) }) });

async function hasMyPermission(query: ReturnType<typeof route>, permission: string): Promise<boolean> {
  const res = await api.asUser().requestJira(query, JSON_HEADERS);
  if (!res.ok) return false;
  return MyPermissionsSchema.parse(await res.json()).permissions[permission]?.havePermission === true;
}

const CallerSchema = z.object({ accountId: z.string().min(1) });

/** {@link UserAccess} with the calling user's credentials (`asUser()`, `authorize()`). */
const userAccess: UserAccess = {
  async canViewIssue(issueId) {
    // 404 "Issue does not exist or you do not have permission to see it" is answered, not thrown (§6.4)
    return (await api.asUser().requestJira(route`/rest/api/3/issue/${issueId}?fields=${'summary'}`, JSON_HEADERS)).ok;
  },
  async canEditIssue(issueId) {
    // ids are int64 in the REST document; a numeric string is refused by a validating server, so send a number
    const canEdit = authorize().onJiraIssue(Number(issueId))['canEdit'];
    // the SDK types the answer `boolean | object`; only `true` means allowed
    return canEdit ? (await canEdit()) === true : false;
  },
  canBrowseProject: (projectKey) => hasMyPermission(route`/rest/api/3/mypermissions?projectKey=${projectKey}&permissions=${'BROWSE_PROJECTS'}`, 'BROWSE_PROJECTS'),
  isJiraAdmin: () => hasMyPermission(route`/rest/api/3/mypermissions?permissions=${'ADMINISTER'}`, 'ADMINISTER'),
  async canReadPage(pageId) {
    // Viewing the page as the user is the read check, with the scope the app already has (read:page:confluence).
    // authorize().onConfluenceContent(id).canRead() would need read:confluence-content.permission as well, and
    // @forge/auth sends its path without the `/wiki` prefix, which the sandbox's Confluence does not route.
    return (await api.asUser().requestConfluence(route`/wiki/api/v2/pages/${pageId}`, JSON_HEADERS)).ok;
  },
  async me() {
    const res = await api.asUser().requestJira(route`/rest/api/3/myself`, JSON_HEADERS);
    if (!res.ok) throw new Error(`Reading the calling user failed with ${res.status}`);
    return MyselfSchema.parse(await res.json());
  },
};

/** KVS batch reads take at most 25 keys (https://developer.atlassian.com/platform/forge/storage-reference/kvs-batch/). */
const BATCH_GET_MAX = 25;

const incidentReads: IncidentReads = {
  async incidentIdOfIssue(issueId) {
    // the property is the app's own record: read as the app, after the user's right to the issue was checked
    const res = await api.asApp().requestJira(route`/rest/api/3/issue/${issueId}/properties/kaizen-incident`, JSON_HEADERS);
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`Reading the incident property of issue ${issueId} failed with ${res.status}`);
    return IncidentPropertySchema.parse(await res.json()).value.id;
  },
  load: loadIncident,
  async latestTimeline(incident: Incident, count: number): Promise<TimelineEntry[]> {
    // timeline keys are numbered 0…timelineCount-1, so the latest ones are read by key, without paging through all
    const first = Math.max(0, incident.timelineCount - count);
    const wanted = Array.from({ length: incident.timelineCount - first }, (_, i) => keys.timeline(incident.id, first + i));
    const chunks = Array.from({ length: Math.ceil(wanted.length / BATCH_GET_MAX) }, (_, i) => wanted.slice(i * BATCH_GET_MAX, (i + 1) * BATCH_GET_MAX));
    const found = new Map<string, unknown>();
    for (const result of await Promise.all(chunks.map((c) => kvs.batchGet<unknown>(c.map((key) => ({ key })))))) {
      for (const item of result.successfulKeys) found.set(item.key, item.value);
    }
    return wanted.flatMap((key) => (found.has(key) ? [TimelineEntrySchema.parse(found.get(key))] : []));
  },
};

const incidentIndex: IncidentIndex = {
  async inState(state, sinceIso, limit) {
    const rows: Array<Pick<Incident, 'level' | 'drill'>> = [];
    let cursor: string | undefined;
    do {
      let q = kvs.entity(ENTITY.incident).query().index('by-state-opened', { partition: [state] }).where(WhereConditions.greaterThanEqualTo(sinceIso)).limit(100);
      if (cursor) q = q.cursor(cursor);
      const page = await q.getMany();
      for (const row of page.results) {
        const parsed = IndexRowSchema.safeParse(row);
        if (parsed.success) rows.push(parsed.data.value.data);
      }
      cursor = page.nextCursor;
    } while (cursor && rows.length < limit);
    return { rows: rows.slice(0, limit), truncated: Boolean(cursor) };
  },
};

const clock = { now: () => new Date() };

const resolver = new Resolver();

/** The platform prompts the user for consent on this error, so it must reach the platform (§6.3). */
const needsConsent = (e: unknown): boolean => e instanceof Error && e.name === 'NEEDS_AUTHENTICATION_ERR';

/** Defines a resolver whose payload is parsed by its schema and whose unexpected failures become an `internal` answer. */
function define<K extends ResolverKey>(key: K, run: (payload: RequestOf<K>, context: unknown, access: UserAccess) => Promise<ResponseOf<K>>): void {
  resolver.define(key, async ({ payload, context }: { payload: unknown; context: unknown }) => {
    const parsed = RESOLVERS[key].request.safeParse(payload ?? {});
    if (!parsed.success) return fail('bad-request', parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; '));
    // every check below is made as the calling user: without one (an anonymous view) there is nobody to check
    if (!CallerSchema.safeParse(context).success) return fail('bad-context', 'This view needs a signed-in user.');
    try {
      return await run(parsed.data as RequestOf<K>, context, userAccess);
    } catch (e) {
      if (needsConsent(e)) throw e;
      console.error(`Resolver ${key} failed`, e);
      return fail('internal', 'Kaizen could not complete this request. Try again; if it keeps failing, an administrator can see the details in the app logs.');
    }
  });
}

const issueIdOf = (context: unknown): string | undefined => {
  const parsed = IssueContextSchema.safeParse(context);
  return parsed.success ? parsed.data.extension.issue.id : undefined;
};

define('getIncident', async (_payload, context, access) => {
  const issueId = issueIdOf(context);
  if (!issueId) return fail('bad-context', 'This view needs an issue.');
  return getIncidentOfIssue(issueId, { access, incidents: incidentReads });
});

define('acknowledgeIncident', async (_payload, context, access) => {
  const issueId = issueIdOf(context);
  if (!issueId) return fail('bad-context', 'This view needs an issue.');
  return acknowledgeIncident(issueId, { access, incidents: incidentReads, update: updateIncident, clock });
});

define('getIncidentCounts', async ({ period }, _context, access) => {
  const { jiraProjectKey } = await loadIntakeSettings();
  return countIncidents(period, { access, index: incidentIndex, clock, projectKey: jiraProjectKey });
});

define('getSources', async (_payload, _context, access) => listSources({ access, statusOf: sourceStatus }));

define('getIncidentStatus', async ({ incidentId }, context, access) => {
  const parsed = MacroContextSchema.safeParse(context);
  if (!parsed.success) return fail('bad-context', 'This macro needs the page it is on.');
  return getIncidentStatus(parsed.data.extension.content.id, incidentId, { access, incidents: incidentReads, clock });
});

export const handler = resolver.getDefinitions();
