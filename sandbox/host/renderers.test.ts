import { adfToHtml } from './adf-html';
import { storageToHtml, type StorageRenderContext } from './storage-html';

/** The two document renderers of the host: everything escaped, only safe links, the node types Jira/Confluence write. */

const doc = (...content: unknown[]) => ({ type: 'doc', version: 1, content });
const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const text = (t: string, marks?: unknown[]) => ({ type: 'text', text: t, ...(marks ? { marks } : {}) });

describe('adfToHtml', () => {
  it('renders blocks, marks and inline nodes, escaping every text and attribute', () => {
    const html = adfToHtml(
      doc(
        { type: 'heading', attrs: { level: 2 }, content: [text('Impact <now>')] },
        p(text('bold', [{ type: 'strong' }]), text(' & '), text('code', [{ type: 'code' }, { type: 'em' }]), { type: 'hardBreak' }, text('x', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }])),
        { type: 'bulletList', content: [{ type: 'listItem', content: [p(text('one'))] }] },
        { type: 'orderedList', attrs: { order: 3 }, content: [{ type: 'listItem', content: [p(text('three'))] }] },
        { type: 'codeBlock', attrs: { language: 'sh"><x' }, content: [text('rm -rf </tmp>')] },
        { type: 'panel', attrs: { panelType: 'warning' }, content: [p(text('careful'))] },
        { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableHeader', attrs: { colspan: 2 }, content: [p(text('h'))] }] }] },
        p({ type: 'mention', attrs: { id: 'a', text: '@Aiko <3' } }, { type: 'status', attrs: { text: 'LIVE', color: 'red' } }, { type: 'inlineCard', attrs: { url: 'https://example.com/?a=1&b=2' } }),
        { type: 'expand', attrs: { title: 'More <info>' }, content: [p(text('hidden'))] },
        { type: 'mediaSingle', content: [{ type: 'media', attrs: { id: 'x' } }] },
        { type: 'rule' },
      ),
    );
    expect(html).toBe(
      '<h2>Impact &lt;now&gt;</h2>' +
        '<p><strong>bold</strong> &amp; <em><code>code</code></em><br>x</p>' +
        '<ul><li><p>one</p></li></ul><ol start="3"><li><p>three</p></li></ol>' +
        '<pre data-language="sh&quot;&gt;&lt;x"><code>rm -rf &lt;/tmp&gt;</code></pre>' +
        '<div class="panel panel-warning"><p>careful</p></div>' +
        '<table><tbody><tr><th colspan="2"><p>h</p></th></tr></tbody></table>' +
        '<p><span class="mention">@Aiko &lt;3</span><span class="lozenge red">LIVE</span><a href="https://example.com/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer nofollow">https://example.com/?a=1&amp;b=2</a></p>' +
        '<details class="expand"><summary>More &lt;info&gt;</summary><p>hidden</p></details>' +
        '<span class="macro-placeholder">[attachment]</span><hr>',
    );
  });

  it('renders nothing for what is not a document', () => {
    expect(adfToHtml(null)).toBe('');
    expect(adfToHtml('<b>text</b>')).toBe('');
    expect(adfToHtml({ type: 'paragraph' })).toBe('');
  });
});

