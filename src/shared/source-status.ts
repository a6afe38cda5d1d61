/** Whether an alert source has been heard from (the admin page's `getAdminSources` shows it per source). */
import * as z from 'zod/mini';

/**
 * - `receiving`: a real alert has arrived;
 * - `tested`: only the sender's test notification has arrived;
 * - `never`: nothing yet.
 */
export const CONNECTION_STATES = ['receiving', 'tested', 'never'] as const;
export const ConnectionStateSchema = z.enum(CONNECTION_STATES);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

/** How a source's times read as a connection state. */
export function connectionOf(status: { lastTestAt?: string | undefined; lastAlertAt?: string | undefined }): ConnectionState {
  if (status.lastAlertAt) return 'receiving';
  if (status.lastTestAt) return 'tested';
  return 'never';
}
