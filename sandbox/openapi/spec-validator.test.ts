import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultSpecsDir } from './spec-documents';
import { loadSpecValidator, type CheckedRequest, type MatchedOperation, type RequestCheck } from './spec-validator';

const validator = loadSpecValidator();
const JSON_HEADERS = { 'content-type': 'application/json' };

function request(method: string, url: string, body?: unknown): CheckedRequest {
  const [path = '', query = ''] = url.split('?');
  return body === undefined
    ? { method, path, query: new URLSearchParams(query), headers: {}, body: undefined }
    : { method, path, query: new URLSearchParams(query), headers: JSON_HEADERS, body, rawBody: JSON.stringify(body), contentType: 'application/json' };
}

function rejected(check: RequestCheck): Extract<RequestCheck, { ok: false }> {
  if (check.ok) throw new Error(`expected a rejection, got ${check.op.operationId} accepted`);
  return check;
}

function accepted(check: RequestCheck): MatchedOperation {
  if (!check.ok) throw new Error(`expected acceptance, got ${check.status}: ${check.message}`);
  return check.op;
}

const issueFields = { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Database failover' };

describe('routing', () => {
  it('matches templates and reports the operation', () => {
    const op = accepted(validator.checkRequest(request('GET', '/rest/api/3/issue/OPS-1?fields=summary,status')));
    expect(op).toEqual({ product: 'jira', operationId: 'getIssue', pathTemplate: '/rest/api/3/issue/{issueIdOrKey}', pathParams: { issueIdOrKey: 'OPS-1' }, specName: 'jira-platform-v3' });
  });

  it('prefers literal segments over parameters', () => {
    expect(accepted(validator.checkRequest(request('GET', '/rest/api/3/issue/createmeta'))).operationId).toBe('getCreateIssueMeta');
    expect(accepted(validator.checkRequest(request('GET', '/rest/api/3/issue/picker'))).operationId).toBe('getIssuePickerResource');
  });

  it('answers 404 for unknown paths and APIs', () => {
    expect(rejected(validator.checkRequest(request('GET', '/rest/api/3/no-such-thing'))).status).toBe(404);
    expect(rejected(validator.checkRequest(request('GET', '/rest/api/2/issue/OPS-1'))).status).toBe(404);
    expect(rejected(validator.checkRequest(request('GET', '/wiki/api/v2/nope'))).status).toBe(404);
  });

  it('answers 405 with the allowed methods for a known path', () => {
    const check = rejected(validator.checkRequest(request('PATCH', '/rest/api/3/issue/OPS-1')));
    expect(check.status).toBe(405);
    expect(check.message).toContain('GET, PUT, DELETE');
  });

  it('routes Confluence v2 and v1 by prefix', () => {
    expect(accepted(validator.checkRequest(request('GET', '/wiki/api/v2/pages/65537?body-format=storage')))).toMatchObject({ product: 'confluence', specName: 'confluence-v2', operationId: 'getPageById', pathParams: { id: '65537' } });
    expect(accepted(validator.checkRequest(request('GET', '/wiki/rest/api/content/65537/label')))).toMatchObject({ product: 'confluence', specName: 'confluence-v1', operationId: 'getLabelsForContent' });
  });
});

describe('Jira request validation', () => {
  it('rejects createIssue with a non-string summary, naming the field', () => {
    const check = rejected(validator.checkRequest(request('POST', '/rest/api/3/issue', { fields: { ...issueFields, summary: 42 } })));
    expect(check.status).toBe(400);
    expect(check.errors).toContainEqual({ location: 'body', name: 'summary', message: 'body/fields/summary must be string' });
    expect(check.message).toContain('body/fields/summary must be string');
  });

  it('accepts a well-formed createIssue with an ADF description', () => {
    const description = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Failover took 4 minutes' }] }] };
    accepted(validator.checkRequest(request('POST', '/rest/api/3/issue', { fields: { ...issueFields, description, labels: ['incident'] } })));
  });

  it('rejects a v2-style string description and invalid ADF (v3 rich text is ADF)', () => {
    const plain = rejected(validator.checkRequest(request('POST', '/rest/api/3/issue', { fields: { ...issueFields, description: 'text' } })));
    expect(plain.errors[0]?.message).toMatch(/^body\/fields\/description must be an Atlassian Document Format document/);
    const badAdf = rejected(validator.checkRequest(request('PUT', '/rest/api/3/issue/OPS-1', { fields: { description: { type: 'doc', version: 1, content: [{ type: 'nope' }] } } })));
    expect(badAdf.errors[0]?.message).toContain("unknown node type 'nope'");
  });

  it('rejects createIssue without the always-required system fields', () => {
    const check = rejected(validator.checkRequest(request('POST', '/rest/api/3/issue', { fields: { project: { key: 'OPS' } } })));
    expect(check.errors.map((e) => e.name).sort()).toEqual(['issuetype', 'summary']);
  });

  it('rejects labels with spaces and fields set in both fields and update', () => {
    const labels = rejected(validator.checkRequest(request('PUT', '/rest/api/3/issue/OPS-1', { fields: { labels: ['two words'] } })));
    expect(labels.errors[0]).toMatchObject({ name: 'labels', message: expect.stringContaining('body/fields/labels/0 must not contain spaces') });
    const both = rejected(validator.checkRequest(request('PUT', '/rest/api/3/issue/OPS-1', { fields: { summary: 'a' }, update: { summary: [{ set: 'b' }] } })));
    expect(both.errors[0]?.name).toBe('summary');
  });

  it('enforces additionalProperties: false from the document', () => {
    const link = { type: { name: 'Blocks' }, inwardIssue: { key: 'OPS-1' }, outwardIssue: { key: 'OPS-2' } };
    accepted(validator.checkRequest(request('POST', '/rest/api/3/issueLink', link)));
    const check = rejected(validator.checkRequest(request('POST', '/rest/api/3/issueLink', { ...link, priority: 'high' })));
    expect(check.errors).toEqual([expect.objectContaining({ location: 'body', name: 'priority', message: expect.stringMatching(/^body\/priority is not allowed/) })]);
  });

  it('checks required properties of the body schema', () => {
    const check = rejected(validator.checkRequest(request('POST', '/rest/api/3/issueLink', { type: { name: 'Blocks' }, inwardIssue: { key: 'OPS-1' } })));
    expect(check.errors.map((e) => e.message)).toEqual(['body/outwardIssue is required']);
  });

  it('rejects a missing required body', () => {
    const check = rejected(validator.checkRequest({ ...request('POST', '/rest/api/3/issueLink'), headers: JSON_HEADERS, contentType: 'application/json' }));
    expect(check.errors).toEqual([{ location: 'body', name: 'body', message: 'body is required' }]);
  });

  it('accepts GET /search/jql with jql, nextPageToken and maxResults', () => {
    const op = accepted(validator.checkRequest(request('GET', '/rest/api/3/search/jql?jql=project%20%3D%20OPS&nextPageToken=CAEaAggD&maxResults=50&fields=summary,status')));
    expect(op.operationId).toBe('searchAndReconsileIssuesUsingJql');
  });

  it('rejects query parameters of the wrong type, naming them', () => {
    const check = rejected(validator.checkRequest(request('GET', '/rest/api/3/search/jql?jql=x&maxResults=fifty')));
    expect(check.errors).toEqual([{ location: 'query', name: 'maxResults', message: "query parameter 'maxResults' must be integer" }]);
    const bool = rejected(validator.checkRequest(request('GET', '/rest/api/3/search/jql?jql=x&fieldsByKeys=yes')));
    expect(bool.errors[0]?.message).toBe("query parameter 'fieldsByKeys' must be boolean");
  });

  it('rejects a missing required query parameter', () => {
    const check = rejected(validator.checkRequest(request('GET', '/rest/api/3/issue/picker/nope')));
    expect(check.status).toBe(404);
    const missing = rejected(validator.checkRequest(request('GET', '/rest/api/3/user/search/query')));
    expect(missing.errors).toEqual([{ location: 'query', name: 'query', message: "query parameter 'query' is required" }]);
  });

  it('validates integer path parameters', () => {
    expect(rejected(validator.checkRequest(request('GET', '/rest/api/3/project/abc/hierarchy'))).errors[0]?.message).toBe("path parameter 'projectId' must be integer");
    accepted(validator.checkRequest(request('GET', '/rest/api/3/project/10000/hierarchy')));
  });

  it('dispatches on discriminators and honours the properties of the matching alternative', () => {
    const evaluate = (custom: unknown[]) => validator.checkRequest(request('POST', '/rest/api/3/expression/evaluate', { expression: 'issue.key', context: { custom } }));
    accepted(evaluate([{ type: 'user', accountId: 'abc' }, { type: 'issue', key: 'OPS-1' }]));
    expect(rejected(evaluate([{ type: 'user' }])).errors[0]?.message).toBe('body/context/custom/0/accountId is required');
    expect(rejected(evaluate([{ type: 'robot' }])).errors[0]?.message).toBe('body/context/custom/0/type must be one of: issue, json, user');
    expect(rejected(evaluate([{ type: 'user', accountId: 'a', extra: 1 }])).errors[0]?.message).toMatch(/^body\/context\/custom\/0\/extra is not allowed/);
  });

  it('answers 415 for a body in a media type the operation does not consume', () => {
    const check = rejected(validator.checkRequest({ ...request('POST', '/rest/api/3/issue'), headers: { 'content-type': 'text/plain' }, rawBody: 'summary', contentType: 'text/plain' }));
    expect(check.status).toBe(415);
  });
});

describe('Confluence request validation', () => {
  const page = { spaceId: '98305', status: 'current', title: 'Postmortem OPS-1', parentId: '65537', body: { representation: 'storage', value: '<p>Timeline</p>' } };

  it('accepts POST /wiki/api/v2/pages with a storage body', () => {
    expect(accepted(validator.checkRequest(request('POST', '/wiki/api/v2/pages', page))).operationId).toBe('createPage');
  });

  it('rejects an unknown body representation', () => {
    const check = rejected(validator.checkRequest(request('POST', '/wiki/api/v2/pages', { ...page, body: { representation: 'wiki2', value: 'x' } })));
    expect(check.status).toBe(400);
    expect(check.errors.map((e) => e.message)).toContain('body/body/representation must be one of: storage, atlas_doc_format, wiki');
  });

  it('accepts PUT /wiki/api/v2/pages/{id} with a version and rejects it without', () => {
    const update = { id: '65538', status: 'current', title: 'Postmortem OPS-1', body: { representation: 'storage', value: '<p>v2</p>' }, version: { number: 2, message: 'Action items' } };
    expect(accepted(validator.checkRequest(request('PUT', '/wiki/api/v2/pages/65538', update))).operationId).toBe('updatePage');
    const { version: _omitted, ...withoutVersion } = update;
    expect(rejected(validator.checkRequest(request('PUT', '/wiki/api/v2/pages/65538', withoutVersion))).errors.map((e) => e.message)).toEqual(['body/version is required']);
    expect(rejected(validator.checkRequest(request('PUT', '/wiki/api/v2/pages/65538', { ...update, version: { number: '2' } }))).errors[0]?.message).toBe('body/version/number must be integer');
  });

  it('accepts array query parameters comma-separated or repeated, and checks each value', () => {
    accepted(validator.checkRequest(request('GET', '/wiki/api/v2/pages?space-id=1,2&status=current&status=archived&limit=25')));
    const check = rejected(validator.checkRequest(request('GET', '/wiki/api/v2/pages?status=current,gone')));
    expect(check.errors[0]?.message).toBe("query parameter 'status[1]' must be one of: current, archived, deleted, trashed");
    expect(rejected(validator.checkRequest(request('GET', '/wiki/api/v2/pages?limit=1000'))).errors[0]?.message).toBe("query parameter 'limit' must be <= 250");
  });

  it('rejects a non-numeric page id', () => {
    expect(rejected(validator.checkRequest(request('GET', '/wiki/api/v2/pages/abc'))).errors[0]?.message).toBe("path parameter 'id' must be integer");
  });

  it('accepts a v1 label POST (array or single) and rejects a label without prefix', () => {
    expect(accepted(validator.checkRequest(request('POST', '/wiki/rest/api/content/65537/label', [{ prefix: 'global', name: 'postmortem' }]))).operationId).toBe('addLabelsToContent');
    accepted(validator.checkRequest(request('POST', '/wiki/rest/api/content/65537/label', { prefix: 'global', name: 'postmortem' })));
    const check = rejected(validator.checkRequest(request('POST', '/wiki/rest/api/content/65537/label', [{ name: 'postmortem' }])));
    expect(check.errors.map((e) => e.message)).toContain('body/0/prefix is required');
  });

  it('requires cql on the v1 CQL search', () => {
    accepted(validator.checkRequest(request('GET', '/wiki/rest/api/search?cql=type%3Dpage%20AND%20label%3Dpostmortem&limit=10')));
    expect(rejected(validator.checkRequest(request('GET', '/wiki/rest/api/search?limit=10'))).errors[0]?.message).toBe("query parameter 'cql' is required");
  });
});

describe('response validation', () => {
  const getIssue = accepted(validator.checkRequest(request('GET', '/rest/api/3/issue/OPS-1')));
  const issue = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: '10001',
    self: 'https://kaizen-sandbox.atlassian.net/rest/api/3/issue/10001',
    key: 'OPS-1',
    fields: {
      summary: 'Database failover',
      status: { self: 'https://kaizen-sandbox.atlassian.net/rest/api/3/status/3', id: '3', name: 'In Progress', statusCategory: { id: 4, key: 'indeterminate', name: 'In Progress' } },
      labels: ['incident'],
      created: '2024-05-01T10:00:00.000+0000',
      description: null,
    },
  };

  it('accepts a realistic getIssue response', () => {
    expect(validator.checkResponse(getIssue, 200, issue)).toEqual({ ok: true });
  });

  it('rejects a getIssue response with a wrong type or an undeclared property', () => {
    const wrongType = validator.checkResponse(getIssue, 200, { ...issue, id: 10001 });
    expect(wrongType).toEqual({ ok: false, errors: ['body/id must be string'] });
    const extra = validator.checkResponse(getIssue, 200, { ...issue, summary: 'misplaced' });
    expect(extra.ok).toBe(false);
    const notUri = validator.checkResponse(getIssue, 200, { ...issue, self: 'issue 10001' });
    expect(notUri).toEqual({ ok: false, errors: ['body/self must match format "uri"'] });
  });

  it('flags undocumented statuses and accepts documented statuses without a schema', () => {
    expect(validator.checkResponse(getIssue, 418, {}).ok).toBe(false);
    expect(validator.checkResponse(getIssue, 201, issue).ok).toBe(false);
    // Rate limiting and edge errors can answer any operation, documented or not.
    expect(validator.checkResponse(getIssue, 429, { errorMessages: ['Rate limit exceeded'] })).toEqual({ ok: true });
    expect(validator.checkResponse(getIssue, 404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} })).toEqual({ ok: true });
  });

  it('accepts Jira +0000 timestamps and Confluence nulls the documents promise in prose', () => {
    const changelog = accepted(validator.checkRequest(request('GET', '/rest/api/3/issue/OPS-1/changelog')));
    const page = { startAt: 0, maxResults: 100, total: 1, isLast: true, values: [{ id: '1', created: '2024-05-01T10:00:00.000+0000', items: [{ field: 'labels', fieldtype: 'jira', from: null, fromString: '', to: null, toString: 'incident' }] }] };
    expect(validator.checkResponse(changelog, 200, page)).toEqual({ ok: true });

    const getPage = accepted(validator.checkRequest(request('GET', '/wiki/api/v2/pages/65537')));
    const rootPage = {
      id: '65537', status: 'current', title: 'Home', spaceId: '98305', parentId: null, parentType: null, position: null, authorId: 'abc', ownerId: 'abc', lastOwnerId: null,
      createdAt: '2024-05-01T10:00:00.000Z', version: { createdAt: '2024-05-01T10:00:00.000Z', message: '', number: 1, minorEdit: false, authorId: 'abc' },
      body: { storage: { representation: 'storage', value: '<p>x</p>' } }, _links: { webui: '/spaces/OPS/pages/65537/Home', editui: '/pages/resumedraft.action?draftId=65537', tinyui: '/x/AQAB', base: 'https://kaizen-sandbox.atlassian.net/wiki' },
    };
    expect(validator.checkResponse(getPage, 200, rootPage)).toEqual({ ok: true });
    expect(validator.checkResponse(getPage, 200, { ...rootPage, status: 'published' }).ok).toBe(false);
  });
});

