/**
 * The incident panel's actions (DESIGN 3.3): each runs its pure rule (src/domain/person-actions.ts) through
 * {@link runPersonAction} — authorised as the user, committed conditionally, on the timeline with who did it — then
 * lets the Jira issue follow, as the user, and answers the incident as the panel shows it.
 *
 * Jira follows AFTER the incident is committed: the incident is the record; a Jira write refused or failed leaves the
 * incident changed and answers `jira: 'failed'` (the panel says so). Repeating the action is then a no-op — the
 * incident already holds the value — so the person makes the change in Jira itself.
 */
import type { KeyTimeField, Level } from '../domain/incident';
import { addNote, close, markMitigated, markRecovered, reopen, setKeyTime, setLevel, setRoles, type PersonRule, type RolesChange } from '../domain/person-actions';
import type { IncidentActionData } from '../shared/incident-actions';
import { PANEL_ALERTS, PANEL_TIMELINE_ENTRIES } from '../shared/incident-view';
import { ok, type ResolverResult } from '../shared/resolver-result';
import { toIncidentView, toTimelineSlice } from './incident-views';
import { flushComments, type CommentDeps } from './flush-comments';
import { freezeTimeline, type ArtifactDeps } from './incident-artifacts';
import { runPersonAction, type PersonActionDeps, type PersonActionDone } from './run-person-action';
import type { IncidentReads } from './ui-ports';

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

export interface IncidentActionDeps extends PersonActionDeps {
  incidents: Pick<IncidentReads, 'incidentIdOfIssue' | 'load' | 'latestTimeline' | 'alertsToShow'>;
  jira: IssueEditsAsUser;
  /** The Jira priority of a level (settings `priorityByLevel`). */
  priorityOf(level: Level): Promise<string>;
  log?: { warn(message: string, details?: Record<string, unknown>): void };
  /**
   * The app's side, as the alert path has it (src/app/wiring.ts ingestDeps), built only after a change: the coalesced
   * comment (flush-comments) and, at a person's recovery, the timeline frozen into the live page (incident-artifacts).
   */
  appSide(): Promise<CommentDeps & ArtifactDeps>;
}

/** What Jira should do after the incident changed (`done.before` → `done.incident`); answers whether it wrote. */
type Follow = (issueId: string, done: PersonActionDone, deps: IncidentActionDeps) => Promise<boolean>;

/** The platform asks the user for consent on this error, so it must reach the platform. */
const needsConsent = (e: unknown): boolean => e instanceof Error && e.name === 'NEEDS_AUTHENTICATION_ERR';

async function act(issueId: string, rule: PersonRule, deps: IncidentActionDeps, doing: string, follow?: Follow): Promise<ResolverResult<IncidentActionData>> {
  // the action's timeline entries join the coalesced comment in the same commit, like an alert's (ingest-alert)
  const done = await runPersonAction(issueId, rule, deps, doing, { forComment: true });
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

/**
 * After a change, as after an alert (ingest-alert): a recovery made now freezes the timeline into the live page (once
 * per recovery: freezeTimeline skips a recovery already frozen), and the pending comment is flushed — posted if the
 * window since the last comment has passed, else one delayed flush for its end. The incident is committed already:
 * a failure here is logged; the entries stay pending and the housekeeping flush posts them.
 */
async function publish({ before, incident }: PersonActionDone, deps: IncidentActionDeps, doing: string): Promise<void> {
  const recoveredNow = incident.state === 'recovered' && before.state !== 'recovered';
  try {
    const app = await deps.appSide();
    if (recoveredNow) await freezeTimeline(incident.id, app);
    await flushComments(incident.id, app, recoveredNow ? {} : { current: incident });
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
  act(issueId, setRoles(change), deps, 'to set the roles of its incident', async (id, { before, incident }, d) => {
    // the commander is the Jira assignee (DESIGN 3.3)
    if (before.roles?.commander === incident.roles?.commander) return false;
    await d.jira.setAssignee(id, incident.roles?.commander ?? null);
    return true;
  });

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
