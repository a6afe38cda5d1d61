/**
 * One contract, run against every source (hono's shared router suite, applied to alert sources).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse as parseYaml } from 'yaml';

import { listAlertFixtures, readAlertFixture } from '../../test/fixtures/alerts/load-fixture';
import { AlertSchema, SOURCE_IDS, alertKeyOf, type SourceId } from '../domain/alert';
import type { AlertSource, SignedRequestParts, WebhookRequest } from './alert-source';
import { parseAndNormalise, sourceById, sourceByWebtriggerKey, sources } from './registry';

const NOW_MS = Date.UTC(2025, 5, 10, 1, 23, 45);
const RECEIVED_AT = new Date(NOW_MS).toISOString();
const SECRET = 'kz_3b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e';
const OLD_SECRET = 'kz_old_0f1e2d3c4b5a69788796a5b4c3d2e1f0';

function asRequest(parts: SignedRequestParts, rawBody: string): WebhookRequest {
  return { headers: parts.headers, queryParameters: parts.queryParameters, rawBody };
}

function mapHeaderNames(parts: SignedRequestParts, rename: (name: string) => string): SignedRequestParts {
  return {
    headers: Object.fromEntries(Object.entries(parts.headers).map(([k, v]) => [rename(k), v])),
    queryParameters: parts.queryParameters,
  };
}

const entries = SOURCE_IDS.map((id) => [id, sources[id] as AlertSource] as const);

describe('registry', () => {
  it('lists every source under its own id', () => {
    expect(Object.keys(sources).sort()).toEqual([...SOURCE_IDS].sort());
    for (const [id, source] of entries) expect(source.id).toBe(id);
  });

  it("uses the manifest's web trigger keys", () => {
    const manifest = parseYaml(readFileSync(join(__dirname, '../../manifest.yml'), 'utf8')) as {
      modules: { webtrigger: { key: string }[] };
    };
    const manifestKeys = manifest.modules.webtrigger.map((w) => w.key);
    for (const [id, source] of entries) {
      expect(manifestKeys).toContain(source.webtriggerKey);
      expect(sourceByWebtriggerKey(source.webtriggerKey)?.id).toBe(id);
    }
    expect(sourceByWebtriggerKey('nope-webhook')).toBeUndefined();
  });

  it('finds sources by id, and nothing for an unknown id', () => {
    expect(sourceById('grafana')?.id).toBe('grafana');
    expect(sourceById('nagios')).toBeUndefined();
    expect(sourceById('__proto__')).toBeUndefined();
  });

  it('parses and normalises by id (the consumer path)', () => {
    const result = parseAndNormalise('pagerduty', readAlertFixture('pagerduty', 'triggered.json'), { receivedAt: RECEIVED_AT });
    expect(result.ok && result.payload[0]?.relayedAlertKey).toBe(alertKeyOf('mackerel', '4Ksb2dWqJ7m'));
    expect(parseAndNormalise('pagerduty', '{}', { receivedAt: RECEIVED_AT })).toEqual({
      ok: false,
      errors: [{ path: 'event', message: 'required, expected object' }],
    });
  });
});

describe.each(entries)('%s: contract', (id: SourceId, source: AlertSource) => {
  const fixtures = listAlertFixtures(id);

  it('has fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(2);
  });

  it.each(fixtures)('%s parses and normalises into valid, JSON-safe alerts of this source', (file) => {
    const parsed = source.parse(readAlertFixture(id, file));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const alerts = source.normalise(parsed.payload, { receivedAt: RECEIVED_AT });
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    for (const alert of alerts) {
      expect(alert.source).toBe(id);
      expect(alert.groupKey.startsWith(`${id}:`)).toBe(true);
      expect(AlertSchema.parse(JSON.parse(JSON.stringify(alert)))).toEqual(alert);
    }
  });

  it('parses its own queued payload again (the parsed payload is JSON-safe)', () => {
    for (const file of fixtures) {
      const parsed = source.parse(readAlertFixture(id, file));
      if (!parsed.ok) throw new Error(file);
      const again = source.parse(JSON.stringify(parsed.payload));
      expect(again).toEqual(parsed);
    }
  });

  describe('verify', () => {
    const body = readAlertFixture(id, fixtures[0] as string);
    const signed = source.signAsSender(body, SECRET, NOW_MS);

    it('accepts what the real sender sends', () => {
      expect(source.verify(asRequest(signed, body), { secrets: [SECRET], nowEpochMs: NOW_MS })).toEqual({ ok: true });
    });

    it('looks header names up in any case', () => {
      for (const rename of [(n: string) => n.toLowerCase(), (n: string) => n.toUpperCase()]) {
        const request = asRequest(mapHeaderNames(signed, rename), body);
        expect(source.verify(request, { secrets: [SECRET], nowEpochMs: NOW_MS })).toEqual({ ok: true });
      }
    });

    it('accepts the previous secret during a rotation, and refuses it after', () => {
      const oldSigned = asRequest(source.signAsSender(body, OLD_SECRET, NOW_MS), body);
      expect(source.verify(oldSigned, { secrets: [SECRET, OLD_SECRET], nowEpochMs: NOW_MS })).toEqual({ ok: true });
      expect(source.verify(oldSigned, { secrets: [SECRET], nowEpochMs: NOW_MS })).toEqual({
        ok: false,
        reason: 'bad-credentials',
      });
    });

    it('refuses a wrong secret, a secret that differs only in length, and no credential at all', () => {
      for (const wrong of ['x', `${SECRET}x`, SECRET.slice(0, -1)]) {
        const request = asRequest(source.signAsSender(body, wrong, NOW_MS), body);
        expect(source.verify(request, { secrets: [SECRET], nowEpochMs: NOW_MS })).toEqual({
          ok: false,
          reason: 'bad-credentials',
        });
      }
      const bare = { headers: { 'Content-Type': ['application/json'] }, queryParameters: {}, rawBody: body };
      expect(source.verify(bare, { secrets: [SECRET], nowEpochMs: NOW_MS })).toEqual({
        ok: false,
        reason: 'missing-credentials',
      });
    });

    it('refuses everything when no secret is configured', () => {
      expect(source.verify(asRequest(signed, body), { secrets: [], nowEpochMs: NOW_MS })).toEqual({
        ok: false,
        reason: 'no-secret-configured',
      });
    });

    if (source.auth.kind === 'hmac') {
      it('refuses a body changed after signing', () => {
        const tampered = body.replace(/"/, '"x');
        expect(tampered).not.toBe(body);
        expect(source.verify(asRequest(signed, tampered), { secrets: [SECRET], nowEpochMs: NOW_MS })).toEqual({
          ok: false,
          reason: 'bad-credentials',
        });
      });
    }
  });
});
