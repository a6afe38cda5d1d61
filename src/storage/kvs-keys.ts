import { createHash } from 'node:crypto';

/**
 * KVS keys may hold only `[a-zA-Z0-9:._\s-#]` and at most 500 characters
 * (https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/), while alert ids and group keys are
 * sender text (Alertmanager group keys hold `{}`, `=` and quotes). Such values are hashed into keys.
 */
export const hashKey = (prefix: string, value: string): string => `${prefix}:${createHash('sha256').update(value).digest('hex').slice(0, 40)}`;

export const ENTITY = {
  incident: 'incident',
  alertLink: 'alert-link',
  groupLink: 'group-link',
  /** One alert's state on one incident (the incident record keeps only counts). */
  incidentAlert: 'incident-alert',
} as const;

export const keys = {
  alertLink: (alertKey: string) => hashKey('a', alertKey),
  groupLink: (groupKey: string) => hashKey('g', groupKey),
  incidentAlert: (incidentId: string, alertKey: string) => hashKey('ia', `${incidentId}\n${alertKey}`),
  tombstone: (alertKey: string) => hashKey('tomb', alertKey),
  timelinePrefix: (incidentId: string) => `tl:${incidentId}:`,
  timeline: (incidentId: string, seq: number) => `tl:${incidentId}:${String(seq).padStart(6, '0')}`,
  deadLetter: (eventId: string) => `dlq:${eventId}`,
  deadLetterPrefix: 'dlq:',
  sourceStatus: (source: string) => `source-status:${source}`,
  sourceSecret: (source: string) => `source-secret:${source}`,
  settings: 'settings:intake',
};
