import { Hono } from 'hono';
import { z } from 'zod';
import { SANDBOX_USERS } from '../core/product';
import { faultSchema } from '../core/faults';
import type { Sandbox } from '../sandbox';
import { runInInvocation } from '../runtime/invocation';
import { registerSchema, slackFaultSchema } from '../slack/slack-receiver';
import { llmFaultSchema } from '../llm/llm-faults';
import { LLM_LIMITS } from '../llm/models';

/** `/__sandbox/*`: what a developer, a test or the bench needs to see and steer. Documented in the README. */
export function inspectionApi(sandbox: Sandbox): Hono {
  const api = new Hono();

  api.get('/webtriggers', async (c) => {
    const list = await Promise.all(
      sandbox.webtriggers.list().map(async (w) => ({ ...w, ...(sandbox.profile?.describeWebtrigger ? await sandbox.profile.describeWebtrigger(w.key, w.url) : {}), key: w.key })),
    );
    return c.json(list);
  });

  api.get('/requests', (c) => {
    const since = c.req.query('since');
    const limit = c.req.query('limit');
    return c.json(
      sandbox.log.list({
        ...(since ? { since: Number(since) } : {}),
        ...(c.req.query('kind') ? { kind: c.req.query('kind')! } : {}),
        ...(limit ? { limit: Number(limit) } : {}),
      }),
    );
  });

  api.get('/status', (c) =>
    c.json({
      queue: sandbox.queues.status(),
      kvs: sandbox.kvs.stats(),
      requests: sandbox.log.list().length,
      invocations: sandbox.invoker.invocations().length,
      responseViolations: sandbox.router.violations.length,
      faults: sandbox.faults.list().length,
      scheduledTriggers: sandbox.scheduler.list(),
      memoryMB: Math.round(process.memoryUsage().rss / 1024 / 1024),
      uptimeSeconds: Math.round(process.uptime()),
    }),
  );

  api.post('/reset', async (c) => {
    await sandbox.reset();
    return c.json({ reset: true });
  });

  api.get('/faults', (c) => c.json(sandbox.faults.list()));
  api.delete('/faults', (c) => {
    sandbox.faults.clear();
    return c.body(null, 204);
  });
  api.post('/faults', async (c) => {
    const parsed = faultSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') }, 400);
    return c.json(sandbox.faults.add(parsed.data), 201);
  });

  // Slack incoming webhooks (sandbox/slack): messages per webhook (newest last), webhooks, injected faults.
  api.get('/slack', (c) => {
    const messages = sandbox.slack.messages(c.req.query('webhook'));
    return c.json({
      webhooks: sandbox.slack.webhooks().map((w) => ({ ...w, messages: messages.filter((m) => m.webhook === w.webhook) })).filter((w) => !c.req.query('webhook') || w.messages.length > 0 || w.webhook === c.req.query('webhook')),
      messages,
    });
  });
  api.post('/slack/webhooks', async (c) => {
    const parsed = registerSchema.safeParse((await c.req.json().catch(() => ({}))) ?? {});
    if (!parsed.success) return c.json({ error: issues(parsed.error) }, 400);
    try {
      return c.json(sandbox.slack.register(parsed.data), 201);
    } catch (e) {
      return c.json({ error: e instanceof Error ? e.message : String(e) }, 400);
    }
  });
  api.get('/slack/faults', (c) => c.json(sandbox.slack.listFaults()));
  api.delete('/slack/faults', (c) => {
    sandbox.slack.clearFaults();
    return c.body(null, 204);
  });
  api.post('/slack/faults', async (c) => {
    const parsed = slackFaultSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: issues(parsed.error) }, 400);
    return c.json(sandbox.slack.addFault(parsed.data), 201);
  });

  // Forge LLMs (sandbox/llm): the models, the manifest's families, this minute's usage and the latest prompts (newest last; ?limit=N).
  api.get('/llm', (c) => {
    const limit = z.coerce.number().int().min(1).max(200).catch(50).parse(c.req.query('limit'));
    return c.json({ ...sandbox.llm.listModels(), declaredFamilies: sandbox.llm.declaredFamilies, limits: LLM_LIMITS, usage: sandbox.llm.usage(), faults: sandbox.llm.faults.list(), calls: sandbox.llm.calls(limit) });
  });
  api.get('/llm/faults', (c) => c.json(sandbox.llm.faults.list()));
  api.delete('/llm/faults', (c) => {
    sandbox.llm.faults.clear();
    return c.body(null, 204);
  });
  api.post('/llm/faults', async (c) => {
    const parsed = llmFaultSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: issues(parsed.error) }, 400);
    return c.json(sandbox.llm.faults.add(parsed.data), 201);
  });

  api.get('/deadletters', (c) => c.json(sandbox.queues.deadLetters()));
  api.post('/deadletters/:eventId/replay', (c) => (sandbox.queues.replay(c.req.param('eventId')) ? c.json({ replayed: true }) : c.json({ error: 'no such dead letter' }, 404)));

  api.get('/invocations', (c) => c.json(sandbox.invoker.invocations()));
  api.get('/violations', (c) => c.json(sandbox.router.violations));
  api.get('/users', (c) => c.json(SANDBOX_USERS));
  api.get('/scheduled', (c) => c.json({ triggers: sandbox.scheduler.list(), history: sandbox.scheduler.history() }));
  api.post('/scheduled/:key/run', async (c) => {
    const run = await sandbox.scheduler.runNow(c.req.param('key'));
    return run ? c.json(run) : c.json({ error: `no scheduled trigger ${c.req.param('key')}` }, 404);
  });
  api.get('/app', (c) => c.json(Object.keys(sandbox.profile?.actions ?? {})));
  api.post('/app/:action', async (c) => {
    const action = sandbox.profile?.actions?.[c.req.param('action')];
    if (!action) return c.json({ error: `no app action ${c.req.param('action')}` }, 404);
    const result = await runInInvocation({ functionKey: `sandbox-action:${c.req.param('action')}`, moduleKey: 'sandbox', moduleType: 'sandbox', accountId: undefined, timeoutMs: 60_000 }, action);
    return c.json(result ?? {});
  });

  api.post('/idle', async (c) => {
    const timeout = z.coerce.number().int().min(1).max(600_000).catch(30_000).parse(c.req.query('timeoutMs'));
    // ?dueOnly=true: don't wait for events delayed into the future (e.g. a comment flush at its window's end)
    try {
      await sandbox.idle(timeout, c.req.query('dueOnly') === 'true');
    } catch (e) {
      // still busy after the timeout (e.g. a queue limit that keeps the overflow waiting): say so, don't hang
      return c.json({ error: e instanceof Error ? e.message : String(e), ...sandbox.queues.status() }, 504);
    }
    return c.json(sandbox.queues.status());
  });
  return api;
}

const issues = (e: z.ZodError): string => e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
