import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as ForgeLlm from '@forge/llm';
import type { LlmCallRecord } from '../../sandbox/llm/llm-service';
import { runInInvocation } from '../../sandbox/runtime/invocation';
import { FIXTURE_APP, startTestSandbox, type TestSandbox } from '../helpers/test-sandbox';

/**
 * The sandbox's Forge LLMs endpoint (sandbox/llm) reached as the app will reach it: the real @forge/llm SDK, inside an
 * invocation, through `__forge_fetch__`. @forge/llm reads the Forge runtime when it is first required
 * (out/llm-client.js: `__getRuntime()?.tracing`), so it is required once the sandbox has installed the globals.
 */

const HAIKU = 'claude-haiku-4-5-20251001';
const SONNET = 'claude-sonnet-4-6';
const PROMPT: ForgeLlm.Prompt = {
  model: SONNET,
  messages: [
    { role: 'system', content: 'You write incident retrospectives.' },
    { role: 'user', content: 'Summarise incident OPS-12: checkout errors from 10:02 to 10:40, rollback fixed it.' },
  ],
  max_completion_tokens: 500,
};

const inApp = <T>(fn: () => Promise<T>): Promise<T> => runInInvocation({ functionKey: 'llm-test', moduleKey: 'llm-test', moduleType: 'test', accountId: undefined, timeoutMs: 25_000 }, fn);

interface Failure {
  name: string;
  status?: number;
  code?: string;
  message: string;
}
const failureOf = async (p: Promise<unknown>): Promise<Failure> => {
  try {
    await p;
  } catch (e) {
    const err = e as Failure;
    return { name: err.name, status: err.status, code: err.code, message: err.message };
  }
  throw new Error('expected the call to fail');
};

/** A minimal app whose manifest declares the `llm` module (the YAML the app feature will add). */
function llmApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kaizen-llm-app-'));
  writeFileSync(
    join(dir, 'manifest.yml'),
    ['modules:', '  llm:', '    - key: kaizen-llm', '      model:', '        - claude', 'app:', '  id: ari:cloud:ecosystem::app/00000000-0000-4000-8000-0000000000aa', '  runtime:', '    name: nodejs24.x', ''].join('\n'),
  );
  return dir;
}

