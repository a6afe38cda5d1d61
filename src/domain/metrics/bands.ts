/**
 * DORA performance bands, from the figure a render computed (pure). null where there is no figure.
 *
 * - Deployment frequency — Apache DevLake's rule for the 2023 report: median deployment days per week ≥ 5 → elite;
 *   ≥ 1 → high; else median deployment days per month ≥ 1 → medium; else low. null when nothing was deployed.
 * - Change lead time — the 2023 and 2024 reports agree: < 1 day elite, < 7 days high, < 30 days medium, else low.
 * - Change fail rate — the 2023 report (as DevLake): ≤ 5 % elite, ≤ 10 % high, ≤ 15 % medium, else low. The 2024
 *   report's clusters (elite 5 %, high 20 %, medium 10 %, low 40 %) are not monotonic, so they cannot band a rate.
 * - Failed deployment recovery time: < 1 hour elite, < 1 day high, < 7 days medium, else low.
 * - Deployment rework rate: DORA publishes no band (the 2024 report introduced the metric without one).
 */
import type { Band } from '../../shared/metrics';

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;

export function deploymentFrequencyBand(deployments: number, medianDaysPerWeek: number, medianDaysPerMonth: number): Band {
  if (deployments === 0) return null;
  if (medianDaysPerWeek >= 5) return 'elite';
  if (medianDaysPerWeek >= 1) return 'high';
  if (medianDaysPerMonth >= 1) return 'medium';
  return 'low';
}

export function leadTimeBand(medianSeconds: number | null): Band {
  if (medianSeconds === null) return null;
  if (medianSeconds < DAY_S) return 'elite';
  if (medianSeconds < 7 * DAY_S) return 'high';
  if (medianSeconds < 30 * DAY_S) return 'medium';
  return 'low';
}

/** In whole numbers (failed · 100 against deployments · percent), so 1 of 20 is exactly 5 %. */
export function changeFailRateBand(failed: number, deployments: number): Band {
  if (deployments === 0) return null;
  if (failed * 100 <= 5 * deployments) return 'elite';
  if (failed * 100 <= 10 * deployments) return 'high';
  if (failed * 100 <= 15 * deployments) return 'medium';
  return 'low';
}

export function recoveryTimeBand(medianSeconds: number | null): Band {
  if (medianSeconds === null) return null;
  if (medianSeconds < HOUR_S) return 'elite';
  if (medianSeconds < DAY_S) return 'high';
  if (medianSeconds < 7 * DAY_S) return 'medium';
  return 'low';
}
