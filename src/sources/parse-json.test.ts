import { MAX_JSON_DEPTH, MAX_RAW_BODY_BYTES, nestingDepthBeyond, parseJsonBody } from './parse-json';
import { epochNanosecondsToIso } from './common/time';

describe('parseJsonBody', () => {
  it('keeps 19-digit nanoseconds exact, where JSON.parse rounds them', () => {
    const body = '{"alert":{"updatedAt":1749518720412000246,"insertedAt":1502709956288000110,"createdAt":1749518625412}}';
    // the corruption this parser exists to avoid
    expect(String((JSON.parse(body) as { alert: { updatedAt: number } }).alert.updatedAt)).not.toBe('1749518720412000246');

    const result = parseJsonBody(body);
    expect(result).toEqual({
      ok: true,
      value: { alert: { updatedAt: '1749518720412000246', insertedAt: '1502709956288000110', createdAt: 1749518625412 } },
    });
  });

  it('turns the exact nanoseconds into the right ISO times', () => {
    const result = parseJsonBody('{"a":1749518720412000246,"b":1502709956288000110,"c":1749519885412999999}');
    if (!result.ok) throw new Error('parse');
    const value = result.value as Record<string, string>;
    expect(epochNanosecondsToIso(value['a'] as string)).toBe('2025-06-10T01:25:20.412Z');
    expect(epochNanosecondsToIso(value['b'] as string)).toBe('2017-08-14T11:25:56.288Z');
    // 999999 ns past .412 ms is still .412: sub-millisecond digits are dropped, never rounded up
    expect(epochNanosecondsToIso(value['c'] as string)).toBe('2025-06-10T01:44:45.412Z');
  });

  it('keeps safe integers, floats and negative numbers as numbers', () => {
    expect(parseJsonBody('[9007199254740991,95.16666666666667,-3,0.5e1]')).toEqual({
      ok: true,
      value: [9007199254740991, 95.16666666666667, -3, 5],
    });
    expect(parseJsonBody('[9007199254740993]')).toEqual({ ok: true, value: ['9007199254740993'] });
  });

  it('keeps text exactly, including Japanese, HTML and escapes', () => {
    expect(parseJsonBody('{"m":"<b>障害</b>\\n\\u0026"}')).toEqual({ ok: true, value: { m: '<b>障害</b>\n&' } });
  });

  it.each([
    ['', '(body): empty: expected a JSON object'],
    ['{"a":', '(body): not valid JSON'],
    ['{"a":1,"a":2}', "(body): not valid JSON: Duplicate key 'a'"],
  ])('refuses %j', (body, message) => {
    const result = parseJsonBody(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(`${result.errors[0]?.path}: ${result.errors[0]?.message}`).toContain(message);
  });

  it('refuses a body over the size limit, counting UTF-8 bytes', () => {
    // 3 bytes per character in UTF-8: under the limit in UTF-16 units, over it in bytes
    const body = JSON.stringify({ m: '障'.repeat(Math.ceil(MAX_RAW_BODY_BYTES / 3)) });
    expect(body.length).toBeLessThan(MAX_RAW_BODY_BYTES);
    const result = parseJsonBody(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toMatch(/^too large: \d+ bytes, the limit is 1048576$/);
  });

  it('keeps __proto__ as plain data', () => {
    const result = parseJsonBody('{"__proto__":{"polluted":true}}');
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('nesting depth', () => {
  const nested = (levels: number) => '{"a":'.repeat(levels - 1) + '[]' + '}'.repeat(levels - 1);

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1}, naming the limit`, () => {
    expect(parseJsonBody(nested(MAX_JSON_DEPTH)).ok).toBe(true);
    const result = parseJsonBody(nested(MAX_JSON_DEPTH + 1));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toEqual({ path: '(body)', message: `nested too deeply: more than ${MAX_JSON_DEPTH} levels of arrays/objects (at character ${5 * MAX_JSON_DEPTH})` });
  });

  it('refuses 500,000 levels with the same 400, without recursion (no stack overflow)', () => {
    const result = parseJsonBody('['.repeat(500_000) + ']'.repeat(500_000));
    expect(result.ok ? undefined : result.errors[0]?.message).toMatch(/^nested too deeply/);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = `{"a":"${'[{'.repeat(100)}\\\"${'['.repeat(100)}","b":[[1]]}`;
    expect(nestingDepthBeyond(text, 3)).toBeUndefined();
    expect(parseJsonBody(text).ok).toBe(true);
    expect(nestingDepthBeyond('{"a\\\\":[[[1]]]}', 3)).toEqual({ at: 9 }); // an escaped backslash ends before the quote
  });
});
