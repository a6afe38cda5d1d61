/**
 * {@link IncidentPages} on Confluence Cloud REST v2, as the app (`api.asApp().requestConfluence`).
 * https://developer.atlassian.com/cloud/confluence/rest/v2/
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { replaceMacro, replaceRegion } from '../documents/storage-regions';
import type { IncidentPages, PageRef } from '../usecases/ports';
import { ProductRequestError, productErrorSummary } from './product-errors';
import { confluenceHttp, consoleLog, type AdapterLog, type ProductHttp } from './product-http';

/** What is remembered of a space, by key, for one invocation. */
export interface SpaceRef {
  id: string;
  key: string;
}

/** A cache of spaces by key. Pass a new one per invocation: customer data never outlives the invocation in module state. */
export type SpaceCache = Map<string, SpaceRef>;

const LinksSchema = z.object({ webui: z.string(), base: z.string().optional() });

const SpacesSchema = z.object({
  results: z.array(z.object({ id: z.string(), key: z.string() })),
  _links: z.object({ base: z.string().optional() }).optional(),
});

const PageBulkSchema = z.object({ id: z.string(), title: z.string(), _links: LinksSchema });

const PagesSchema = z.object({
  results: z.array(PageBulkSchema),
  _links: z.object({ base: z.string().optional() }).optional(),
});

const PageSingleSchema = PageBulkSchema.extend({
  status: z.string(),
  version: z.object({ number: z.number().int() }),
});

const PageWithStorageSchema = PageSingleSchema.extend({
  body: z.object({ storage: z.object({ value: z.string() }) }),
});

/** No space with this key, or none the app may see (a settings problem: permanent). */
export class SpaceNotFoundError extends Error {
  override readonly name: string = 'SpaceNotFoundError';
  constructor(readonly spaceKey: string) {
    super(`Confluence has no space with the key ${spaceKey} that the app can see`);
  }
}

/** Someone else kept saving the page between Kaizen's read and write; transient, so the consumer re-throws. */
export class PageConflictError extends ProductRequestError {
  override readonly name: string = 'PageConflictError';
}

export interface ConfluenceIncidentPagesOptions {
  /** Defaults to a fresh client (one per invocation). */
  http?: ProductHttp;
  /** Defaults to a fresh cache (one per invocation). */
  spaces?: SpaceCache;
  log?: AdapterLog;
  /** Read–merge–write rounds before a run of 409s is given up (PageConflictError). */
  maxConflictAttempts?: number;
  /** The version comment people see in the page history. */
  versionMessage?: string;
}

export class ConfluenceIncidentPages implements IncidentPages {
  private readonly http: ProductHttp;
  private readonly spaces: SpaceCache;
  private readonly log: AdapterLog;
  private readonly maxConflictAttempts: number;
  private readonly versionMessage: string;
  /** The site's `…/wiki` base URL, from the last answer that carried `_links.base`. */
  private base: string | undefined;

  constructor(options: ConfluenceIncidentPagesOptions = {}) {
    this.http = options.http ?? confluenceHttp();
    this.spaces = options.spaces ?? new Map();
    this.log = options.log ?? consoleLog;
    this.maxConflictAttempts = options.maxConflictAttempts ?? 4;
    this.versionMessage = options.versionMessage ?? 'Kaizen: incident update';
  }

  /**
   * `GET /wiki/api/v2/spaces?keys=KEY`, once per key per instance.
   * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-space/#api-spaces-get
   */
  async space(spaceKey: string): Promise<SpaceRef> {
    const cached = this.spaces.get(spaceKey);
    if (cached) return cached;
    const path = route`/wiki/api/v2/spaces?keys=${spaceKey}`;
    const list = await this.http.json('GET', path, SpacesSchema);
    this.base = list._links?.base ?? this.base;
    const found = list.results.find((s) => s.key === spaceKey);
    if (!found) throw new SpaceNotFoundError(spaceKey);
    const ref = { id: found.id, key: found.key };
    this.spaces.set(spaceKey, ref);
    return ref;
  }

  /** The id of the page titled exactly `title` in the space (see {@link findPage}). */
  async findPageId(spaceKey: string, title: string): Promise<string | undefined> {
    return (await this.findPage(spaceKey, title))?.id;
  }

