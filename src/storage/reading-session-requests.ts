/**
 * "Start a reading session" requests (plain KVS key `reading-session-request:<request id>`): the start time a request
 * pinned when first seen — so a retry, even one the next day, renders the same title and finds the page it made —
 * and that page once made (a retry answers it without a product call). Request ids are UUIDs (the schema checks),
 * which KVS keys may hold. https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/
 */
import kvs from '@forge/kvs';
import { z } from 'zod';
import type { StartRequests } from '../usecases/reading-sessions/reading-session-ports';

const RecordSchema = z.object({ postmortemPageId: z.string(), startsAt: z.string(), sessionPageId: z.string().optional() });
const keyOf = (requestId: string): string => `reading-session-request:${requestId}`;

export const startRequests: StartRequests = {
  async get(requestId) {
    const parsed = RecordSchema.safeParse(await kvs.get(keyOf(requestId)));
    return parsed.success ? parsed.data : undefined;
  },
  async put(requestId, record) {
    await kvs.set(keyOf(requestId), record);
  },
};
