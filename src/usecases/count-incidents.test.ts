import type { Incident } from '../domain/incident';
import { countIncidents, type CountIncidentsDeps } from './count-incidents';

const NOW = new Date('2026-11-20T00:00:00.000Z');

function deps(rows: Partial<Record<Incident['state'], Array<Pick<Incident, 'level' | 'drill'>>>>, over: Partial<CountIncidentsDeps> = {}): CountIncidentsDeps & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    access: { canBrowseProject: async () => true },
    index: {
      inState: async (state, since, limit) => {
        asked.push(`${state}>=${since}`);
        const all = rows[state] ?? [];
        return { rows: all.slice(0, limit), truncated: all.length > limit };
      },
    },
    clock: { now: () => NOW },
    projectKey: 'OPS',
    ...over,
  };
}

describe('count incidents for the gadget', () => {
  it('counts by state and by level over the period, drills apart', async () => {
    const d = deps({
      open: [{ level: 'SEV2', drill: false }, { level: 'SEV3', drill: false }],
      recovered: [{ level: 'SEV3', drill: false }, { level: 'SEV1', drill: true }],
    });
    expect(await countIncidents(7, d)).toEqual({
      ok: true,
      data: {
        period: 7,
        since: '2026-11-13T00:00:00.000Z',
        total: 3,
        byState: { open: 2, acknowledged: 0, mitigated: 0, recovered: 1, closed: 0 },
        byLevel: { SEV1: 0, SEV2: 1, SEV3: 2, SEV4: 0 },
        drills: 1,
        truncated: false,
      },
    });
    expect(d.asked).toHaveLength(5);
    expect(d.asked.every((q) => q.endsWith('>=2026-11-13T00:00:00.000Z'))).toBe(true);
  });

  it('says when a state had more incidents than it reads', async () => {
    const many = Array.from({ length: 1001 }, () => ({ level: 'SEV4' as const, drill: false }));
    const answer = await countIncidents(90, deps({ closed: many }));
    expect(answer).toMatchObject({ ok: true, data: { total: 1000, truncated: true } });
  });

  it('refuses people who cannot browse the incident project, without reading storage', async () => {
    const d = deps({ open: [{ level: 'SEV2', drill: false }] }, { access: { canBrowseProject: async () => false } });
    expect(await countIncidents(30, d)).toMatchObject({ ok: false, error: { code: 'project-not-visible' } });
    expect(d.asked).toEqual([]);
  });
});
