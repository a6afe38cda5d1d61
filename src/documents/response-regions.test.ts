import { validateStorage } from '../../sandbox/formats/storage';
import { LANGUAGES, type Incident, type PersonMark } from '../domain/incident';
import { renderIncidentPage } from './incident-page';
import { regionId } from './regions';
import { keyTimesRegion, renderKeyTimesRegionBody, renderRolesRegionBody, responseRegionUpdates, rolesRegion } from './response-regions';
import { readRegion, replaceRegion } from './storage-regions';
import { anAlert, anIncident, NASTY } from './testing/fixtures';
import { parseWrapped } from './testing/inspect';
import { serializeStorage } from './xhtml';

const HOSTILE = `<script>alert(1)</script> ]]> & &amp; "Aiko" 'x' </ac:link>`;
const mark = (displayName: string, accountId = '557058:aiko-sato'): PersonMark => ({ accountId, displayName, at: '2025-06-10T02:00:00.000Z' });

/** The person cells' mentions, in order: the account ids of `<ac:link><ri:user/></ac:link>`. */
const mentions = (storage: string): string[] => parseWrapped(storage).elements.filter((e) => e.name === 'ri:user').map((e) => e.attrs['ri:account-id']!);

const responding = (overrides: Partial<Incident> = {}): Incident =>
  anIncident({
    roles: { commander: '557058:ben-carter', communicationsLead: '557058:aiko-sato', responders: ['557058:chika', '557058:ben-carter'] },
    acknowledgedAt: '2025-06-10T01:30:00.000Z',
    mitigatedAt: '2025-06-10T02:10:00.000Z',
    setByPerson: { impactStartedAt: mark('Aiko Sato'), mitigatedAt: mark('Ben Carter', '557058:ben-carter') },
    ...overrides,
  });

describe('the Roles region', () => {
  it.each(LANGUAGES)('names each person as a user mention and says which role is not set (%s)', (lang) => {
    const body = renderRolesRegionBody(responding().roles, lang);
    expect(validateStorage(body)).toEqual({ ok: true });
    expect(mentions(body)).toEqual(['557058:ben-carter', '557058:aiko-sato', '557058:chika', '557058:ben-carter']);
    const { texts } = parseWrapped(body);
    // the scribe is the one role nobody holds
    expect(texts.filter((t) => t === (lang === 'ja' ? '未設定' : 'Not set'))).toHaveLength(1);
    expect(texts).toContain(lang === 'ja' ? 'インシデントコマンダー（指揮者）' : 'Incident commander');
    expect(body).toMatchSnapshot();
  });

  it('shows every role as not set when none is', () => {
    const { texts, elements } = parseWrapped(renderRolesRegionBody(undefined, 'ja'));
    expect(texts.filter((t) => t === '未設定')).toHaveLength(4);
    expect(elements.some((e) => e.name === 'ac:link')).toBe(false);
  });

  it('keeps a hostile account id an attribute value, escaped', () => {
    const body = renderRolesRegionBody({ commander: HOSTILE, responders: [] }, 'en');
    expect(validateStorage(body)).toEqual({ ok: true });
    expect(mentions(body)).toEqual([HOSTILE]);
    expect(body).not.toContain('<script>');
  });

  it('is a page properties macro with its stable macro id, saying first that Kaizen keeps it', () => {
    const xml = serializeStorage([rolesRegion('inc-1', undefined, 'ja')]);
    const { elements, texts } = parseWrapped(xml);
    expect(elements[0]).toEqual({ name: 'ac:structured-macro', attrs: { 'ac:name': 'details', 'ac:schema-version': '1', 'ac:macro-id': regionId('inc-1', 'roles') } });
    expect(texts[0]).toContain('Kaizen が更新します');
  });
});

describe('the Key times region', () => {
  it.each(LANGUAGES)('lists the five key times with who set each, and the durations (%s)', (lang) => {
    const body = renderKeyTimesRegionBody(responding(), lang);
    expect(validateStorage(body)).toEqual({ ok: true });
    const { texts } = parseWrapped(body);
    if (lang === 'en') {
      expect(texts).toEqual(
        expect.arrayContaining(['Impact started', 'Tue 10 Jun 2025, 01:23:45 UTC', 'Aiko Sato', 'Detected', 'Kaizen (alerts)', 'Mitigated', 'Ben Carter', 'Recovered', 'Not yet']),
      );
      // TTD 2 s, TTA 6 min, TTM 46 min, TTR not yet
      expect(texts).toEqual(expect.arrayContaining(['2 s', '6 min', '46 min', '—']));
    } else {
      expect(texts).toEqual(expect.arrayContaining(['影響開始', '2025年6月10日(火) 10:23:45 JST', 'Aiko Sato', '検知', 'Kaizen（アラート）', '暫定対処', '復旧', '未記録', '2秒', '6分', '46分']));
    }
    expect(body).toMatchSnapshot();
  });

  it('writes hostile display names as text, never as markup', () => {
    const name = `${HOSTILE} ${NASTY}`;
    const body = renderKeyTimesRegionBody(responding({ setByPerson: { detectedAt: mark(name) } }), 'en');
    expect(validateStorage(body)).toEqual({ ok: true });
    const { texts, elements } = parseWrapped(body);
    expect(texts.join('')).toContain('<script>alert(1)</script> ]]> & &amp; "Aiko"');
    expect(elements.some((e) => e.name === 'script')).toBe(false);
    expect(body).not.toContain('<script>');
    expect(body).toContain('&lt;script&gt;');
  });

  it('is deterministic, and a changed time changes it', () => {
    expect(renderKeyTimesRegionBody(responding(), 'en')).toBe(renderKeyTimesRegionBody(responding(), 'en'));
    expect(renderKeyTimesRegionBody(responding({ recoveredAt: '2025-06-10T03:00:00.000Z' }), 'en')).not.toBe(renderKeyTimesRegionBody(responding(), 'en'));
  });

  it('is a page properties macro with its stable macro id, saying first that Kaizen keeps it', () => {
    const { elements, texts } = parseWrapped(serializeStorage([keyTimesRegion('inc-1', responding(), 'en')]));
    expect(elements[0]!.attrs).toMatchObject({ 'ac:name': 'details', 'ac:macro-id': regionId('inc-1', 'key-times') });
    expect(texts[0]).toContain('Kaizen keeps this block');
  });
});

describe('the regions on a new page', () => {
  it('are on the page as rendered, and an update of the same incident changes nothing', () => {
    const incident = responding();
    const { storage } = renderIncidentPage({ incident, issueKey: 'OPS-12', alert: anAlert(), language: 'en', macro: { extensionKey: 'a/b/static/incident-status' } });
    for (const { regionId: id, render } of responseRegionUpdates(incident)) {
      expect(readRegion(storage, id)).toBe(render());
      expect(replaceRegion(storage, id, render())).toMatchObject({ found: true, changed: false });
    }
    // the person's cell of the old hand-filled table is gone: the roles are Kaizen's now
    expect(mentions(storage)).toEqual(['557058:ben-carter', '557058:aiko-sato', '557058:chika', '557058:ben-carter']);
  });
});