describe('loading', () => {
  it('loads each document once and checks one request per spec', () => {
    expect(loadSpecValidator()).toBe(validator);
    const checks = [
      validator.checkRequest(request('GET', '/rest/api/3/myself')),
      validator.checkRequest(request('GET', '/wiki/api/v2/spaces?keys=OPS')),
      validator.checkRequest(request('GET', '/wiki/rest/api/content/search?cql=type%3Dpage')),
    ];
    expect(checks.map((c) => (c.ok ? c.op.specName : c.message))).toEqual(['jira-platform-v3', 'confluence-v2', 'confluence-v1']);
  });

  it('fails clearly when the specs directory is wrong', () => {
    expect(() => loadSpecValidator({ specsDir: '/nonexistent/specs' })).toThrow(/jira-platform-v3 not found in \/nonexistent\/specs/);
  });
});

describe('the unpatched Confluence v2 document', () => {
  // Built from the original file only (no `.patched.json` beside it): its paths are relative to
  // `servers[0].url` (`https://{your-domain}/wiki/api/v2`), and its write bodies are a `oneOf` whose
  // two alternatives both match `{representation, value}`. The patched file fixes pages only; the
  // erratum in spec-errata.ts fixes every such body, so both files give the same answers.
  const dir = mkdtempSync(path.join(tmpdir(), 'kaizen-specs-'));
  for (const file of ['jira-platform-v3.json', 'confluence-v1.json', 'confluence-v2.json']) {
    symlinkSync(path.join(defaultSpecsDir(), file), path.join(dir, file));
  }
  const original = loadSpecValidator({ specsDir: dir });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is served under the server URL path', () => {
    expect(accepted(original.checkRequest(request('GET', '/wiki/api/v2/pages/65537'))).pathTemplate).toBe('/wiki/api/v2/pages/{id}');
  });

  it('has the ambiguous oneOf in the file itself', () => {
    const raw = JSON.parse(readFileSync(path.join(dir, 'confluence-v2.json'), 'utf8')) as { components: { requestBodies: Record<string, unknown> } };
    expect(JSON.stringify(raw.components.requestBodies['PageCreateRequest'])).toContain('"oneOf":[{"$ref":"#/components/schemas/PageBodyWrite"}');
  });

  it.each([
    ['POST', '/wiki/api/v2/pages', { spaceId: '98305', title: 'Postmortem', body: { representation: 'storage', value: '<p/>' } }],
    ['POST', '/wiki/api/v2/footer-comments', { pageId: '65537', body: { representation: 'storage', value: '<p>LGTM</p>' } }],
    ['POST', '/wiki/api/v2/footer-comments', { pageId: '65537', body: { storage: { representation: 'storage', value: '<p>LGTM</p>' } } }],
    ['POST', '/wiki/api/v2/blogposts', { spaceId: '98305', title: 'Q2 incidents', body: { representation: 'storage', value: '<p/>' } }],
  ])('accepts valid write bodies (%s %s) with either file', (method, url, body) => {
    accepted(original.checkRequest(request(method, url, body)));
    accepted(validator.checkRequest(request(method, url, body)));
  });

  it('still rejects unknown representations', () => {
    for (const v of [original, validator]) {
      expect(v.checkRequest(request('POST', '/wiki/api/v2/footer-comments', { pageId: '1', body: { representation: 'html', value: '<p/>' } })).ok).toBe(false);
    }
  });
});

describe('specs directory', () => {
  it('comes from KAIZEN_SPECS_DIR when set', () => {
    const saved = process.env['KAIZEN_SPECS_DIR'];
    process.env['KAIZEN_SPECS_DIR'] = '/somewhere/specs';
    try {
      expect(defaultSpecsDir()).toBe('/somewhere/specs');
    } finally {
      if (saved === undefined) delete process.env['KAIZEN_SPECS_DIR'];
      else process.env['KAIZEN_SPECS_DIR'] = saved;
    }
    expect(defaultSpecsDir()).toBe(saved ?? path.resolve(__dirname, '../../../shared/specs'));
  });
});
