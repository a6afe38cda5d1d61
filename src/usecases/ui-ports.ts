/**
 * The ports the Custom UI use cases depend on (house style 1): what the calling user may do, checked as that user,
 * and the incident reads the views need. src/handlers/resolver.ts implements them with @forge/api and @forge/kvs;
 * the tests run those real implementations in the sandbox.
 */
import type { Incident, IncidentAlert, TimelineEntry } from '../domain/incident';
import type { SourceId } from '../domain/alert';

/** Permission checks made AS THE CALLING USER (DESIGN 4), never as the app. */
export interface UserAccess {
  /** The user can see the issue: `GET /rest/api/3/issue/{id}` as the user answers 200. */
  canViewIssue(issueId: string): Promise<boolean>;
  /**
   * The user may edit the issue: `authorize().onJiraIssue(id).canEdit()`, i.e. `POST /rest/api/3/permissions/check`
   * as the user (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permissions/#api-rest-api-3-permissions-check-post).
   */
  canEditIssue(issueId: string): Promise<boolean>;
  /** The issue's key, summary and assignee as the user sees it (`GET /rest/api/3/issue/{id}?fields=summary,assignee` as the user); undefined if they cannot. */
  issueAsSeen(issueId: string): Promise<{ key: string; summary: string; assigneeAccountId?: string } | undefined>;
  /** The user holds ASSIGN_ISSUES on the issue, or in the project: `GET /rest/api/3/mypermissions?issueId=…|projectKey=…` as the user. */
  canAssignIssues(where: { issueId: string } | { projectKey: string }): Promise<boolean>;
  /** The user holds CREATE_ISSUES in the project: `GET /rest/api/3/mypermissions?projectKey=…` as the user. */
  canCreateIssues(projectKey: string): Promise<boolean>;
  /** The user holds BROWSE_PROJECTS in the project: `GET /rest/api/3/mypermissions?projectKey=…` as the user. */
  canBrowseProject(projectKey: string): Promise<boolean>;
  /** The user holds the global ADMINISTER permission: `GET /rest/api/3/mypermissions?permissions=ADMINISTER` as the user. */
  isJiraAdmin(): Promise<boolean>;
  /**
   * The user can read the Confluence page: `GET /wiki/api/v2/pages/{id}` as the user answers 200
   * (https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-get).
   */
  canReadPage(pageId: string): Promise<boolean>;
  /** Who is calling: `GET /rest/api/3/myself` as the user. */
  me(): Promise<{ accountId: string; displayName: string }>;
}

/** Incident reads for the views. */
export interface IncidentReads {
  /** The incident id stored on the issue (id or key; issue property `kaizen-incident`), or undefined for a non-incident issue. */
  incidentIdOfIssue(issueIdOrKey: string): Promise<string | undefined>;
  load(incidentId: string): Promise<Incident | undefined>;
  /** The last `count` machine timeline entries, oldest first. */
  latestTimeline(incident: Incident, count: number): Promise<TimelineEntry[]>;
  /** At most `limit` of its alerts: firing first, then acknowledged, then resolved, newest first in each. */
  alertsToShow(incident: Incident, limit: number): Promise<IncidentAlert[]>;
}

/** Read-modify-write of one incident, conditional on its version and retried on a conflict (storage/incident-store). */
export type IncidentUpdate = (id: string, change: (incident: Incident) => Incident | undefined, timeline: (incident: Incident) => TimelineEntry[]) => Promise<Incident | undefined>;

export type SourceStatusRead = (source: SourceId) => Promise<{ lastTestAt?: string | undefined; lastAlertAt?: string | undefined }>;
