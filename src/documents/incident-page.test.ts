import { validateStorage } from '../../sandbox/formats/storage';
import { LANGUAGES, type Language } from '../domain/incident';
import {
  CONFLUENCE_TITLE_MAX,
  renderIncidentPage,
  renderTimelineRegionBody,
  STATUS_MACRO_INCIDENT_PARAM,
  type IncidentPageInput,
} from './incident-page';
import { regionId } from './regions';
import { readRegion, replaceRegion } from './storage-regions';
import { anAlert, anEntry, anIncident, NASTY } from './testing/fixtures';
import { parseWrapped } from './testing/inspect';
import { cleanText } from './text';

const EXTENSION_KEY = '6b1f2c3e-4d5a-4e6f-8a7b-9c0d1e2f3a4b/0f9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c/static/incident-status';

function input(overrides: Partial<IncidentPageInput> = {}, language: Language = 'en'): IncidentPageInput {
  return { incident: anIncident(), issueKey: 'OPS-12', alert: anAlert(), language, macro: { extensionKey: EXTENSION_KEY }, ...overrides };
}

describe('renderIncidentPage', () => {
  it.each(LANGUAGES)('renders the response template (%s)', (language) => {
    const page = renderIncidentPage(input({ timeline: [anEntry(), anEntry({ at: '2025-06-10T01:30:00.000Z', kind: 'alert-acknowledged', actor: 'alice' })] }, language));
    expect(page.title).toBe('OPS-12: CPU usage high on web-1');
    expect(validateStorage(page.storage)).toEqual({ ok: true });
    expect(page.storage).toMatchSnapshot();
  });

  it('has the sections of the template in order, in the page language', () => {
    const headings = (language: Language): string[] => {
      const { elements, texts } = parseWrapped(renderIncidentPage(input({}, language)).storage);
      void elements;
      return texts.filter((t) => ['Summary', 'Impact', 'Roles', 'Notes timeline', 'Actions in progress', 'Links', 'Next update', '概要', '影響', '体制', '対応記録', '対応中のアクション', '関連リンク', '次回更新予定'].includes(t));
    };
    expect(headings('en')).toEqual(['Summary', 'Impact', 'Roles', 'Notes timeline', 'Actions in progress', 'Links', 'Next update']);
    expect(headings('ja')).toEqual(['概要', '影響', '体制', '対応記録', '対応中のアクション', '関連リンク', '次回更新予定']);
  });

  it('embeds the Forge status macro with the incident id, and names the Jira issue', () => {
    const { elements, texts } = parseWrapped(renderIncidentPage(input()).storage);
    const statusLocalId = regionId('inc-01JZ8QK5', 'status');
    expect(elements.slice(0, 11)).toEqual([
      { name: 'ac:adf-extension', attrs: {} },
      { name: 'ac:adf-node', attrs: { type: 'extension' } },
      { name: 'ac:adf-attribute', attrs: { key: 'extension-key' } },
      { name: 'ac:adf-attribute', attrs: { key: 'extension-type' } },
      { name: 'ac:adf-attribute', attrs: { key: 'parameters' } },
      { name: 'ac:adf-parameter', attrs: { key: 'local-id' } },
      { name: 'ac:adf-parameter', attrs: { key: 'extension-id' } },
      { name: 'ac:adf-parameter', attrs: { key: 'extension-title' } },
      { name: 'ac:adf-parameter', attrs: { key: 'guest-params' } },
      { name: 'ac:adf-parameter', attrs: { key: STATUS_MACRO_INCIDENT_PARAM } },
      { name: 'ac:adf-attribute', attrs: { key: 'text' } },
    ]);
    expect(texts.slice(0, 6)).toEqual([
      EXTENSION_KEY,
      'com.atlassian.ecosystem',
      statusLocalId,
      `ari:cloud:ecosystem::extension/${EXTENSION_KEY}`,
      'Kaizen incident status',
      'inc-01JZ8QK5',
    ]);
    const jira = elements.findIndex((e) => e.name === 'ac:structured-macro' && e.attrs['ac:name'] === 'jira');
    expect(elements[jira + 1]).toEqual({ name: 'ac:parameter', attrs: { 'ac:name': 'key' } });
    expect(texts).toContain('OPS-12');
  });

  it('wraps the machine timeline in the Kaizen-owned region, whose body is renderTimelineRegionBody', () => {
    const entries = [anEntry(), anEntry({ kind: 'alert-resolved', at: '2025-06-10T02:00:00.000Z' })];
    for (const language of LANGUAGES) {
      const { storage } = renderIncidentPage(input({ timeline: entries }, language));
      const id = regionId('inc-01JZ8QK5', 'timeline');
      expect(storage).toContain(`<ac:structured-macro ac:name="expand" ac:schema-version="1" ac:macro-id="${id}">`);
      expect(readRegion(storage, id)).toBe(renderTimelineRegionBody(entries, language));
      expect(replaceRegion(storage, id, renderTimelineRegionBody(entries, language))).toEqual({ storage, changed: false, found: true });
    }
  });

  it('shows the roles and key times as Kaizen-owned regions, a first notes row and one placeholder task', () => {
    const { storage } = renderIncidentPage(input());
    // no hand-filled roles table any more: the Roles and Key times regions say what is not set yet
    expect(storage).toContain('<tr><td><p>Incident commander</p></td><td><p><em>Not set</em></p></td></tr>');
    expect(readRegion(storage, regionId('inc-01JZ8QK5', 'roles'))).toContain('<tr><td><p>Scribe</p></td><td><p><em>Not set</em></p></td></tr>');
    expect(readRegion(storage, regionId('inc-01JZ8QK5', 'key-times'))).toContain('<tr><td><p>Acknowledged</p></td><td><p><em>Not yet</em></p></td><td><p/></td></tr>');
    expect(storage).toContain('<tr><td><p>Tue 10 Jun 2025, 01:23:47 UTC</p></td><td><p>Kaizen</p></td><td><p>Alert received from Mackerel: CPU usage high on web-1. Incident opened.</p></td></tr>');
    expect(storage.match(/<ac:task>/g)).toHaveLength(1);
    expect(storage).toContain('<ac:task-status>incomplete</ac:task-status><ac:task-body><ac:placeholder>');
  });

  it('shows hostile alert text as text only, and the page still parses', () => {
    const alert = anAlert({ title: NASTY, monitor: { name: NASTY }, links: [{ kind: 'runbook', url: 'https://wiki.example.com/a?b=1&c=2', label: NASTY }] });
    const timeline = [anEntry({ title: NASTY, detail: `${NASTY}\n${NASTY}`, actor: NASTY })];
    for (const language of LANGUAGES) {
      const { storage, title } = renderIncidentPage(input({ alert, incident: anIncident({ title: NASTY }), timeline }, language));
      expect(validateStorage(storage)).toEqual({ ok: true });
      const parsed = parseWrapped(storage);
      expect(parsed.texts.join('')).toContain(cleanText(NASTY).replace(/\s+/g, ' ').trim());
      expect(storage.match(/<script/g)).toBeNull();
      expect(storage).toContain('&lt;script&gt;');
      expect(storage).not.toContain(']]>');
      expect(storage).not.toMatch(/xmlns|<\?xml|<!\[CDATA\[/);
      expect(storage).toContain('href="https://wiki.example.com/a?b=1&amp;c=2"');
      // Only Kaizen's own elements: no element name or attribute came from the alert.
      expect(new Set(parsed.elements.map((e) => e.name))).toEqual(
        new Set(['ac:adf-extension', 'ac:adf-node', 'ac:adf-attribute', 'ac:adf-parameter', 'p', 'strong', 'ac:structured-macro', 'ac:parameter', 'h2', 'ac:placeholder', 'table', 'tbody', 'tr', 'th', 'td', 'ac:task-list', 'ac:task', 'ac:task-id', 'ac:task-status', 'ac:task-body', 'ul', 'li', 'a', 'ac:rich-text-body', 'em', 'br']),
      );
      expect(title).not.toMatch(/[\n\r\u0000]/);
    }
  });

  it('never links a javascript: or data: URL', () => {
    const alert = { ...anAlert(), url: 'javascript:alert(1)', monitor: { name: 'm', url: 'JAVASCRIPT:alert(2)' } };
    const incident = anIncident({ issue: { id: '1', key: 'OPS-12', url: 'data:text/html,<b>x</b>' } });
    const timeline = [anEntry({ url: 'javascript:alert(3)' })];
    const { storage } = renderIncidentPage(input({ alert, incident, timeline }));
    expect(storage).not.toMatch(/javascript:|data:text/i);
    const hrefs = parseWrapped(storage).elements.filter((e) => e.name === 'a').map((e) => e.attrs['href']);
    expect(hrefs).toEqual(['https://wiki.example.com/runbooks/web?x=1&y=2', 'https://grafana.example.com/d/abc']);
  });

  it('cuts a long detail in the timeline and keeps its line breaks', () => {
    const detail = `first line\n${'y'.repeat(10_000)}`;
    const { storage } = renderIncidentPage(input({ timeline: [anEntry({ detail })] }));
    expect(storage).toContain('<p>first line<br/>yyy');
    expect(storage).not.toContain('y'.repeat(1_000));
    expect(storage).toContain('y…</p>');
  });

  it('notes a drill in a note macro', () => {
    const { storage } = renderIncidentPage(input({ incident: anIncident({ drill: true }) }, 'ja'));
    expect(storage).toContain('<ac:structured-macro ac:name="note" ac:schema-version="1"><ac:rich-text-body><p>これは障害対応演習です');
  });

  it('refuses an extension key that is not <appId>/<envId>/static/<module>', () => {
    expect(() => renderIncidentPage(input({ macro: { extensionKey: 'ari:cloud:ecosystem::app/6b1f2c3e' } }))).toThrow(/extensionKey/);
  });
});

describe('incident page title', () => {
  it('is the issue key and the incident title on one line', () => {
    expect(renderIncidentPage(input({ incident: anIncident({ title: '  CPU\nhigh  ' }) })).title).toBe('OPS-12: CPU high');
  });

  it.each([0, 1, 2, 3])('stays within 255 UTF-16 units at a character boundary (offset %d)', (offset) => {
    const { title } = renderIncidentPage(input({ incident: anIncident({ title: 'x'.repeat(offset) + '🔥障害👩🏽‍💻'.repeat(100) }) }));
    expect(title.length).toBeLessThanOrEqual(CONFLUENCE_TITLE_MAX);
    expect(title).not.toMatch(/\p{Surrogate}/u);
    expect(title.startsWith('OPS-12: ')).toBe(true);
    expect(title.endsWith('…')).toBe(true);
  });
});

describe('frozen timeline region of a storm', () => {
  it.each([
    ['en', '…and 4,990 earlier events: the full timeline is in the Kaizen panel of the Jira issue.'],
    ['ja', '4990'],
  ] as const)('read by key (its latest entries only), it still says how many earlier ones there are (%s)', (language, more) => {
    const latest = Array.from({ length: 10 }, (_, i) => anEntry({ at: `2025-06-10T02:00:0${i}.000Z`, title: `alert ${i}` }));
    const body = renderTimelineRegionBody(latest, language, 5_000);
    expect(validateStorage(`<p>x</p>${body}`)).toEqual({ ok: true });
    expect(body.replace(/,/g, '')).toContain(more.replace(/,/g, ''));
    expect(body.match(/<tr>/g)).toHaveLength(11);
  });
});
