import { DEFAULT_LEVELS } from '../shared/settings';
import {
  escapeMrkdwn,
  escapeMrkdwnCut,
  mrkdwnLink,
  renderSlackMessage,
  SLACK_LIMITS,
  slackMessageStats,
  type ButtonElement,
  type SectionBlock,
  type SlackEvent,
  type SlackIncident,
  type SlackMessage,
  type TextObject,
} from './slack-messages';

const ISSUE_URL = 'https://example.atlassian.net/browse/OPS-42';
const PAGE_URL = 'https://example.atlassian.net/wiki/spaces/OPS/pages/123';
const RETRO_URL = 'https://example.atlassian.net/wiki/spaces/OPS/pages/456';

const anIncident = (over: Partial<SlackIncident> = {}): SlackIncident => ({
  issueKey: 'OPS-42',
  title: 'Checkout API 5xx rate above 5%',
  level: 'SEV2',
  state: 'open',
  service: 'checkout-api',
  impactStartedAt: '2026-05-01T03:00:00.000Z',
  drill: false,
  links: { issueUrl: ISSUE_URL, pageUrl: PAGE_URL },
  ...over,
});

const AT = '2026-05-01T03:04:05.000Z';
const EVENTS: Readonly<Record<SlackEvent['kind'], SlackEvent>> = {
  'incident-opened': { kind: 'incident-opened', at: AT },
  'level-raised': { kind: 'level-raised', at: AT, from: 'SEV3' },
  recovered: { kind: 'recovered', at: '2026-05-01T04:05:00.000Z' },
  'retrospective-overdue': { kind: 'retrospective-overdue', at: '2026-05-03T05:30:00.000Z', dueAt: '2026-05-02T04:05:00.000Z', owner: 'Aiko Tanaka', retrospectiveUrl: RETRO_URL },
  'retrospective-published': { kind: 'retrospective-published', at: '2026-05-06T01:00:00.000Z', title: 'Checkout outage of 1 May', summary: 'A config push removed the pool limit.', retrospectiveUrl: RETRO_URL },
};

const render = (incident: SlackIncident, event: SlackEvent, lang: 'en' | 'ja' = 'en'): SlackMessage => renderSlackMessage(incident, event, { lang, levels: DEFAULT_LEVELS });

// --- inspectors -------------------------------------------------------------------------------------------------

const header = (m: SlackMessage): string => {
  const block = m.blocks[0]!;
  if (block.type !== 'header') throw new Error('first block is not a header');
  return block.text.text;
};
const sections = (m: SlackMessage): SectionBlock[] => m.blocks.filter((b): b is SectionBlock => b.type === 'section');
const mainSection = (m: SlackMessage): SectionBlock => sections(m).find((s) => s.fields !== undefined)!;
const fieldTexts = (m: SlackMessage): string[] => mainSection(m).fields!.map((f) => f.text);
const buttons = (m: SlackMessage): ButtonElement[] => m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
const context = (m: SlackMessage): string => m.blocks.flatMap((b) => (b.type === 'context' ? b.elements.map((e) => e.text) : [])).join('\n');

/** Every text object of the message (header, sections, fields, context, buttons). */
function textObjects(m: SlackMessage): TextObject[] {
  return m.blocks.flatMap((b): TextObject[] => {
    switch (b.type) {
      case 'header':
        return [b.text];
      case 'section':
        return [...(b.text ? [b.text] : []), ...(b.fields ?? [])];
      case 'context':
        return b.elements;
      case 'actions':
        return b.elements.map((e) => e.text);
    }
  });
}

/** A mrkdwn text with its links `<url|label>` taken out (the url checked against `allowed`), labels kept. */
function withoutOwnLinks(text: string, allowed: readonly string[]): string {
  return text.replace(/<([^|<>]*)\|([^<>]*)>/g, (_, url: string, label: string) => {
    expect(allowed).toContain(url.replace(/&amp;/g, '&'));
    return label;
  });
}

/** mrkdwn Slack would read as nothing but text: no `<`/`>` (so no mention, channel, date or link), only our three entities, no live special mention. */
function expectInertMrkdwn(text: string, allowedLinks: readonly string[] = []): void {
  const rest = withoutOwnLinks(text, allowedLinks);
  expect(rest).not.toMatch(/[<>]/);
  expect(rest.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
  expectNoLiveSpecials(rest);
}

function expectNoLiveSpecials(text: string): void {
  expect(text).not.toMatch(/@(channel|here|everyone|group)/i);
  expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202A-\u202E\u2066-\u2069]/);
}

