import { validateStorage } from '../../sandbox/formats/storage';
import { LANGUAGES } from '../domain/incident';
import { readActionItems } from './action-items';
import { CONFLUENCE_TITLE_MAX } from './incident-page';
import {
  releaseReviewFactsRegionId,
  renderReleaseProblemComment,
  renderReleaseReviewFactsBody,
  renderReleaseReviewPage,
  renderReleaseReviewTitle,
  type ReleaseReviewFacts,
} from './release-review-page';
import { readRegion } from './storage-regions';
import { NASTY } from './testing/fixtures';
import { adfHrefs, adfNonTextStrings, adfTexts, parseWrapped } from './testing/inspect';
import { cleanText } from './text';

const facts = (over: Partial<ReleaseReviewFacts> = {}): ReleaseReviewFacts => ({
  problemId: 'person:5d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
  releaseClass: 'rolled_back',
  summary: 'Rolled back v1.2.0: payments returned 502',
  occurredAt: '2026-11-30T10:00:00.000Z',
  deployment: { id: 'deploy-981', title: 'checkout v1.2.0', pipelineUrl: 'https://ci.example.com/runs/981' },
  service: 'checkout',
  version: 'v1.2.0',
  reportedBy: { accountId: 'acc-ben' },
  reportedOn: { key: 'OPS-7' },
  ...over,
});

const headings = (storage: string): string[] => [...storage.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1]!);
const hrefs = (storage: string): string[] => parseWrapped(storage).elements.filter((e) => e.name === 'a').map((e) => e.attrs['href']!);

describe('the light review page of a release problem', () => {
  it.each(LANGUAGES)('is well-formed storage with the sections in order and the facts region first (%s)', (language) => {
    const page = renderReleaseReviewPage({ language, facts: facts() });
    expect(validateStorage(page.storage)).toEqual({ ok: true });
    expect(headings(page.storage)).toEqual(
      language === 'ja'
        ? ['事実情報（Kaizen が自動更新）', '予定していた内容', '実際に起きたこと', 'なぜなぜ分析', '再発防止策', 'アクションアイテム']
        : ['Facts (kept by Kaizen)', 'What was planned', 'What happened', '5 whys', 'Prevention', 'Action items'],
    );
    // the facts region: a page properties macro with a stable id, whose body is what renderReleaseReviewFactsBody renders
    expect(readRegion(page.storage, releaseReviewFactsRegionId(facts().problemId))).toBe(renderReleaseReviewFactsBody(facts(), language));
    expect(page.storage).toMatchSnapshot();
  });

  it('the facts: class, what was reported, the deployment linked to its pipeline, service, version, when, who, where', () => {
    const en = renderReleaseReviewFactsBody(facts(), 'en');
    const { texts, elements } = parseWrapped(en);
    expect(texts).toEqual(expect.arrayContaining(['Rolled back', 'Rolled back v1.2.0: payments returned 502', 'checkout', 'v1.2.0', 'Mon 30 Nov 2026, 10:00:00 UTC']));
    expect(texts.join('')).toContain('checkout v1.2.0 (pipeline)');
    expect(hrefs(en)).toEqual(['https://ci.example.com/runs/981']);
    expect(elements.filter((e) => e.name === 'ri:user').map((e) => e.attrs['ri:account-id'])).toEqual(['acc-ben']);
    expect(en).toContain('<ac:structured-macro ac:name="jira" ac:schema-version="1"><ac:parameter ac:name="key">OPS-7</ac:parameter></ac:structured-macro>');
    const ja = parseWrapped(renderReleaseReviewFactsBody(facts({ releaseClass: 'partially_incomplete' }), 'ja')).texts;
    expect(ja).toEqual(expect.arrayContaining(['リリース時の問題', '一部未完了', '発生日時', '2026年11月30日(月) 19:00:00 JST', '報告者', '報告元の課題']));
  });

  it('a report by CI, without a deployment, service or version, says so instead of leaving cells empty', () => {
    const body = renderReleaseReviewFactsBody(facts({ reportedBy: 'ci', deployment: undefined, service: null, version: null, reportedOn: undefined }), 'en');
    const { texts } = parseWrapped(body);
    expect(texts).toContain('CI (deployment web trigger)');
    expect(texts.filter((t) => t === 'Not given')).toHaveLength(3);
    expect(body).not.toContain('Reported on');
    expect(body).not.toContain('ri:user');
  });

  it('its action items table is the retrospective’s: the same reader finds its columns (en and ja)', () => {
    for (const language of LANGUAGES) {
      const page = renderReleaseReviewPage({ language, facts: facts() });
      expect(readActionItems(page.storage, { today: '2026-12-01' })).toEqual({ found: true, columns: ['action', 'type', 'owner', 'due', 'priority', 'jira'], rows: [] });
    }
  });

  it('the title: class, subject and summary, and a tag unique to the problem; stable for the problem', () => {
    expect(renderReleaseReviewTitle(facts(), 'en')).toMatch(/^Release review \(Rolled back\): checkout v1\.2\.0 — Rolled back v1\.2\.0: payments returned 502 \[[0-9a-f]{8}\]$/);
    expect(renderReleaseReviewTitle(facts(), 'ja')).toMatch(/^リリースレビュー（切り戻し）: checkout v1\.2\.0 — Rolled back v1\.2\.0: payments returned 502 \[[0-9a-f]{8}\]$/);
    expect(renderReleaseReviewTitle(facts(), 'en')).toBe(renderReleaseReviewTitle(facts(), 'en'));
    expect(renderReleaseReviewTitle(facts({ problemId: 'ci:deploy-981' }), 'en')).not.toBe(renderReleaseReviewTitle(facts(), 'en'));
    // without service and version: the deployment's title; without either: no subject
    expect(renderReleaseReviewTitle(facts({ service: null, version: null }), 'en')).toMatch(/^Release review \(Rolled back\): checkout v1\.2\.0 — /);
    expect(renderReleaseReviewTitle(facts({ service: null, version: null, deployment: undefined }), 'en')).toMatch(/^Release review \(Rolled back\): Rolled back v1\.2\.0/);
  });

  it('a long summary is cut so that the title stays within Confluence’s limit with its unique tag', () => {
    const title = renderReleaseReviewTitle(facts({ summary: '障害'.repeat(400), service: 's'.repeat(300) }), 'ja');
    expect(title.length).toBeLessThanOrEqual(CONFLUENCE_TITLE_MAX);
    expect(title).toMatch(/… \[[0-9a-f]{8}\]$/);
    expect(title.split('\n')).toHaveLength(1);
  });

  it('escapes every reported text: nothing becomes markup, a link only when http(s)', () => {
    const page = renderReleaseReviewPage({
      language: 'en',
      facts: facts({ summary: NASTY, service: NASTY, version: NASTY, deployment: { id: NASTY, title: NASTY, pipelineUrl: 'javascript:alert(1)' }, reportedBy: { accountId: 'acc"/><script>' }, reportedOn: { key: NASTY } }),
    });
    expect(validateStorage(page.storage)).toEqual({ ok: true });
    const { elements, texts } = parseWrapped(page.storage);
    expect(elements.map((e) => e.name)).not.toContain('script');
    expect(texts.join('')).toContain('<script>alert("x")</script>');
    expect(texts.join('')).toContain(']]>');
    expect(hrefs(page.storage)).toEqual([]);
    expect(elements.filter((e) => e.name === 'ri:user').map((e) => e.attrs['ri:account-id'])).toEqual(['acc"/><script>']);
    expect(page.title).toContain(cleanText('<script>alert("x")</script>'));
  });
});

