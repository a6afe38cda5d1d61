import { AlertSchema } from '../../domain/alert';
import { anAlert } from '../../documents/testing/fixtures';
import { RAW_MAX_DEPTH, redactRaw, scrubAlertSecrets, scrubSecretValues } from './redact';

const SECRET = 'kz_secret_0123456789abcdef';

describe('redactRaw: depth', () => {
  const depth = (v: unknown): number => (v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0);

  it(`keeps ${RAW_MAX_DEPTH} levels as objects and the rest as JSON text, secrets redacted below the cut too`, () => {
    let deep: Record<string, unknown> = { token: SECRET, leaf: 1 };
    for (let i = 0; i < 60; i++) deep = { a: deep };
    const { raw, truncated } = redactRaw({ deep });
    expect(depth(raw)).toBe(RAW_MAX_DEPTH);
    expect(truncated).toBe(true);
    expect(JSON.stringify(raw)).not.toContain(SECRET);
    expect(JSON.stringify(raw)).toContain('leaf');
  });

  it('keeps a __proto__ key as data, never as the prototype', () => {
    const payload = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    const { raw } = redactRaw(payload);
    expect(Object.getPrototypeOf(raw)).toBe(Object.prototype);
    expect(Object.hasOwn(raw, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('scrubbing secret values', () => {
  it('replaces a secret, as written and URL-encoded, in every string and key', () => {
    expect(scrubSecretValues({ m: `a ${SECRET} b`, u: `?t=${encodeURIComponent('a b/' + SECRET)}`, [SECRET]: 1, n: 2 }, [SECRET, `a b/${SECRET}`])).toEqual({
      m: 'a [REDACTED] b',
      u: '?t=[REDACTED]',
      '[REDACTED]': 1,
      n: 2,
    });
  });

  it('keeps the alert valid when the secret sits in a URL host', () => {
    const alert = anAlert({ url: `https://${SECRET}.example.com/x`, message: `token ${SECRET}` });
    const scrubbed = scrubAlertSecrets(alert, [SECRET]);
    expect(AlertSchema.safeParse(scrubbed).success).toBe(true);
    expect(JSON.stringify(scrubbed)).not.toContain(SECRET);
    expect(scrubbed.url).toBe('https://REDACTED.example.com/x');
  });
});
