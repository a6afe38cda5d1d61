import { FullContextSchema, IssueContextSchema, MacroContextSchema, macroIncidentId } from './forge-context';
import { metricsConfigOf } from './metrics';
import { connectionOf } from './source-status';

describe('Forge context schemas', () => {
  it('the UI context keeps module fields it does not know', () => {
    const ctx = FullContextSchema.parse({ locale: 'ja-JP', timezone: 'Asia/Tokyo', extension: { type: 'jira:issuePanel', isNewToIssue: true, issue: { id: '1', key: 'OPS-1' } } });
    expect(ctx.extension).toMatchObject({ type: 'jira:issuePanel', isNewToIssue: true });
  });

  it('a resolver needs an issue with a numeric id and a key', () => {
    expect(IssueContextSchema.safeParse({ extension: { issue: { id: '10001', key: 'OPS-1' } } }).success).toBe(true);
    expect(IssueContextSchema.safeParse({ extension: { issue: { id: '10001; DROP', key: 'OPS-1' } } }).success).toBe(false);
    expect(IssueContextSchema.safeParse({ extension: { issue: { id: '10001', key: '../OPS-1' } } }).success).toBe(false);
    expect(IssueContextSchema.safeParse({ extension: {} }).success).toBe(false);
  });

  it('a macro needs its page', () => {
    expect(MacroContextSchema.safeParse({ extension: { content: { id: '65540' } } }).success).toBe(true);
    expect(MacroContextSchema.safeParse({ extension: { content: { id: '../x' } } }).success).toBe(false);
  });

  it.each([
    [{ 'incident-id': 'inc-1' }, 'inc-1'],
    [{ incidentId: ' inc-2 ' }, 'inc-2'],
    [{ 'incident-id': '' }, undefined],
    [{ other: 'x' }, undefined],
    [null, undefined],
    [undefined, undefined],
  ])('the macro config %j names incident %s', (config, id) => {
    expect(macroIncidentId(config)).toBe(id);
  });
});

describe('gadget configuration and source connection', () => {
  it.each([
    [{ period: 30 }, 30],
    [{ period: 90, refresh: 15 }, 90],
    [{ period: 365, service: 'checkout', level: 'SEV1' }, 365],
    // the earlier counts gadget saved 7, 30 or 90 days: the nearest longer period
    [{ period: 7 }, 30],
    [{ period: 14 }, 30],
    [{ period: '7' }, 90],
    [{}, 90],
    [undefined, 90],
  ])('the saved configuration %j is a period of %d days', (config, days) => {
    expect(metricsConfigOf(config).period).toBe(days);
  });

  it('a source is receiving once a real alert came, tested after only a test, else never', () => {
    expect(connectionOf({ lastAlertAt: 'x', lastTestAt: 'y' })).toBe('receiving');
    expect(connectionOf({ lastTestAt: 'y' })).toBe('tested');
    expect(connectionOf({})).toBe('never');
  });
});
