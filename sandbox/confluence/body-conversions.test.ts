import { validateAdf } from '../formats/adf';
import { validateStorage } from '../formats/storage';
import { adfToStorage, adfToText, storageToAdf } from './adf-convert';
import { storageToText, storageToView } from './xhtml';

const storage =
  '<h2>Summary</h2><p>DB&nbsp;failover &amp; <strong>recovery</strong></p>' +
  '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">sql</ac:parameter><ac:plain-text-body><![CDATA[SELECT 1 < 2;]]></ac:plain-text-body></ac:structured-macro>' +
  '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Add alert</ac:task-body></ac:task></ac:task-list>' +
  '<p><ac:link><ri:page ri:content-title="Runbook" /></ac:link></p>';

const adf = {
  version: 1,
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Timeline' }] },
    { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '09:00 <alert>', marks: [{ type: 'link', attrs: { href: 'https://example.com/?a=1&b=2' } }] }] }] }] },
    { type: 'codeBlock', content: [{ type: 'text', text: 'x ]]> y' }] },
    { type: 'taskList', attrs: { localId: 't' }, content: [{ type: 'taskItem', attrs: { localId: 'i', state: 'DONE' }, content: [{ type: 'text', text: 'Done' }] }] },
    { type: 'rule' },
  ],
};

describe('body conversions', () => {
  it('extracts the readable text of storage, without macro parameters or task metadata', () => {
    // The link to "Runbook" has no link body, so it contributes no text (its title is a reference, not content).
    expect(storageToText(storage)).toBe('Summary\nDB failover & recovery\nSELECT 1 < 2;\nAdd alert');
  });

  it('renders view HTML that is itself well-formed', () => {
    const view = storageToView(storage);
    expect(view).toContain('<h2>Summary</h2>');
    expect(view).toContain('<pre>SELECT 1 &lt; 2;</pre>');
    expect(view).toContain('<a class="confluence-link">Runbook</a>');
    expect(view).not.toContain('sql');
    expect(validateStorage(view)).toEqual({ ok: true });
  });

  it('turns ADF into valid storage that keeps the text', () => {
    const out = adfToStorage(adf);
    expect(validateStorage(out)).toEqual({ ok: true });
    expect(out).toContain('<h2>Timeline</h2>');
    expect(out).toContain('<a href="https://example.com/?a=1&amp;b=2">09:00 &lt;alert&gt;</a>');
    expect(storageToText(out)).toContain('x ]]> y');
    expect(adfToText(adf)).toContain('09:00 <alert>');
  });

  it('turns storage into a valid (lossy) ADF document', () => {
    const doc = storageToAdf(storage);
    expect(validateAdf(doc)).toEqual({ ok: true });
    expect(doc.content[0]).toEqual({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Summary' }] });
    expect(doc.content[1]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'DB failover & recovery' }] });
    expect(storageToAdf('')).toEqual({ version: 1, type: 'doc', content: [] });
  });
});