// --- each event, in English and Japanese ------------------------------------------------------------------------

describe('renderSlackMessage: each event in en and ja', () => {
  it.each([
    ['incident-opened', 'en', '🚨 Incident opened: OPS-42 Checkout API 5xx rate above 5%', 'A new incident was opened.'],
    ['incident-opened', 'ja', '🚨 【障害発生】OPS-42 Checkout API 5xx rate above 5%', '障害が発生し、インシデントを起票しました。'],
    ['level-raised', 'en', '⏫ Level raised: OPS-42 Checkout API 5xx rate above 5%', 'The level was raised from SEV3 — minor to SEV2 — major.'],
    ['level-raised', 'ja', '⏫ 【レベル引き上げ】OPS-42 Checkout API 5xx rate above 5%', 'レベルが SEV3（軽微） から SEV2（重大） に引き上げられました。'],
    ['recovered', 'en', '✅ Recovered: OPS-42 Checkout API 5xx rate above 5%', 'Recovered 1 h 5 min after the impact started.'],
    ['recovered', 'ja', '✅ 【復旧】OPS-42 Checkout API 5xx rate above 5%', '影響開始から 1時間5分 で復旧しました。'],
    ['retrospective-overdue', 'en', '⏰ Retrospective overdue: OPS-42 Checkout API 5xx rate above 5%', 'The retrospective was due Sat 2 May 2026, 04:05:00 UTC and is 1 d 1 h overdue. Please write and publish it.'],
    ['retrospective-overdue', 'ja', '⏰ 【ポストモーテム期限超過】OPS-42 Checkout API 5xx rate above 5%', 'ポストモーテムの期限（2026年5月2日(土) 13:05:00 JST）を 1日1時間 過ぎています。作成と公開をお願いします。'],
    ['retrospective-published', 'en', '📝 Retrospective published: OPS-42 Checkout API 5xx rate above 5%', 'The retrospective of OPS-42 has been published. Read it and take what your team can use.'],
    ['retrospective-published', 'ja', '📝 【ポストモーテム公開】OPS-42 Checkout API 5xx rate above 5%', 'OPS-42 のポストモーテム（振り返り）が公開されました。自チームに活かせることがないか、ぜひ読んでください。'],
  ] as const)('%s (%s): header, sentence, fallback', (kind, lang, head, sentence) => {
    const m = render(anIncident(), EVENTS[kind], lang);
    expect(header(m)).toBe(head);
    expect(mainSection(m).text!.text.split('\n')[1]).toBe(sentence);
    expect(m.text).toBe(`${head} — ${sentence}`);
    expect(m.blocks.map((b) => b.type)).toEqual(kind === 'retrospective-published' ? ['header', 'section', 'section', 'context', 'actions'] : ['header', 'section', 'context', 'actions']);
  });

  it('opened: the title links to the issue; level with its description, state, service and impact start as fields', () => {
    const m = render(anIncident(), EVENTS['incident-opened']);
    expect(mainSection(m).text).toEqual({ type: 'mrkdwn', verbatim: true, text: `*<${ISSUE_URL}|Checkout API 5xx rate above 5%>*\nA new incident was opened.` });
    expect(fieldTexts(m)).toEqual([
      `*Level*\nSEV2 — major\n${DEFAULT_LEVELS.SEV2.description.en}`,
      '*Status*\nOpen',
      '*Service*\ncheckout-api',
      '*Impact started*\nFri 1 May 2026, 03:00:00 UTC',
    ]);
    expect(context(m)).toBe('Kaizen · OPS-42 · Fri 1 May 2026, 03:04:05 UTC');
    expect(buttons(m)).toEqual([
      { type: 'button', action_id: 'kaizen-open-issue', text: { type: 'plain_text', text: 'Open in Jira', emoji: true }, url: ISSUE_URL },
      { type: 'button', action_id: 'kaizen-open-page', text: { type: 'plain_text', text: 'Incident page', emoji: true }, url: PAGE_URL },
    ]);
  });

  it('opened in Japanese: labels, state, times in JST, buttons', () => {
    const m = render(anIncident({ state: 'acknowledged' }), EVENTS['incident-opened'], 'ja');
    expect(fieldTexts(m)).toEqual([
      `*レベル*\nSEV2（重大）\n${DEFAULT_LEVELS.SEV2.description.ja}`,
      '*状態*\n対応中',
      '*サービス*\ncheckout-api',
      '*影響開始日時*\n2026年5月1日(金) 12:00:00 JST',
    ]);
    expect(context(m)).toBe('Kaizen · OPS-42 · 2026年5月1日(金) 12:04:05 JST');
    expect(buttons(m).map((b) => b.text.text)).toEqual(['Jira で開く', '対応ページを開く']);
  });

  it.each([
    ['en', '*Level*\nSEV3 — minor → SEV2 — major'],
    ['ja', '*レベル*\nSEV3（軽微） → SEV2（重大）（引き上げ）'],
  ] as const)('level raised shows from → to and the new level’s description (%s)', (lang, levelField) => {
    const m = render(anIncident(), EVENTS['level-raised'], lang);
    expect(fieldTexts(m)[0]).toBe(`${levelField}\n${DEFAULT_LEVELS.SEV2.description[lang]}`);
  });

  it.each([
    ['en', ['*Level*\nSEV2 — major', '*Time to recover*\n1 h 5 min', '*Recovered at*\nFri 1 May 2026, 04:05:00 UTC', '*Status*\nRecovered']],
    ['ja', ['*レベル*\nSEV2（重大）', '*復旧までの時間*\n1時間5分', '*復旧日時*\n2026年5月1日(金) 13:05:00 JST', '*状態*\n復旧済み']],
  ] as const)('recovered shows the time to recover (%s)', (lang, fields) => {
    const m = render(anIncident({ state: 'recovered' }), EVENTS.recovered, lang);
    expect(fieldTexts(m).slice(0, 4)).toEqual(fields);
  });

  it.each([
    ['en', 'Aiko Tanaka', '*Owner*\nAiko Tanaka'],
    ['en', null, '*Owner*\nNobody yet: name an incident commander on the issue'],
    ['ja', '田中 愛子', '*担当者*\n田中 愛子'],
    ['ja', null, '*担当者*\n未定（課題でインシデントコマンダーを指名してください）'],
  ] as const)('retrospective overdue: due, overdue by, owner (%s, %s)', (lang, owner, ownerField) => {
    const m = render(anIncident({ state: 'recovered' }), { ...EVENTS['retrospective-overdue'], owner } as SlackEvent, lang);
    const fields = fieldTexts(m);
    expect(fields).toContain(ownerField);
    expect(fields).toContain(lang === 'en' ? '*Retrospective due*\nSat 2 May 2026, 04:05:00 UTC' : '*ポストモーテム期限*\n2026年5月2日(土) 13:05:00 JST');
    expect(fields).toContain(lang === 'en' ? '*Overdue by*\n1 d 1 h' : '*超過時間*\n1日1時間');
    expect(buttons(m).map((b) => [b.action_id, b.text.text])).toEqual([
      ['kaizen-open-retrospective', lang === 'en' ? 'Open the retrospective' : 'ポストモーテムを開く'],
      ['kaizen-open-issue', lang === 'en' ? 'Open in Jira' : 'Jira で開く'],
      ['kaizen-open-page', lang === 'en' ? 'Incident page' : '対応ページを開く'],
    ]);
  });

  it.each(['en', 'ja'] as const)('retrospective published: its title links to the page, the summary is plain text, a button to read it (%s)', (lang) => {
    const m = render(anIncident({ state: 'closed' }), EVENTS['retrospective-published'], lang);
    expect(mainSection(m).text!.text.split('\n')[0]).toBe(`*<${RETRO_URL}|Checkout outage of 1 May>*`);
    expect(sections(m)[1]!.text).toEqual({ type: 'plain_text', text: 'A config push removed the pool limit.', emoji: true });
    expect(buttons(m)[0]).toMatchObject({ action_id: 'kaizen-open-retrospective', url: RETRO_URL, text: { text: lang === 'en' ? 'Read the retrospective' : 'ポストモーテムを読む' } });
  });

  it('retrospective published without a summary or a page: no summary section, the title unlinked', () => {
    const m = render(anIncident(), { kind: 'retrospective-published', at: AT, title: 'Post-incident review', summary: '   ' });
    expect(sections(m)).toHaveLength(1);
    expect(mainSection(m).text!.text.split('\n')[0]).toBe('*Post-incident review*');
    expect(buttons(m).map((b) => b.action_id)).toEqual(['kaizen-open-issue', 'kaizen-open-page']);
  });

  it('a null or blank service has no field; a blank title reads as untitled', () => {
    const m = render(anIncident({ service: null, title: ' \n ' }), EVENTS['incident-opened'], 'ja');
    expect(fieldTexts(m).some((f) => f.startsWith('*サービス*'))).toBe(false);
    expect(header(m)).toBe('🚨 【障害発生】OPS-42 （タイトルなし）');
    expect(render(anIncident({ service: '  ' }), EVENTS['incident-opened']).blocks).toHaveLength(4);
    expect(fieldTexts(render(anIncident({ service: '  ' }), EVENTS['incident-opened'])).some((f) => f.startsWith('*Service*'))).toBe(false);
  });
});

