import { cleanText, cutToCodePoints, cutToUtf16, formatNumber, oneLine, safeHref } from './text';

const hasLoneSurrogate = (s: string): boolean => /\p{Surrogate}/u.test(s);

describe('cleanText', () => {
  it('keeps tabs and line breaks (CRLF/CR → LF) and replaces what XML forbids', () => {
    expect(cleanText('a\r\nb\rc\td')).toBe('a\nb\nc\td');
    expect(cleanText('x\u0000y\u0007z\uFFFE')).toBe('x\uFFFDy\uFFFDz\uFFFD');
    expect(cleanText('lone \uD800 high, lone \uDC00 low, pair 😀')).toBe('lone \uFFFD high, lone \uFFFD low, pair 😀');
  });
});

describe('oneLine', () => {
  it('joins lines and collapses whitespace', () => {
    expect(oneLine('  CPU\nhigh\t on\r\n web-1  ')).toBe('CPU high on web-1');
  });
});

describe('cutToUtf16', () => {
  it('leaves text within the limit alone', () => {
    expect(cutToUtf16('a'.repeat(255), 255)).toBe('a'.repeat(255));
  });

  it('cuts with an ellipsis inside the limit', () => {
    const cut = cutToUtf16('a'.repeat(300), 255);
    expect(cut).toHaveLength(255);
    expect(cut.endsWith('…')).toBe(true);
  });

  it.each([0, 1, 2, 3])('never splits a surrogate pair or an emoji sequence (offset %d)', (offset) => {
    const text = 'x'.repeat(offset) + '😀👨‍👩‍👧🇯🇵'.repeat(60);
    const cut = cutToUtf16(text, 255);
    expect(cut.length).toBeLessThanOrEqual(255);
    expect([...cut].length).toBeLessThanOrEqual(255);
    expect(hasLoneSurrogate(cut)).toBe(false);
    // Only whole graphemes are kept: the kept part is a prefix of the text at a grapheme boundary.
    const kept = cut.slice(0, -1);
    const segments = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);
    let prefix = '';
    for (const segment of segments) {
      if (prefix.length >= kept.length) break;
      prefix += segment;
    }
    expect(prefix).toBe(kept);
  });
});

describe('cutToCodePoints', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(cutToCodePoints('😀'.repeat(10), 10)).toBe('😀'.repeat(10));
    const cut = cutToCodePoints('😀'.repeat(11), 10);
    expect([...cut]).toHaveLength(10);
    expect(cut).toBe(`${'😀'.repeat(9)}…`);
  });
});

describe('safeHref', () => {
  it.each([
    ['https://mackerel.io/orgs/acme/alerts/1?x=1&y=2', 'https://mackerel.io/orgs/acme/alerts/1?x=1&y=2'],
    ['HTTP://Example.COM/a b', 'http://example.com/a%20b'],
    ['http://x/"><script>', 'http://x/%22%3E%3Cscript%3E'],
  ])('keeps the http(s) URL %s', (url, href) => {
    expect(safeHref(url)).toBe(href);
  });

  it.each(['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<b>', 'vbscript:x', '/relative', 'https://', 'mailto:a@b', undefined])(
    'refuses %s',
    (url) => {
      expect(safeHref(url)).toBeUndefined();
    },
  );
});

describe('formatNumber', () => {
  it('writes integers as is and fractions with at most 3 decimals', () => {
    expect(formatNumber(90)).toBe('90');
    expect(formatNumber(95.3)).toBe('95.3');
    expect(formatNumber(1 / 3)).toBe('0.333');
  });
});
