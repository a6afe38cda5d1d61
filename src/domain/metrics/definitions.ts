/**
 * What every figure of the metrics gadget counts (DESIGN 3.5, issue 10 item 5): the rules as constants the SQL is
 * built from (src/storage/sql/metrics-queries.ts). The gadget's one-line definitions (en / ja) are its catalogue's
 * `gadget.*.definition` texts (static/shared/i18n), which say these rules in a line each.
 * The README's "Metrics" section states the same rules at length, with where and why they differ from Apache DevLake.
 *
 * - Period `[from, to)` (period.ts): incidents by impact start, deployments by finish, release problems by when they
 *   occurred. Drills (incident, release problem, action item) never count.
 * - TTD = detected − impact start; TTA = acknowledged − detected; TTM = mitigated − impact start; TTR = recovered −
 *   impact start; over incidents that have both times (a span out of order, below 0, is skipped). Median and p90
 *   (stats.ts), whole seconds per incident.
 * - A deployment counts when it went to {@link COUNTED_ENVIRONMENT} and reached it: outcome not {@link NOT_DEPLOYED_OUTCOME}.
 * - A counted deployment failed when its outcome is one of {@link FAILING_OUTCOMES}, a (non-drill) release problem
 *   names it, or a non-drill incident is attributed to it (src/storage/sql/attribution.ts) — once, however many.
 * - Change lead time: per commit (repository, sha) with an authored time, its first counted deployment (earliest
 *   finish); counted when that deployment finished in the period; a negative span is skipped.
 * - Failed deployment recovery time: per failed deployment of the period with ≥ 1 recovered attributed incident, the
 *   latest recovery − the earliest impact start of its attributed incidents.
 * - Deployment rework rate: counted deployments that name (as hotfix) the issue key of a non-drill incident / counted
 *   deployments. No band.
 */
import type { Ttx } from '../../shared/metrics';

/** The environment whose deployments count (Apache DevLake's `environment = 'PRODUCTION'`). */
export const COUNTED_ENVIRONMENT = 'PRODUCTION';
/** A release with this outcome never reached production: not a deployment (DevLake counts `result = 'SUCCESS'` only). */
export const NOT_DEPLOYED_OUTCOME = 'failed';
/** Outcomes that make a counted deployment a failed one by themselves. */
export const FAILING_OUTCOMES = ['rolled_back', 'partially_incomplete'] as const;

/** Each TTx: [the later time, the earlier time] as `incident_facts` columns. */
export const TTX_SPANS: Readonly<Record<Ttx, readonly [later: string, earlier: string]>> = {
  ttd: ['detected_at', 'impact_started_at'],
  tta: ['acknowledged_at', 'detected_at'],
  ttm: ['mitigated_at', 'impact_started_at'],
  ttr: ['recovered_at', 'impact_started_at'],
};
