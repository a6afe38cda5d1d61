/** `getSources` — the admin page's list of the alert sources and whether each has been heard from. */
import * as z from 'zod/mini';
import { SourceIdSchema } from './vocabulary';

/**
 * - `receiving`: a real alert has arrived;
 * - `tested`: only the sender's test notification has arrived;
 * - `never`: nothing yet.
 */
export const CONNECTION_STATES = ['receiving', 'tested', 'never'] as const;
export const ConnectionStateSchema = z.enum(CONNECTION_STATES);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

export const SourceViewSchema = z.object({
  source: SourceIdSchema,
  connection: ConnectionStateSchema,
  lastTestAt: z.optional(z.string()),
  lastAlertAt: z.optional(z.string()),
});
export type SourceView = z.infer<typeof SourceViewSchema>;

export const GetSourcesDataSchema = z.object({ sources: z.array(SourceViewSchema) });
export type GetSourcesData = z.infer<typeof GetSourcesDataSchema>;

/** How a source's times read as a connection state. */
export function connectionOf(status: { lastTestAt?: string | undefined; lastAlertAt?: string | undefined }): ConnectionState {
  if (status.lastAlertAt) return 'receiving';
  if (status.lastTestAt) return 'tested';
  return 'never';
}
