import { validateAdf } from '../../sandbox/formats/adf';
import { LANGUAGES } from '../domain/incident';
import { DESCRIPTION_JSON_MAX, JIRA_SUMMARY_MAX, renderIssueDescription, renderIssueSummary } from './issue-description';
import { anAlert, anIncident, NASTY } from './testing/fixtures';
import { adfHrefs, adfNodes, adfNonTextStrings, adfTexts } from './testing/inspect';
import { cleanText } from './text';

describe('renderIssueDescription', () => {
  it.each(LANGUAGES)('renders the alert facts (%s)', (language) => {
    const doc = renderIssueDescription({ incident: anIncident(), alert: anAlert(), language });
    expect(validateAdf(doc)).toEqual({ ok: true });
    expect(doc).toMatchSnapshot();
  });

  it('states every fact, with the opened time in ISO and in the language (JST for Japanese)', () => {
    const en = adfTexts(renderIssueDescription({ incident: anIncident(), alert: anAlert(), language: 'en' }));
    expect(en).toEqual(
      expect.arrayContaining([
        'Mackerel',
        'CPU %',
        'Critical (sender: CRITICAL)',
        'SEV2 (major)',
        'web',
        'web: app, web: proxy',
        'web-1',
        'cpu%, value 95.3, threshold > 90',
        '2025-06-10T01:23:45.000Z (Tue 10 Jun 2025, 01:23:45 UTC)',
        '4Ksb2dWqJ7m',
      ]),
    );
    const ja = adfTexts(renderIssueDescription({ incident: anIncident(), alert: anAlert(), language: 'ja' }));
    expect(ja).toEqual(expect.arrayContaining(['2025-06-10T01:23:45.000Z (2025年6月10日(火) 10:23:45 JST)', 'クリティカル（通知元の表記: CRITICAL）']));
  });

  it('keeps the message whole, newlines included, as one code block', () => {
    const message = Array.from({ length: 100 }, (_, i) => `line ${i} ${'x'.repeat(93)}`).join('\n');
    expect(message.length).toBeGreaterThanOrEqual(10_000);
    const doc = renderIssueDescription({ incident: anIncident(), alert: anAlert({ message }), language: 'en' });
    const block = adfNodes(doc).find((n) => n['type'] === 'codeBlock');
    expect(adfTexts(block)).toEqual([message]);
    expect(validateAdf(doc)).toEqual({ ok: true });
  });

  it('keeps a 16,000-character message whole when the rest of the alert is ordinary', () => {
    const message = '障害ログ "x" \\ 😀\n'.repeat(1_000).slice(0, 16_000);
    const doc = renderIssueDescription({ incident: anIncident(), alert: anAlert({ message }), language: 'ja' });
    expect(adfTexts(adfNodes(doc).find((n) => n['type'] === 'codeBlock'))).toEqual([message]);
    expect(JSON.stringify(doc).length).toBeLessThanOrEqual(DESCRIPTION_JSON_MAX);
  });

  it('stays within Jira\'s description limit for the largest alert normalisation lets through', () => {
    const huge = (n: number): string => '長い"テキスト"\\😀 <b>&amp;\n'.repeat(n);
    const alert = anAlert({
      title: huge(40).slice(0, 500),
      // Every character of this message doubles in JSON (a quote, a backslash, a newline): 16,000 of them cannot fit whole.
      message: '"\\\n'.repeat(5_334).slice(0, 16_000),
      note: huge(1_400).slice(0, 16_000),
      monitor: { name: huge(40).slice(0, 500), memo: huge(400).slice(0, 4_000), url: `https://mackerel.io/${'m'.repeat(4_000)}` },
      roles: Array.from({ length: 50 }, (_, i) => `${i}${'r'.repeat(499)}`),
      service: 's'.repeat(500),
      host: 'h'.repeat(500),
      url: `https://mackerel.io/${'a'.repeat(4_000)}`,
      links: Array.from({ length: 20 }, (_, i) => ({ kind: 'runbook' as const, url: `https://wiki.example.com/${i}/${'p'.repeat(4_000)}`, label: huge(40).slice(0, 500) })),
    });
    for (const language of LANGUAGES) {
      const doc = renderIssueDescription({ incident: anIncident(), alert, language });
      expect(JSON.stringify(doc).length).toBeLessThanOrEqual(DESCRIPTION_JSON_MAX);
      expect(validateAdf(doc)).toEqual({ ok: true });
      const shown = adfTexts(adfNodes(doc).find((n) => n['type'] === 'codeBlock'))[0] ?? '';
      expect(shown.endsWith('…')).toBe(true);
      expect(cleanText(alert.message).startsWith(shown.slice(0, -1))).toBe(true);
      expect(adfTexts(doc).some((text) => text.startsWith(language === 'en' ? 'The message is too long' : 'メッセージが長すぎる'))).toBe(true);
    }
  });

  it('keeps line breaks of the memo as hard breaks', () => {
    const doc = renderIssueDescription({ incident: anIncident(), alert: anAlert(), language: 'en' });
    const memo = adfNodes(doc).find((n) => n['type'] === 'paragraph' && adfTexts(n).includes('Runbook:'));
    expect((memo?.['content'] as { type: string }[]).map((n) => n.type)).toEqual(['text', 'hardBreak', 'text']);
  });

  it('puts hostile alert text only into text nodes, cleaned, never into structure', () => {
    const alert = anAlert({
      title: NASTY,
      message: NASTY,
      service: NASTY,
      host: NASTY,
      roles: [NASTY],
      severity: { level: 'warning', raw: NASTY },
      monitor: { name: NASTY, memo: NASTY },
      note: NASTY,
      links: [{ kind: 'runbook', url: 'https://wiki.example.com/a', label: NASTY }],
      metric: { label: NASTY, operator: NASTY, value: 1, threshold: 2 },
    });
    for (const language of LANGUAGES) {
      const doc = renderIssueDescription({ incident: anIncident(), alert, language });
      expect(validateAdf(doc)).toEqual({ ok: true });
      expect(adfNonTextStrings(doc).filter((s) => s.includes('script') || s.includes('日本語の障害'))).toEqual([]);
      expect(adfTexts(doc).some((text) => text.includes(cleanText(NASTY).replace(/\n/g, ' ')))).toBe(true);
      expect(adfTexts(doc).join('')).not.toMatch(/[\u0000\u0007]|\p{Surrogate}/u);
    }
  });

  it('links only http(s) URLs', () => {
    const alert = anAlert({
      links: [
        { kind: 'runbook', url: 'https://wiki.example.com/runbook', label: 'Runbook' },
        { kind: 'dashboard', url: 'https://grafana.example.com/d/1' },
      ],
    });
    // A URL that slipped past normalisation (e.g. an older stored alert) is still never a link.
    const unsafe = { ...alert, url: 'javascript:alert(1)', monitor: { name: 'm', url: 'data:text/html,x' } } as typeof alert;
    const doc = renderIssueDescription({ incident: anIncident(), alert: unsafe, language: 'en' });
    expect(adfHrefs(doc)).toEqual(['https://wiki.example.com/runbook', 'https://grafana.example.com/d/1']);
    expect(JSON.stringify(doc)).not.toMatch(/javascript:|data:text/);
    expect(validateAdf(doc)).toEqual({ ok: true });
  });

  it('notes a drill, shortened fields and alerts the sender left out', () => {
    const doc = renderIssueDescription({
      incident: anIncident({ drill: true }),
      alert: anAlert({ truncated: true, truncatedFields: ['message', 'links'], truncatedAlertsCount: 1, message: '' }),
      language: 'en',
    });
    expect(validateAdf(doc)).toEqual({ ok: true });
    expect(adfNodes(doc)[1]).toMatchObject({ type: 'panel', attrs: { panelType: 'note' } });
    expect(adfTexts(doc)).toEqual(
      expect.arrayContaining([
        'This is a drill: it is excluded from metrics.',
        'Kaizen shortened or dropped these alert fields because they were too long: message, links.',
        'The sender left out 1 more alert of this notification.',
        'The alert carried no message.',
      ]),
    );
  });

  it('leaves out facts and sections the alert does not have', () => {
    const alert = anAlert({ service: undefined, host: undefined, roles: [], metric: undefined, links: [], url: undefined, monitor: { name: 'CPU %' } });
    const doc = renderIssueDescription({ incident: anIncident(), alert, language: 'en' });
    expect(validateAdf(doc)).toEqual({ ok: true });
    const texts = adfTexts(doc);
    for (const gone of ['Service', 'Host', 'Roles', 'Metric', 'Links', 'Monitor memo']) expect(texts).not.toContain(gone);
    expect(adfHrefs(doc)).toEqual([]);
  });
});

