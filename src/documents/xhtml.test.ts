import { validateStorage } from '../../sandbox/formats/storage';
import { NASTY } from './testing/fixtures';
import { parseWrapped } from './testing/inspect';
import { cleanText } from './text';
import { el, serializeStorage } from './xhtml';

describe('serializeStorage', () => {
  it('writes ac:/ri: prefixes as Confluence does, without xmlns declarations or an XML declaration', () => {
    const out = serializeStorage([
      el('ac:link', {}, el('ri:page', { 'ri:content-title': 'Incidents' })),
      el('ac:structured-macro', { 'ac:name': 'info', 'ac:schema-version': '1' }, el('ac:rich-text-body', {}, el('p', {}, 'hi'))),
    ]);
    expect(out).toBe(
      '<ac:link><ri:page ri:content-title="Incidents"/></ac:link>' +
        '<ac:structured-macro ac:name="info" ac:schema-version="1"><ac:rich-text-body><p>hi</p></ac:rich-text-body></ac:structured-macro>',
    );
    expect(out).not.toMatch(/xmlns|<\?xml/);
  });

  it('escapes text and attributes so they read back exactly (entity-looking text included)', () => {
    const tricky = ['&amp;', '&bogus;', '&#60;', '&nbsp;', '& alone', '<script>', ']]>', '</ac:structured-macro>', '"\'', NASTY];
    for (const value of tricky) {
      const out = serializeStorage([el('p', { title: value }, value)]);
      const parsed = parseWrapped(out);
      expect(parsed.texts.join('')).toBe(cleanText(value));
      expect(parsed.elements[0]?.attrs['title']).toBe(cleanText(value));
      expect(validateStorage(out)).toEqual({ ok: true });
    }
  });

  it('shows markup in text only as escaped text', () => {
    const out = serializeStorage([el('p', {}, '<script>alert(1)</script> </ac:rich-text-body>')]);
    expect(out).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;/ac:rich-text-body&gt;</p>');
  });

  it('replaces characters XML forbids instead of failing', () => {
    expect(serializeStorage([el('p', {}, 'a\u0000b\uD800c')])).toBe('<p>a\uFFFDb\uFFFDc</p>');
  });

  it('writes line breaks in attributes as spaces', () => {
    expect(serializeStorage([el('a', { href: 'https://x/\nq' }, 'x')])).toBe('<a href="https://x/ q">x</a>');
  });

  it('skips false, nullish and empty children and leaves out undefined attributes', () => {
    expect(serializeStorage([el('p', { id: undefined }, false, null, undefined, '', ['a', ['b']])])).toBe('<p>ab</p>');
    expect(serializeStorage([])).toBe('');
  });

  it('refuses an unknown prefix', () => {
    expect(() => serializeStorage([el('x:y')])).toThrow(/unknown prefix/);
  });
});