  /**
   * `GET /wiki/api/v2/pages?space-id=…&title=…&status=current`; the title is compared again here, exactly.
   * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-get
   */
  async findPage(spaceKey: string, title: string): Promise<PageRef | undefined> {
    const space = await this.space(spaceKey);
    const path = route`/wiki/api/v2/pages?space-id=${space.id}&title=${title}&status=${'current'}&limit=${25}`;
    const list = await this.http.json('GET', path, PagesSchema);
    this.base = list._links?.base ?? this.base;
    const page = list.results.find((p) => p.title === title);
    return page ? this.pageRef(page) : undefined;
  }

  /**
   * `POST /wiki/api/v2/pages` (storage representation, published). Titles are unique in a space: the 400
   * "A page with this title already exists" means a resumed step, and the existing page is returned. If the title
   * taken differs only in case (uniqueness ignores case, as the sandbox emulates it), the page is not ours and the
   * 400 stands (ProductRequestError).
   * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-post
   */
  async createPage(input: { spaceKey: string; parentId: string | undefined; title: string; storage: string }): Promise<PageRef> {
    const space = await this.space(input.spaceKey);
    const path = route`/wiki/api/v2/pages`;
    const reply = await this.http.request('POST', path, {
      body: {
        spaceId: space.id,
        status: 'current',
        title: input.title,
        ...(input.parentId !== undefined ? { parentId: input.parentId } : {}),
        body: { representation: 'storage', value: input.storage },
      },
      // Repeating it is harmless: a second create of the title is refused (the 400 below), never duplicated.
      idempotent: true,
    });
    if (reply.ok) return this.pageRef(this.http.parse('POST', path, reply, PageBulkSchema));
    if (reply.status === 400 && /already exists/i.test(productErrorSummary(reply.body))) {
      const existing = await this.findPage(input.spaceKey, input.title);
      if (existing) return existing;
    }
    throw this.http.failure('POST', path, reply);
  }

  /**
   * Reads the latest version (`GET /wiki/api/v2/pages/{id}?body-format=storage`), replaces the region's content,
   * and writes version + 1 (`PUT /wiki/api/v2/pages/{id}`); on 409 (someone saved in between) it reads again and
   * re-applies, so their edit is kept. No write when the region already has the content, nor when the region is
   * gone (a person deleted it; Kaizen does not put it back against their will). A page or a rendered region that
   * is not well-formed storage throws `StorageScanError` (from `replaceRegion`) and nothing is written.
   * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-put
   *
   * Vendor quirk: the v2 document lists no 409 for updatePage, but Confluence answers 409 "Version must be
   * incremented on update. Current version is: N" for a stale `version.number`.
   */
  async replaceOwnedRegion(pageId: string, regionId: string, render: () => string): Promise<{ written: boolean }> {
    return this.replaceOwnedRegions(pageId, [{ regionId, render }]);
  }

  /**
   * {@link replaceOwnedRegion} for several regions in one write: each region is merged in turn into the latest
   * version (each `render()` runs once, on the first read), a missing one is skipped and logged, and the page is
   * written once if any changed. On 409 every region is re-applied to the version re-read.
   */
  async replaceOwnedRegions(pageId: string, regions: ReadonlyArray<{ regionId: string; render: () => string; whole?: boolean }>): Promise<{ written: boolean }> {
    const inner = new Map<string, string>();
    let last: ProductRequestError | undefined;
    for (let attempt = 1; attempt <= this.maxConflictAttempts; attempt++) {
      const readPath = route`/wiki/api/v2/pages/${pageId}?body-format=${'storage'}`;
      const page = await this.http.json('GET', readPath, PageWithStorageSchema);
      let storage = page.body.storage.value;
      for (const { regionId, render, whole } of regions) {
        if (!inner.has(regionId)) inner.set(regionId, render());
        // `whole`: a macro without a body (a status macro) is replaced entire
        const merged = (whole ? replaceMacro : replaceRegion)(storage, regionId, inner.get(regionId)!);
        if (!merged.found) this.log.warn('Kaizen region not found on the page; leaving the page as people made it', { pageId, regionId, version: page.version.number });
        storage = merged.storage;
      }
      if (storage === page.body.storage.value) return { written: false };
      const writePath = route`/wiki/api/v2/pages/${pageId}`;
      const reply = await this.http.request('PUT', writePath, {
        body: {
          id: page.id,
          status: 'current',
          title: page.title,
          body: { representation: 'storage', value: storage },
          version: { number: page.version.number + 1, message: this.versionMessage },
        },
      });
      if (reply.ok) {
        this.http.parse('PUT', writePath, reply, PageSingleSchema);
        return { written: true };
      }
      if (reply.status !== 409) throw this.http.failure('PUT', writePath, reply);
      last = this.http.failure('PUT', writePath, reply);
    }
    throw new PageConflictError(
      {
        product: 'confluence',
        method: 'PUT',
        path: last?.path ?? `/wiki/api/v2/pages/${pageId}`,
        status: 409,
        body: last?.body,
        message: `Confluence page ${pageId} changed under every one of ${this.maxConflictAttempts} attempts to update Kaizen's regions`,
      },
      { cause: last },
    );
  }

