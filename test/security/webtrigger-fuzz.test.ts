import fc from 'fast-check';
import { SOURCE_IDS, type SourceId } from '../../src/domain/alert';
import { MAX_JSON_DEPTH, MAX_RAW_BODY_BYTES } from '../../src/sources/parse-json';
import { sources } from '../../src/sources/registry';
import { devSecret } from '../../sandbox/kaizen-profile';
import { fixture, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import type { TestSandbox } from '../helpers/test-sandbox';

/**
 * Property-based fuzzing of every alert web trigger (issue 7, 6a/6b): malformed bodies, correctly signed so they get
 * past the credential check, are driven through the real handler in-process (the sandbox's web trigger service, the
 * same path an HTTP request takes after the socket). Every one must be a 4xx whose message names the problem, none
 * may be queued or kept, none may be a 5xx.
 */
const RUNS_PER_TRIGGER = 1_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

const BASE: Record<SourceId, string> = {
  mackerel: 'host-critical.json',
  opsgenie: 'create.json',
  alertmanager: 'firing.json',
  grafana: 'firing.json',
  pagerduty: 'triggered.json',
};

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array';
/** Fields each schema is strict about: [path, kind, required and not nullable]. */
const STRICT: Record<SourceId, ReadonlyArray<readonly [string, Kind, boolean]>> = {
  mackerel: [['event', 'string', true], ['alert', 'object', true], ['alert.status', 'string', true], ['alert.id', 'string', false], ['alert.openedAt', 'number', false], ['alert.isOpen', 'boolean', false], ['alert.metricValue', 'number', false], ['host.name', 'string', true], ['host.roles', 'array', false]],
  opsgenie: [['action', 'string', true], ['alert', 'object', true], ['alert.alertId', 'string', true], ['alert.message', 'string', false], ['alert.tags', 'array', false], ['alert.createdAt', 'number', false], ['alert.details', 'object', false]],
  alertmanager: [['groupKey', 'string', true], ['status', 'string', true], ['receiver', 'string', true], ['alerts', 'array', true], ['alerts.0.status', 'string', true], ['alerts.0.labels', 'object', true], ['alerts.0.startsAt', 'string', true], ['truncatedAlerts', 'number', false]],
  grafana: [['groupKey', 'string', true], ['status', 'string', true], ['receiver', 'string', true], ['alerts', 'array', true], ['alerts.0.labels', 'object', true], ['alerts.0.startsAt', 'string', true], ['alerts.0.values', 'object', false], ['orgId', 'number', false]],
  pagerduty: [['event', 'object', true], ['event.id', 'string', true], ['event.event_type', 'string', true], ['event.occurred_at', 'string', true], ['event.data', 'object', true], ['event.data.number', 'number', false]],
};

/** `alerts.0.status` → `alerts[0].status`, as the 400 names it. */
const shownPath = (path: string): string => path.replace(/\.(\d+)/g, '[$1]');

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
function setPath(root: Json, path: string, value: Json | undefined): Json {
  const copy = structuredClone(root) as Record<string, Json>;
  const parts = path.split('.');
  let node = copy as Record<string, Json>;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, Json>;
  const last = parts.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const wrongValue = (kind: Kind): fc.Arbitrary<Json> =>
  fc.oneof(
    ...(kind !== 'string' ? [fc.string({ maxLength: 20 }).filter((s) => kind !== 'number' || !/^-?\d+$/.test(s))] : []),
    ...(kind !== 'number' ? [fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))] : []),
    ...(kind !== 'boolean' ? [fc.boolean()] : []),
    ...(kind !== 'object' ? [fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 })] : []),
    ...(kind !== 'array' ? [fc.array(fc.integer(), { maxLength: 3 })] : []),
  );

/** Where a character sits between JSON tokens (after `{`, `[`, `:` or `,` outside strings). */
function structuralPositions(text: string): number[] {
  const out: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[' || c === ':' || c === ',') out.push(i + 1);
  }
  return out;
}

interface Case {
  category: string;
  body: string;
  /** What the answer must name: a field path, `(body)`, or the size. */
  names: string | RegExp;
}

