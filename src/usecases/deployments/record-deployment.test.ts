import { recordDeployment } from './record-deployment';
import type { DeploymentRecord, DeploymentStore } from './deployment-ports';

const deployment: DeploymentRecord = {
  id: 'run-1',
  displayTitle: 'Release 1',
  name: null,
  result: 'SUCCESS',
  environment: 'PRODUCTION',
  outcome: 'success',
  service: 'shop-api',
  version: 'v1',
  pipelineUrl: null,
  startedAt: '2026-12-01T10:00:00.000Z',
  finishedAt: '2026-12-01T10:05:00.000Z',
  createdAt: null,
  commits: [],
  hotfixFor: [],
  problemSummary: null,
};

/** An in-memory store: a body seen before is `unchanged`. */
function memoryStore(): DeploymentStore & { rows: Map<string, string> } {
  const rows = new Map<string, string>();
  return {
    rows,
    async record(d) {
      const before = rows.get(d.id);
      const now = JSON.stringify(d);
      if (before === now) return 'unchanged';
      rows.set(d.id, now);
      return before === undefined ? 'inserted' : 'updated';
    },
  };
}

describe('record a deployment', () => {
  it('writes through the store and notes when CI was last heard from', async () => {
    const store = memoryStore();
    const heard: string[] = [];
    const deps = { deployments: store, productionEnvironments: ['production', 'prod'], markReceived: async (at: string) => void heard.push(at) };
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      expect(await recordDeployment(deployment, '2026-12-01T10:06:00.000Z', deps)).toBe('inserted');
      expect(await recordDeployment(deployment, '2026-12-01T10:07:00.000Z', deps)).toBe('unchanged');
      expect(await recordDeployment({ ...deployment, outcome: 'rolled_back' }, '2026-12-01T10:08:00.000Z', deps)).toBe('updated');
      expect(heard).toEqual(['2026-12-01T10:06:00.000Z', '2026-12-01T10:07:00.000Z', '2026-12-01T10:08:00.000Z']);
      // the log names the id and the outcome, never the sender's free text
      expect(info.mock.calls.flat().join('\n')).not.toContain('Release 1');
    } finally {
      info.mockRestore();
    }
  });

  it("stores an environment the settings name as production under PRODUCTION (ignoring case), any other as sent", async () => {
    const store = memoryStore();
    const deps = { deployments: store, productionEnvironments: ['prod', 'Production-EU'], markReceived: async () => undefined };
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      for (const [id, environment] of [['a', 'PROD'], ['b', 'PRODUCTION-EU'], ['c', 'PRODUCTION'], ['d', 'STAGING'], ['e', 'PROD-CANARY']] as const) await recordDeployment({ ...deployment, id, environment }, '2026-12-01T10:06:00.000Z', deps);
    } finally {
      info.mockRestore();
    }
    const stored = (id: string) => (JSON.parse(store.rows.get(id)!) as DeploymentRecord).environment;
    expect(['a', 'b', 'c', 'd', 'e'].map(stored)).toEqual(['PRODUCTION', 'PRODUCTION', 'PRODUCTION', 'STAGING', 'PROD-CANARY']);
  });

  it('lets a store failure through (the queue retries it) without noting it as heard', async () => {
    const heard: string[] = [];
    const failing: DeploymentStore = { record: async () => Promise.reject(new Error('SQL down')) };
    await expect(recordDeployment(deployment, '2026-12-01T10:06:00.000Z', { deployments: failing, productionEnvironments: [], markReceived: async (at) => void heard.push(at) })).rejects.toThrow('SQL down');
    expect(heard).toEqual([]);
  });
});
