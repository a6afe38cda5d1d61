/**
 * {@link IncidentTracker} on Jira Cloud REST v3, as the app (`api.asApp().requestJira`).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/
 */
import { route } from '@forge/api';
import { z } from 'zod';
import type { Level } from '../domain/incident';
import type { AdfDoc, IncidentTracker, IssueRef } from '../usecases/ports';
import { jqlString } from './jql-string';
import { jiraHttp, type ProductHttp } from './product-http';

/** Issue property holding `{id}` of the incident the issue was created for. */
export const INCIDENT_PROPERTY_KEY = 'kaizen-incident';
/** Comment property holding `{id}` of the flush that posted the comment. */
export const DEDUPE_PROPERTY_KEY = 'kaizen-dedupe';

/** Jira refuses a summary over 255 characters or with a line break (400 on `summary`). */
const SUMMARY_MAX_CHARS = 255;
const LABEL_MAX_CHARS = 255;

const CreatedIssueSchema = z.object({ id: z.string(), key: z.string(), self: z.url() });

const PropertyValueSchema = z.object({ id: z.string() });

const SearchResultsSchema = z.object({
  issues: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      self: z.url(),
      properties: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
});

const CommentsPageSchema = z.object({
  comments: z.array(
    z.object({
      id: z.string(),
      properties: z.array(z.object({ key: z.string(), value: z.unknown() })).optional(),
    }),
  ),
});

const SummarySchema = z.object({ fields: z.object({ summary: z.string() }) });

const RemoteLinkIdSchema = z.object({ id: z.number().int(), self: z.string() });

export interface JiraIncidentTrackerOptions {
  /** Defaults to a fresh client (one per invocation). */
  http?: ProductHttp;
  /**
   * How many of an issue's newest comments addComment scans for the dedupe id. A flush is redelivered within
   * minutes, so its comment is among the newest; Jira's page size for comments is at most 100 per request here.
   */
  dedupeScanComments?: number;
}

export class JiraIncidentTracker implements IncidentTracker {
  private readonly http: ProductHttp;
  private readonly dedupeScanComments: number;

  constructor(options: JiraIncidentTrackerOptions = {}) {
    this.http = options.http ?? jiraHttp();
    this.dedupeScanComments = options.dedupeScanComments ?? 50;
  }

  /**
   * `POST /rest/api/3/issue` with the incident id in the issue property `kaizen-incident` (the create body's
   * `properties`, IssueUpdateDetails), so it is set in the same write as the issue.
   * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post
   *
   * A 429 is retried as is (Jira refused before acting). A 5xx may or may not have created the issue, so the retry
   * first looks for it by its property; Jira's search index can lag a just-created issue by a few seconds, so in
   * that rare case a duplicate is possible, and findIssueByIncidentId then answers the oldest.
   */
  async createIncidentIssue(input: Parameters<IncidentTracker['createIncidentIssue']>[0]): Promise<IssueRef> {
    const body = {
      fields: {
        project: { key: input.projectKey },
        issuetype: { name: input.issueType },
        summary: jiraSummary(input.summary),
        description: input.description,
        labels: [...new Set(input.labels.map(jiraLabel).filter((l) => l !== ''))],
        ...(input.priorityName ? { priority: { name: input.priorityName } } : {}),
        ...(input.assigneeAccountId ? { assignee: { accountId: input.assigneeAccountId } } : {}),
      },
      properties: [{ key: INCIDENT_PROPERTY_KEY, value: { id: input.incidentId } }],
    };
    let attempt = 0;
    return this.http.retrying('create incident issue', async () => {
      if (attempt++ > 0) {
        const existing = await this.findIssueByIncidentId(input.incidentId, input.projectKey);
        if (existing) return existing;
      }
      const path = route`/rest/api/3/issue`;
      const created = await this.http.json('POST', path, CreatedIssueSchema, { body });
      return { id: created.id, key: created.key, url: browseUrl(created.self, created.key) };
    });
  }

