/**
 * What the attribution use cases read from the reporting store (src/storage/sql/attribution-reads.ts): the rule's
 * candidates and pick for an incident, and one deployment by id. Deployments as the UI shows them.
 */
import type { DeploymentView } from '../../shared/attribution';

/** The incident as the rule reads it: its service (from its group keys), impact start, and a person's choice. */
export interface AttributionQuery {
  service: string | null;
  impactStartedAt: string;
  /** The deployment a person chose (`manual`), to show it even when it is not a candidate. */
  chosenDeploymentId: string | null;
}

export interface AttributionFound {
  /**
   * The service's production deployments that reached production and finished before impact start, newest first
   * (any service's when the incident's service is not known: the rule picks none, a person may still choose).
   */
  candidates: DeploymentView[];
  /** What the rule picks (src/storage/sql/attribution.ts): null before any such deployment, or without a service. */
  auto: DeploymentView | null;
  /** The chosen deployment, when the query named one that exists. */
  chosen: DeploymentView | null;
}

/** How many candidates the panel lists. */
export const ATTRIBUTION_CANDIDATES = 10;

export interface AttributionReads {
  /** Candidates, the rule's pick and the chosen deployment: ONE SQL statement. */
  find(query: AttributionQuery): Promise<AttributionFound>;
  /** The deployment with this id when it is a PRODUCTION deployment, else undefined (one SELECT). */
  productionDeployment(deploymentId: string): Promise<DeploymentView | undefined>;
}
