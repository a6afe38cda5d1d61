/**
 * The incident durations of DESIGN 3.5, from the key times: TTD = detected − impact start, TTA = acknowledged −
 * detected, TTM = mitigated − impact start, TTR = recovered − impact start. A duration whose end has not happened
 * is `undefined`, never zero. Pure; shared by the UI and (later) the metrics roll-up.
 */
import type { KeyTimes } from './incident-view';

export interface KeyDurations {
  ttdMs: number | undefined;
  ttaMs: number | undefined;
  ttmMs: number | undefined;
  ttrMs: number | undefined;
}

const between = (start: string | undefined, end: string | undefined): number | undefined => {
  if (!start || !end) return undefined;
  const ms = Date.parse(end) - Date.parse(start);
  // a backdated or clock-skewed time can put an end before its start: show nothing rather than a negative time
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
};

export function keyDurations(times: KeyTimes): KeyDurations {
  return {
    ttdMs: between(times.impactStartedAt, times.detectedAt),
    ttaMs: between(times.detectedAt, times.acknowledgedAt),
    ttmMs: between(times.impactStartedAt, times.mitigatedAt),
    ttrMs: between(times.impactStartedAt, times.recoveredAt),
  };
}

/** How long the incident has lasted: to recovery, or to `now` while it runs. */
export function incidentDurationMs(impactStartedAt: string, recoveredAt: string | undefined, now: Date): number {
  return Math.max(0, (recoveredAt ? Date.parse(recoveredAt) : now.getTime()) - Date.parse(impactStartedAt));
}

/** A duration split for display: days, hours, minutes, seconds (whole, rounded down). */
export function splitDuration(ms: number): { d: number; h: number; m: number; s: number } {
  const total = Math.floor(Math.max(0, ms) / 1000);
  return { d: Math.floor(total / 86_400), h: Math.floor((total % 86_400) / 3_600), m: Math.floor((total % 3_600) / 60), s: total % 60 };
}