  /**
   * `PUT /rest/api/3/issue/{id}?returnIssue=true`: the summary, priority and assignee (`fields`), labels added
   * (`update`, so people's labels stay) and the `kaizen-incident` property (`properties`), in one edit whose answer
   * is the issue. An edit sets values, so a retry (PUT is retried on a 5xx) writes the same again.
   * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-put
   */
  async makeIncidentIssue(issueId: string, input: Parameters<IncidentTracker['makeIncidentIssue']>[1]): Promise<IssueRef> {
    const body = {
      fields: {
        summary: jiraSummary(input.summary),
        ...(input.priorityName ? { priority: { name: input.priorityName } } : {}),
        ...(input.assigneeAccountId ? { assignee: { accountId: input.assigneeAccountId } } : {}),
      },
      update: { labels: [...new Set(input.labels.map(jiraLabel).filter((l) => l !== ''))].map((add) => ({ add })) },
      properties: [{ key: INCIDENT_PROPERTY_KEY, value: { id: input.incidentId } }],
    };
    const path = route`/rest/api/3/issue/${issueId}?returnIssue=${'true'}`;
    const issue = await this.http.json('PUT', path, CreatedIssueSchema, { body });
    return { id: issue.id, key: issue.key, url: browseUrl(issue.self, issue.key) };
  }

  /**
   * `POST /rest/api/3/search/jql` with `issue.property[kaizen-incident].id = "<id>"` in the project, oldest first.
   * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
   *
   * Jira Cloud searches an issue property only when an app indexes it: the manifest needs a
   * `jira:entityProperty` module for `kaizen-incident` with the value path `id` (type string).
   * https://developer.atlassian.com/platform/forge/manifest-reference/modules/jira-entity-property/
   */
  async findIssueByIncidentId(incidentId: string, projectKey: string): Promise<IssueRef | undefined> {
    const jql = `project = ${jqlString(projectKey)} AND issue.property[${INCIDENT_PROPERTY_KEY}].id = ${jqlString(incidentId)} ORDER BY created ASC`;
    const path = route`/rest/api/3/search/jql`;
    // The search is a read with its parameters in the body: safe to repeat.
    const result = await this.http.json('POST', path, SearchResultsSchema, {
      body: { jql, fields: ['summary'], properties: [INCIDENT_PROPERTY_KEY], maxResults: 10 },
      idempotent: true,
    });
    // The property is read back and compared, so a loose match of the index can never return another incident's issue.
    const issue = result.issues.find((i) => PropertyValueSchema.safeParse(i.properties?.[INCIDENT_PROPERTY_KEY]).data?.id === incidentId);
    return issue ? { id: issue.id, key: issue.key, url: browseUrl(issue.self, issue.key) } : undefined;
  }

  /**
   * Reads the newest comments with their properties (`GET /rest/api/3/issue/{key}/comment?orderBy=-created&expand=properties`)
   * and, unless one carries `kaizen-dedupe` = `{id: dedupeId}`, posts the comment with that property
   * (`POST /rest/api/3/issue/{key}/comment`, whose body accepts `properties`).
   * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-post
   *
   * Vendor quirk: the v3 document lists only `renderedBody` for the comments' `expand`, yet `Comment.properties`
   * is in the schema and Jira fills it with `expand=properties` (Jira Service Management clients read
   * `sd.public.comment` that way). The check and the post are retried together, so a post whose answer was lost is
   * found by the check instead of being posted twice.
   */
  async addComment(issueKey: string, body: AdfDoc, dedupeId: string): Promise<void> {
    await this.http.retrying('add comment', async () => {
      if (await this.hasDedupedComment(issueKey, dedupeId)) return;
      const path = route`/rest/api/3/issue/${issueKey}/comment`;
      const reply = await this.http.request('POST', path, { body: { body, properties: [{ key: DEDUPE_PROPERTY_KEY, value: { id: dedupeId } }] } });
      if (reply.status !== 201 && reply.status !== 200) throw this.http.failure('POST', path, reply);
    });
  }

  private async hasDedupedComment(issueKey: string, dedupeId: string): Promise<boolean> {
    const path = route`/rest/api/3/issue/${issueKey}/comment?orderBy=${'-created'}&maxResults=${this.dedupeScanComments}&expand=${'properties'}`;
    const page = await this.http.json('GET', path, CommentsPageSchema);
    return page.comments.some((c) =>
      (c.properties ?? []).some((p) => p.key === DEDUPE_PROPERTY_KEY && PropertyValueSchema.safeParse(p.value).data?.id === dedupeId),
    );
  }

