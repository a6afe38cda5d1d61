/**
 * A deployment as Kaizen keeps it (DESIGN 3.5): Apache DevLake's deployment webhook body normalised, plus Kaizen's
 * fields. Made by src/deployments/ from the `deployment-webhook` body; written by the reporting store's deployments
 * adapter (src/storage/sql/deployments.ts). Times ISO, UTC.
 */
import type { DeploymentOutcome } from '../../shared/attribution';

/** DevLake's environment words; any other name is kept as sent (upper-cased), and the settings say which are production. */
export const DEPLOYMENT_ENVIRONMENTS = ['PRODUCTION', 'STAGING', 'TESTING', 'DEVELOPMENT'] as const;
/** An environment name is at most this long (the `deployments.environment` column). */
export const ENVIRONMENT_MAX = 100;

export interface DeploymentCommit {
  repoUrl: string;
  commitSha: string;
  refName: string | null;
  commitMsg: string | null;
  result: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Kaizen's `commitAuthoredDate`: without it the commit has no lead time (never guessed). */
  authoredAt: string | null;
}

export interface DeploymentRecord {
  /** The sender's `id`: one row per id (a report sent again replaces it). */
  id: string;
  displayTitle: string | null;
  name: string | null;
  /** DevLake's CI result (`SUCCESS`, `FAILURE`, `ABORT`, …), upper case; `SUCCESS` when absent (as DevLake). */
  result: string;
  /**
   * Upper case: `PRODUCTION` when absent (as DevLake), else as sent. Before it is stored, a name the settings'
   * production environments list (`prod`, `production-eu`, …) becomes `PRODUCTION` ({@link productionNamed}).
   */
  environment: string;
  /** Kaizen's release outcome: the body's, or from `result` (`SUCCESS` → success, anything else → failed). */
  outcome: DeploymentOutcome;
  service: string | null;
  version: string | null;
  pipelineUrl: string | null;
  startedAt: string;
  finishedAt: string;
  createdAt: string | null;
  commits: DeploymentCommit[];
  /** Incident issue keys this (unplanned) deployment addresses: a hotfix. */
  hotfixFor: string[];
  /** What went wrong, for a rolled-back or partially incomplete release (its release problem's summary). */
  problemSummary: string | null;
}

/** The reporting store's deployments (src/storage/sql/deployments.ts). */
export interface DeploymentStore {
  /**
   * Writes the deployment, its commits and hotfix keys, and — for outcome `rolled_back` / `partially_incomplete` —
   * its release problem row (`ci:<id>`). Idempotent per id: the same body again changes nothing (`unchanged`).
   */
  record(deployment: DeploymentRecord, receivedAt: string): Promise<'inserted' | 'updated' | 'unchanged'>;
}

/**
 * The environment a deployment is stored under: `PRODUCTION` (what the metrics count) when the name is PRODUCTION or
 * one the settings' production environments name (compared ignoring case), else the name as sent. Pure.
 */
export function productionNamed(environment: string, productionEnvironments: readonly string[]): string {
  const name = environment.toUpperCase();
  return name === 'PRODUCTION' || productionEnvironments.some((p) => p.trim().toUpperCase() === name) ? 'PRODUCTION' : name;
}
