import { checkMessage, LIMITS, parsePayload } from './block-kit';

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const button = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'button', text: plain(text), url: 'https://example.atlassian.net/browse/OPS-1', ...extra });
const x = (n: number) => 'x'.repeat(n);

/** A message as an incident notifier would send it. */
const incidentMessage = () => ({
  text: '[SEV2] OPS-12 Checkout errors',
  blocks: [
    { type: 'header', text: plain(`:rotating_light: ${x(120)}`) },
    { type: 'section', text: mrkdwn('*Checkout errors*'), fields: [mrkdwn('*Level*\nSEV2'), mrkdwn('*Status*\nopen')] },
    { type: 'context', elements: [mrkdwn('OPS-12 · 5 min')] },
    { type: 'divider' },
    { type: 'actions', elements: [button('Open issue', { style: 'primary', action_id: 'issue' }), button('Live page', { action_id: 'page' })] },
  ],
});

const refusal = (message: Record<string, unknown>) => {
  const v = checkMessage(message);
  return v.ok ? 'ok' : `${v.status} ${v.error}`;
};

describe('Slack incoming-webhook payload rules', () => {
  it('accepts a notifier message with header, section fields, context, divider and URL buttons', () => {
    expect(refusal(incidentMessage())).toBe('ok');
    expect(refusal({ text: 'plain text only' })).toBe('ok');
    expect(refusal({ blocks: [{ type: 'section', text: mrkdwn('blocks without text') }] })).toBe('ok');
  });

  it('answers invalid_payload for a body that is not a JSON object, and reads the form `payload` field', () => {
    expect(parsePayload('not json', 'application/json')).toMatchObject({ ok: false, error: 'invalid_payload', status: 400 });
    expect(parsePayload('[1]', 'application/json')).toMatchObject({ ok: false, error: 'invalid_payload' });
    expect(parsePayload(`payload=${encodeURIComponent('{"text":"hi"}')}`, 'application/x-www-form-urlencoded')).toMatchObject({ ok: true });
    expect(refusal({ text: 42 })).toBe('400 invalid_payload');
  });

  it('answers no_text when neither text nor blocks nor attachments are given', () => {
    expect(refusal({})).toBe('400 no_text');
    expect(refusal({ text: '  ', blocks: [] })).toBe('400 no_text');
    expect(refusal({ username: 'kaizen' })).toBe('400 no_text');
  });

  it('answers too_many_attachments past 100, invalid_blocks_format for blocks that are not an array', () => {
    expect(refusal({ attachments: Array.from({ length: LIMITS.attachments + 1 }, () => ({ text: 'a' })) })).toBe('400 too_many_attachments');
    expect(refusal({ text: 't', blocks: { type: 'divider' } })).toBe('400 invalid_blocks_format');
  });

  it('answers invalid_blocks past 50 blocks', () => {
    expect(refusal({ blocks: Array.from({ length: 50 }, () => ({ type: 'divider' })) })).toBe('ok');
    expect(refusal({ blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) })).toBe('400 invalid_blocks');
  });

  const limits: Array<[string, (n: number) => Record<string, unknown>, number]> = [
    ['header text', (n) => ({ type: 'header', text: plain(x(n)) }), LIMITS.headerText],
    ['section text', (n) => ({ type: 'section', text: mrkdwn(x(n)) }), LIMITS.sectionText],
    ['a section field', (n) => ({ type: 'section', fields: [mrkdwn(x(n))] }), LIMITS.sectionFieldText],
    ['section fields', (n) => ({ type: 'section', fields: Array.from({ length: n }, () => mrkdwn('f')) }), LIMITS.sectionFields],
    ['context elements', (n) => ({ type: 'context', elements: Array.from({ length: n }, () => mrkdwn('c')) }), LIMITS.contextElements],
    ['actions elements', (n) => ({ type: 'actions', elements: Array.from({ length: n }, (_, i) => button(`b${i}`, { action_id: `a${i}` })) }), LIMITS.actionsElements],
    ['button text', (n) => ({ type: 'actions', elements: [button(x(n))] }), LIMITS.buttonText],
    ['button url', (n) => ({ type: 'actions', elements: [button('b', { url: `https://e.com/${x(n - 14)}` })] }), LIMITS.buttonUrl],
  ];
  it.each(limits)('%s: at the limit is accepted, one more is invalid_blocks', (_name, block, max) => {
    expect(refusal({ blocks: [block(max)] })).toBe('ok');
    expect(refusal({ blocks: [block(max + 1)] })).toBe('400 invalid_blocks');
  });

  it('answers invalid_blocks for missing required fields and wrong text types', () => {
    const bad: Array<Record<string, unknown>> = [
      { type: 'header', text: mrkdwn('headers are plain_text') },
      { type: 'header' },
      { type: 'section' },
      { type: 'section', text: { type: 'markdown', text: 'x' } },
      { type: 'section', text: mrkdwn('') },
      { type: 'section', text: mrkdwn('x'), fields: [] },
      { type: 'section', text: { type: 'mrkdwn', text: 'x', emoji: true } },
      { type: 'context', elements: [] },
      { type: 'context' },
      { type: 'actions', elements: [{ type: 'button', text: mrkdwn('buttons are plain_text') }] },
      { type: 'actions', elements: [{ type: 'button', url: 'https://e.com' }] },
      { type: 'actions', elements: [button('b', { style: 'warning' })] },
      { type: 'actions', elements: [button('a', { action_id: 'same' }), button('b', { action_id: 'same' })] },
      { type: 'divider', text: plain('dividers have no text') },
      { type: 'section', text: mrkdwn('x'), colour: 'red' },
      { type: 'no-such-block' },
      { text: mrkdwn('no type') },
    ];
    for (const block of bad) expect([JSON.stringify(block), refusal({ text: 'fallback', blocks: [block] })]).toEqual([JSON.stringify(block), '400 invalid_blocks']);
    expect(refusal({ blocks: [{ type: 'divider', block_id: 'a' }, { type: 'divider', block_id: 'a' }] })).toBe('400 invalid_blocks');
  });

  it('refuses block types it does not check with 501, never accepting them unchecked', () => {
    expect(checkMessage({ blocks: [{ type: 'rich_text', elements: [] }] })).toMatchObject({ ok: false, status: 501, error: 'not_emulated' });
    expect(checkMessage({ blocks: [{ type: 'actions', elements: [{ type: 'static_select' }] }] })).toMatchObject({ ok: false, status: 501 });
  });
});
