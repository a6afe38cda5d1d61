/**
 * The reporting store's rows for retrospectives and action items (DESIGN 2, 3.4, 3.5; tables `retrospectives` and
 * `action_items`, src/storage/sql/migrations.ts), kept in step by the use cases that change them — a retrospective
 * drafted, its status followed, published; an action item task made or updated by a sync, or moved to done / given a
 * due date in Jira (the issue-event trigger) — so the gadget counts published retrospectives and open / overdue
 * action items with one query, and drills from a row to its incident (`incident_id`, `issue_key`).
 *
 * The KVS records stay the truth: a row is written from the record as stored after the change. A failed SQL write is
 * logged and never fails the person's action (as src/usecases/sync-incident-facts.ts does); the next change of the
 * same retrospective or incident's action items writes the row again.
 */
import type { Incident } from '../domain/incident';
import type { ActionItemRecord } from './action-items/action-item-ports';
import type { PageRef } from './ports';
import type { ReleaseProblemRow } from './release-problems/release-problem-ports';
import { incidentFactOf } from './sync-incident-facts';

/** One retrospective or release review page (`retrospectives` row). Times ISO. */
export interface RetrospectiveRow {
  pageId: string;
  /** `retrospective` (an incident's, src/usecases/retrospective/) or `release-review` (a release problem's light review). */
  kind: 'retrospective' | 'release-review';
  incidentId: string | null;
  problemId: string | null;
  issueKey: string | null;
  title: string;
  url: string;
  language: 'en' | 'ja';
  /** `draft`, `in-review`, `published`: once published, a row never goes back (the upsert keeps it). */
  status: string;
  level: string | null;
  service: string | null;
  drill: boolean;
  draftedAt: string;
  publishedAt: string | null;
}

/** One action item task (`action_items` row). */
export interface ActionItemReportRow {
  issueId: string;
  issueKey: string;
  incidentId: string;
  /** `open`, `done`, or `deleted` (the task was deleted in Jira: never counted). */
  state: 'open' | 'done' | 'deleted';
  /** YYYY-MM-DD or null. */
  dueDate: string | null;
  drill: boolean;
}

/** The reporting store's retrospectives and action items (src/storage/sql/reporting-rows.ts, on @forge/sql). */
export interface ReportingRows {
  /** Inserts or updates the page's row (one statement). */
  upsertRetrospective(row: RetrospectiveRow): Promise<void>;
  /** Inserts or updates the tasks' rows (one statement per 100 rows). */
  upsertActionItems(rows: readonly ActionItemReportRow[]): Promise<void>;
  /** The page's labels as Confluence last answered them (the library's label filter); one statement, none without a row. */
  setPageLabels(pageId: string, labels: readonly string[]): Promise<void>;
}

export interface ReportingDeps {
  /** Absent: no reporting store wired (unit tests of other use cases). */
  reporting?: ReportingRows | undefined;
  log?: { warn(message: string, details?: Record<string, unknown>): void } | undefined;
}

/** The incident's retrospective as its row; undefined before it is drafted. */
export function retrospectiveRowOf(incident: Incident): RetrospectiveRow | undefined {
  const retro = incident.retrospective;
  if (!retro) return undefined;
  return {
    pageId: retro.page.id,
    kind: 'retrospective',
    incidentId: incident.id,
    problemId: null,
    issueKey: incident.issue?.key ?? null,
    title: retro.page.title,
    url: retro.page.url,
    language: incident.language,
    status: retro.status,
    level: incident.level,
    service: incidentFactOf(incident).service,
    drill: incident.drill,
    draftedAt: retro.draftedAt,
    publishedAt: retro.publishedAt ?? null,
  };
}

/** The incident's action item task records as rows. */
export function actionItemRowsOf(incident: Pick<Incident, 'drill'>, records: readonly ActionItemRecord[]): ActionItemReportRow[] {
  return records.map((r) => ({ issueId: r.issueId, issueKey: r.key, incidentId: r.incidentId, state: r.gone ? 'deleted' : r.done ? 'done' : 'open', dueDate: r.dueDate ?? null, drill: incident.drill }));
}

export type RowOutcome = 'no-store' | 'nothing' | 'written' | 'failed';

async function keep(write: () => Promise<void>, what: string, details: Record<string, unknown>, deps: ReportingDeps): Promise<RowOutcome> {
  try {
    await write();
    return 'written';
  } catch (e) {
    (deps.log ?? console).warn(`The reporting store did not take the ${what} (the next change writes it again)`, { ...details, error: e instanceof Error ? e.message : String(e) });
    return 'failed';
  }
}

/** Writes a postmortem page's labels as Confluence answered them to its row. Never throws. */
export async function keepPageLabels(pageId: string, labels: readonly string[], deps: ReportingDeps): Promise<RowOutcome> {
  const reporting = deps.reporting;
  if (!reporting) return 'no-store';
  return keep(() => reporting.setPageLabels(pageId, labels), 'page labels', { pageId }, deps);
}

/** Writes the incident's retrospective row from the record in hand. Never throws. */
export async function keepRetrospectiveRow(incident: Incident | undefined, deps: ReportingDeps): Promise<RowOutcome> {
  const reporting = deps.reporting;
  if (!reporting) return 'no-store';
  const row = incident ? retrospectiveRowOf(incident) : undefined;
  if (!row) return 'nothing';
  return keep(() => reporting.upsertRetrospective(row), 'retrospective row', { incidentId: row.incidentId, pageId: row.pageId }, deps);
}

/** Writes the rows of an incident's action item tasks from their records as stored. Never throws. */
export async function keepActionItemRows(incident: Pick<Incident, 'id' | 'drill'>, records: readonly ActionItemRecord[], deps: ReportingDeps): Promise<RowOutcome> {
  const reporting = deps.reporting;
  if (!reporting) return 'no-store';
  if (records.length === 0) return 'nothing';
  return keep(() => reporting.upsertActionItems(actionItemRowsOf(incident, records)), 'action item rows', { incidentId: incident.id, tasks: records.length }, deps);
}

/**
 * Writes a release problem's light review page as its `release-review` row (the library lists it with the
 * retrospectives; a light review has no incident, so no level). A light review has no draft / publish cycle: it is
 * shared from the moment its page exists, so its row is `published` then. Never throws.
 */
export async function keepReleaseReviewRow(
  problem: Pick<ReleaseProblemRow, 'problemId' | 'issueKey' | 'service' | 'drill'>,
  page: Pick<PageRef, 'id' | 'url' | 'title'>,
  language: 'en' | 'ja',
  draftedAt: string,
  deps: ReportingDeps,
): Promise<RowOutcome> {
  const reporting = deps.reporting;
  if (!reporting) return 'no-store';
  const row: RetrospectiveRow = {
    pageId: page.id,
    kind: 'release-review',
    incidentId: null,
    problemId: problem.problemId,
    issueKey: problem.issueKey,
    title: page.title,
    url: page.url,
    language,
    status: 'published',
    level: null,
    service: problem.service,
    drill: problem.drill,
    draftedAt,
    publishedAt: draftedAt,
  };
  return keep(() => reporting.upsertRetrospective(row), 'release review row', { problemId: problem.problemId, pageId: page.id }, deps);
}
