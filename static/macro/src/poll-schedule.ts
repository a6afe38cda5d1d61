/**
 * When the status macro asks again (issue 8 item 4): every 5 s while the tab is visible, every 60 s while it is
 * hidden; after errors the delay doubles from that base per consecutive error, capped at 5 minutes; a success
 * resets the count. Pure, so the rule is unit-tested without a browser (test/ui/poll-schedule.test.ts).
 */
export const POLL_VISIBLE_MS = 5_000;
export const POLL_HIDDEN_MS = 60_000;
export const POLL_MAX_MS = 5 * 60_000;

export function nextPollDelay(visibility: DocumentVisibilityState | 'visible' | 'hidden', consecutiveErrors: number): number {
  const base = visibility === 'visible' ? POLL_VISIBLE_MS : POLL_HIDDEN_MS;
  const errors = Math.max(0, Math.min(Math.floor(consecutiveErrors), 16));
  return Math.min(POLL_MAX_MS, base * 2 ** errors);
}
