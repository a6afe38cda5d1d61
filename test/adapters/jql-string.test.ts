import { route } from '@forge/api';
import { z } from 'zod';
import { jqlString } from '../../src/adapters/jql-string';
import { jiraHttp } from '../../src/adapters/product-http';
import { JSON_HEADERS, inConsumer, useAdapterSandbox } from './adapter-test-kit';

describe('jqlString', () => {
  it.each([
    ['plain', '"plain"'],
    ['', '""'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\temp\\', '"C:\\\\temp\\\\"'],
    ['\\"', '"\\\\\\""'],
    ['line 1\nline 2\r\n\tend', '"line 1\\nline 2\\r\\n\\tend"'],
    ["it's", '"it\'s"'],
    ['ディスク使用率が90%を超えました', '"ディスク使用率が90%を超えました"'],
    ['🔥 db-1', '"🔥 db-1"'],
    ['a\u0000b\u001fc\u007fd\u0085e\ufffff', '"a\\u0000b\\u001fc\\u007fd\\u0085e\\uffff' + 'f"'],
    ['x" OR project = "SECRET', '"x\\" OR project = \\"SECRET"'],
  ])('quotes %j as %s', (value, expected) => {
    expect(jqlString(value)).toBe(expected);
  });
});

/** The literals round-trip through Jira's JQL parser: a stored value is found by exactly itself. */
describe('jqlString against the emulated Jira', () => {
  const kit = useAdapterSandbox();
  const SearchSchema = z.object({ issues: z.array(z.object({ key: z.string() })) });

  const NASTY = [
    'say "hi"',
    'C:\\temp\\',
    'ends with a backslash \\',
    'multi\nline\r\ntext\twith tab',
    "single ' quote",
    'ディスク使用率が90%を超えました「db-1」',
    'x" OR project = "OPS',
    'emoji 🔥 and \u0007 bell',
  ];

  it.each(NASTY)('finds the issue whose property is %j and no other', async (value) => {
    const sb = kit.sb();
    const created = await sb.http('/rest/api/3/issue', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'jql literal' }, properties: [{ key: 'jql-test', value: { v: value } }] }),
    });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    // A decoy whose value differs only after the point an unescaped literal would end.
    await sb.http('/rest/api/3/issue', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'decoy' }, properties: [{ key: 'jql-test', value: { v: `${value}-decoy` } }] }),
    });
    const jql = `project = ${jqlString('OPS')} AND issue.property[jql-test].v = ${jqlString(value)}`;
    const found = await inConsumer(() => jiraHttp().json('POST', route`/rest/api/3/search/jql`, SearchSchema, { body: { jql, fields: ['summary'] }, idempotent: true }));
    expect(found.issues.map((i) => i.key)).toEqual([key]);
  });
});
