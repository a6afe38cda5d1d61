import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert } from '../../src/domain/alert';
import type { TimelineEntry } from '../../src/domain/incident';
import { jqlString } from '../../src/adapters/jql-string';
import { renderTimelineComment } from '../../src/documents/comment';
import { renderIncidentPage } from '../../src/documents/incident-page';
import { renderIssueDescription, renderIssueSummary } from '../../src/documents/issue-description';
import { renderTimelineRegionBody } from '../../src/documents/timeline-region';
import { anIncident } from '../../src/documents/testing/fixtures';
import { safeHttpUrl } from '../../src/sources/common/urls';
import { sources } from '../../src/sources/registry';
import { RESOLVERS } from '../../src/shared/resolver-contract';
import { validateAdf } from '../../sandbox/formats/adf';
import { parseStorage, type StorageNode } from '../../sandbox/formats/storage';
import { parseJql, type Clause } from '../../sandbox/jira/jql/parser';
import { fixture, incidentIssues, sendAs, startKaizenSandbox } from '../helpers/kaizen-sandbox';
import { getJson, storedIncidents } from '../helpers/incidents';
import { REPO_ROOT, type TestSandbox } from '../helpers/test-sandbox';
import { callResolver, issuePanel, USERS } from '../resolvers/call-resolver';

/**
 * DESIGN 4: alert text is untrusted. Hostile text goes through every renderer Kaizen has — storage-format XHTML
 * (the live page, its timeline region), ADF (issue description, comments), JQL string literals, URLs, and the UI
 * (the resolver answers the panel renders as React text) — and must stay inert: text stays text, the document's
 * structure is the one benign text gives, and no `javascript:` (or any non-http(s)) URL reaches an href.
 */
const HOSTILE: Record<string, string> = {
  script: '<script>alert(1)</script>',
  cdataEnd: 'before ]]> after <![CDATA[ x',
  macroEnd: '</ac:structured-macro></ac:rich-text-body><ac:structured-macro ac:name="html"><ac:plain-text-body>',
  imgOnerror: '"><img src=x onerror=alert(1)>',
  jsUrl: 'javascript:alert(document.cookie)',
  jql: '" OR project != X OR summary ~ "',
  controls: 'nul\u0000bell\u0007 lone\uD800 end',
  rtl: 'invoice\u202Efdp.exe',
  emoji: '🔥👨‍👩‍👧 障害発生 &amp; &nbsp;',
  long: `${'長'.repeat(5_000)}${'x'.repeat(5_000)}<b>end</b>`,
};
const BAD_URLS = ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', '//evil.example.com/x', 'https://evil.example.com/"><img src=x onerror=alert(1)>'];

/** An Alert as the real Mackerel normaliser makes it, with `text` in every free-text field and bad URLs in every URL. */
function hostileAlert(text: string, url = 'javascript:alert(1)'): Alert {
  const body = JSON.parse(fixture('mackerel', 'host-critical.json')) as { alert: Record<string, unknown>; host: { roles: Array<Record<string, unknown>> } };
  Object.assign(body, { message: text, memo: text, imageUrl: url });
  Object.assign(body.alert, { monitorName: text, url, metricLabel: text });
  Object.assign(body.host, { name: text, url });
  for (const role of body.host.roles) Object.assign(role, { fullname: text, roleUrl: url });
  const parsed = sources.mackerel.parse(JSON.stringify(body));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return sources.mackerel.normalise(parsed.payload, { receivedAt: new Date().toISOString() })[0]!;
}

const entries = (text: string, url: string): TimelineEntry[] => [
  { at: '2025-06-10T01:23:45.000Z', kind: 'alert-opened', alertKey: 'mackerel:x', source: 'mackerel', severity: 'critical', title: text, detail: text, url },
  { at: '2025-06-10T01:24:45.000Z', kind: 'alert-note', title: text, actor: text },
];

