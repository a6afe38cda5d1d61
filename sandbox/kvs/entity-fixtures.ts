import type { EntityDefinition } from './kvs-service';

/** An entity shaped like the ones Kaizen declares, used by the entity and transaction tests. */
export const incidentEntity: EntityDefinition = {
  name: 'incident',
  attributes: {
    service: { type: 'string' },
    state: { type: 'string' },
    severity: { type: 'integer' },
    openedAt: { type: 'integer' },
    score: { type: 'float' },
    acked: { type: 'boolean' },
    title: { type: 'string' },
    extra: { type: 'any' },
  },
  indexes: [
    'openedAt',
    { name: 'by-service-state-opened', partition: ['service', 'state'], range: ['openedAt'] },
    { name: 'by-severity', range: ['severity'] },
    { name: 'by-acked-title', partition: ['acked'], range: ['title'] },
  ],
};

export interface Incident {
  service?: string;
  state?: string;
  severity?: number;
  openedAt?: number;
  score?: number;
  acked?: boolean;
  title?: string;
  extra?: unknown;
}
