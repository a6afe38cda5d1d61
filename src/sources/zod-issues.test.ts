import { z } from 'zod';

import { formatIssuePath, formatZodIssues } from './zod-issues';

describe('formatZodIssues', () => {
  const schema = z.object({
    alert: z.object({ status: z.string() }),
    alerts: z.array(z.object({ labels: z.record(z.string(), z.string()) })),
  });

  it('writes field.path: message, with array indexes in brackets', () => {
    const result = schema.safeParse({ alert: { status: 1 }, alerts: [{ labels: { a: 'x' } }, { labels: { b: 2 } }] });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(formatZodIssues(result.error.issues)).toEqual([
      'alert.status: expected string, received number',
      'alerts[1].labels.b: expected string, received number',
    ]);
  });

  it('says "required" for a missing field', () => {
    const result = schema.safeParse({ alerts: [] });
    if (result.success) throw new Error('expected failure');
    expect(formatZodIssues(result.error.issues)).toEqual(['alert: required, expected object']);
  });

  it.each([
    [[], '(body)'],
    [['a'], 'a'],
    [['a', 0, 'b'], 'a[0].b'],
    [[0, 1], '[0][1]'],
  ])('%j → %s', (path, text) => {
    expect(formatIssuePath(path)).toBe(text);
  });
});
