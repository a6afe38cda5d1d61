/**
 * What Slack checks in an incoming-webhook message before it posts it, for the parts a notifier uses. Limits from
 * Slack's Block Kit reference (https://docs.slack.dev/reference/block-kit/blocks, …/block-elements,
 * …/composition-objects) and the webhook guide (https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks);
 * error strings from Slack's webhook error table and changelog
 * (https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks) and chat.postMessage's errors
 * (`invalid_blocks`, `invalid_blocks_format`). Slack answers these as plain text with a 4xx.
 *
 * Block types a notifier would not use (rich_text, input, video, file, markdown, …) and interactive elements other
 * than buttons are not checked here: they are refused with `not_emulated` (501), never accepted unchecked.
 */

export type PayloadError = 'invalid_payload' | 'no_text' | 'invalid_blocks' | 'invalid_blocks_format' | 'too_many_attachments' | 'not_emulated';
export type Verdict = { ok: true; message: Record<string, unknown> } | { ok: false; error: PayloadError; status: number; detail: string };

export const LIMITS = {
  blocks: 50,
  attachments: 100,
  blockId: 255,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonUrl: 3000,
  buttonValue: 2000,
  actionId: 255,
  imageUrl: 3000,
  altText: 2000,
} as const;

/** Known Block Kit block types this sandbox does not check (answered 501, not accepted). */
const UNCHECKED_BLOCKS = new Set(['rich_text', 'input', 'video', 'file', 'markdown', 'call', 'table', 'context_actions', 'plan', 'task_card']);
/** Interactive elements other than `button` (an `actions` element or a section accessory). */
const UNCHECKED_ELEMENTS = new Set([
  'checkboxes', 'datepicker', 'datetimepicker', 'email_text_input', 'file_input', 'multi_static_select', 'multi_external_select',
  'multi_users_select', 'multi_conversations_select', 'multi_channels_select', 'number_input', 'overflow', 'plain_text_input',
  'radio_buttons', 'rich_text_input', 'static_select', 'external_select', 'users_select', 'conversations_select',
  'channels_select', 'timepicker', 'url_text_input', 'workflow_button', 'icon_button', 'feedback_buttons',
]);

class Refusal extends Error {
  constructor(readonly error: PayloadError, readonly detail: string) {
    super(detail);
  }
}
const refuse = (detail: string, error: PayloadError = 'invalid_blocks'): never => {
  throw new Refusal(error, detail);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses the body as Slack does: JSON, or a form with a `payload` field holding JSON. */
export function parsePayload(body: string | undefined, contentType: string | undefined): Verdict {
  let raw = body ?? '';
  if ((contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) raw = new URLSearchParams(raw).get('payload') ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'invalid_payload', status: 400, detail: 'the body is not JSON' };
  }
  if (!isObject(parsed)) return { ok: false, error: 'invalid_payload', status: 400, detail: 'the payload is not a JSON object' };
  return checkMessage(parsed);
}

/** Checks a parsed message. */
export function checkMessage(message: Record<string, unknown>): Verdict {
  try {
    const { text, blocks, attachments } = message;
    if (text !== undefined && typeof text !== 'string') refuse('text must be a string', 'invalid_payload');
    if (blocks !== undefined && !Array.isArray(blocks)) refuse('blocks must be an array', 'invalid_blocks_format');
    if (attachments !== undefined && !Array.isArray(attachments)) refuse('attachments must be an array', 'invalid_payload');
    const blockList = (blocks as unknown[] | undefined) ?? [];
    const attachmentList = (attachments as unknown[] | undefined) ?? [];
    if (!(typeof text === 'string' && text.trim() !== '') && blockList.length === 0 && attachmentList.length === 0) refuse('a message needs text, blocks or attachments', 'no_text');
    if (attachmentList.length > LIMITS.attachments) refuse(`${attachmentList.length} attachments; at most ${LIMITS.attachments}`, 'too_many_attachments');
    if (attachmentList.some((a) => !isObject(a))) refuse('each attachment must be an object', 'invalid_payload');
    if (blockList.length > LIMITS.blocks) refuse(`${blockList.length} blocks; at most ${LIMITS.blocks}`);
    const blockIds = new Set<string>();
    blockList.forEach((b, i) => checkBlock(b, `blocks[${i}]`, blockIds));
    return { ok: true, message };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: e.error, status: e.error === 'not_emulated' ? 501 : 400, detail: e.detail };
    throw e;
  }
}

function onlyKeys(o: Record<string, unknown>, at: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) refuse(`${at}: unknown property ${k}`);
}

function string(v: unknown, at: string, max: number, required = true): void {
  if (v === undefined && !required) return;
  if (typeof v !== 'string') refuse(`${at} must be a string`);
  if ((v as string).length === 0) refuse(`${at} must not be empty`);
  if ((v as string).length > max) refuse(`${at} is ${(v as string).length} characters; at most ${max}`);
}

/** A text composition object: `plain_text` (with `emoji`) or `mrkdwn` (with `verbatim`). */
function textObject(v: unknown, at: string, max: number, only?: 'plain_text'): void {
  if (!isObject(v)) return refuse(`${at} must be a text object`);
  if (v.type !== 'plain_text' && v.type !== 'mrkdwn') refuse(`${at}.type must be plain_text or mrkdwn`);
  if (only && v.type !== only) refuse(`${at}.type must be ${only}`);
  onlyKeys(v, at, v.type === 'plain_text' ? ['type', 'text', 'emoji'] : ['type', 'text', 'verbatim']);
  string(v.text, `${at}.text`, max);
  if (v.emoji !== undefined && typeof v.emoji !== 'boolean') refuse(`${at}.emoji must be a boolean`);
  if (v.verbatim !== undefined && typeof v.verbatim !== 'boolean') refuse(`${at}.verbatim must be a boolean`);
}