function malformed(source: SourceId): fc.Arbitrary<Case> {
  const text = fixture(source, BASE[source]);
  const valid = JSON.parse(text) as Json;
  const strict = STRICT[source];
  const required = strict.filter(([, , req]) => req);
  const positions = structuralPositions(text);
  const lastBrace = text.lastIndexOf('}');
  const nest = (levels: number, brace: boolean) => (brace ? '{"a":'.repeat(levels) + '1' + '}'.repeat(levels) : '['.repeat(levels) + ']'.repeat(levels));
  // a 1 MiB body costs more than all the others together: tried 1 time in 23, it keeps the run well under a minute
  const hugeBody =
    fc.integer({ min: 0, max: 64 }).map((extra): Case => ({ category: 'huge body', body: JSON.stringify({ ...(valid as object), padding: 'x'.repeat(MAX_RAW_BODY_BYTES + extra) }), names: /larger than 1048576 bytes/ }));
  const others = fc.oneof(
    fc.tuple(fc.constantFrom(...strict), fc.constant(null)).chain(([[path, kind]]) =>
      wrongValue(kind).map((v): Case => ({ category: 'wrong type', body: JSON.stringify(setPath(valid, path, v)), names: shownPath(path) })),
    ),
    fc.constantFrom(...required).map(([path]): Case => ({ category: 'missing field', body: JSON.stringify(setPath(valid, path, undefined)), names: shownPath(path) })),
    fc.constantFrom(...required).map(([path]): Case => ({ category: 'null', body: JSON.stringify(setPath(valid, path, null)), names: shownPath(path) })),
    fc.tuple(fc.constantFrom(...strict.filter(([, kind]) => kind !== 'string')), fc.integer({ min: 10_000, max: 100_000 })).map(
      ([[path], n]): Case => ({ category: 'huge string', body: JSON.stringify(setPath(valid, path, 'x'.repeat(n))), names: shownPath(path) }),
    ),
    fc.tuple(fc.integer({ min: MAX_JSON_DEPTH + 1, max: 20_000 }), fc.boolean()).map(
      ([levels, brace]): Case => ({ category: 'deep nesting', body: text.replace(/^\s*\{/, `{"extra":${nest(levels, brace)},`), names: '(body)' }),
    ),
    fc.tuple(fc.constantFrom(...required.filter(([path]) => !path.includes('.'))), fc.constantFrom('__proto__', 'constructor', 'prototype')).map(([[path], key]): Case => {
      // the required field moved under a prototype key: it must not be "inherited" back
      const moved = setPath(valid, path, undefined) as Record<string, Json>;
      const hidden = key === 'constructor' ? { prototype: { [path]: (valid as Record<string, Json>)[path]! } } : { [path]: (valid as Record<string, Json>)[path]!, polluted: true };
      const rest = JSON.stringify(moved);
      const body = `{${JSON.stringify(key)}:${JSON.stringify(hidden)}${rest === '{}' ? '}' : `,${rest.slice(1)}`}`;
      return { category: 'prototype key', body, names: shownPath(path) };
    }),
    fc.integer({ min: 0, max: lastBrace - 1 }).map((cut): Case => ({ category: 'truncated JSON', body: text.slice(0, cut), names: '(body)' })),
    fc.tuple(fc.constantFrom(...positions), fc.uint8Array({ minLength: 1, maxLength: 6 }).map((b) => b.map((x) => 0x80 | (x & 0x7f)))).map(([at, bytes]): Case => {
      // bytes that are not UTF-8 (continuation bytes without a lead byte) between two tokens, decoded as a
      // runtime decodes a request body: each becomes U+FFFD, which is not JSON there
      const raw = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(bytes), Buffer.from(text.slice(at))]);
      return { category: 'invalid UTF-8', body: new TextDecoder('utf-8').decode(raw), names: '(body)' };
    }),
    fc.oneof(fc.constant('null'), fc.constant('true'), fc.integer().map(String), fc.string().map((s) => JSON.stringify(s)), fc.array(fc.integer()).map((a) => JSON.stringify(a))).map(
      (body): Case => ({ category: 'not an object', body, names: '(body)' }),
    ),
    fc.constantFrom('}', ']', ',', 'x', '{}').map((tail): Case => ({ category: 'trailing garbage', body: `${text.trimEnd()}${tail}`, names: '(body)' })),
    fc.string({ maxLength: 200 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }).map((body): Case => ({ category: 'garbage', body, names: '(body)' })),
  );
  return fc.oneof({ arbitrary: others, weight: 22 }, { arbitrary: hugeBody, weight: 1 });
}