// --- drills -----------------------------------------------------------------------------------------------------

describe('a drill', () => {
  it.each([
    ['en', '🚨 [DRILL] Incident opened: OPS-42', '*🧪 DRILL: this is a drill, not a real incident. It is excluded from metrics.*'],
    ['ja', '🚨 [演習] 【障害発生】OPS-42', '*🧪 【演習】これは障害対応演習です。実際の障害ではありません（メトリクスには含まれません）。*'],
  ] as const)('says so in the header, the first section and the fallback (%s)', (lang, head, notice) => {
    for (const event of Object.values(EVENTS)) {
      const m = render(anIncident({ drill: true }), event, lang);
      expect(header(m).split(' ')[1]).toBe(lang === 'en' ? '[DRILL]' : '[演習]');
      expect(sections(m)[0]!.text).toEqual({ type: 'mrkdwn', verbatim: true, text: notice });
      expect(m.text).toContain(lang === 'en' ? '[DRILL]' : '[演習]');
    }
    expect(header(render(anIncident({ drill: true }), EVENTS['incident-opened'], lang)).startsWith(head)).toBe(true);
  });

  it('is not marked when it is not one', () => {
    const m = render(anIncident(), EVENTS['incident-opened']);
    expect(JSON.stringify(m)).not.toMatch(/DRILL|演習/);
  });
});

