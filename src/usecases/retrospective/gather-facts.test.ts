import { anIncident } from '../../documents/testing/fixtures';
import { relatedOf, RELATED_SHOWN } from './gather-facts';

describe('relatedOf: incidents of the same group in the window', () => {
  const me = anIncident({ id: 'inc-me', groupKeys: ['mackerel:host:web-01', 'svc:checkout'], drill: false });
  const other = (id: string, groupKeys: string[], at: string, drill = false) => anIncident({ id, groupKeys, impactStartedAt: at, drill, title: id, issue: { id: id, key: id.toUpperCase(), url: `https://example.atlassian.net/browse/${id}` } });

  it('keeps those sharing a group key, newest first, never itself, never twice, drills apart', () => {
    const recent = [
      other('inc-a', ['svc:checkout'], '2026-11-01T00:00:00.000Z'),
      other('inc-b', ['mackerel:host:db-01'], '2026-11-20T00:00:00.000Z'),
      other('inc-c', ['mackerel:host:web-01'], '2026-11-25T00:00:00.000Z'),
      other('inc-c', ['mackerel:host:web-01'], '2026-11-25T00:00:00.000Z'),
      other('inc-d', ['svc:checkout'], '2026-11-26T00:00:00.000Z', true),
      me,
    ];
    expect(relatedOf(me, recent).map((r) => r.key)).toEqual(['INC-C', 'INC-A']);
  });

  it('shows at most RELATED_SHOWN', () => {
    const many = Array.from({ length: RELATED_SHOWN + 5 }, (_, i) => other(`inc-${i}`, ['svc:checkout'], new Date(Date.UTC(2026, 10, 1, i)).toISOString()));
    expect(relatedOf(me, many)).toHaveLength(RELATED_SHOWN);
  });
});
