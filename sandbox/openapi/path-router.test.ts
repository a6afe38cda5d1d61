import { PathRouter } from './path-router';

describe('PathRouter', () => {
  const router = new PathRouter([
    '/rest/api/3/issue/{issueIdOrKey}',
    '/rest/api/3/issue/createmeta',
    '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes',
    '/rest/api/3/issue/{issueIdOrKey}/comment/{id}',
    '/rest/api/3/issue/{issueIdOrKey}/transitions',
  ]);

  it('prefers a literal segment over a parameter', () => {
    expect(router.match('/rest/api/3/issue/createmeta')).toEqual({ template: '/rest/api/3/issue/createmeta', params: {} });
    expect(router.match('/rest/api/3/issue/OPS-1')).toEqual({ template: '/rest/api/3/issue/{issueIdOrKey}', params: { issueIdOrKey: 'OPS-1' } });
  });

  it('backtracks to a parameter when the literal branch leads nowhere', () => {
    expect(router.match('/rest/api/3/issue/createmeta/transitions')).toEqual({ template: '/rest/api/3/issue/{issueIdOrKey}/transitions', params: { issueIdOrKey: 'createmeta' } });
    expect(router.match('/rest/api/3/issue/createmeta/OPS/issuetypes')?.params).toEqual({ projectIdOrKey: 'OPS' });
  });

  it('percent-decodes parameter values and rejects empty or malformed ones', () => {
    expect(router.match('/rest/api/3/issue/OPS-1/comment/a%2Fb')?.params).toEqual({ issueIdOrKey: 'OPS-1', id: 'a/b' });
    expect(router.match('/rest/api/3/issue//comment/1')).toBeUndefined();
    expect(router.match('/rest/api/3/issue/%E0%A4%A')).toBeUndefined();
  });

  it('does not match prefixes, extensions or trailing slashes of a template', () => {
    expect(router.match('/rest/api/3/issue')).toBeUndefined();
    expect(router.match('/rest/api/3/issue/OPS-1/comment')).toBeUndefined();
    expect(router.match('/rest/api/3/issue/OPS-1/')).toBeUndefined();
  });
});