describe('renderIssueSummary', () => {
  it('is level, source and title', () => {
    expect(renderIssueSummary(anAlert(), 'SEV2')).toBe('[SEV2] Mackerel: CPU usage high on web-1');
    expect(renderIssueSummary(anAlert({ source: 'pagerduty' }), 'SEV4', { drill: true })).toBe('[DRILL][SEV4] PagerDuty: CPU usage high on web-1');
    expect(renderIssueSummary(anAlert({ source: 'pagerduty' }), 'SEV4', { drill: true, language: 'ja' })).toBe('[演習][SEV4] PagerDuty: CPU usage high on web-1');
  });

  it('is one line', () => {
    expect(renderIssueSummary(anAlert({ title: 'CPU\nhigh\r\n\ton web-1' }), 'SEV3')).toBe('[SEV3] Mackerel: CPU high on web-1');
  });

  it('falls back to the monitor name for an empty title', () => {
    expect(renderIssueSummary(anAlert({ title: ' \n ' }), 'SEV3')).toBe('[SEV3] Mackerel: CPU %');
  });

  it.each([0, 1, 2, 3])('stays within 255 and never breaks a surrogate pair or an emoji (offset %d)', (offset) => {
    const summary = renderIssueSummary(anAlert({ title: 'x'.repeat(offset) + '😀👨‍👩‍👧障害'.repeat(100) }), 'SEV2');
    expect(summary.length).toBeLessThanOrEqual(JIRA_SUMMARY_MAX);
    expect([...summary].length).toBeLessThanOrEqual(JIRA_SUMMARY_MAX);
    expect(summary).not.toMatch(/\p{Surrogate}/u);
    expect(summary).not.toMatch(/\u200D…$/u);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('keeps a title of exactly the limit whole', () => {
    const prefix = '[SEV2] Mackerel: ';
    const title = 'a'.repeat(JIRA_SUMMARY_MAX - prefix.length);
    expect(renderIssueSummary(anAlert({ title }), 'SEV2')).toBe(prefix + title);
  });
});
