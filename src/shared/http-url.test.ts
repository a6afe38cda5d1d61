import { AlertLinkSchema } from '../domain/alert';
import { safeHref } from '../documents/text';
import { safeHttpUrl } from '../sources/common/urls';
import { isHttpUrl, parseHttpUrl } from './http-url';
import { HttpUrlSchema } from './incident-view';

describe('isHttpUrl / parseHttpUrl', () => {
  it.each([
    ['https://mackerel.io/orgs/x', true],
    ['HTTP://EXAMPLE.COM', true],
    ['http://prometheus:9090/graph?g0.expr=a%3Eb', true],
    ['https://example.com/a b', true],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['ftp://example.com', false],
    ['//example.com/a', false],
    ['/browse/OPS-1', false],
    ['http:example.com', false],
    ['https:/example.com', false],
    ['https://', false],
    ['http://[::1', false],
    [' https://example.com', false],
    ['', false],
  ])('%j → %s', (value, expected) => {
    expect(isHttpUrl(value)).toBe(expected);
    expect(parseHttpUrl(value) !== undefined).toBe(expected);
  });
});

describe('intake, renderers and schemas agree (one test behind all four)', () => {
  it.each(['https://example.com/a b', 'https://u:p@example.com/x', 'http://h:9090/graph?q=a%3Eb', 'javascript:alert(1)', 'https://', 'http:example.com'])(
    '%j',
    (raw) => {
      const kept = safeHttpUrl(raw);
      if (kept === undefined) {
        expect(safeHref(raw)).toBeUndefined();
        expect(HttpUrlSchema.safeParse(raw).success).toBe(false);
        expect(AlertLinkSchema.safeParse({ kind: 'other', url: raw }).success).toBe(false);
        return;
      }
      // A URL intake keeps is a valid alert link, passes the view schema and becomes an href.
      expect(AlertLinkSchema.safeParse({ kind: 'other', url: kept }).success).toBe(true);
      expect(HttpUrlSchema.safeParse(kept).success).toBe(true);
      expect(safeHref(kept)).toBe(new URL(kept).href);
    },
  );
});
