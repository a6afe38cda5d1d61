import { ALERT_LIMITS, AlertSchema, REDACTED, TRUNCATION_MARK } from '../../domain/alert';
import { buildAlert, type AlertDraft } from './alert-builder';
import { capCodePoints } from './text';
import { safeHttpUrl } from './urls';

const context = { receivedAt: '2025-06-10T12:00:00.000Z' };

function draft(overrides: Partial<AlertDraft> = {}): AlertDraft {
  return {
    source: 'mackerel',
    sourceAlertId: 'a1',
    groupKey: 'mackerel:monitor:m',
    status: 'firing',
    severity: { level: 'critical', raw: 'critical' },
    title: 'title',
    message: 'message',
    monitor: { name: 'monitor' },
    rawEventType: 'alert:host',
    raw: { event: 'alert' },
    ...overrides,
  };
}

describe('buildAlert: size caps', () => {
  it('leaves normal alerts untouched and says so', () => {
    const alert = buildAlert(draft(), context);
    expect(alert.truncated).toBe(false);
    expect(alert.truncatedFields).toEqual([]);
    expect(alert.occurredAt).toBe(context.receivedAt);
  });

  it('cuts an absurd message at the documented limit, marks it, and lists the field', () => {
    const message = 'あ'.repeat(ALERT_LIMITS.messageChars + 1);
    const alert = buildAlert(draft({ message }), context);
    expect(Array.from(alert.message)).toHaveLength(ALERT_LIMITS.messageChars);
    expect(alert.message.endsWith(TRUNCATION_MARK)).toBe(true);
    expect(alert.truncated).toBe(true);
    expect(alert.truncatedFields).toEqual(['message']);
  });

  it('keeps a message of exactly the limit whole, counting code points not UTF-16 units', () => {
    // each emoji is 2 UTF-16 units but one code point
    const message = '🔥'.repeat(ALERT_LIMITS.messageChars);
    const alert = buildAlert(draft({ message }), context);
    expect(alert.message).toBe(message);
    expect(alert.truncated).toBe(false);
  });

  it('never splits a surrogate pair when cutting', () => {
    const capped = capCodePoints('🔥'.repeat(50), 20);
    expect(capped.truncated).toBe(true);
    expect(capped.value).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(Array.from(capped.value)).toHaveLength(20);
  });

  it('replaces an over-long id by a hash instead of cutting it (two cut ids could collide)', () => {
    const longA = `${'x'.repeat(ALERT_LIMITS.keyChars)}A`;
    const longB = `${'x'.repeat(ALERT_LIMITS.keyChars)}B`;
    const a = buildAlert(draft({ groupKey: longA }), context);
    const b = buildAlert(draft({ groupKey: longB }), context);
    expect(a.groupKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a.groupKey).not.toBe(b.groupKey);
    expect(a.truncatedFields).toEqual(['groupKey']);
  });

  it('caps roles and links by count', () => {
    const roles = Array.from({ length: ALERT_LIMITS.roles + 5 }, (_, i) => `svc: r${i}`);
    const links = Array.from({ length: ALERT_LIMITS.links + 5 }, (_, i) => ({
      kind: 'other' as const,
      url: `https://example.com/${i}`,
    }));
    const alert = buildAlert(draft({ roles, links }), context);
    expect(alert.roles).toHaveLength(ALERT_LIMITS.roles);
    expect(alert.links).toHaveLength(ALERT_LIMITS.links);
    expect(alert.truncatedFields).toEqual(expect.arrayContaining(['roles', 'links']));
  });

  it('replaces a raw too large to store by a marked JSON prefix', () => {
    const raw = { event: 'alert', rows: Array.from({ length: 20 }, () => 'x'.repeat(ALERT_LIMITS.rawStringChars)) };
    const alert = buildAlert(draft({ raw }), context);
    expect(alert.raw).toMatchObject({ truncatedRaw: true });
    expect(alert.truncatedFields).toContain('raw');
    expect(JSON.stringify(alert.raw).length).toBeLessThan(ALERT_LIMITS.rawJsonChars + 200);
  });
});

describe('buildAlert: untrusted content', () => {
  it('keeps markup in text as-is', () => {
    const alert = buildAlert(draft({ title: '<script>x</script></ac:rich-text-body>' }), context);
    expect(alert.title).toBe('<script>x</script></ac:rich-text-body>');
  });

  it('keeps only http(s) links and strips user-info', () => {
    const alert = buildAlert(
      draft({
        url: 'javascript:alert(1)',
        monitor: { name: 'm', url: 'data:text/html,<script>alert(1)</script>' },
        links: [
          { kind: 'runbook', url: 'https://user:pw@wiki.example.com/r' },
          { kind: 'dashboard', url: '/relative/path' },
          { kind: 'image', url: null },
          { kind: 'panel', url: 'HTTPS://grafana.example.com/d/1' },
        ],
      }),
      context,
    );
    expect(alert.url).toBeUndefined();
    expect(alert.monitor.url).toBeUndefined();
    expect(alert.links).toEqual([
      { kind: 'runbook', url: 'https://wiki.example.com/r' },
      { kind: 'panel', url: 'HTTPS://grafana.example.com/d/1' },
    ]);
  });

  it('redacts credentials anywhere in raw, keeping the key visible', () => {
    const alert = buildAlert(
      draft({
        raw: {
          headers: { 'X-Anything': 'secret-1' },
          details: { api_key: 'secret-2', Authorization: 'Bearer secret-3', note: 'fine' },
          list: [{ password: 'secret-4' }],
          link: 'see https://bob:secret-5@host.example.com/x',
        },
      }),
      context,
    );
    const json = JSON.stringify(alert.raw);
    for (const secret of ['secret-1', 'secret-2', 'secret-3', 'secret-4', 'secret-5']) expect(json).not.toContain(secret);
    expect(alert.raw).toMatchObject({ headers: REDACTED, details: { api_key: REDACTED, note: 'fine' } });
    expect(json).toContain(`https://${REDACTED}@host.example.com/x`);
  });

  it('produces what AlertSchema accepts (JSON round trip included)', () => {
    const alert = buildAlert(draft({ metric: { label: 'cpu', value: Number.NaN } }), context);
    expect(alert.metric).toEqual({ label: 'cpu' });
    expect(AlertSchema.parse(JSON.parse(JSON.stringify(alert)))).toEqual(alert);
  });
});

describe('safeHttpUrl', () => {
  it.each([
    ['https://mackerel.io/orgs/x', 'https://mackerel.io/orgs/x'],
    ['http://prometheus:9090/graph?g0.expr=a%3Eb', 'http://prometheus:9090/graph?g0.expr=a%3Eb'],
    ['  https://example.com/a  ', 'https://example.com/a'],
    ['https://u:p@example.com/a', 'https://example.com/a'],
    ['javascript:alert(1)', undefined],
    ['ftp://example.com', undefined],
    ['https://', undefined],
    [42, undefined],
    [`https://example.com/${'a'.repeat(ALERT_LIMITS.urlChars)}`, undefined],
  ])('%j → %j', (input, output) => {
    expect(safeHttpUrl(input)).toBe(output);
  });
});
