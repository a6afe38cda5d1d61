/**
 * The attribution use cases' dependencies (src/usecases/attribution/) from the real adapters, once per invocation.
 */
import { consoleLog } from '../adapters/product-http';
import { incidentReads } from '../storage/incident-reads';
import { updateIncident } from '../storage/incident-store';
import { createAttributionReads } from '../storage/sql/attribution-reads';
import type { SetAttributionDeps } from '../usecases/attribution/set-attribution';
import type { Clock } from '../usecases/ports';
import type { UserAccess } from '../usecases/ui-ports';
import { ingestDeps } from './wiring';

export const attributionDeps = (access: UserAccess, clock: Clock): SetAttributionDeps => ({
  access,
  incidents: incidentReads,
  update: updateIncident,
  clock,
  reads: createAttributionReads(),
  log: consoleLog,
  // the fact row, the coalesced comment and the live page follow as after the panel's other actions
  appSide: ingestDeps,
});