describe('the comment on the issue it was reported from', () => {
  it('says who reported which class and what happened, with the review page', () => {
    const doc = renderReleaseProblemComment({ releaseClass: 'rolled_back', summary: 'Rolled back v1.2.0', reporter: 'Ben Carter', reviewPage: { title: 'Release review (Rolled back): …', url: 'https://acme.atlassian.net/wiki/x/1' } }, 'en');
    expect(adfTexts(doc).join('')).toBe('Release problem reported (Rolled back) by Ben Carter: Rolled back v1.2.0Light review page: Release review (Rolled back): …');
    expect(adfHrefs(doc)).toEqual(['https://acme.atlassian.net/wiki/x/1']);
    const ja = renderReleaseProblemComment({ releaseClass: 'caused_outage', summary: '決済停止', reporter: '佐藤 愛子', incident: { key: 'OPS-13', url: 'https://acme.atlassian.net/browse/OPS-13' } }, 'ja');
    expect(adfTexts(ja).join('')).toBe('佐藤 愛子 さんがリリース障害（障害発生）を報告しました: 決済停止障害が発生したため、インシデントを宣言しました: OPS-13');
  });

  it('keeps reported text in text nodes only', () => {
    const doc = renderReleaseProblemComment({ releaseClass: 'partially_incomplete', summary: NASTY, reporter: NASTY, reviewPage: { title: NASTY, url: 'javascript:alert(1)' } }, 'en');
    expect(adfHrefs(doc)).toEqual([]);
    for (const s of adfNonTextStrings(doc)) expect(s).not.toContain('<script>');
  });
});
