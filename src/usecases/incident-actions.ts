/**
 * The incident panel's actions (DESIGN 3.3): each runs its pure rule (src/domain/person-actions.ts) through
 * {@link runPersonAction} — authorised as the user, committed conditionally, on the timeline with who did it — then
 * lets the Jira issue follow, as the user, and answers the incident as the panel shows it.
 *
 * Jira follows AFTER the incident is committed: the incident is the record; a Jira write refused or failed leaves the
 * incident changed and answers `jira: 'failed'` (the panel says so). Repeating the action is then a no-op — the
 * incident already holds the value — so the person makes the change in Jira itself.
 */
import type { Incident, KeyTimeField, Level } from '../domain/incident';
import { addNote, close, markMitigated, markRecovered, reopen, setKeyTime, setLevel, setRoles, type PersonRule, type RolesChange } from '../domain/person-actions';
import type { IncidentActionData } from '../shared/incident-actions';
import { PANEL_ALERTS, PANEL_TIMELINE_ENTRIES } from '../shared/incident-view';
import { fail, ok, type ResolverResult } from '../shared/resolver-result';
import { toIncidentView, toTimelineSlice } from './incident-views';
import { flushComments, type CommentDeps } from './flush-comments';
import { freezeTimeline, type ArtifactDeps } from './incident-artifacts';
import { syncPageRegions, type PageSyncDeps } from './sync-page-regions';
import { syncIncidentFacts, type FactDeps } from './sync-incident-facts';
import { runPersonAction, type PersonActionCheck, type PersonActionDeps, type PersonActionDone } from './run-person-action';
import type { IncidentReads } from './ui-ports';
import { announce, changeNotifications, type NotifyDeps } from './notify/notification';

/** The Jira issue's side of people's actions, made AS THE USER (src/adapters/jira-issue-as-user.ts). */
export interface IssueEditsAsUser {
  /** Summary level prefix and priority in one edit: `PUT /rest/api/3/issue/{id}` (after reading the summary). */
  setLevel(issueId: string, level: Level, priorityName: string): Promise<void>;
  /** The assignee (the commander), or none: `PUT /rest/api/3/issue/{id}` with `fields.assignee`. */
  setAssignee(issueId: string, accountId: string | null): Promise<void>;
  /** A transition into a done-category status, found from `GET …/transitions` (never by name); nothing if done already. */
  moveToDone(issueId: string): Promise<void>;
  /** A transition out of the done category (in progress preferred); nothing if not done. */
  moveOutOfDone(issueId: string): Promise<void>;
}

/** The people named in roles, looked up in Jira AS THE USER (src/adapters/jira-users.ts). */
export interface PeopleDirectory {
  /**
   * Which of `accountIds` are active people's Jira accounts, as the caller can look them up: one
   * `GET /rest/api/3/user/bulk?accountId=…&accountId=…` as the user
   * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-bulk-get).
   * An account Jira does not know is simply absent from the answer.
   */
  activeAccountIds(accountIds: readonly string[]): Promise<ReadonlySet<string>>;
}

export interface IncidentActionDeps extends PersonActionDeps {
  incidents: Pick<IncidentReads, 'incidentIdOfIssue' | 'load' | 'latestTimeline' | 'alertsToShow'>;
  jira: IssueEditsAsUser;
  people: PeopleDirectory;
  /** The Jira priority of a level (settings `priorityByLevel`). */
  priorityOf(level: Level): Promise<string>;
  log?: { warn(message: string, details?: Record<string, unknown>): void };
  /**
   * The app's side, as the alert path has it (src/app/wiring.ts ingestDeps), built only after a change: the coalesced
   * comment (flush-comments), the live page's Roles and Key times regions (sync-page-regions) and, at a person's
   * recovery, the timeline frozen into the live page (incident-artifacts).
   */
  appSide(): Promise<CommentDeps & ArtifactDeps & PageSyncDeps & FactDeps & NotifyDeps>;
}

/** What Jira should do after the incident changed (`done.before` → `done.incident`); answers whether it wrote. */
type Follow = (issueId: string, done: PersonActionDone, deps: IncidentActionDeps) => Promise<boolean>;

/** The platform asks the user for consent on this error, so it must reach the platform. */
const needsConsent = (e: unknown): boolean => e instanceof Error && e.name === 'NEEDS_AUTHENTICATION_ERR';

async function act(issueId: string, rule: PersonRule, deps: IncidentActionDeps, doing: string, follow?: Follow, check?: PersonActionCheck): Promise<ResolverResult<IncidentActionData>> {
  // the action's timeline entries join the coalesced comment in the same commit, like an alert's (ingest-alert)
  const done = await runPersonAction(issueId, rule, deps, doing, { forComment: true, ...(check ? { check } : {}) });
  if (!done.ok) return done;
  let jira: IncidentActionData['jira'];
  if (follow && done.data.outcome === 'changed') {
    try {
      if (await follow(issueId, done.data, deps)) jira = 'updated';
    } catch (e) {
      if (needsConsent(e)) throw e;
      deps.log?.warn(`Jira did not follow the incident action (${doing})`, { issueId, error: e instanceof Error ? e.message : String(e) });
      jira = 'failed';
    }
  }
  if (done.data.outcome === 'changed') await publish(done.data, deps, doing);
  const { incident } = done.data;
  const [alerts, timeline] = await Promise.all([deps.incidents.alertsToShow(incident, PANEL_ALERTS), deps.incidents.latestTimeline(incident, PANEL_TIMELINE_ENTRIES)]);
  return ok({ outcome: done.data.outcome, incident: toIncidentView(incident, alerts), timeline: toTimelineSlice(timeline, incident.timelineCount), ...(jira ? { jira } : {}) });
}

