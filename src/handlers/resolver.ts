/**
 * Resolvers for the Custom UI modules. Every call acts for the calling user (DESIGN 4): the issue key in the
 * context comes through the browser and is checked by reading the issue as that user before anything is shown.
 * https://developer.atlassian.com/platform/forge/runtime-reference/forge-resolver/
 */
import api, { route } from '@forge/api';
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { loadIncident, loadTimeline } from '../storage/incident-store';

const IssueContextSchema = z.object({ extension: z.object({ issue: z.object({ key: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/) }) }) });
const IncidentPropertySchema = z.object({ value: z.object({ id: z.string() }) });

/** The incident behind the issue the panel is on, or `{incident: null}` for an issue that is not an incident. */
async function getIncident(context: unknown) {
  const ctx = IssueContextSchema.safeParse(context);
  if (!ctx.success) return { error: 'This view needs an issue.' };
  const key = ctx.data.extension.issue.key;
  const visible = await api.asUser().requestJira(route`/rest/api/3/issue/${key}?fields=${'summary'}`, { headers: { Accept: 'application/json' } });
  if (!visible.ok) return { error: 'You cannot see this issue.' };
  const prop = await api.asApp().requestJira(route`/rest/api/3/issue/${key}/properties/kaizen-incident`, { headers: { Accept: 'application/json' } });
  if (prop.status === 404) return { incident: null };
  if (!prop.ok) throw new Error(`Reading the incident property of ${key} failed with ${prop.status}`);
  const { value } = IncidentPropertySchema.parse(await prop.json());
  const incident = await loadIncident(value.id);
  if (!incident) return { incident: null };
  return { incident, timeline: await loadTimeline(incident.id) };
}

const resolver = new Resolver();
resolver.define('getIncident', ({ context }) => getIncident(context));

export const handler = resolver.getDefinitions();