describe('storageToHtml', () => {
  const ctx: StorageRenderContext = {
    forgeMacro: (ref) => `[frame ${ref.moduleKey} ${JSON.stringify(ref.config)} ${ref.localId ?? ''}]`,
    issue: (key) => (key === 'OPS-1' ? { summary: 'Disk <full>', status: 'Done', category: 'done' } : undefined),
    userName: (id) => (id === 'u1' ? 'Aiko Sato' : undefined),
  };

  it('keeps allowed XHTML, drops attributes and elements that could run code', () => {
    const html = storageToHtml('<p class="x" onclick="bad()">a <em>b</em> <a href="javascript:x()">c</a><script>alert(1)</script><iframe src="https://evil"></iframe></p><ol start="2"><li>d</li></ol>', ctx);
    expect(html).toBe('<p>a <em>b</em> calert(1)</p><ol start="2"><li>d</li></ol>');
  });

  it('renders the macros and ac: elements Kaizen and responders use', () => {
    const storage =
      '<ac:structured-macro ac:name="jira"><ac:parameter ac:name="key">ops-1</ac:parameter></ac:structured-macro>' +
      '<ac:structured-macro ac:name="jira"><ac:parameter ac:name="key">OPS-2</ac:parameter></ac:structured-macro>' +
      '<ac:structured-macro ac:name="panel"><ac:parameter ac:name="title">T &amp; t</ac:parameter><ac:rich-text-body><p>in</p></ac:rich-text-body></ac:structured-macro>' +
      '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[if (a < b) {}]]></ac:plain-text-body></ac:structured-macro>' +
      '<ac:structured-macro ac:name="status"><ac:parameter ac:name="colour">Green</ac:parameter><ac:parameter ac:name="title">OK</ac:parameter></ac:structured-macro>' +
      '<p><ac:link><ri:user ri:account-id="u1" /></ac:link> <ac:link><ri:url ri:value="https://example.com" /><ac:plain-text-link-body><![CDATA[site]]></ac:plain-text-link-body></ac:link></p>' +
      '<ac:structured-macro ac:name="toc" />';
    expect(storageToHtml(storage, ctx)).toBe(
      '<span class="jira-issue-macro" data-testid="jira-issue-macro"><a href="/browse/OPS-1">OPS-1</a> Disk &lt;full&gt; <span class="lozenge done">Done</span></span>' +
        '<span class="jira-issue-macro" data-testid="jira-issue-macro"><a href="/browse/OPS-2">OPS-2</a></span>' +
        '<div class="panel panel-custom"><div class="panel-title">T &amp; t</div><p>in</p></div>' +
        '<pre><code>if (a &lt; b) {}</code></pre><span class="lozenge green">OK</span>' +
        '<p><span class="mention">@Aiko Sato</span> <a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">site</a></p>' +
        '<div class="macro-placeholder" data-macro="toc">toc macro</div>',
    );
  });

  it('hands a Forge macro to the context with camelCase config keys and its local id', () => {
    const storage =
      '<ac:adf-extension><ac:adf-node type="extension"><ac:adf-attribute key="extension-key">app-1/env-1/static/incident-status</ac:adf-attribute>' +
      '<ac:adf-attribute key="parameters"><ac:adf-parameter key="local-id">L1</ac:adf-parameter><ac:adf-parameter key="guest-params">' +
      '<ac:adf-parameter key="incident-id">inc-1</ac:adf-parameter><ac:adf-parameter key="tags"><ac:adf-parameter-value>a</ac:adf-parameter-value><ac:adf-parameter-value>b</ac:adf-parameter-value></ac:adf-parameter>' +
      '</ac:adf-parameter></ac:adf-attribute></ac:adf-node><ac:adf-fallback><p>fallback</p></ac:adf-fallback></ac:adf-extension>' +
      '<ac:adf-extension><ac:adf-node type="extension"><ac:adf-attribute key="extension-key">not a forge key</ac:adf-attribute></ac:adf-node></ac:adf-extension>';
    expect(storageToHtml(storage, ctx)).toBe('[frame incident-status {"incidentId":"inc-1","tags":["a","b"]} L1]<div class="macro-placeholder">This extension is not available.</div>');
  });

  it('shows a page whose storage cannot be parsed as escaped source with the reason', () => {
    const html = storageToHtml('<p>open <b>', ctx);
    expect(html).toMatch(/^<div class="banner error">This page's storage format cannot be parsed: Invalid storage format: line 1, column 11: unclosed tag: b/);
    expect(html).toContain('<pre>&lt;p&gt;open &lt;b&gt;</pre>');
  });
});
