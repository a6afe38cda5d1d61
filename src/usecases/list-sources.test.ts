import { listSources } from './list-sources';

describe('alert sources for the admin page', () => {
  it('only for Jira administrators', async () => {
    expect(await listSources({ access: { isJiraAdmin: async () => false }, statusOf: async () => ({}) })).toMatchObject({ ok: false, error: { code: 'admin-only' } });
  });

  it('all five sources, in registry order, with their connection', async () => {
    const answer = await listSources({ access: { isJiraAdmin: async () => true }, statusOf: async (s) => (s === 'grafana' ? { lastTestAt: '2025-06-10T01:00:00.000Z' } : {}) });
    expect(answer.ok && answer.data.sources.map((s) => `${s.source}:${s.connection}`)).toEqual(['mackerel:never', 'opsgenie:never', 'alertmanager:never', 'grafana:tested', 'pagerduty:never']);
  });
});