describe('web trigger fuzzing: malformed bodies are refused with a 4xx naming the problem, never queued, never 5xx', () => {
  let sb: TestSandbox;
  const figures: Record<string, { runs: number; byStatus: Record<number, number>; byCategory: Record<string, number>; ms: number }> = {};
  beforeAll(async () => {
    sb = await startKaizenSandbox();
    sb.queues.stop(); // anything queued stays pending, where it is counted
  });
  afterAll(async () => {
    const lines = Object.entries(figures).map(([source, f]) => `${source}: ${f.runs} bodies in ${f.ms} ms, by status ${JSON.stringify(f.byStatus)}, by category ${JSON.stringify(f.byCategory)}`);
    console.info(`web trigger fuzz (seed ${SEED}):\n${lines.join('\n')}`);
    await sb.dispose();
  });

  const call = (source: SourceId, body: string, contentType?: string) => {
    const url = new URL(sb.webtriggers.urlOf(`${source}-webhook`)!);
    const signed = sources[source].signAsSender(body, devSecret(source), Date.now());
    const rawHeaders: string[] = contentType === undefined ? [] : ['Content-Type', contentType];
    for (const [name, values] of Object.entries(signed.headers)) for (const v of values) if (name.toLowerCase() !== 'content-type') rawHeaders.push(name, v);
    for (const [name, values] of Object.entries(signed.queryParameters)) for (const v of values) url.searchParams.append(name, v);
    return sb.webtriggers.handle({ method: 'POST', path: url.pathname, rawHeaders, query: url.searchParams, body });
  };
  const kept = () => sb.queues.status().pending + sb.store.count('kvs', 'overflow:') + sb.store.count('kvs', 'dlq:');

  it.each(SOURCE_IDS)('%s: every malformed body is a 4xx that names the problem', async (source) => {
    const started = Date.now();
    const stats = { runs: 0, byStatus: {} as Record<number, number>, byCategory: {} as Record<string, number>, ms: 0 };
    await fc.assert(
      fc.asyncProperty(malformed(source), async (c) => {
        const res = await call(source, c.body, 'application/json');
        stats.runs++;
        stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
        stats.byCategory[c.category] = (stats.byCategory[c.category] ?? 0) + 1;
        const answer = JSON.parse(res.body) as { error?: string; fields?: string[] };
        const said = [answer.error ?? '', ...(answer.fields ?? [])].join('\n');
        if (res.status < 400 || res.status >= 500) throw new Error(`${c.category}: ${res.status} ${res.body.slice(0, 300)}`);
        if (typeof c.names === 'string' ? !said.split('\n').some((line) => line.startsWith(`${c.names}: `) || line.startsWith(`${c.names}.`) || line.startsWith(`${c.names}[`)) : !c.names.test(said)) {
          throw new Error(`${c.category}: the answer does not name ${String(c.names)}: ${said.slice(0, 300)}`);
        }
        if (kept() !== 0) throw new Error(`${c.category}: something was queued or kept`);
      }),
      { numRuns: RUNS_PER_TRIGGER, seed: SEED + SOURCE_IDS.indexOf(source), endOnFailure: true },
    );
    stats.ms = Date.now() - started;
    figures[source] = stats;
    expect(stats.runs).toBeGreaterThanOrEqual(RUNS_PER_TRIGGER);
    expect(Object.keys(stats.byStatus).every((s) => Number(s) >= 400 && Number(s) < 500)).toBe(true);
    expect(Object.keys(stats.byCategory).length).toBeGreaterThanOrEqual(10); // every kind of damage was tried
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(sb.store.count('queue-events')).toBe(0);
  }, 60_000);

  /** Every number each schema reads, with the fixture that has it. */
  const NUMERIC: Record<SourceId, ReadonlyArray<readonly [string, string]>> = {
    mackerel: [...['openedAt', 'closedAt', 'statusChangedAt', 'createdAt', 'metricValue', 'criticalThreshold', 'warningThreshold', 'duration'].map((f) => ['host-critical.json', `alert.${f}`] as const), ['alert-group.json', 'alertGroup.createdAt'], ['alert-group-ok.json', 'alertGroup.closedAt']],
    opsgenie: [['create.json', 'alert.createdAt'], ['create.json', 'alert.updatedAt'], ['create-2017.json', 'alert.insertedAt'], ['create-2017.json', 'alert.priority'], ['escalate.json', 'escalationTime'], ['escalate.json', 'repeatCount']],
    alertmanager: [['firing.json', 'truncatedAlerts']],
    grafana: [['firing.json', 'truncatedAlerts'], ['firing.json', 'orgId'], ['firing.json', 'alerts.0.orgId'], ['firing.json', 'alerts.0.values.A']],
    pagerduty: [['triggered.json', 'event.data.number']],
  };
  const EXTREME = ['0', '-0', '1.5', '-1', '42', '1e308', '-1e308', '1e-300', '9007199254740993', '123456789012345678901234567890', '32503680000000', '1749518625412000246'];

  it.each(SOURCE_IDS)('%s: extreme numbers in every numeric field are a 202 with plausible times or a 400 naming the field, never a 5xx', async (source) => {
    const counts: Record<number, number> = {};
    for (const [file, path] of NUMERIC[source]) {
      for (const number of EXTREME) {
        const body = JSON.stringify(setPath(JSON.parse(fixture(source, file)) as Json, path, '__NUMBER__')).replace('"__NUMBER__"', number);
        const res = await call(source, body, 'application/json');
        counts[res.status] = (counts[res.status] ?? 0) + 1;
        if (res.status === 400) expect(res.body).toContain(shownPath(path).replace(/\.A$/, ''));
        else expect({ path, number, status: res.status }).toEqual({ path, number, status: 202 });
      }
    }
    for (const { value } of sb.store.range<{ body: { alert?: { occurredAt: string; openedAt?: string; truncatedAlertsCount?: number } } }>('queue-events')) {
      const alert = value.body.alert!;
      for (const time of [alert.occurredAt, alert.openedAt]) if (time) expect(Date.parse(time)).toBeGreaterThanOrEqual(Date.UTC(2000, 0, 1));
      if (alert.truncatedAlertsCount !== undefined) expect(Number.isSafeInteger(alert.truncatedAlertsCount)).toBe(true);
    }
    sb.store.clearNamespace('queue-events');
    expect(counts[202]).toBeGreaterThan(0);
  });

  it.each(SOURCE_IDS)('%s: a valid body is JSON whatever its Content-Type says (one rule: the Content-Type is not read)', async (source) => {
    const body = fixture(source, BASE[source]);
    for (const contentType of [undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
      const res = await call(source, body, contentType);
      expect({ contentType, status: res.status }).toEqual({ contentType, status: 202 });
    }
    sb.store.clearNamespace('queue-events');
    // and a form-encoded body is not JSON, whatever it is labelled
    const form = await call(source, 'event=alert&status=critical', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(400);
    expect(form.body).toContain('(body): not valid JSON');
  });

  it('invalid UTF-8 over real HTTP: the runtime decodes it to U+FFFD, and between tokens that is a 400', async () => {
    const source: SourceId = 'pagerduty';
    const text = fixture(source, BASE[source]);
    for (const at of structuralPositions(text).slice(0, 20)) {
      const raw = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(text.slice(at))]);
      const signed = sources[source].signAsSender(new TextDecoder().decode(raw), devSecret(source), Date.now());
      const headers = new Headers({ 'Content-Type': 'application/json' });
      for (const [name, values] of Object.entries(signed.headers)) for (const v of values) headers.set(name, v);
      const res = await fetch(sb.webtriggers.urlOf(`${source}-webhook`)!, { method: 'POST', headers, body: raw });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('(body): not valid JSON');
    }
    expect(sb.queues.status().pending).toBe(0);
  });
});
