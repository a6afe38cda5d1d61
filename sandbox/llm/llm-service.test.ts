import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RequestLog } from '../core/request-log';
import { declaredLlmFamilies, LlmService, type LlmCall } from './llm-service';
import { LLM_LIMITS } from './models';

/** The Forge LLMs emulator on its own (the SDK path is test/sandbox/llm-endpoint.test.ts): windows on a fake clock. */

const HAIKU = 'claude-haiku-4-5-20251001';
const body = (extra: Record<string, unknown> = {}) => JSON.stringify({ messages: [{ role: 'user', content: 'ping' }], stream: false, ...extra });
const call = (over: Partial<LlmCall> = {}): LlmCall => ({
  descriptor: { type: 'llm', model: HAIKU },
  path: `https://llm/${HAIKU}`,
  method: 'POST',
  body: body(),
  headers: { 'content-type': 'application/json', 'x-b3-traceid': 'trace-1' },
  installationId: 'inst-1',
  caller: 'unit',
  ...over,
});
const parsed = (r: { body: string | string[] }) => JSON.parse(r.body as string) as { code?: string; message?: string };

describe('LlmService', () => {
  let now = 1_000_000;
  const log = new RequestLog();
  const service = new LlmService({ declaredFamilies: ['claude'], log, now: () => now });
  beforeEach(() => {
    service.reset();
    log.clear();
    now = 1_000_000;
  });

  it('counts prompts per installation in a sliding minute', async () => {
    for (let i = 0; i < LLM_LIMITS.requestsPerMinute; i++) {
      expect((await service.handle(call())).status).toBe(200);
      now += 100; // 100 prompts over 10 s
    }
    const refused = await service.handle(call());
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('50');
    expect(parsed(refused).code).toBe('RATE_LIMIT_EXCEEDED');
    // another installation has its own minute
    expect((await service.handle(call({ installationId: 'inst-2' }))).status).toBe(200);
    // once the first prompt is a minute old, one more fits
    now = 1_000_000 + 60_001;
    expect((await service.handle(call())).status).toBe(200);
    expect((await service.handle(call())).status).toBe(429);
  });

  it('counts tokens per installation and model in a sliding minute', async () => {
    // 400,000 characters: about 100,000 tokens each, so the fifth within the minute passes 500,000
    const big = body({ messages: [{ role: 'user', content: 'x'.repeat(400_000) }] });
    const sonnet = 'claude-sonnet-4-6';
    for (let i = 0; i < 4; i++) expect((await service.handle(call({ body: big }))).status).toBe(200);
    const refused = await service.handle(call({ body: big }));
    expect([refused.status, parsed(refused).message]).toEqual([429, expect.stringMatching(/500000 tokens per minute/)]);
    // another model has its own budget
    expect((await service.handle(call({ body: big, descriptor: { type: 'llm', model: sonnet }, path: `https://llm/${sonnet}` }))).status).toBe(200);
    // Haiku's context window is 200,000 tokens
    const huge = body({ messages: [{ role: 'user', content: 'x'.repeat(800_004) }] });
    const tooLong = await service.handle(call({ body: huge }));
    expect([tooLong.status, parsed(tooLong).message]).toEqual([400, expect.stringMatching(/context window is 200000 tokens/)]);
  });

  it('refuses what is not the SDK’s call', async () => {
    const cases: Array<[Partial<LlmCall>, number, string]> = [
      [{ descriptor: { type: 'llm' } }, 400, 'BAD_REQUEST'],
      [{ descriptor: { type: 'llm', model: 'claude-opus-5' } }, 400, 'BAD_REQUEST'],
      [{ body: '{not json' }, 400, 'BAD_REQUEST'],
      [{ body: undefined }, 400, 'BAD_REQUEST'],
      [{ body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }) }, 400, 'BAD_REQUEST'], // no `stream`
      [{ method: 'PUT' }, 405, 'METHOD_NOT_ALLOWED'],
      [{ path: 'https://elsewhere/x' }, 404, 'NOT_FOUND'],
    ];
    for (const [over, status, code] of cases) {
      const r = await service.handle(call(over));
      expect([over, r.status, parsed(r).code]).toEqual([over, status, code]);
      expect(r.headers['x-b3-traceid']).toBe('trace-1');
    }
  });

  it('refuses every prompt when the manifest enables no family; list() still answers', async () => {
    const none = new LlmService({ declaredFamilies: [] });
    const r = await none.handle(call());
    expect([r.status, parsed(r).code]).toEqual([403, 'FORGE_LLMS_MODEL_FORBIDDEN']);
    const list = await none.handle(call({ method: 'GET', path: 'https://llm', body: undefined, descriptor: { type: 'llm' } }));
    expect(list.status).toBe(200);
    expect(none.calls()).toHaveLength(1);
  });

  it('logs a prompt as its shape and size, never its text (nor text hidden in an unknown field)', async () => {
    await service.handle(call({ body: body({ messages: [{ role: 'user', content: 'secret incident details' }], system: 'hidden system prompt', temperature: 0.3 }) }));
    const [entry] = log.list({ kind: 'llm' });
    expect(entry).toMatchObject({ status: 400, target: HAIKU, path: `/${HAIKU}`, caller: 'unit' });
    expect(JSON.parse(entry!.requestBody!)).toEqual({ messages: 1, roles: ['user'], promptChars: 23, bytes: expect.any(Number), stream: false, temperature: 0.3, unknownFields: ['system'] });
    expect(JSON.stringify(log.list())).not.toMatch(/secret incident|hidden system/);
  });

  it('reads the families from the manifest’s llm module', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-manifest-'));
    try {
      writeFileSync(join(dir, 'manifest.yml'), 'modules:\n  llm:\n    - key: main\n      model: [claude]\napp:\n  id: x\n');
      expect(declaredLlmFamilies(dir)).toEqual(['claude']);
      writeFileSync(join(dir, 'manifest.yml'), 'modules:\n  function: []\napp:\n  id: x\n');
      expect(declaredLlmFamilies(dir)).toEqual([]);
      expect(declaredLlmFamilies(join(dir, 'missing'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