  /** `GET /wiki/api/v2/pages/{id}?body-format=storage`: the latest version. https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-get */
  async readStorage(pageId: string): Promise<{ storage: string; version: number }> {
    const page = await this.http.json('GET', route`/wiki/api/v2/pages/${pageId}?body-format=${'storage'}`, PageWithStorageSchema);
    return { storage: page.body.storage.value, version: page.version.number };
  }

  /**
   * The read–edit–write loop of {@link replaceOwnedRegions} with any pure `edit` of the storage: re-read, edit,
   * `PUT` version + 1, and on 409 (someone saved in between) read again and re-apply, so their edit is kept. No
   * write when `edit` changes nothing. https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-put
   */
  async rewritePage(pageId: string, edit: (storage: string) => string): Promise<{ written: boolean; storage: string }> {
    let last: ProductRequestError | undefined;
    for (let attempt = 1; attempt <= this.maxConflictAttempts; attempt++) {
      const page = await this.http.json('GET', route`/wiki/api/v2/pages/${pageId}?body-format=${'storage'}`, PageWithStorageSchema);
      const storage = edit(page.body.storage.value);
      if (storage === page.body.storage.value) return { written: false, storage };
      const writePath = route`/wiki/api/v2/pages/${pageId}`;
      const reply = await this.http.request('PUT', writePath, {
        body: { id: page.id, status: 'current', title: page.title, body: { representation: 'storage', value: storage }, version: { number: page.version.number + 1, message: this.versionMessage } },
      });
      if (reply.ok) {
        this.http.parse('PUT', writePath, reply, PageSingleSchema);
        return { written: true, storage };
      }
      if (reply.status !== 409) throw this.http.failure('PUT', writePath, reply);
      last = this.http.failure('PUT', writePath, reply);
    }
    throw new PageConflictError(
      { product: 'confluence', method: 'PUT', path: `/wiki/api/v2/pages/${pageId}`, status: 409, body: last?.body, message: `Confluence page ${pageId} changed under every one of ${this.maxConflictAttempts} attempts to rewrite it` },
      { cause: last },
    );
  }

  private pageRef(page: z.output<typeof PageBulkSchema>): PageRef {
    this.base = page._links.base ?? this.base;
    return { id: page.id, title: page.title, url: webUrl(this.base, page._links.webui) };
  }
}

/**
 * The Confluence pages adapter for one invocation (a fresh client and space cache).
 * https://developer.atlassian.com/cloud/confluence/rest/v2/
 */
export const createConfluencePages = (options?: ConfluenceIncidentPagesOptions): ConfluenceIncidentPages => new ConfluenceIncidentPages(options);

/** `_links.base` (`https://site/wiki`) + `_links.webui` (`/spaces/OPS/pages/…`); the relative link without a base. */
function webUrl(base: string | undefined, webui: string): string {
  if (/^https?:\/\//.test(webui) || base === undefined) return webui;
  return `${base.replace(/\/+$/, '')}${webui.startsWith('/') ? '' : '/'}${webui}`;
}
