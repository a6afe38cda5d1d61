/**
 * Display names of Kaizen's enumerations in a page language (states, levels, severities, alert statuses, link and
 * timeline kinds), and the alert sources' product names (never translated).
 */
import type { AlertStatus, LinkKind, SeverityLevel, SourceId } from '../domain/alert';
import type { IncidentState, Language, Level, TimelineKind } from '../domain/incident';
import { SOURCE_NAMES } from '../shared/vocabulary';
import { t } from './messages';

/** Product names as each vendor writes them; the same in every language (one list, shared with the UI). */
export { SOURCE_NAMES };

export const stateName = (lang: Language, state: IncidentState): string => t(lang, `state.${state}`);
export const levelName = (lang: Language, level: Level): string => t(lang, `level.${level}`);
export const severityName = (lang: Language, severity: SeverityLevel): string => t(lang, `severity.${severity}`);
export const alertStatusName = (lang: Language, status: AlertStatus): string => t(lang, `alertStatus.${status}`);
export const linkKindName = (lang: Language, kind: LinkKind): string => t(lang, `link.${kind}`);
export const timelineKindName = (lang: Language, kind: TimelineKind): string => t(lang, `timeline.${kind}`);
export const sourceName = (source: SourceId): string => SOURCE_NAMES[source];

/** A link's text: its label under its kind (`Runbook: Restart web`), or the kind alone. */
export function linkText(lang: Language, kind: LinkKind, label: string | undefined): string {
  const kindName = linkKindName(lang, kind);
  return label && label.trim() !== '' ? t(lang, 'link.labelled', { kind: kindName, label }) : kindName;
}
