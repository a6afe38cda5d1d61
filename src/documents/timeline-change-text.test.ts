import { changeInlines, changeParts, changeStorage } from './timeline-change-text';
import { el, serializeStorage } from './xhtml';

describe('a person’s change, said in the page language', () => {
  it('names levels, key times and roles in Japanese, people as mentions, never raw English detail', () => {
    expect(changeParts({ field: 'level', from: 'SEV3', to: 'SEV1' }, 'ja').map((p) => ('text' in p ? p.text : p.person)).join('')).toMatch(/^SEV3.*→ SEV1/);
    const time = changeParts({ field: 'impactStartedAt', to: '2025-06-10T01:00:00.000Z' }, 'ja');
    expect(time).toEqual([{ text: expect.stringMatching(/^影響開始: 2025年6月10日/) }]);
    const roles = changeParts({ field: 'roles', to: { commander: '557058:ben', responders: ['557058:aiko', '557058:chika'], scribe: null } }, 'ja');
    expect(roles).toEqual([
      { text: 'インシデントコマンダー（指揮者）: ' },
      { person: '557058:ben' },
      { text: '、' },
      { text: '記録係: ' },
      { text: '—' },
      { text: '、' },
      { text: '対応者: ' },
      { person: '557058:aiko' },
      { text: ', ' },
      { person: '557058:chika' },
    ]);
  });

  it('an ADF mention node and a storage user link, the id escaped', () => {
    expect(changeInlines({ field: 'roles', to: { commander: '557058:ben' } }, 'en')).toContainEqual({ type: 'mention', attrs: expect.objectContaining({ id: '557058:ben' }) });
    const xml = serializeStorage([el('p', {}, changeStorage({ field: 'roles', to: { commander: '"><script>' } }, 'en'))]);
    expect(xml).toContain('<ac:link><ri:user ri:account-id="&quot;&gt;&lt;script&gt;"/></ac:link>');
  });
});