/** Element names and attribute names in document order: what the text must not change. */
function skeleton(nodes: readonly StorageNode[], out: string[] = []): string[] {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    out.push(`<${node.name} ${Object.keys(node.attrs).sort().join(' ')}>`);
    skeleton(node.children, out);
    out.push(`</${node.name}>`);
  }
  return out;
}
/** Text compared without controls and unpaired surrogates, which renderers drop or replace with U+FFFD. */
const printable = (text: string): string => text.replace(/[\u0000-\u001f\uFFFD]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
const start = (text: string): string => [...printable(text)].slice(0, 40).join('');
const storageText = (nodes: readonly StorageNode[]): string => nodes.map((n) => (n.type === 'text' ? n.text : storageText(n.children))).join('');
function storageAttrs(nodes: readonly StorageNode[], out: Array<[string, string]> = []): Array<[string, string]> {
  for (const n of nodes) if (n.type === 'element') { out.push(...Object.entries(n.attrs)); storageAttrs(n.children, out); }
  return out;
}

type AdfNode = { type: string; text?: string; content?: AdfNode[]; marks?: Array<{ type: string; attrs?: Record<string, unknown> }>; attrs?: Record<string, unknown> };
const adfWalk = (node: AdfNode, visit: (n: AdfNode) => void): void => { visit(node); for (const c of node.content ?? []) adfWalk(c, visit); };
function checkAdf(doc: unknown, text: string): void {
  expect(validateAdf(doc)).toEqual({ ok: true });
  const texts: string[] = [];
  adfWalk(doc as AdfNode, (n) => {
    if (n.type === 'text') texts.push(n.text!);
    for (const mark of n.marks ?? []) if (mark.type === 'link') expect(String(mark.attrs?.['href'])).toMatch(/^https?:\/\//);
    for (const value of Object.values(n.attrs ?? {})) if (typeof value === 'string') expect(value).not.toMatch(/^\s*(javascript|data|vbscript):/i);
  });
  // the hostile text is there, as text (printable part; controls may be dropped, long text cut)
  expect(printable(texts.join(''))).toContain(start(text));
}

/** A JQL string literal read back the way Jira's lexer reads it. */
function jqlStringValue(jql: string): string {
  const clause = (parseJql(`summary ~ ${jql}`).where as Clause);
  if (clause.operand.kind !== 'value' || !clause.operand.quoted) throw new Error(`not one quoted value: ${jql}`);
  return clause.operand.value;
}

const macro = { extensionKey: 'app-id/env-id/static/incident-status' };
// the same bad URLs as the hostile alerts: only the text differs
const benignAlert = hostileAlert('CPU usage high');

describe.each(Object.entries(HOSTILE))('hostile text: %s', (_name, text) => {
  const alert = hostileAlert(text);
  const incident = anIncident({ title: text });

  it('is kept as sent by normalising, and no bad URL survives', () => {
    expect(alert.message).toBe(text.length > 16_000 ? alert.message : text);
    for (const url of [alert.url, alert.monitor.url, ...alert.links.map((l) => l.url)]) if (url !== undefined) expect(url).toMatch(/^https?:\/\//);
  });

  it('storage XHTML (the live page and its timeline region): well-formed, same structure as benign text, text as text', () => {
    const page = renderIncidentPage({ incident, issueKey: 'OPS-1', alert, language: 'en', macro, timeline: entries(text, 'javascript:alert(1)') });
    const benign = renderIncidentPage({ incident: anIncident(), issueKey: 'OPS-1', alert: benignAlert, language: 'en', macro, timeline: entries('benign', 'https://example.com') });
    const nodes = parseStorage(page.storage);
    expect(skeleton(nodes).filter((s) => !s.startsWith('<a ') && s !== '</a>')).toEqual(skeleton(parseStorage(benign.storage)).filter((s) => !s.startsWith('<a ') && s !== '</a>'));
    expect(printable(storageText(nodes))).toContain(start(text));
    for (const [name, value] of storageAttrs(nodes)) if (/^(href|src|ri:value)$/.test(name)) expect(value).not.toMatch(/^\s*(javascript|data|vbscript):/i);
    expect(page.title).not.toMatch(/[\n\r\u0000]/);

    const region = parseStorage(renderTimelineRegionBody(entries(text, 'javascript:alert(1)'), 'ja'));
    expect(skeleton(region).filter((s) => !s.startsWith('<a ') && s !== '</a>')).toEqual(skeleton(parseStorage(renderTimelineRegionBody(entries('benign', 'https://example.com'), 'ja'))).filter((s) => !s.startsWith('<a ') && s !== '</a>'));
    expect(storageAttrs(region).filter(([n]) => n === 'href')).toEqual([]); // the javascript: URL was not linked
  });

  it('ADF (issue summary and description, comments): valid ADF, text nodes only, links http(s) only', () => {
    checkAdf(renderIssueDescription({ incident, alert, language: 'en' }), text);
    checkAdf(renderTimelineComment(entries(text, 'javascript:alert(1)'), 'ja', { windowMinutes: 5 }), text);
    const summary = renderIssueSummary(alert, 'SEV1');
    expect(summary).not.toMatch(/[\n\r]/);
    expect(summary.length).toBeLessThanOrEqual(255);
  });

  it('JQL: one quoted string literal that reads back as the text, whatever it holds', () => {
    const literal = jqlString(text);
    expect(jqlStringValue(literal)).toBe(text);
    const query = parseJql(`project = "OPS" AND summary ~ ${literal} ORDER BY created ASC`);
    expect(query.where).toMatchObject({ kind: 'and', items: [{ kind: 'clause' }, { kind: 'clause' }] });
  });
});

describe('URLs', () => {
  it.each(BAD_URLS)('%j never becomes a link', (url) => {
    expect(safeHttpUrl(url) ?? '').not.toMatch(/^\s*(javascript|data|vbscript):|^\/\//i);
    const alert = hostileAlert('x', url);
    const hrefs: string[] = [];
    adfWalk(renderIssueDescription({ incident: anIncident(), alert, language: 'en' }) as unknown as AdfNode, (n) => n.marks?.forEach((m) => m.type === 'link' && hrefs.push(String(m.attrs?.['href']))));
    const page = parseStorage(renderIncidentPage({ incident: anIncident(), issueKey: 'OPS-1', alert, language: 'en', macro }).storage);
    hrefs.push(...storageAttrs(page).filter(([n]) => n === 'href').map(([, v]) => v));
    for (const href of hrefs) expect(href).toMatch(/^https?:\/\/[^"<>\s]+$/);
  });
});

describe('hostile text end to end: web trigger → Jira, Confluence and the issue panel', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startKaizenSandbox();
  });
  afterAll(() => sb.dispose());

  it('is shown as text in the issue, the page (storage and view) and the panel resolver answer', async () => {
    const text = Object.values(HOSTILE).filter((t) => t.length < 1_000).join(' | ');
    const body = JSON.parse(fixture('mackerel', 'host-critical.json')) as Record<string, Record<string, unknown>>;
    Object.assign(body, { message: text, memo: text, imageUrl: 'javascript:alert(1)' });
    Object.assign(body.alert!, { monitorName: HOSTILE.script!, url: 'javascript:alert(1)' });
    expect((await sendAs(sb, 'mackerel', JSON.stringify(body))).status).toBe(202);
    await sb.idle();
    expect(sb.router.violations).toEqual([]);
    const [issue] = await incidentIssues(sb);
    expect(String(issue!.fields['summary'])).toContain(HOSTILE.script);
    checkAdf(issue!.fields['description'], HOSTILE.script!);

    const incident = storedIncidents(sb)[0]!;
    const page = await getJson<{ body: { storage: { value: string } } }>(sb, `/wiki/api/v2/pages/${incident.page!.id}?body-format=storage`);
    const nodes = parseStorage(page.body.storage.value);
    expect(skeleton(nodes).some((s) => /^<(script|img|iframe) /.test(s))).toBe(false);
    expect(storageText(nodes)).toContain(`${HOSTILE.script} (web-01)`);
    const view = await getJson<{ body: { view: { value: string } } }>(sb, `/wiki/api/v2/pages/${incident.page!.id}?body-format=view`);
    expect(view.body.view.value).not.toMatch(/<script|<img src=x|href="javascript:/i);

    const answer = RESOLVERS.getIncident.response.parse(await callResolver(sb, issuePanel({ id: incident.issue!.id, key: incident.issue!.key }), 'getIncident', {}, USERS.aiko));
    const json = JSON.stringify(answer);
    expect(json).toContain(JSON.stringify(HOSTILE.script).slice(1, -1)); // the panel gets the text as a string…
    const urls = json.match(/"(url|href|pageUrl|issueUrl)":"[^"]*"/g) ?? [];
    for (const u of urls) expect(u).toMatch(/":"https?:\/\//); // …and no URL it could link is anything but http(s)
  });

  it('the Custom UI renders alert text only as React text: no raw-HTML sink in static/', () => {
    const sinks: string[] = [];
    const scan = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (name === 'node_modules' || name === 'build' || name === 'dist') continue;
        if (statSync(path).isDirectory()) scan(path);
        else if (/\.(tsx?|jsx?)$/.test(name) && /dangerouslySetInnerHTML|\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write/.test(readFileSync(path, 'utf8'))) sinks.push(path);
      }
    };
    scan(join(REPO_ROOT, 'static'));
    expect(sinks).toEqual([]);
  });
});
