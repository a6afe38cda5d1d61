/**
 * Keeps the incident record in step when people work the Jira issue (DESIGN 2): moving the incident issue to a
 * done status closes the incident. Self-generated events are filtered out in the manifest (`ignoreSelf`).
 * https://developer.atlassian.com/platform/forge/events-reference/jira/
 */
import api, { route } from '@forge/api';
import { z } from 'zod';
import { updateIncident } from '../storage/incident-store';

const IssueEventSchema = z.object({
  eventType: z.string(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  issue: z.object({
    key: z.string(),
    fields: z.object({ status: z.object({ statusCategory: z.object({ key: z.string() }).optional() }).optional() }).passthrough().optional(),
  }),
});

const IncidentPropertySchema = z.object({ value: z.object({ id: z.string() }) });

export async function onJiraIssueEvent(event: unknown): Promise<void> {
  const parsed = IssueEventSchema.safeParse(event);
  if (!parsed.success) return;
  const { issue } = parsed.data;
  if (issue.fields?.status?.statusCategory?.key !== 'done') return;
  const res = await api.asApp().requestJira(route`/rest/api/3/issue/${issue.key}/properties/kaizen-incident`, { headers: { Accept: 'application/json' } });
  if (res.status === 404) return; // not a Kaizen incident
  if (!res.ok) throw new Error(`Reading the incident property of ${issue.key} failed with ${res.status}`);
  const property = IncidentPropertySchema.parse(await res.json());
  const at = new Date(Number(parsed.data.timestamp) || Date.now()).toISOString();
  await updateIncident(property.value.id, (i) => (i.state === 'closed' ? undefined : { ...i, state: 'closed', closedAt: at }));
}
