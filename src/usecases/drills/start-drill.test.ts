import type { DrillRun } from '../../domain/drill-plan';
import type { DrillIncidentReads, DrillRunStore, StartDrillDeps } from './drill-ports';
import { startDrill } from './start-drill';

/** startDrill over in-memory ports whose save and queue push can fail once: what a retry of the same request does. */
function harness(fail: { save?: boolean; push?: boolean } = {}) {
  const stored = new Map<string, DrillRun>();
  const held = new Set<string>();
  const pushed: Array<{ runId: string; step: number }> = [];
  const runs = {
    load: async (id: string) => stored.get(id),
    save: async (run: DrillRun) => {
      if (fail.save) {
        fail.save = false;
        throw new Error('kvs unavailable');
      }
      stored.set(run.id, run);
    },
    claimStart: async (id: string) => (held.has(id) ? undefined : (held.add(id), { release: async () => void held.delete(id) })),
  } as unknown as DrillRunStore;
  const deps: StartDrillDeps = {
    runs,
    incidents: {} as DrillIncidentReads,
    pushStep: async (event) => {
      if (fail.push) {
        fail.push = false;
        throw new Error('queue unavailable');
      }
      pushed.push(event);
    },
    hasCredential: async () => true,
    language: async () => 'en',
    me: async () => ({ accountId: 'admin' }),
    clock: { now: () => new Date('2026-12-03T05:00:00.000Z') },
  };
  return { deps, stored, pushed };
}

const request = { requestId: 'req-1', scenarioId: 'disk-full', speed: 'fast' };

describe('startDrill: a retry of the same request resumes what the first start left undone', () => {
  it('the run was not recorded (its save failed): the retry records it and queues its first step', async () => {
    const h = harness({ save: true });
    await expect(startDrill(request, h.deps)).rejects.toThrow('kvs unavailable');
    expect(h.stored.size).toBe(0);
    const retried = await startDrill(request, h.deps);
    expect(retried).toMatchObject({ ok: true, data: { existing: false } });
    expect([...h.stored.values()]).toMatchObject([{ state: 'running', nextStep: 0 }]);
    expect(h.pushed).toEqual([{ runId: [...h.stored.keys()][0], step: 0 }]);
  });

  it('the first step was not queued: the retry queues it; a run that sent something is only answered', async () => {
    const h = harness({ push: true });
    await expect(startDrill(request, h.deps)).rejects.toThrow('queue unavailable');
    expect(h.pushed).toEqual([]);
    expect(await startDrill(request, h.deps)).toMatchObject({ ok: true, data: { existing: true, total: 4 } });
    const runId = [...h.stored.keys()][0]!;
    expect(h.pushed).toEqual([{ runId, step: 0 }]);
    h.stored.set(runId, { ...h.stored.get(runId)!, nextStep: 1 });
    expect(await startDrill(request, h.deps)).toMatchObject({ ok: true, data: { runId, existing: true } });
    expect(h.pushed).toHaveLength(1);
  });
});
