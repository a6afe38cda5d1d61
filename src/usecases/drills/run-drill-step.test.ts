import type { DrillRun } from '../../domain/drill-plan';
import type { DrillRunStore, RunDrillStepDeps } from './drill-ports';
import { MAX_SEND_ATTEMPTS, runDrillStep } from './run-drill-step';

/** The runner over in-memory ports: what it sends, what it queues, what it records. */
function harness(run: DrillRun, answers: number[] = []) {
  let stored: DrillRun | undefined = run;
  const pushed: Array<{ event: { runId: string; step: number; dueAtMs?: number }; delay: number }> = [];
  const sent: string[] = [];
  const now = new Date('2026-12-03T05:00:00.000Z');
  const runs = {
    load: async () => stored,
    update: async (_id: string, change: (r: DrillRun) => DrillRun | undefined) => (stored = change(stored!) ?? stored),
  } as unknown as DrillRunStore;
  const deps: RunDrillStepDeps = {
    runs,
    clock: { now: () => now },
    pushStep: async (event, delay) => void pushed.push({ event, delay }),
    send: async (_source, body) => {
      sent.push(body);
      return { status: answers.shift() ?? 202, detail: 'answer' };
    },
  };
  return { deps, pushed, sent, now, run: () => stored! };
}

const step = (offsetSeconds: number, status: 'firing' | 'resolved') => ({ source: 'alertmanager' as const, offsetSeconds, alert: { ref: 'disk', status, severity: 'critical' as const, title: 't', message: 'm', monitor: 'Disk' } });
const run = (over: Partial<DrillRun> = {}): DrillRun => ({ id: 'dr-0123456789abcdef0123', requestId: 'r', startedBy: 'me', startedAt: '2026-12-03T04:00:00.000Z', origin: { kind: 'scenario', scenarioId: 'disk-full' }, speed: 'real', steps: [step(0, 'firing'), step(2400, 'resolved')], nextStep: 0, state: 'running', openedAt: {}, ...over });

describe('runDrillStep', () => {
  it('sends, records, and chains a gap longer than 900 s through several pushes', async () => {
    const h = harness(run());
    expect(await runDrillStep({ runId: h.run().id, step: 0 }, h.deps)).toBe('sent');
    expect(h.run()).toMatchObject({ nextStep: 1, progressAt: h.now.toISOString(), openedAt: { disk: h.now.toISOString() } });
    expect(h.pushed).toEqual([{ event: { runId: h.run().id, step: 1, dueAtMs: h.now.getTime() + 2_400_000 }, delay: 900 }]);
    // delivered early (after 900 s of its 2400): pushed again, nothing sent
    expect(await runDrillStep(h.pushed[0]!.event, h.deps)).toBe('waiting');
    expect(h.sent).toHaveLength(1);
    // a redelivery of the step already sent sends nothing again
    expect(await runDrillStep({ runId: h.run().id, step: 0 }, h.deps)).toBe('already-sent');
    expect(h.sent).toHaveLength(1);
  });

  it('the resolve repeats the open time its sender repeats (Alertmanager startsAt), and the last step ends the run', async () => {
    const h = harness(run({ nextStep: 1, openedAt: { disk: '2026-12-03T04:20:00.000Z' } }));
    expect(await runDrillStep({ runId: h.run().id, step: 1 }, h.deps)).toBe('sent');
    expect(JSON.parse(h.sent[0]!).alerts[0].startsAt).toBe('2026-12-03T04:20:00.000Z');
    expect(h.run()).toMatchObject({ state: 'done', nextStep: 2 });
    expect(h.pushed).toEqual([]);
  });

  it('a refusal ends the run with the answer; a 5xx is retried, and its last attempt ends the run too', async () => {
    const refused = harness(run(), [401]);
    expect(await runDrillStep({ runId: refused.run().id, step: 0 }, refused.deps)).toBe('failed');
    expect(refused.run()).toMatchObject({ state: 'failed', failure: { step: 0, status: 401 } });

    const down = harness(run(), [503, 503]);
    await expect(runDrillStep({ runId: down.run().id, step: 0 }, down.deps, 1)).rejects.toThrow(/503/);
    expect(down.run().state).toBe('running');
    expect(await runDrillStep({ runId: down.run().id, step: 0 }, down.deps, MAX_SEND_ATTEMPTS)).toBe('failed');
    expect(down.run()).toMatchObject({ state: 'failed', failure: { status: 503 } });
  });
});
