import { summaryWithLevel } from '../../src/adapters/jira-tracker';

describe('summaryWithLevel', () => {
  it.each([
    ['[SEV3] Mackerel: CPU high', 'SEV1', '[SEV1] Mackerel: CPU high'],
    ['[DRILL][SEV2] Grafana: disk', 'SEV4', '[DRILL][SEV4] Grafana: disk'],
    ['[演習][SEV3] 決済が遅い', 'SEV1', '[演習][SEV1] 決済が遅い'],
    ['Checkout is down', 'SEV2', '[SEV2] Checkout is down'],
    ['[SEV9] not ours', 'SEV1', '[SEV1] [SEV9] not ours'],
  ] as const)('%s → %s', (summary, level, expected) => {
    expect(summaryWithLevel(summary, level)).toBe(expected);
  });

  it('stays within Jira’s 255 characters', () => {
    expect(summaryWithLevel(`[SEV3] ${'x'.repeat(260)}`, 'SEV1').length).toBeLessThanOrEqual(255);
  });
});
