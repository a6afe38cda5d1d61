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
    const deps = { deployments: store, markReceived: async (at: string) => void heard.push(at) };
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

  it('lets a store failure through (the queue retries it) without noting it as heard', async () => {
    const heard: string[] = [];
    const failing: DeploymentStore = { record: async () => Promise.reject(new Error('SQL down')) };
    await expect(recordDeployment(deployment, '2026-12-01T10:06:00.000Z', { deployments: failing, markReceived: async (at) => void heard.push(at) })).rejects.toThrow('SQL down');
    expect(heard).toEqual([]);
  });
});
