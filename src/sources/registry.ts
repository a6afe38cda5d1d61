/**
 * Every alert source, listed explicitly (no discovery by naming). `satisfies` makes a missing or misspelled source a
 * compile error, and keeps each entry's own payload type (`sources.mackerel.parse` returns a Mackerel payload).
 */
import { SOURCE_IDS, type Alert, type SourceId } from '../domain/alert';
import type { AlertSource, NormaliseContext, ParseResult } from './alert-source';
import { alertmanagerSource } from './alertmanager/alertmanager-source';
import { grafanaSource } from './grafana/grafana-source';
import { mackerelSource } from './mackerel/mackerel-source';
import { opsgenieSource } from './opsgenie/opsgenie-source';
import { pagerdutySource } from './pagerduty/pagerduty-source';

export const sources = {
  mackerel: mackerelSource,
  opsgenie: opsgenieSource,
  alertmanager: alertmanagerSource,
  grafana: grafanaSource,
  pagerduty: pagerdutySource,
} satisfies Record<SourceId, AlertSource>;

/** The source a value names, or undefined — for ids read from storage, queue events or resolver payloads. */
export function sourceById(id: string): AlertSource | undefined {
  return (SOURCE_IDS as readonly string[]).includes(id) ? sources[id as SourceId] : undefined;
}

/** The source behind a manifest web trigger key (`mackerel-webhook` → Mackerel). */
export function sourceByWebtriggerKey(webtriggerKey: string): AlertSource | undefined {
  return Object.values(sources).find((source: AlertSource) => source.webtriggerKey === webtriggerKey);
}

/**
 * Parse and normalise in one step for a source chosen at run time (the queue consumer re-reading a queued body).
 * Keeps each source's payload with its own normaliser.
 */
export function parseAndNormalise(id: SourceId, rawBody: string, context: NormaliseContext): ParseResult<Alert[]> {
  const source: AlertSource = sources[id];
  const parsed = source.parse(rawBody);
  if (!parsed.ok) return parsed;
  return { ok: true, payload: source.normalise(parsed.payload, context) };
}