describe('Forge LLMs in the sandbox, through @forge/llm', () => {
  let sb: TestSandbox;
  let appDir: string;
  let llm: typeof ForgeLlm;
  beforeAll(async () => {
    appDir = llmApp();
    sb = await startTestSandbox({ appDir });
    llm = require('@forge/llm') as typeof ForgeLlm;
  });
  afterAll(async () => {
    await sb?.dispose();
    rmSync(appDir, { recursive: true, force: true });
  });
  beforeEach(() => sb.reset());

  const chat = (prompt: unknown) => inApp(() => llm.chat(prompt as ForgeLlm.Prompt));
  const inspected = async (): Promise<{ calls: LlmCallRecord[]; models: Array<{ model: string; status: string }>; declaredFamilies: string[]; usage: { requests: Record<string, number> } }> =>
    (await sb.http('/__sandbox/llm')).json() as never;

  it('answers a valid prompt with a marked, deterministic text, and logs it without the prompt', async () => {
    const a = await chat(PROMPT);
    const b = await chat(PROMPT);
    expect(a).toEqual(b);
    const choice = a.choices[0]!;
    expect(choice).toMatchObject({ finish_reason: 'end_turn', index: 0, message: { role: 'assistant' } });
    const text = (choice.message.content as Array<{ type: string; text: string }>)[0]!.text;
    expect(text).toMatch(/^\[Sandbox LLM\] .*not model output.*model=claude-sonnet-4-6 prompt=sha256:[0-9a-f]{16} messages=2$/);
    expect(a.usage).toEqual({ input_tokens: expect.any(Number), output_tokens: expect.any(Number), total_tokens: a.usage!.input_tokens! + a.usage!.output_tokens! });
    // another prompt, another hash
    const other = await chat({ ...PROMPT, messages: [{ role: 'user', content: 'Something else' }] });
    expect((other.choices[0]!.message.content as Array<{ text: string }>)[0]!.text).not.toBe(text);

    const logged = sb.log.list({ kind: 'llm' });
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatchObject({ kind: 'llm', target: SONNET, method: 'POST', path: `/${SONNET}`, status: 200, caller: 'llm-test' });
    expect(JSON.parse(logged[0]!.requestBody!)).toMatchObject({ messages: 2, roles: ['system', 'user'], stream: false, max_completion_tokens: 500 });
    expect(JSON.stringify(logged)).not.toContain('rollback fixed it');
    const seen = await inspected();
    expect(seen.declaredFamilies).toEqual(['claude']);
    expect(seen.calls[0]).toMatchObject({ model: SONNET, status: 200, messages: 2, finishReason: 'end_turn', caller: 'llm-test', promptSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(seen.calls[0]!.promptPreview!.length).toBeLessThanOrEqual(61);
    expect(JSON.stringify(seen.calls)).not.toContain('rollback fixed it');
    expect(seen.usage.requests).toEqual({ 'sandbox-installation': 3 });
  });

  it('lists the models Forge offers (Claude only)', async () => {
    const { models } = await inApp(() => llm.list());
    expect(models.length).toBeGreaterThan(0);
    expect(models.every((m) => m.model.startsWith('claude-') && (m.status === 'active' || m.status === 'deprecated'))).toBe(true);
    expect(models.map((m) => m.model)).toEqual(expect.arrayContaining([HAIKU, SONNET, 'claude-opus-4-6']));
  });

  it('streams the same answer in chunks, the last with finish_reason and usage', async () => {
    const whole = await chat(PROMPT);
    const chunks: ForgeLlm.ChatResponse[] = [];
    await inApp(async () => {
      const response = await llm.stream(PROMPT);
      for await (const chunk of response) chunks.push(chunk as ForgeLlm.ChatResponse);
      await response.close();
    });
    const text = chunks.flatMap((c) => (c.choices[0]!.message.content as Array<{ text: string }>).map((p) => p.text)).join('');
    expect(text).toBe((whole.choices[0]!.message.content as Array<{ text: string }>)[0]!.text);
    expect(chunks.slice(0, -1).every((c) => c.choices[0]!.finish_reason === undefined)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ choices: [{ finish_reason: 'end_turn' }], usage: whole.usage });
  });

  it('answers a forced tool call with arguments shaped by the tool schema', async () => {
    const r = await chat({
      model: HAIKU,
      messages: [{ role: 'user', content: 'Draft the summary.' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'draft_summary',
            description: 'The retrospective summary',
            parameters: { type: 'object', properties: { summary: { type: 'string' }, severity: { type: 'string', enum: ['SEV1', 'SEV2'] }, actions: { type: 'array', items: { type: 'string' } }, minutes: { type: 'integer', minimum: 1 } }, required: ['summary'] },
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'draft_summary' } },
    });
    expect(r.choices[0]).toMatchObject({
      finish_reason: 'tool_use',
      message: { tool_calls: [{ type: 'function', index: 0, id: expect.stringMatching(/^toolu_sandbox_/), function: { name: 'draft_summary', arguments: { summary: '[Sandbox LLM] summary', severity: 'SEV1', actions: ['[Sandbox LLM] actions'], minutes: 1 } } }] },
    });
  });

  it('refuses in the SDK what the SDK checks, before any request', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ ...PROMPT, model: '' }, /Model is required/],
      [{ ...PROMPT, temperature: 1.5 }, /Invalid temperature 1.5/],
      [{ ...PROMPT, top_p: -1 }, /Invalid top_p -1/],
      [{ ...PROMPT, max_completion_tokens: 0 }, /max_completion_tokens must be a positive integer/],
      [{ ...PROMPT, messages: [] }, /No messages were provided/],
      [{ ...PROMPT, messages: [{ role: 'bot', content: 'hi' }] }, /Invalid role at index 0: bot/],
      [{ ...PROMPT, messages: [{ role: 'user' }] }, /Message content at index 0 must be a non-empty string/],
      [null, /Prompt is required/],
    ];
    for (const [prompt, message] of cases) {
      const f = await failureOf(chat(prompt));
      expect([prompt, f.name, f.message]).toEqual([prompt, 'PromptValidationError', expect.stringMatching(message)]);
    }
    expect(sb.log.list({ kind: 'llm' })).toEqual([]);
  });

  it('refuses in the service what the service checks: 400 BAD_REQUEST, 403 for a model Forge does not offer', async () => {
    const user = (content: unknown) => ({ role: 'user', content });
    const cases: Array<[string, unknown, number, string, RegExp]> = [
      ['empty content', { ...PROMPT, messages: [user('  ')] }, 400, 'BAD_REQUEST', /Message content at index 0 must be a non-empty string/],
      ['content not text', { ...PROMPT, messages: [user([{ type: 'image', source: 'x' }])] }, 400, 'BAD_REQUEST', /only text is supported/],
      ['system only', { ...PROMPT, messages: [{ role: 'system', content: 'x' }] }, 400, 'BAD_REQUEST', /other than a system message/],
      ['assistant first', { ...PROMPT, messages: [{ role: 'assistant', content: 'x' }, user('y')] }, 400, 'BAD_REQUEST', /first non-system message must have the role user/],
      ['tool_calls on a user message', { ...PROMPT, messages: [{ ...user('x'), tool_calls: [] }] }, 400, 'BAD_REQUEST', /tool_calls is not allowed on a user message/],
      ['temperature with top_p', { ...PROMPT, temperature: 0.2, top_p: 0.9 }, 400, 'BAD_REQUEST', /cannot be specified together/],
      ['temperature on a model without sampling', { ...PROMPT, model: 'claude-opus-5', temperature: 0.2 }, 400, 'BAD_REQUEST', /not supported by claude-opus-5/],
      ['unknown field', { ...PROMPT, max_tokens: 100 }, 400, 'BAD_REQUEST', /Unknown field max_tokens/],
      ['completion beyond the tier', { ...PROMPT, model: HAIKU, max_completion_tokens: 100_000 }, 400, 'BAD_REQUEST', /limit of 64000 output tokens/],
      ['tool_choice naming no tool', { ...PROMPT, tool_choice: { type: 'function', function: { name: 'nope' } } }, 400, 'BAD_REQUEST', /not among the tools/],
      ['bad tool', { ...PROMPT, tools: [{ type: 'function', function: { name: 'has space', description: 'd', parameters: {} } }] }, 400, 'BAD_REQUEST', /name must match/],
      ['a model Forge does not offer', { ...PROMPT, model: 'gpt-4o' }, 403, 'FORGE_LLMS_MODEL_FORBIDDEN', /Forge LLMs model not allowed: anthropic\.gpt-4o/],
      ['a retired model', { ...PROMPT, model: 'claude-3-7-sonnet-20250219' }, 403, 'FORGE_LLMS_MODEL_FORBIDDEN', /model not allowed/],
    ];
    for (const [what, prompt, status, code, message] of cases) {
      const f = await failureOf(chat(prompt));
      expect([what, f]).toEqual([what, { name: 'ForgeLlmAPIError', status, code, message: expect.stringMatching(message) }]);
    }
    expect(sb.log.list({ kind: 'llm' }).map((e) => e.status)).toEqual(cases.map((c) => c[2]));
    expect((await inspected()).calls.map((c) => c.code)).toEqual(cases.map((c) => c[3]));
  });

  it('allows 100 prompts a minute per installation, then answers 429 RATE_LIMIT_EXCEEDED with Retry-After', async () => {
    const small = { model: HAIKU, messages: [{ role: 'user' as const, content: 'ping' }] };
    for (let i = 0; i < 100; i++) await chat(small);
    const f = await failureOf(chat(small));
    expect(f).toEqual({ name: 'ForgeLlmAPIError', status: 429, code: 'RATE_LIMIT_EXCEEDED', message: expect.stringMatching(/100 requests per minute per installation/) });
    const last = sb.log.list({ kind: 'llm' }).at(-1)!;
    expect(last.status).toBe(429);
    // the raw answer carries Retry-After (the SDK drops it): seconds until the oldest prompt leaves the window
    const raw = await inApp(() => (globalThis as unknown as { __forge_fetch__: (d: unknown, p: string, i: RequestInit) => Promise<Response> }).__forge_fetch__({ type: 'llm', model: HAIKU }, `https://llm/${HAIKU}`, { method: 'POST', body: JSON.stringify({ ...small, model: undefined, stream: false }) }));
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(raw.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // a reset sandbox starts a new minute
    await sb.reset();
    await expect(chat(small)).resolves.toMatchObject({ choices: [{ finish_reason: 'end_turn' }] });
  });

  it('injects failures and slow answers for the next prompts (POST /__sandbox/llm/faults)', async () => {
    const fault = (body: unknown) => sb.http('/__sandbox/llm/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await fault({ status: 418 })).status).toBe(400);
    expect((await fault({ model: 'claude-opus-5' })).status).toBe(400);
    expect((await fault({ model: SONNET, status: 503, count: 2 })).status).toBe(201);
    expect(await failureOf(chat(PROMPT))).toMatchObject({ name: 'ForgeLlmAPIError', status: 503, code: 'SERVICE_UNAVAILABLE' });
    // another model is not affected
    await expect(chat({ ...PROMPT, model: HAIKU })).resolves.toBeDefined();
    expect(await failureOf(chat(PROMPT))).toMatchObject({ status: 503 });
    await expect(chat(PROMPT)).resolves.toBeDefined();
    expect(sb.log.list({ kind: 'llm' }).map((e) => [e.status, e.fault ?? false])).toEqual([[503, true], [200, false], [503, true], [200, false]]);

    await fault({ status: 429, code: 'RATE_LIMIT_EXCEEDED' });
    expect(await failureOf(chat(PROMPT))).toMatchObject({ status: 429, code: 'RATE_LIMIT_EXCEEDED' });

    await fault({ delayMs: 300 });
    const t0 = Date.now();
    await expect(chat(PROMPT)).resolves.toMatchObject({ choices: [{ finish_reason: 'end_turn' }] });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);

    await fault({ status: 500, count: 5 });
    expect((await (await sb.http('/__sandbox/llm/faults')).json()) as unknown[]).toHaveLength(1);
    expect((await sb.http('/__sandbox/llm/faults', { method: 'DELETE' })).status).toBe(204);
    await expect(chat(PROMPT)).resolves.toBeDefined();
  });
});

describe('Forge LLMs in the sandbox, for an app whose manifest has no llm module', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox({ appDir: FIXTURE_APP });
  });
  afterAll(() => sb?.dispose());

  it('refuses every prompt with 403 FORGE_LLMS_MODEL_FORBIDDEN', async () => {
    const llm = require('@forge/llm') as typeof ForgeLlm;
    const f = await failureOf(inApp(() => llm.chat(PROMPT)));
    expect(f).toEqual({ name: 'ForgeLlmAPIError', status: 403, code: 'FORGE_LLMS_MODEL_FORBIDDEN', message: expect.stringMatching(/no llm module/) });
    expect(sb.log.list({ kind: 'llm' })).toEqual([expect.objectContaining({ status: 403, target: SONNET })]);
  });
});