/** What {@link publish} needs: the app's side and a log (acknowledge-incident uses it too). */
export type PublishDeps = Pick<IncidentActionDeps, 'appSide' | 'log'>;

/**
 * After a change, as after an alert (ingest-alert): a recovery made now freezes the timeline into the live page (once
 * per recovery: freezeTimeline skips a recovery already frozen), the page's Roles and Key times regions follow
 * (sync-page-regions), and the pending comment is flushed — posted if the
 * window since the last comment has passed, else one delayed flush for its end. The incident is committed already:
 * a failure here is logged; the entries stay pending and the housekeeping flush posts them.
 */
export async function publish({ before, incident }: PersonActionDone, deps: PublishDeps, doing: string): Promise<void> {
  const recoveredNow = incident.state === 'recovered' && before.state !== 'recovered';
  try {
    const app = await deps.appSide();
    // the reporting store's row follows (never throws: a failure is logged, the backfill retries)
    await syncIncidentFacts(incident, { ...app, ...(deps.log ? { log: deps.log } : {}) });
    // Slack: the level raised (never lowered), the recovery — queued, never failing the action
    await announce(app, ...changeNotifications(before, incident, app.clock.now().toISOString()));
    // at recovery the frozen timeline and the Roles / Key times regions go in one page write
    const frozen = recoveredNow ? await freezeTimeline(incident.id, app) : undefined;
    await flushComments(incident.id, app, recoveredNow ? {} : { current: incident });
    // the live page's Roles and Key times follow: written now, or once at the end of the page write window
    await syncPageRegions(incident.id, app, { current: frozen ?? incident });
  } catch (e) {
    if (needsConsent(e)) throw e;
    deps.log?.warn(`The comment or page did not follow the incident action (${doing})`, { incidentId: incident.id, error: e instanceof Error ? e.message : String(e) });
  }
}

export const setIncidentLevel = (issueId: string, level: Level, deps: IncidentActionDeps) =>
  act(issueId, setLevel(level), deps, 'to set the level of its incident', async (id, { before, incident }, d) => {
    if (before.level === incident.level) return false;
    await d.jira.setLevel(id, incident.level, await d.priorityOf(incident.level));
    return true;
  });

export const setIncidentRoles = (issueId: string, change: RolesChange, deps: IncidentActionDeps) =>
  act(
    issueId,
    setRoles(change),
    deps,
    'to set the roles of its incident',
    async (id, { before, incident }, d) => {
      // the commander is the Jira assignee (DESIGN 3.3)
      if (before.roles?.commander === incident.roles?.commander) return false;
      await d.jira.setAssignee(id, incident.roles?.commander ?? null);
      return true;
    },
    (current) => refuseUnknownPeople(change, current, deps.people),
  );

const SINGLE_ROLES = ['commander', 'communicationsLead', 'scribe'] as const;

/** Each account id the change names that the incident's roles do not hold yet, with the request field naming it. */
function newlyNamed(change: RolesChange, current: Incident): Array<{ field: string; path: string; accountId: string }> {
  const roles = current.roles;
  const held = new Set([roles?.commander, roles?.communicationsLead, roles?.scribe, ...(roles?.responders ?? [])]);
  const named = [
    ...SINGLE_ROLES.flatMap((role) => (change[role] ? [{ field: role, path: role, accountId: change[role] }] : [])),
    ...(change.responders ?? []).map((accountId, n) => ({ field: 'responders', path: `responders.${n}`, accountId })),
  ];
  return named.filter((n) => !held.has(n.accountId));
}

/**
 * A role names a person: each one newly named must be an active Jira user, looked up as the caller in one request.
 * People already in a role were checked when they were named, so removing a responder never fails on another.
 */
async function refuseUnknownPeople(change: RolesChange, current: Incident, people: PeopleDirectory) {
  const named = newlyNamed(change, current);
  if (named.length === 0) return undefined;
  const active = await people.activeAccountIds(named.map((n) => n.accountId));
  const unknown = named.filter((n) => !active.has(n.accountId));
  if (unknown.length === 0) return undefined;
  return fail(
    'unknown-person',
    `Not an active Jira user: ${unknown.map((u) => `${u.path} (${u.accountId})`).join(', ')}. Nothing was changed.`,
    unknown.map((u) => ({ field: u.field, path: u.path, message: `no active Jira user has the account id ${u.accountId}`, params: { accountId: u.accountId } })),
  );
}

export const setIncidentKeyTime = (issueId: string, field: KeyTimeField, at: string, deps: IncidentActionDeps) => act(issueId, setKeyTime(field, at), deps, 'to set the key times of its incident');

export const markIncidentMitigated = (issueId: string, at: string | undefined, deps: IncidentActionDeps) => act(issueId, markMitigated(at), deps, 'to mark its incident mitigated');

export const markIncidentRecovered = (issueId: string, at: string | undefined, deps: IncidentActionDeps) => act(issueId, markRecovered(at), deps, 'to mark its incident recovered');

export const reopenIncident = (issueId: string, deps: IncidentActionDeps) =>
  act(issueId, reopen, deps, 'to reopen its incident', async (id, _done, d) => {
    await d.jira.moveOutOfDone(id);
    return true;
  });

export const closeIncident = (issueId: string, deps: IncidentActionDeps) =>
  act(issueId, close, deps, 'to close its incident', async (id, _done, d) => {
    await d.jira.moveToDone(id);
    return true;
  });

export const addTimelineNote = (issueId: string, text: string, deps: IncidentActionDeps) => act(issueId, addNote(text), deps, 'to add a note to its incident');
