/**
 * The AI draft's KVS rows (issue 11 item 6): one job per incident (`ai-draft:<incidentId>`), and the installation's
 * remembered refusal of Forge LLMs (`ai-draft:availability`). Read through their schemas (house style 4): a row that
 * does not parse is treated as absent.
 * https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/
 */
import kvs from '@forge/kvs';
import { z } from 'zod';
import { AI_DRAFT_FAILURES } from '../shared/ai-draft';
import type { AiDraftJob, AiDraftJobs, AiAvailability } from '../usecases/ai-draft/ai-draft-ports';

const Iso = z.iso.datetime({ precision: 3 });

const JobSchema = z.object({
  jobId: z.string().min(1),
  incidentId: z.string().min(1),
  state: z.enum(['pending', 'ready', 'failed']),
  requestedBy: z.object({ accountId: z.string(), displayName: z.string() }),
  requestedAt: Iso,
  proposal: z.object({ summary: z.string(), narrative: z.string(), model: z.string(), createdAt: Iso }).optional(),
  failure: z.object({ reason: z.enum(AI_DRAFT_FAILURES), at: Iso, detail: z.string().optional() }).optional(),
  inserted: z.object({ at: Iso, by: z.string() }).optional(),
});

const AvailabilitySchema = z.object({ refusedAt: Iso, code: z.string() });

const jobKey = (incidentId: string): string => `ai-draft:${incidentId}`;
const AVAILABILITY_KEY = 'ai-draft:availability';

export const aiDraftJobs: AiDraftJobs = {
  async load(incidentId) {
    const parsed = JobSchema.safeParse(await kvs.get(jobKey(incidentId)));
    return parsed.success ? (parsed.data as AiDraftJob) : undefined;
  },
  async save(job) {
    await kvs.set(jobKey(job.incidentId), JobSchema.parse(job));
  },
  async remove(incidentId) {
    await kvs.delete(jobKey(incidentId));
  },
};

export const aiAvailability: AiAvailability = {
  async refusedAt() {
    const parsed = AvailabilitySchema.safeParse(await kvs.get(AVAILABILITY_KEY));
    return parsed.success ? parsed.data.refusedAt : undefined;
  },
  async markRefused(at, code) {
    await kvs.set(AVAILABILITY_KEY, { refusedAt: at, code });
  },
  async clear() {
    await kvs.delete(AVAILABILITY_KEY);
  },
};
