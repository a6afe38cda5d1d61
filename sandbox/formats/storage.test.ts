import { parseStorage, serializeStorage, StorageParseError, validateStorage } from './storage';

function errorsOf(xhtml: string): string[] {
  const result = validateStorage(xhtml);
  if (result.ok) throw new Error('expected the storage to be invalid');
  return result.errors;
}

const jiraMacro = '<ac:structured-macro ac:name="jira"><ac:parameter ac:name="key">OPS-1</ac:parameter></ac:structured-macro>';
const taskList = '<ac:task-list><ac:task><ac:task-status>incomplete</ac:task-status><ac:task-body>Add alert</ac:task-body></ac:task></ac:task-list>';
const codeMacro = '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[if (a < b && c) { x(); }]]></ac:plain-text-body></ac:structured-macro>';
const pageLink = '<ac:link><ri:page ri:content-title="Runbook &amp; checklist" /></ac:link>';

describe('validateStorage', () => {
  it('accepts macros, tasks, CDATA bodies and resource identifiers without declaring the prefixes', () => {
    expect(validateStorage(`<h1>Postmortem</h1><p>${jiraMacro}</p>${taskList}${codeMacro}<p>See ${pageLink}</p>`)).toEqual({ ok: true });
  });

  it('accepts XHTML named entities, numeric references and the XML ones', () => {
    expect(validateStorage('<p>a&nbsp;b &mdash; c&hellip; &eacute; &#160;&#x2014; &amp;&lt;&gt;&quot;&apos;</p>')).toEqual({ ok: true });
  });

  it('rejects unknown entities, with line and column', () => {
    expect(errorsOf('<p>ok</p>\n<p>a &bogus; b</p>')).toEqual(["line 2, column 12: undefined entity '&bogus;'"]);
    // HTML5-only names are not in the XHTML 1.0 set Confluence declares.
    expect(errorsOf('<p>&check;</p>')[0]).toContain("undefined entity '&check;'");
  });

  it('accepts escaped markup as text and rejects raw markup errors', () => {
    expect(validateStorage('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')).toEqual({ ok: true });
    expect(errorsOf('<p>unclosed')).toEqual(['line 1, column 11: unclosed tag: p']);
    expect(errorsOf('<p>a < b</p>')).toEqual(['line 1, column 7: disallowed character in tag name']);
    expect(errorsOf('<p><strong>x</p></strong>')[0]).toBe('line 1, column 16: unexpected close tag');
  });

  it('rejects a bare ampersand where it is, in text or attributes', () => {
    expect(errorsOf('<p><a href="https://x.test/?a=1&b=2">x</a></p>')).toEqual([
      "line 1, column 32: '&' must start an entity or character reference (write '&amp;' for a literal ampersand)",
    ]);
    expect(validateStorage('<p><a href="https://x.test/?a=1&amp;b=2">x</a></p>')).toEqual({ ok: true });
  });

  it('treats CDATA as literal text, but "]]>" ends it and is not allowed raw in text', () => {
    expect(validateStorage('<ac:plain-text-body><![CDATA[&bogus; <not-a-tag>]]></ac:plain-text-body>')).toEqual({ ok: true });
    expect(errorsOf('<ac:plain-text-body><![CDATA[a ]]> b]]></ac:plain-text-body>')[0]).toMatch(/^line 1, column \d+: the string "]]>" is disallowed in char data$/);
    expect(errorsOf('<p>a ]]> b</p>')[0]).toMatch(/"]]>" is disallowed/);
  });

  it('rejects undeclared namespace prefixes', () => {
    expect(errorsOf('<foo:bar />')).toEqual(['line 1, column 11: unbound namespace prefix: "foo"']);
  });
});

describe('parseStorage', () => {
  it('returns an element/text tree with prefixed names and decoded text', () => {
    expect(parseStorage(`<p class="x">a&nbsp;b</p>${jiraMacro}`)).toEqual([
      { type: 'element', name: 'p', attrs: { class: 'x' }, children: [{ type: 'text', text: 'a\u00a0b' }] },
      {
        type: 'element',
        name: 'ac:structured-macro',
        attrs: { 'ac:name': 'jira' },
        children: [{ type: 'element', name: 'ac:parameter', attrs: { 'ac:name': 'key' }, children: [{ type: 'text', text: 'OPS-1' }] }],
      },
    ]);
  });

  it('marks CDATA text and keeps self-closing elements childless', () => {
    const [macro] = parseStorage(codeMacro);
    expect(macro).toMatchObject({ children: [{ name: 'ac:plain-text-body', children: [{ type: 'text', text: 'if (a < b && c) { x(); }', cdata: true }] }] });
    expect(parseStorage(pageLink)).toEqual([
      { type: 'element', name: 'ac:link', attrs: {}, children: [{ type: 'element', name: 'ri:page', attrs: { 'ri:content-title': 'Runbook & checklist' }, children: [] }] },
    ]);
  });

  it('throws StorageParseError with the reasons for malformed input', () => {
    expect(() => parseStorage('<p>&bogus;</p>')).toThrow(StorageParseError);
    let caught: unknown;
    try {
      parseStorage('<p>');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StorageParseError);
    expect((caught as StorageParseError).errors).toEqual(['line 1, column 3: unclosed tag: p']);
  });

  it('round-trips through serializeStorage', () => {
    const source = `<p>a &amp; b&nbsp;&lt;c&gt;</p>${taskList}${codeMacro}${pageLink}`;
    const serialized = serializeStorage(parseStorage(source));
    expect(validateStorage(serialized)).toEqual({ ok: true });
    expect(parseStorage(serialized)).toEqual(parseStorage(source));
  });
});