function checkBlock(b: unknown, at: string, blockIds: Set<string>): void {
  if (!isObject(b)) return refuse(`${at} must be an object`);
  if (typeof b.type !== 'string') refuse(`${at}.type is required`);
  if (b.block_id !== undefined) {
    string(b.block_id, `${at}.block_id`, LIMITS.blockId);
    if (blockIds.has(b.block_id as string)) refuse(`${at}.block_id ${String(b.block_id)} is not unique`);
    blockIds.add(b.block_id as string);
  }
  switch (b.type) {
    case 'header':
      onlyKeys(b, at, ['type', 'block_id', 'text']);
      return textObject(b.text, `${at}.text`, LIMITS.headerText, 'plain_text');
    case 'section': {
      onlyKeys(b, at, ['type', 'block_id', 'text', 'fields', 'accessory', 'expand']);
      if (b.text === undefined && b.fields === undefined) refuse(`${at} needs text or fields`);
      if (b.text !== undefined) textObject(b.text, `${at}.text`, LIMITS.sectionText);
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields) || b.fields.length === 0) refuse(`${at}.fields must be a non-empty array`);
        const fields = b.fields as unknown[];
        if (fields.length > LIMITS.sectionFields) refuse(`${at}.fields has ${fields.length} items; at most ${LIMITS.sectionFields}`);
        fields.forEach((f, i) => textObject(f, `${at}.fields[${i}]`, LIMITS.sectionFieldText));
      }
      if (b.expand !== undefined && typeof b.expand !== 'boolean') refuse(`${at}.expand must be a boolean`);
      if (b.accessory !== undefined) element(b.accessory, `${at}.accessory`, new Set());
      return;
    }
    case 'divider':
      return onlyKeys(b, at, ['type', 'block_id']);
    case 'context': {
      onlyKeys(b, at, ['type', 'block_id', 'elements']);
      if (!Array.isArray(b.elements) || b.elements.length === 0) refuse(`${at}.elements must be a non-empty array`);
      const elements = b.elements as unknown[];
      if (elements.length > LIMITS.contextElements) refuse(`${at}.elements has ${elements.length} items; at most ${LIMITS.contextElements}`);
      elements.forEach((e, i) => (isObject(e) && e.type === 'image' ? imageElement(e, `${at}.elements[${i}]`) : textObject(e, `${at}.elements[${i}]`, LIMITS.sectionText)));
      return;
    }
    case 'actions': {
      onlyKeys(b, at, ['type', 'block_id', 'elements']);
      if (!Array.isArray(b.elements) || b.elements.length === 0) refuse(`${at}.elements must be a non-empty array`);
      const elements = b.elements as unknown[];
      if (elements.length > LIMITS.actionsElements) refuse(`${at}.elements has ${elements.length} items; at most ${LIMITS.actionsElements}`);
      const actionIds = new Set<string>();
      elements.forEach((e, i) => {
        if (isObject(e) && e.type === 'image') refuse(`${at}.elements[${i}]: an image is not an interactive element`);
        element(e, `${at}.elements[${i}]`, actionIds);
      });
      return;
    }
    case 'image':
      onlyKeys(b, at, ['type', 'block_id', 'image_url', 'alt_text', 'title']);
      string(b.image_url, `${at}.image_url`, LIMITS.imageUrl);
      string(b.alt_text, `${at}.alt_text`, LIMITS.altText);
      if (b.title !== undefined) textObject(b.title, `${at}.title`, 2000, 'plain_text');
      return;
    default:
      if (UNCHECKED_BLOCKS.has(b.type as string)) refuse(`${at}: the sandbox does not check ${String(b.type)} blocks`, 'not_emulated');
      refuse(`${at}: unknown block type ${String(b.type)}`);
  }
}

/** An interactive element (a button) or an image, as a section accessory or an actions element. */
function element(e: unknown, at: string, actionIds: Set<string>): void {
  if (!isObject(e)) return refuse(`${at} must be an object`);
  if (e.type === 'image') return imageElement(e, at);
  if (e.type !== 'button') {
    if (UNCHECKED_ELEMENTS.has(e.type as string)) refuse(`${at}: the sandbox does not check ${String(e.type)} elements`, 'not_emulated');
    refuse(`${at}: unknown element type ${String(e.type)}`);
  }
  if (e.confirm !== undefined) refuse(`${at}: the sandbox does not check confirmation dialogs`, 'not_emulated');
  onlyKeys(e, at, ['type', 'text', 'action_id', 'url', 'value', 'style', 'accessibility_label']);
  textObject(e.text, `${at}.text`, LIMITS.buttonText, 'plain_text');
  string(e.action_id, `${at}.action_id`, LIMITS.actionId, false);
  if (typeof e.action_id === 'string') {
    if (actionIds.has(e.action_id)) refuse(`${at}.action_id ${e.action_id} is not unique in its block`);
    actionIds.add(e.action_id);
  }
  string(e.url, `${at}.url`, LIMITS.buttonUrl, false);
  string(e.value, `${at}.value`, LIMITS.buttonValue, false);
  string(e.accessibility_label, `${at}.accessibility_label`, LIMITS.buttonText, false);
  if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') refuse(`${at}.style must be primary or danger`);
}

function imageElement(e: Record<string, unknown>, at: string): void {
  onlyKeys(e, at, ['type', 'image_url', 'alt_text']);
  string(e.image_url, `${at}.image_url`, LIMITS.imageUrl);
  string(e.alt_text, `${at}.alt_text`, LIMITS.altText);
}
