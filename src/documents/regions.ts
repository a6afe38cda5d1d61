import { createHash } from 'node:crypto';

/**
 * Kaizen-owned regions of a Confluence page (DESIGN 3.2): people edit the page freely; Kaizen rewrites only its
 * regions. A region is an `ac:structured-macro` (a panel, an expand, page properties…) whose `ac:macro-id` is the
 * region id below; the region's content is that macro's `ac:rich-text-body`. Confluence keeps `ac:macro-id` stable
 * across editor saves, so the region can be found again in whatever version people have made.
 *
 * DESIGN 3.2 has Kaizen write the page at creation and at recovery; `roles` and `key-times` (response-regions.ts)
 * are also rewritten when people's roles or the key times change (src/usecases/sync-page-regions.ts: at most one
 * write per window, nothing when the record renders them as already written).
 */
export const REGION_NAMES = ['status', 'timeline', 'facts', 'roles', 'key-times', 'retro-facts', 'retro-status'] as const;
export type RegionName = (typeof REGION_NAMES)[number];

/** A deterministic UUID (name-based, SHA-1, RFC 9562 v5 layout) for a region of an incident's page. */
export function regionId(incidentId: string, name: RegionName): string {
  const h = createHash('sha1').update(`kaizen:${incidentId}:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
