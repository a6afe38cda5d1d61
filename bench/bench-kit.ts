/**
 * What the bench sections share: an alert sent through a source's web trigger as its sender would (signed), the app's
 * own code run as the bench's invocation, and a table of figures on the console.
 */
import { devSecret } from '../sandbox/kaizen-profile';
import { runInInvocation } from '../sandbox/runtime/invocation';
import type { Sandbox } from '../sandbox/sandbox';
import type { SourceId } from '../src/domain/alert';
import { sources } from '../src/sources/registry';
import type { StormNotification } from './storm';

/** Posts `body` to the source's web trigger, signed with the development secret: its status and how many alerts it deferred. */
export async function sendAlert(sb: Sandbox, source: SourceId, body: string): Promise<{ status: number; deferred: number }> {
  const url = new URL(sb.webtriggers.urlOf(`${source}-webhook`)!);
  const signed = sources[source].signAsSender(body, devSecret(source), Date.now());
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  for (const [k, v] of Object.entries(signed.headers)) headers[k] = v.join(',');
  for (const [k, vs] of Object.entries(signed.queryParameters)) for (const v of vs) url.searchParams.append(k, v);
  const res = await fetch(url, { method: 'POST', headers, body });
  const answer = (await res.json().catch(() => ({}))) as { deferred?: number };
  return { status: res.status, deferred: answer.deferred ?? 0 };
}

/** Sends the storm's notifications in order, `senders` at a time (as fast as the sandbox takes them); `onAnswer` sees each answer. */
export async function sendStorm(sb: Sandbox, storm: readonly StormNotification[], onAnswer: (answer: { status: number; deferred: number }) => void, senders = 16): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (next < storm.length) {
        const n = storm[next++]!;
        onAnswer(await sendAlert(sb, n.source, n.body));
      }
    }),
  );
}

/** Waits the queues out, putting back what waited in the overflow while the queue limit held (the scheduled trigger's job too). */
export async function drain(sb: Sandbox): Promise<void> {
  for (let i = 0; i < 50 && sb.store.range('kvs', { prefix: 'overflow:' }).length; i++) {
    await sb.idle(600_000);
    await sb.scheduler.runNow('housekeeping');
  }
  await sb.idle(600_000);
}

/** Runs `fn` as the app would in an invocation (the bench's own), so storage and product calls work. */
export const asBench = <T>(fn: () => Promise<T>, timeoutMs = 60_000): Promise<T> => runInInvocation({ functionKey: 'bench', moduleKey: 'bench', moduleType: 'bench', accountId: undefined, timeoutMs }, fn);

/** A titled two-column table: each row's label padded to the longest. */
export function table(title: string, rows: Array<[string, string | number]>): void {
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}\n${'-'.repeat(title.length)}`);
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
}
