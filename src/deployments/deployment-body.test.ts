import fc from 'fast-check';
import { cut, MAX_DEPLOYMENT_COMMITS, parseDeploymentBody, parseDevLakeDate } from './deployment-body';
import { verifyBearer } from './verify-bearer';

const commit = (over: Record<string, unknown> = {}) => ({
  repoUrl: 'https://github.com/example/shop',
  commitSha: '015e3d3b480e417aede5a1293bd61de9b0fd051d',
  startedDate: '2026-12-01T10:00:00Z',
  finishedDate: '2026-12-01T10:05:00Z',
  ...over,
});
const body = (over: Record<string, unknown> = {}) => ({ id: 'run-1', startedDate: '2026-12-01T10:00:00Z', finishedDate: '2026-12-01T10:05:00Z', deploymentCommits: [commit()], ...over });

const record = (over: Record<string, unknown> = {}) => {
  const parsed = parseDeploymentBody(body(over));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.record;
};
const fields = (json: unknown): string[] => {
  const parsed = parseDeploymentBody(json);
  if (parsed.ok) throw new Error('accepted');
  return parsed.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('DevLake dates', () => {
  it.each([
    ['2026-12-01T10:00:00Z', '2026-12-01T10:00:00.000Z'],
    ['2026-12-01T10:00:00.123456Z', '2026-12-01T10:00:00.123Z'],
    ['2026-12-01T19:00:00+09:00', '2026-12-01T10:00:00.000Z'],
    ['2026-12-01T19:00:00.5+0900', '2026-12-01T10:00:00.500Z'],
    ['2026-12-01T05:30:00-04:30', '2026-12-01T10:00:00.000Z'],
    ['2026-12-01 10:00:00', '2026-12-01T10:00:00.000Z'],
    [Date.UTC(2026, 11, 1, 10), '2026-12-01T10:00:00.000Z'],
  ])('%s → %s', (input, iso) => expect(parseDevLakeDate(input)).toBe(iso));

  it.each(['2026-12-01', '2026-12-01T10:00:00', '2026-02-30T10:00:00Z', '2026-12-01T24:00:00Z', '2026-12-01T10:00:00+25:00', 'yesterday', '', -1, 1e20])('refuses %p', (input) => expect(parseDevLakeDate(input)).toBeUndefined());
});

describe('the deployment body', () => {
  it('takes the minimal DevLake body, with DevLake’s defaults and no guessed lead time', () => {
    expect(record()).toEqual({
      id: 'run-1',
      displayTitle: null,
      name: null,
      result: 'SUCCESS',
      environment: 'PRODUCTION',
      outcome: 'success',
      service: null,
      version: null,
      pipelineUrl: null,
      startedAt: '2026-12-01T10:00:00.000Z',
      finishedAt: '2026-12-01T10:05:00.000Z',
      createdAt: null,
      commits: [{ repoUrl: 'https://github.com/example/shop', commitSha: '015e3d3b480e417aede5a1293bd61de9b0fd051d', refName: null, commitMsg: null, result: null, startedAt: '2026-12-01T10:00:00.000Z', finishedAt: '2026-12-01T10:05:00.000Z', authoredAt: null }],
      hotfixFor: [],
      problemSummary: null,
    });
  });

  it('turns a numeric id into a string, upper-cases result and environment, treats empty and null as absent, ignores unknown fields', () => {
    expect(record({ id: 1234, result: 'failure', environment: 'staging', displayTitle: '', name: null, originalEnvironment: 'prod' })).toMatchObject({ id: '1234', result: 'FAILURE', environment: 'STAGING', outcome: 'failed', displayTitle: null, name: null });
    expect(record({ result: '', environment: '' })).toMatchObject({ result: 'SUCCESS', environment: 'PRODUCTION', outcome: 'success' });
  });

  it('derives the outcome from the result unless the body names one', () => {
    expect(record({ result: 'ABORT' }).outcome).toBe('failed');
    expect(record({ result: 'SUCCESS', outcome: 'rolled_back', problemSummary: '  Rolled back to v8  ' })).toMatchObject({ outcome: 'rolled_back', problemSummary: 'Rolled back to v8' });
  });

  it('keeps Kaizen’s fields: service, version, pipeline URL, authored dates, hotfix keys (once each)', () => {
    expect(record({ service: 'shop-api', version: 'v2', pipelineUrl: 'https://ci.example.com/runs/1', hotfixFor: ['OPS-12', 'OPS-12', 'INC_2-7'], deploymentCommits: [commit({ commitAuthoredDate: '2026-11-30T09:00:00+09:00' })] })).toMatchObject({
      service: 'shop-api',
      version: 'v2',
      pipelineUrl: 'https://ci.example.com/runs/1',
      hotfixFor: ['OPS-12', 'INC_2-7'],
      commits: [{ authoredAt: '2026-11-30T00:00:00.000Z' }],
    });
  });

  it('drops the credentials a URL carries (GitLab’s CI_REPOSITORY_URL has the job token)', () => {
    const r = record({ pipelineUrl: 'https://user:pa55@ci.example.com/runs/1', deploymentCommits: [commit({ repoUrl: 'https://gitlab-ci-token:glcbt-secret@gitlab.com/shop/api.git' })] });
    expect(r.pipelineUrl).toBe('https://ci.example.com/runs/1');
    expect(r.commits[0]!.repoUrl).toBe('https://gitlab.com/shop/api.git');
    expect(JSON.stringify(r)).not.toContain('secret');
  });

  it('keeps a commit listed twice once', () => {
    expect(record({ deploymentCommits: [commit(), commit({ commitMsg: 'again' }), commit({ commitSha: 'abc' })] }).commits.map((c) => c.commitSha)).toEqual(['015e3d3b480e417aede5a1293bd61de9b0fd051d', 'abc']);
  });

  it('names every bad field', () => {
    expect(fields({ deploymentCommits: [{ repoUrl: 'x' }, 'nope'], environment: 'P'.repeat(101), result: 'SUCCEEDED_WITH_WARNINGS', pipelineUrl: 'ftp://x', outcome: 'ok', hotfixFor: ['ops-1', 12], startedDate: 'soon' })).toEqual([
      'id: required',
      'result: a result word of up to 16 letters, e.g. SUCCESS, FAILURE, ABORT',
      'environment: too long: at most 100 characters',
      expect.stringMatching(/^startedDate: not a date/),
      'finishedDate: required',
      'deploymentCommits[0].commitSha: required',
      'deploymentCommits[0].startedDate: required',
      'deploymentCommits[0].finishedDate: required',
      'deploymentCommits[1]: expected an object',
      'pipelineUrl: an absolute http(s) URL',
      'outcome: one of success, failed, rolled_back, partially_incomplete',
      'hotfixFor[0]: a Jira issue key, e.g. OPS-12',
      'hotfixFor[1]: expected an issue key string',
    ]);
    expect(fields([])).toEqual(['(body): expected a JSON object']);
    expect(fields(body({ deploymentCommits: [] }))).toEqual(['deploymentCommits: at least one commit (as DevLake)']);
    expect(fields(body({ deploymentCommits: undefined }))).toEqual(['deploymentCommits: required: at least one commit (as DevLake)']);
    expect(fields(body({ finishedDate: '2026-12-01T09:00:00Z' }))).toEqual(['finishedDate: before startedDate']);
  });

  it('bounds sizes: commits, identifiers refused when too long, free text cut to its column', () => {
    const many = Array.from({ length: MAX_DEPLOYMENT_COMMITS + 1 }, (_, i) => commit({ commitSha: `sha${i}` }));
    expect(fields(body({ deploymentCommits: many }))).toEqual([`deploymentCommits: at most ${MAX_DEPLOYMENT_COMMITS} commits`]);
    expect(fields(body({ id: 'x'.repeat(256), service: 's'.repeat(256), deploymentCommits: [commit({ commitSha: 'f'.repeat(65) })] }))).toEqual([
      'id: too long: at most 255 characters',
      'deploymentCommits[0].commitSha: too long: at most 64 characters',
      'service: too long: at most 255 characters',
    ]);
    const long = record({ displayTitle: '題'.repeat(600), deploymentCommits: [commit({ commitMsg: '😀'.repeat(2000) })] });
    expect(Array.from(long.displayTitle!)).toHaveLength(512);
    expect(Array.from(long.commits[0]!.commitMsg!)).toHaveLength(1024);
    expect(cut('a😀b', 2)).toBe('a😀');
  });
});

describe('the bearer check', () => {
  const headers = (value: string) => ({ authorization: [value] });
  it('accepts either secret of a rotation, the scheme in any case', () => {
    expect(verifyBearer(headers('Bearer new-secret'), ['new-secret', 'old-secret'])).toEqual({ ok: true });
    expect(verifyBearer(headers('bearer old-secret'), ['new-secret', 'old-secret'])).toEqual({ ok: true });
  });
  it('says what was wrong, never what was expected', () => {
    expect(verifyBearer(headers('Bearer other'), ['new-secret'])).toEqual({ ok: false, reason: 'bad-credentials' });
    expect(verifyBearer(headers('Token new-secret'), ['new-secret'])).toEqual({ ok: false, reason: 'malformed-credentials' });
    expect(verifyBearer({}, ['new-secret'])).toEqual({ ok: false, reason: 'missing-credentials' });
    expect(verifyBearer(headers('Bearer x'), [])).toEqual({ ok: false, reason: 'no-secret-configured' });
    expect(verifyBearer(headers('Bearer '), [''])).toEqual({ ok: false, reason: 'no-secret-configured' });
  });
});

describe('any JSON at all', () => {
  it('is a record or a list of named bad fields, never a throw', () => {
    const dateish = fc.oneof(fc.constant('2026-12-01T10:00:00Z'), fc.string(), fc.integer(), fc.double(), fc.constant(null));
    const commitish = fc.record({ repoUrl: fc.oneof(fc.string(), fc.integer()), commitSha: fc.string(), startedDate: dateish, finishedDate: dateish, commitAuthoredDate: dateish }, { requiredKeys: [] });
    const bodyish = fc.record(
      { id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), startedDate: dateish, finishedDate: dateish, environment: fc.string(), result: fc.string(), deploymentCommits: fc.oneof(fc.array(commitish, { maxLength: 3 }), fc.jsonValue()), hotfixFor: fc.oneof(fc.array(fc.string()), fc.jsonValue()), outcome: fc.string(), pipelineUrl: fc.string() },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), bodyish), (json) => {
        const parsed = parseDeploymentBody(json);
        if (!parsed.ok) expect(parsed.errors.length).toBeGreaterThan(0);
        else expect(parsed.record.commits.length).toBeGreaterThan(0);
      }),
      { numRuns: 300, seed: 10 },
    );
  });
});
