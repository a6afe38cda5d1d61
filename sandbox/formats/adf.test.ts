import { validateAdf } from './adf';

const doc = (...content: unknown[]) => ({ type: 'doc', version: 1, content });
const paragraph = (...content: unknown[]) => ({ type: 'paragraph', content });
const text = (value: string, marks?: unknown[]) => (marks ? { type: 'text', text: value, marks } : { type: 'text', text: value });

function errorsOf(input: unknown): string[] {
  const result = validateAdf(input);
  if (result.ok) throw new Error('expected the document to be invalid');
  return result.errors;
}

describe('validateAdf', () => {
  it('accepts text with marks, including a link with href', () => {
    const input = doc(paragraph(text('Runbook', [{ type: 'strong' }, { type: 'link', attrs: { href: 'https://example.com/runbook' } }]), text(' updated')));
    expect(validateAdf(input)).toEqual({ ok: true });
  });

  it('accepts richer structures: headings, lists, task lists, code blocks, empty marks', () => {
    const input = doc(
      { type: 'heading', attrs: { level: 2 }, content: [text('Timeline')] },
      { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('10:02 page fired', []))] }] },
      { type: 'taskList', attrs: { localId: 't1' }, content: [{ type: 'taskItem', attrs: { localId: 't2', state: 'TODO' }, content: [text('Add alert')] }] },
      { type: 'codeBlock', attrs: { language: 'sql' }, content: [text('select 1;')] },
    );
    expect(validateAdf(input)).toEqual({ ok: true });
  });

  it('rejects a paragraph inside a text node', () => {
    expect(errorsOf(doc(paragraph({ type: 'text', text: 'x', content: [paragraph()] })))).toEqual([
      'doc.content[0].content[0] (text): redundant props found: content. {"props":["content"]}',
    ]);
  });

  it('rejects an unknown node type, naming it and where it is', () => {
    expect(errorsOf(doc(paragraph(text('a')), { type: 'marquee', content: [] }))).toEqual(["doc.content[1] (marquee): unknown node type 'marquee'."]);
  });

  it('rejects a link mark without href and an unknown mark, pointing at the mark', () => {
    expect(errorsOf(doc(paragraph(text('x', [{ type: 'link', attrs: {} }])))))
      .toEqual(["doc.content[0].content[0].marks[0] (link mark): 'attrs' validation failed. {\"type\":\"link\",\"attrs\":{}}"]);
    expect(errorsOf(doc(paragraph(text('x', [{ type: 'blink' }])))))
      .toEqual(['doc.content[0].content[0].marks[0] (blink mark): unsupported mark. {"type":"blink"}']);
  });

  it('rejects a mark the parent does not allow (code blocks take plain text only)', () => {
    expect(errorsOf(doc({ type: 'codeBlock', content: [text('x', [{ type: 'strong' }])] }))[0]).toMatch(/^doc\.content\[0\]\.content\[0\]\.marks\[0\] \(strong mark\)/);
  });

  it('rejects misplaced nodes and bad attributes with the offending values', () => {
    expect(errorsOf(doc(text('loose text')))).toEqual(["doc.content[0] (text): node type 'text' is not allowed inside 'doc' here"]);
    expect(errorsOf(doc({ type: 'heading', attrs: { level: 9 }, content: [text('x')] }))).toEqual(["doc.content[0] (heading): 'attrs' validation failed. {\"level\":9}"]);
    expect(errorsOf(doc(paragraph({ type: 'mention', attrs: {} }))))
      .toEqual(["doc.content[0].content[0] (mention): 'attrs' validation failed. {\"id\":\"<missing>\"}"]);
  });

  it('requires a doc root with version 1 and well-formed nodes', () => {
    expect(errorsOf(paragraph(text('x')))).toEqual(["doc: the root node must have type 'doc', not 'paragraph'"]);
    expect(errorsOf({ type: 'doc', version: 2, content: [] })).toEqual(['doc: version must be 1, got 2']);
    expect(errorsOf('{"type":"doc"}')).toEqual(['doc: must be an ADF node object, got string']);
    expect(errorsOf(doc(paragraph('x' as unknown)))).toEqual(['doc.content[0].content[0]: must be an ADF node object, got string']);
    expect(errorsOf(doc(paragraph(text('')))))
      .toEqual(["doc.content[0].content[0] (text): 'text' validation failed."]);
  });
});
