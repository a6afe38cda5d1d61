/**
 * The incident durations of DESIGN 3.5, from the key times: TTD = detected − impact start, TTA = acknowledged −
 * detected, TTM = mitigated − impact start, TTR = recovered − impact start. A duration whose end has not happened
 * is `undefined`, never zero. Pure; shared by the UI and (later) the metrics roll-up.
 */
import type { KeyTimes } from './incident-view';
import { interpolate } from './message-catalogue';

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

/** The texts a duration is written with; both catalogues (src/i18n for documents, static/shared/i18n for the UI) have them. */
export type DurationTexts = Readonly<Record<'duration.seconds' | 'duration.minutes' | 'duration.hoursMinutes' | 'duration.daysHours', string>>;

/**
 * A duration in the largest units that matter, rounded down: `45 s`, `12 min`, `1 h 5 min`, `2 d 3 h` · `45秒`,
 * `12分`, `1時間5分`, `2日3時間`, in the language of `texts`. A negative duration (clock skew between senders)
 * shows as 0. The one duration format of Kaizen: documents and views both write durations with it.
 */
export function durationText(ms: number, texts: DurationTexts): string {
  const { d, h, m, s } = splitDuration(ms);
  const say = (key: keyof DurationTexts, params: Readonly<Record<string, number>>): string => interpolate(texts[key], params, (name) => `{${name}}`);
  if (d > 0) return say('duration.daysHours', { d, h });
  if (h > 0) return say('duration.hoursMinutes', { h, m });
  if (m > 0) return say('duration.minutes', { m });
  return say('duration.seconds', { s });
}
