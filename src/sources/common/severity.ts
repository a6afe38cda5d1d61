/**
 * Sender severity words → Kaizen's scale. Alertmanager and Grafana have no fixed vocabulary (a `severity` label is a
 * convention, and teams write `page`, `high`, `P2`, `sev1`, `error`…), so this list covers the common spellings;
 * anything else is `unknown`, and the word itself is always kept in `severity.raw`.
 */
import type { SeverityLevel } from '../../domain/alert';

const LEVEL_BY_WORD: Readonly<Record<string, SeverityLevel>> = {
  critical: 'critical',
  crit: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  emerg: 'critical',
  alert: 'critical',
  page: 'critical',
  disaster: 'critical',
  high: 'critical',
  p1: 'critical',
  p2: 'critical',
  sev1: 'critical',
  sev2: 'critical',
  error: 'warning',
  err: 'warning',
  major: 'warning',
  warning: 'warning',
  warn: 'warning',
  average: 'warning',
  medium: 'warning',
  moderate: 'warning',
  minor: 'warning',
  p3: 'warning',
  sev3: 'warning',
  info: 'info',
  information: 'info',
  informational: 'info',
  notice: 'info',
  low: 'info',
  none: 'info',
  ok: 'info',
  debug: 'info',
  p4: 'info',
  p5: 'info',
  sev4: 'info',
  sev5: 'info',
};

/** Kaizen's level for a sender's word (case-insensitive); `unknown` for anything else or nothing. */
export function severityLevelOf(word: string | undefined): SeverityLevel {
  if (word === undefined) return 'unknown';
  return LEVEL_BY_WORD[word.trim().toLowerCase()] ?? 'unknown';
}