// --- links ------------------------------------------------------------------------------------------------------

describe('links', () => {
  it('no links: no actions block, the title unlinked', () => {
    const m = render(anIncident({ links: {} }), EVENTS['incident-opened']);
    expect(m.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(mainSection(m).text!.text.startsWith('*Checkout API 5xx rate above 5%*\n')).toBe(true);
  });

  it('only the page: one button, the title unlinked', () => {
    const m = render(anIncident({ links: { pageUrl: PAGE_URL } }), EVENTS.recovered);
    expect(buttons(m).map((b) => b.url)).toEqual([PAGE_URL]);
    expect(mainSection(m).text!.text).not.toContain('<');
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>'],
    ['protocol-relative', '//evil.example/x'],
    ['ftp:', 'ftp://files.example/x'],
    ['mailto:', 'mailto:a@b.c'],
    ['slack:', 'slack://channel?id=C1'],
    ['http: without //', 'http:evil.example'],
    ['not a URL', 'not a url'],
    ['empty', ''],
    ['over 3,000 characters', `https://example.com/${'a'.repeat(SLACK_LIMITS.buttonUrl)}`],
  ])('drops a %s URL', (_, url) => {
    const m = render(anIncident({ links: { issueUrl: url, pageUrl: url } }), { kind: 'retrospective-published', at: AT, title: 'x', retrospectiveUrl: url });
    expect(buttons(m)).toEqual([]);
    expect(JSON.stringify(m.blocks)).not.toContain('<');
  });

  it('a URL with | and > cannot end the link early; & is escaped inside it', () => {
    const url = 'https://example.com/a|b>c?q=1&r=<x>|y#f|g';
    expect(mrkdwnLink(url, 'label')).toBe('<https://example.com/a%7Cb%3Ec?q=1&amp;r=%3Cx%3E%7Cy#f%7Cg|label>');
    const m = render(anIncident({ links: { issueUrl: url } }), EVENTS['incident-opened']);
    const link = /^\*<([^|]*)\|/.exec(mainSection(m).text!.text)![1]!;
    expect(link).not.toMatch(/[|<> ]/);
    // the button carries the same URL, serialised but not mrkdwn-escaped (a JSON field, not text)
    expect(buttons(m)[0]!.url).toBe(new URL(url).href);
  });

  it('a label cannot break out of its link', () => {
    const link = mrkdwnLink('https://example.com/', escapeMrkdwn('x> <https://evil.example|click here'));
    expect(link).toBe('<https://example.com/|x&gt; &lt;https://evil.example|click here>');
    expect(link.match(/[<>]/g)).toEqual(['<', '>']);
  });
});

// --- hostile text -----------------------------------------------------------------------------------------------

const HOSTILE = [
  '<!channel>',
  '<!here|here> <!everyone>',
  '<@U123> <@U1|admin>',
  '<#C123|general>',
  '<!subteam^S123|@oncall>',
  '<!date^1392734382^{date}|x>',
  '<https://evil.example|click me>',
  '<https://x|y>',
  '&lt;!channel&gt; &amp; &',
  '@channel @here @everyone @group @HERE',
  '*bold* _it_ ~st~ `code` ```block``` > quote',
  'abc\u202Eevil.exe\u202C \u2066iso\u2069',
  'nul\u0000bell\u0007esc\u001B',
  '🚨👨‍👩‍👧🇯🇵 障害 &amp;',
  'line1\r\nline2\nline3',
];
const LONG = 'x<&>'.repeat(2500); // 10,000 characters, each a control character to escape

describe('hostile text is inert in every field', () => {
  const hostileIncident = (text: string): SlackIncident =>
    anIncident({ title: text, service: text, issueKey: text, links: { issueUrl: ISSUE_URL, pageUrl: PAGE_URL } });
  const hostileEvents = (text: string): SlackEvent[] => [
    ...Object.values(EVENTS).filter((e) => e.kind !== 'retrospective-overdue' && e.kind !== 'retrospective-published'),
    { kind: 'retrospective-overdue', at: AT, dueAt: AT, owner: text, retrospectiveUrl: RETRO_URL },
    { kind: 'retrospective-published', at: AT, title: text, summary: text, retrospectiveUrl: RETRO_URL },
  ];
  const hostileLevels = (text: string) =>
    Object.fromEntries(Object.entries(DEFAULT_LEVELS).map(([level, def]) => [level, { name: { en: `${def.name.en} ${text}`, ja: `${def.name.ja} ${text}` }, description: { en: text, ja: text } }])) as typeof DEFAULT_LEVELS;

  it.each([...HOSTILE, LONG].map((text) => [text.slice(0, 40), text]))('%j', (_, text) => {
    for (const lang of ['en', 'ja'] as const) {
      for (const drill of [false, true]) {
        for (const event of hostileEvents(text)) {
          const m = renderSlackMessage({ ...hostileIncident(text), drill }, event, { lang, levels: hostileLevels(text) });
          // the fallback is mrkdwn without any link
          expectInertMrkdwn(m.text);
          for (const object of textObjects(m)) {
            if (object.type === 'mrkdwn') {
              expect(object.verbatim).toBe(true);
              expectInertMrkdwn(object.text, [ISSUE_URL, RETRO_URL]);
            } else {
              expectNoLiveSpecials(object.text);
            }
          }
          for (const b of buttons(m)) expect([ISSUE_URL, PAGE_URL, RETRO_URL]).toContain(b.url);
          expectWithinLimits(m);
        }
      }
    }
  });

  it('shows the hostile text, escaped, rather than dropping it', () => {
    const m = render(anIncident({ title: '<!channel> & <@U1>', service: '<https://x|y>' }), EVENTS['incident-opened']);
    expect(header(m)).toBe('🚨 Incident opened: OPS-42 <!channel> & <@U1>');
    expect(mainSection(m).text!.text).toContain(`|&lt;!channel&gt; &amp; &lt;@U1&gt;>*`);
    expect(fieldTexts(m)).toContain('*Service*\n&lt;https://x|y&gt;');
    expect(m.text).toBe('🚨 Incident opened: OPS-42 &lt;!channel&gt; &amp; &lt;@U1&gt; — A new incident was opened.');
  });

  it('breaks bare special mentions with an invisible word joiner, and leaves other @ alone', () => {
    const m = render(anIncident({ title: '@here ops@example.com @channel-ish @hereafter @oncall' }), EVENTS['incident-opened']);
    expect(header(m)).toBe('🚨 Incident opened: OPS-42 @\u2060here ops@example.com @\u2060channel-ish @hereafter @oncall');
  });

  it('replaces NUL, other C0 controls and bidi overrides with U+FFFD; keeps emoji and Japanese', () => {
    const m = render(anIncident({ title: 'a\u0000b\u202Ec\u2066d 🚨👨‍👩‍👧 障害' }), EVENTS['incident-opened']);
    expect(header(m)).toBe('🚨 Incident opened: OPS-42 a\uFFFDb\uFFFDc\uFFFDd 🚨👨‍👩‍👧 障害');
  });

  it('keeps the lines of a summary, without CR', () => {
    const m = render(anIncident(), { kind: 'retrospective-published', at: AT, title: 't', summary: 'one\r\ntwo\rthree' });
    expect(sections(m)[1]!.text!.text).toBe('one\ntwo\nthree');
  });
});

// --- limits -----------------------------------------------------------------------------------------------------

function expectWithinLimits(m: SlackMessage): void {
  const stats = slackMessageStats(m);
  expect(stats.blockCount).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(stats.largestUrlLength).toBeLessThanOrEqual(SLACK_LIMITS.buttonUrl);
  expect(stats.totalTextLength).toBeLessThan(12_000);
  for (const block of m.blocks) {
    switch (block.type) {
      case 'header':
        expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
        break;
      case 'section':
        expect(block.text === undefined && block.fields === undefined).toBe(false);
        if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        expect((block.fields ?? []).length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
        for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
        break;
      case 'context':
        expect(block.elements.length).toBeLessThanOrEqual(10);
        for (const e of block.elements) expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        break;
      case 'actions':
        expect(block.elements.length).toBeGreaterThan(0);
        for (const e of block.elements) {
          expect(e.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
          expect(e.url).toMatch(/^https?:\/\//);
        }
        break;
    }
  }
  for (const object of textObjects(m)) {
    expect(object.text.length).toBeGreaterThan(0);
    // no lone surrogate from a cut
    expect(object.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  }
}

describe('limits hold by construction', () => {
  const big = (unit: string): string => unit.repeat(Math.ceil(10_000 / unit.length)).slice(0, 10_000);

  it.each([
    ['ASCII', big('a')],
    ['ampersands (5× when escaped)', big('&')],
    ['Japanese', big('障害')],
    ['emoji sequences', '👨‍👩‍👧'.repeat(1_250)],
  ])('10,000 characters of %s in every text, with 2,999-character URLs', (_, text) => {
    const url = `https://example.com/${'p'.repeat(2_979)}`;
    expect(url).toHaveLength(2_999);
    for (const lang of ['en', 'ja'] as const) {
      for (const event of [...Object.values(EVENTS), { kind: 'retrospective-published', at: AT, title: text, summary: text, retrospectiveUrl: url } as const, { kind: 'retrospective-overdue', at: AT, dueAt: AT, owner: text } as const]) {
        const m = render(anIncident({ title: text, service: text, issueKey: text, drill: true, links: { issueUrl: url, pageUrl: url } }), event, lang);
        expectWithinLimits(m);
        expect(header(m)).toMatch(/…$/);
      }
    }
  });

  it('cuts after escaping, never inside an entity or an emoji sequence', () => {
    const amps = escapeMrkdwnCut('&'.repeat(100), 23);
    expect(amps).toBe('&amp;&amp;&amp;&amp;…');
    expect(escapeMrkdwnCut('ab<'.repeat(10), 9)).toBe('ab&lt;ab…');
    expect(escapeMrkdwnCut('👨‍👩‍👧'.repeat(5), 12)).toBe('👨‍👩‍👧…');
    expect(escapeMrkdwnCut('short & sweet', 100)).toBe('short &amp; sweet');
    const m = render(anIncident({ service: '&'.repeat(10_000) }), EVENTS['incident-opened']);
    const service = fieldTexts(m).find((f) => f.startsWith('*Service*'))!.split('\n')[1]!;
    expect(service).toMatch(/^(&amp;)+…$/);
  });

  it('slackMessageStats reports blocks and text sizes', () => {
    const m = render(anIncident({ drill: true }), EVENTS['retrospective-published']);
    const stats = slackMessageStats(m);
    expect(stats.blockCount).toBe(6);
    expect(stats.largestTextLength).toBe(Math.max(m.text.length, ...textObjects(m).map((o) => o.text.length)));
    expect(stats.totalTextLength).toBe(m.text.length + textObjects(m).reduce((n, o) => n + o.text.length, 0));
    expect(stats.largestUrlLength).toBe(Math.max(ISSUE_URL.length, PAGE_URL.length, RETRO_URL.length));
  });
});

describe('escapeMrkdwn', () => {
  it('encodes only &, < and >, as Slack asks', () => {
    expect(escapeMrkdwn('<!channel> & <@U1> *b* _i_ "q" \'a\'')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt; *b* _i_ "q" \'a\'');
    expect(escapeMrkdwn('&amp;')).toBe('&amp;amp;');
  });
});
