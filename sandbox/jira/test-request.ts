import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_ACCOUNT_ID, type Actor, type ProductEmulator, type ProductEvent, type ProductRequest, type ProductResponse, type SiteInfo } from '../core/product';
import { openStore, type Store } from '../store/store';
import { createJiraEmulator } from './jira-emulator';

/**
 * Test support: builds `ProductRequest`s the way the sandbox router hands them over (operationId and path
 * parameters from the path template), and runs a Jira emulator over a store in a temporary directory.
 */

/** [method, path template, operationId] of the operations the tests call (templates as in the OpenAPI document). */
const ROUTES: ReadonlyArray<readonly [string, string, string]> = [
  ['POST', '/rest/api/3/issue/bulk', 'createIssues'],
  ['GET', '/rest/api/3/user/assignable/search', 'findAssignableUsers'],
  ['POST', '/rest/api/3/issue', 'createIssue'],
  ['GET', '/rest/api/3/issue/{issueIdOrKey}', 'getIssue'],
  ['PUT', '/rest/api/3/issue/{issueIdOrKey}', 'editIssue'],
  ['DELETE', '/rest/api/3/issue/{issueIdOrKey}', 'deleteIssue'],
  ['GET', '/rest/api/3/issue/{issueIdOrKey}/comment', 'getComments'],
  ['POST', '/rest/api/3/issue/{issueIdOrKey}/comment', 'addComment'],
  ['GET', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', 'getComment'],
  ['PUT', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', 'updateComment'],
  ['DELETE', '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', 'deleteComment'],
  ['GET', '/rest/api/3/comment/{commentId}/properties', 'getCommentPropertyKeys'],
  ['GET', '/rest/api/3/comment/{commentId}/properties/{propertyKey}', 'getCommentProperty'],
  ['PUT', '/rest/api/3/comment/{commentId}/properties/{propertyKey}', 'setCommentProperty'],
  ['DELETE', '/rest/api/3/comment/{commentId}/properties/{propertyKey}', 'deleteCommentProperty'],
  ['GET', '/rest/api/3/issue/{issueIdOrKey}/transitions', 'getTransitions'],
  ['POST', '/rest/api/3/issue/{issueIdOrKey}/transitions', 'doTransition'],
  ['GET', '/rest/api/3/issue/{issueIdOrKey}/properties', 'getIssuePropertyKeys'],
  ['GET', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', 'getIssueProperty'],
  ['PUT', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', 'setIssueProperty'],
  ['DELETE', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', 'deleteIssueProperty'],
  ['GET', '/rest/api/3/issue/{issueIdOrKey}/remotelink', 'getRemoteIssueLinks'],
  ['POST', '/rest/api/3/issue/{issueIdOrKey}/remotelink', 'createOrUpdateRemoteIssueLink'],
  ['DELETE', '/rest/api/3/issue/{issueIdOrKey}/remotelink', 'deleteRemoteIssueLinkByGlobalId'],
  ['GET', '/rest/api/3/issue/{issueIdOrKey}/remotelink/{linkId}', 'getRemoteIssueLinkById'],
  ['PUT', '/rest/api/3/issue/{issueIdOrKey}/remotelink/{linkId}', 'updateRemoteIssueLink'],
  ['DELETE', '/rest/api/3/issue/{issueIdOrKey}/remotelink/{linkId}', 'deleteRemoteIssueLinkById'],
  ['POST', '/rest/api/3/issueLink', 'linkIssues'],
  ['GET', '/rest/api/3/issueLink/{linkId}', 'getIssueLink'],
  ['DELETE', '/rest/api/3/issueLink/{linkId}', 'deleteIssueLink'],
  ['GET', '/rest/api/3/issueLinkType', 'getIssueLinkTypes'],
  ['GET', '/rest/api/3/issueLinkType/{issueLinkTypeId}', 'getIssueLinkType'],
  ['GET', '/rest/api/3/search/jql', 'searchAndReconsileIssuesUsingJql'],
  ['POST', '/rest/api/3/search/jql', 'searchAndReconsileIssuesUsingJqlPost'],
  ['GET', '/rest/api/3/myself', 'getCurrentUser'],
  ['GET', '/rest/api/3/user', 'getUser'],
  ['GET', '/rest/api/3/user/bulk', 'bulkGetUsers'],
  ['GET', '/rest/api/3/user/picker', 'findUsersForPicker'],
  ['GET', '/rest/api/3/user/search', 'findUsers'],
  ['GET', '/rest/api/3/mypermissions', 'getMyPermissions'],
  ['POST', '/rest/api/3/permissions/check', 'getBulkPermissions'],
  // literal paths before the templates they would also match
  ['GET', '/rest/api/3/project/search', 'searchProjects'],
  ['GET', '/rest/api/3/priority/search', 'searchPriorities'],
  ['GET', '/rest/api/3/project/{projectIdOrKey}', 'getProject'],
  ['GET', '/rest/api/3/project/{projectIdOrKey}/statuses', 'getAllStatuses'],
  ['GET', '/rest/api/3/issuetype', 'getIssueAllTypes'],
  ['GET', '/rest/api/3/issuetype/project', 'getIssueTypesForProject'],
  ['GET', '/rest/api/3/issuetype/{id}', 'getIssueType'],
  ['GET', '/rest/api/3/priority', 'getPriorities'],
  ['GET', '/rest/api/3/priority/{id}', 'getPriority'],
  ['GET', '/rest/api/3/status', 'getStatuses'],
  ['GET', '/rest/api/3/status/{idOrName}', 'getStatus'],
  ['GET', '/rest/api/3/statuscategory', 'getStatusCategories'],
  ['GET', '/rest/api/3/resolution', 'getResolutions'],
  ['GET', '/rest/api/3/field', 'getFields'],
  ['GET', '/rest/api/3/serverInfo', 'getServerInfo'],
];

function match(method: string, path: string): { operationId: string; pathTemplate: string; pathParams: Record<string, string> } {
  const parts = path.split('/');
  for (const [m, template, operationId] of ROUTES) {
    if (m !== method) continue;
    const tparts = template.split('/');
    if (tparts.length !== parts.length) continue;
    const pathParams: Record<string, string> = {};
    const ok = tparts.every((t, i) => {
      const p = parts[i] ?? '';
      const param = /^\{(.+)\}$/.exec(t);
      if (param) {
        pathParams[param[1] ?? ''] = decodeURIComponent(p);
        return p.length > 0;
      }
      return t === p;
    });
    if (ok) return { operationId, pathTemplate: template, pathParams };
  }
  throw new Error(`no route for ${method} ${path}`);
}

/** Who a test request acts as: 'app', 'anonymous', or a seeded user's account id. */
export type As = 'app' | 'anonymous' | string;

const actorOf = (as: As): Actor => (as === 'app' ? { kind: 'app' } : as === 'anonymous' ? { kind: 'anonymous' } : { kind: 'user', accountId: as });

/** Builds a request as the router would: `target` is the path with an optional query string. */
export function jiraRequest(method: string, target: string, opts: { body?: unknown; as?: As } = {}): ProductRequest {
  const [path = '', query = ''] = target.split('?', 2);
  const m = method.toUpperCase();
  const rawBody = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return {
    product: 'jira',
    method: m,
    path,
    query: new URLSearchParams(query),
    headers: rawBody === undefined ? {} : { 'content-type': 'application/json' },
    body: opts.body,
    rawBody,
    ...match(m, path),
    actor: actorOf(opts.as ?? 'app'),
  };
}

export const SITE = { baseUrl: 'http://localhost:4010', cloudId: 'sandbox-cloud-test' };
export const START = new Date('2026-11-21T10:00:00.000Z');
export const APP = APP_ACCOUNT_ID;

/** An emulator over a temporary store with a controllable clock and a record of emitted events. */
export class TestJira {
  readonly events: ProductEvent[] = [];
  private clock = START.getTime();
  store: Store;
  jira: ProductEmulator;

  private constructor(
    readonly dir: string,
    /** The site the emulator builds its URLs on (the shared {@link SITE} unless the test gives its own). */
    readonly site: SiteInfo,
  ) {
    this.store = openStore(dir);
    this.jira = this.create();
  }

  static open(opts: { site?: SiteInfo } = {}): TestJira {
    return new TestJira(mkdtempSync(join(tmpdir(), 'kaizen-jira-')), opts.site ?? SITE);
  }

  private create(): ProductEmulator {
    return createJiraEmulator({ store: this.store, site: this.site, emit: (e) => this.events.push(e), now: () => new Date(this.clock) });
  }

  /** Moves the clock forward. */
  advance(ms: number): void {
    this.clock += ms;
  }

  now(): Date {
    return new Date(this.clock);
  }

  call(method: string, target: string, opts: { body?: unknown; as?: As } = {}): ProductResponse {
    return this.jira.handle(jiraRequest(method, target, opts)) as ProductResponse;
  }

  /** Creates an issue as the app and returns `{id, key}` (fails the test on anything but 201). */
  createIssue(fields: Record<string, unknown> = {}, as: As = 'app'): { id: string; key: string } {
    const res = this.call('POST', '/rest/api/3/issue', {
      as,
      body: { fields: { project: { key: 'OPS' }, issuetype: { name: 'Incident' }, summary: 'Disk full on db-1', ...fields } },
    });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; key: string };
  }

  /** Closes and reopens the store and builds a fresh emulator over it (a sandbox restart). */
  async restart(): Promise<void> {
    await this.store.close();
    this.store = openStore(this.dir);
    this.jira = this.create();
  }

  async close(): Promise<void> {
    await this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A one-paragraph ADF document. */
export const doc = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
