import type { Store } from '../store/store';

/**
 * Dashboard gadgets of the app, kept in the sandbox store so a restart keeps them (and `POST /__sandbox/reset`
 * clears them with everything else): one record per dashboard and gadget module, with Jira's numeric gadget id
 * and the `gadgetConfiguration` the gadget's edit view last submitted (shared/docs/forge-platform.md §7.4).
 */

/** The namespace the sandbox keeps its own metadata in (sandbox.ts); gadget records live under a key prefix. */
const NS = 'sandbox-meta';
const PREFIX = 'host-gadget:';

export interface GadgetRecord {
  id: string;
  configuration: Record<string, unknown>;
}

const keyOf = (dashboardId: string, moduleKey: string): string => `${PREFIX}${dashboardId}/${moduleKey}`;

/** The gadget of `moduleKey` on a dashboard, created (with an empty configuration) on first sight. */
export function gadgetOf(store: Store, dashboardId: string, moduleKey: string): GadgetRecord {
  const existing = store.get<GadgetRecord>(NS, keyOf(dashboardId, moduleKey));
  if (existing) return existing;
  const record: GadgetRecord = { id: String(store.nextId('host-gadget-id', 10000)), configuration: {} };
  store.put(NS, keyOf(dashboardId, moduleKey), record);
  return record;
}

export function saveGadgetConfiguration(store: Store, dashboardId: string, moduleKey: string, configuration: Record<string, unknown>): GadgetRecord {
  const record = { ...gadgetOf(store, dashboardId, moduleKey), configuration };
  store.put(NS, keyOf(dashboardId, moduleKey), record);
  return record;
}