  /**
   * `GET /rest/api/3/issue/{key}?fields=summary`, then `PUT /rest/api/3/issue/{key}` with the summary's level prefix
   * rewritten as a person's level change rewrites it ({@link summaryWithLevel}: the rest of the summary kept) and the
   * priority, in one edit (one history entry, one issue event — which `ignoreSelf` keeps from coming back).
   * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-put
   */
  async setIssueLevel(issueKey: string, level: Level, priorityName: string | undefined): Promise<void> {
    const current = await this.http.json('GET', route`/rest/api/3/issue/${issueKey}?fields=${'summary'}`, SummarySchema);
    const path = route`/rest/api/3/issue/${issueKey}`;
    const fields = { summary: summaryWithLevel(current.fields.summary, level), ...(priorityName ? { priority: { name: priorityName } } : {}) };
    const reply = await this.http.request('PUT', path, { body: { fields } });
    if (!reply.ok) throw this.http.failure('PUT', path, reply);
  }

  /**
   * `POST /rest/api/3/issue/{key}/remotelink` with `globalId`: Jira updates the link with that global id, or
   * creates it (200 / 201), so repeating it is harmless.
   * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-remote-links/#api-rest-api-3-issue-issueidorkey-remotelink-post
   *
   * Vendor quirk: with `application.type` `com.atlassian.confluence` Jira tries to load the page through an
   * application link and its `appId=…&pageId=…` global id, and shows an error on sites without one; a plain
   * named application renders as an ordinary web link under "Kaizen".
   */
  async upsertRemoteLink(issueKey: string, link: { globalId: string; url: string; title: string; summary?: string }): Promise<void> {
    const path = route`/rest/api/3/issue/${issueKey}/remotelink`;
    await this.http.json('POST', path, RemoteLinkIdSchema, {
      body: {
        globalId: link.globalId,
        application: { name: 'Kaizen' },
        object: { url: link.url, title: link.title, ...(link.summary !== undefined ? { summary: link.summary } : {}) },
      },
      idempotent: true,
    });
  }
}

/**
 * The Jira tracker for one invocation (a fresh client, so a fresh retry budget).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/
 */
export const createJiraTracker = (options?: JiraIncidentTrackerOptions): JiraIncidentTracker => new JiraIncidentTracker(options);

/**
 * People's URL of an issue: the origin of the REST `self` link plus `/browse/KEY` (the site's own URL, as the
 * product answers it to the app; `self` is in CreatedIssue and IssueBean).
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post
 */
export function browseUrl(self: string, key: string): string {
  return `${new URL(self).origin}/browse/${encodeURIComponent(key)}`;
}

/** The level prefix Kaizen writes (`[DRILL][SEV2] Mackerel: …`, `[演習][SEV2] …`: src/documents/issue-description.ts). */
const LEVEL_PREFIX = /^(\[DRILL\]|\[演習\])?\[SEV[1-4]\]\s?/;

/** The summary with its level prefix set to `level` (a person's level change and an alert's raise alike); a summary a person rewrote without one gets it in front. */
export function summaryWithLevel(summary: string, level: Level): string {
  const match = LEVEL_PREFIX.exec(summary);
  const rest = match ? summary.slice(match[0].length) : summary;
  return jiraSummary(`${match?.[1] ?? ''}[${level}] ${rest}`);
}

/**
 * A summary Jira accepts (it answers 400 on `summary` otherwise): one line, at most 255 UTF-16 units, a surrogate
 * pair never cut in half, `…` where it was cut.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post
 */
export function jiraSummary(text: string): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  if (line.length <= SUMMARY_MAX_CHARS) return line;
  let cut = SUMMARY_MAX_CHARS - 1;
  if (/[\uD800-\uDBFF]/.test(line[cut - 1] ?? '')) cut--;
  return `${line.slice(0, cut)}…`;
}

/**
 * A label Jira accepts: no whitespace (Jira answers 400 "The label … contains spaces which is invalid"), at most
 * 255 characters. https://support.atlassian.com/jira-software-cloud/docs/add-labels-to-issues/
 */
export function jiraLabel(text: string): string {
  const label = text.trim().replace(/\s+/g, '-');
  if (label.length <= LABEL_MAX_CHARS) return label;
  const cut = /[\uD800-\uDBFF]/.test(label[LABEL_MAX_CHARS - 1] ?? '') ? LABEL_MAX_CHARS - 1 : LABEL_MAX_CHARS;
  return label.slice(0, cut);
}
