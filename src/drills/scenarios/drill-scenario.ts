/**
 * A built-in drill scenario: a story of alerts from one sender, written once in English and Japanese (the run uses
 * the page language), turned into a plan (src/domain/drill-plan.ts) when a drill starts.
 */
import type { SourceId } from '../../domain/alert';
import type { DrillAlertSpec, DrillStep } from '../../domain/drill-plan';
import type { PageLanguage } from '../../shared/settings';

type Texts = Record<PageLanguage, string>;

export interface ScenarioEvent {
  /** Seconds after the first alert, at real speed. */
  at: number;
  ref: string;
  status: DrillAlertSpec['status'];
  severity: DrillAlertSpec['severity'];
  title: Texts;
  message: Texts;
  monitor: Texts;
  service?: string;
  host?: string;
  metric?: DrillAlertSpec['metric'];
}

export interface DrillScenario {
  id: string;
  source: SourceId;
  events: readonly ScenarioEvent[];
}

/** The scenario's steps, its texts in `language`. */
export function scenarioSteps(scenario: DrillScenario, language: PageLanguage): DrillStep[] {
  return scenario.events.map((e) => ({
    source: scenario.source,
    offsetSeconds: e.at,
    alert: {
      ref: e.ref,
      status: e.status,
      severity: e.severity,
      title: e.title[language],
      message: e.message[language],
      monitor: e.monitor[language],
      ...(e.service ? { service: e.service } : {}),
      ...(e.host ? { host: e.host } : {}),
      ...(e.metric ? { metric: e.metric } : {}),
    },
  }));
}
