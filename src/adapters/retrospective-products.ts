/**
 * {@link RetrospectiveReads} on Jira and Confluence Cloud REST, as the app (the resolver checked the user's right to
 * edit the issue first): the live page's storage and its versions' authors, the issue's comment authors, the app's
 * own account (left out of the people), and the retrospective page's label.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import type { RetrospectiveReads } from '../usecases/retrospective/retrospective-ports';
import { confluenceHttp, jiraHttp, type ProductHttp } from './product-http';
import { LabelArraySchema } from './library-pages';

const PageStorageSchema = z.object({ body: z.object({ storage: z.object({ value: z.string() }) }) });
const VersionsSchema = z.object({ results: z.array(z.object({ number: z.number().int(), authorId: z.string().optional() })) });
const CommentAuthorsSchema = z.object({ comments: z.array(z.object({ author: z.object({ accountId: z.string(), accountType: z.string().optional() }).optional() })) });
const MyselfSchema = z.object({ accountId: z.string() });

export class ProductRetrospectiveReads implements RetrospectiveReads {
  private readonly jira: ProductHttp;
  private readonly confluence: ProductHttp;
  private appId: string | undefined;

  constructor(options: { jira?: ProductHttp; confluence?: ProductHttp } = {}) {
    this.jira = options.jira ?? jiraHttp();
    this.confluence = options.confluence ?? confluenceHttp();
  }

  /**
   * `GET /wiki/api/v2/pages/{id}?body-format=storage`; undefined when the page is gone (404).
   * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-get
   */
  async pageStorage(pageId: string): Promise<string | undefined> {
    const path = route`/wiki/api/v2/pages/${pageId}?body-format=${'storage'}`;
    const reply = await this.confluence.request('GET', path);
    if (reply.status === 404) return undefined;
    if (!reply.ok) throw this.confluence.failure('GET', path, reply);
    return this.confluence.parse('GET', path, reply, PageStorageSchema).body.storage.value;
  }

  /**
   * The authors of the page's latest `limit` versions (one page of `GET /wiki/api/v2/pages/{id}/versions`), the app
   * left out. https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-version/#api-pages-id-versions-get
   */
  async pageAuthors(pageId: string, limit: number): Promise<string[]> {
    const path = route`/wiki/api/v2/pages/${pageId}/versions?limit=${limit}`;
    const reply = await this.confluence.request('GET', path);
    if (reply.status === 404) return [];
    if (!reply.ok) throw this.confluence.failure('GET', path, reply);
    const ids = this.confluence.parse('GET', path, reply, VersionsSchema).results.flatMap((v) => (v.authorId ? [v.authorId] : []));
    const app = await this.appAccountId();
    return [...new Set(ids)].filter((id) => id !== app);
  }

  /**
   * The authors of the issue's latest `limit` comments (`GET /rest/api/3/issue/{key}/comment?orderBy=-created`), apps
   * left out (`accountType: app`, Kaizen's own comments among them).
   * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-get
   */
  async commentAuthors(issueKey: string, limit: number): Promise<string[]> {
    const path = route`/rest/api/3/issue/${issueKey}/comment?orderBy=${'-created'}&maxResults=${limit}`;
    const page = await this.jira.json('GET', path, CommentAuthorsSchema);
    const app = await this.appAccountId();
    const ids = page.comments.flatMap((c) => (c.author && c.author.accountType !== 'app' && c.author.accountId !== app ? [c.author.accountId] : []));
    return [...new Set(ids)];
  }

  /**
   * `POST /wiki/rest/api/content/{id}/label` with `[{prefix: global, name}]`: adding a label the page has is harmless.
   * https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-content-labels/#api-wiki-rest-api-content-id-label-post
   */
  async addPageLabel(pageId: string, label: string): Promise<string[]> {
    const path = route`/wiki/rest/api/content/${pageId}/label`;
    const answer = await this.confluence.json('POST', path, LabelArraySchema, { body: [{ prefix: 'global', name: label }], idempotent: true });
    return answer.results.map((l) => l.name);
  }

  /** The app's own account (`GET /rest/api/3/myself` as the app), once per instance. */
  private async appAccountId(): Promise<string> {
    this.appId ??= (await this.jira.json('GET', route`/rest/api/3/myself`, MyselfSchema)).accountId;
    return this.appId;
  }
}

/** The retrospective's reads for one invocation (fresh clients). */
export const createRetrospectiveReads = (): ProductRetrospectiveReads => new ProductRetrospectiveReads();
