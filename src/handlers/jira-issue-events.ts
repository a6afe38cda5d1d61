/**
 * Keeps the incident record in step when people work the Jira issue (DESIGN 2): moving the incident issue to a
 * done status closes the incident. Self-generated events are filtered out in the manifest (`ignoreSelf`).
 * https://developer.atlassian.com/platform/forge/events-reference/jira/
 */
import { z } from 'zod';
import { updateIncident } from '../storage/incident-store';
import { incidentReads } from '../storage/incident-reads';

const IssueEventSchema = z.object({
  eventType: z.string(),
  timestamp: z.union([z.string(), z.number()]).optional(),
  issue: z.object({
    key: z.string(),
    fields: z.object({ status: z.object({ statusCategory: z.object({ key: z.string() }).optional() }).optional() }).passthrough().optional(),
  }),
});

export async function onJiraIssueEvent(event: unknown): Promise<void> {
  const parsed = IssueEventSchema.safeParse(event);
  if (!parsed.success) return;
  const { issue } = parsed.data;
  if (issue.fields?.status?.statusCategory?.key !== 'done') return;
  const incidentId = await incidentReads.incidentIdOfIssue(issue.key);
  if (!incidentId) return; // not a Kaizen incident
  const at = new Date(Number(parsed.data.timestamp) || Date.now()).toISOString();
  await updateIncident(incidentId, (i) => (i.state === 'closed' ? undefined : { ...i, state: 'closed', closedAt: at }));
}
