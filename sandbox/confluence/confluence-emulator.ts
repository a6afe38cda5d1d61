import type { EmitProductEvent, ProductEmulator, ProductRequest, ProductResponse, SiteInfo } from '../core/product';
import type { Store } from '../store/store';
import { checkContentPermission } from './content-permission';
import { resolveCaller, type Ctx, type Handler } from './context';
import { ConfluenceApiError, v1Error, v2Error } from './errors';
import { addLabelsToContent, getLabelsForContent, getPageLabels, removeLabelFromContent, removeLabelFromContentUsingQueryParameter } from './labels';
import { deletePage } from './page-delete';
import { getPageById, getPages, getPagesInSpace } from './page-reads';
import { createPage, updatePage, updatePageTitle } from './pages';
import {
  createPageProperty,
  deletePagePropertyById,
  getPageContentProperties,
  getPageContentPropertiesById,
  updatePagePropertyById,
} from './properties';
import { ConfluenceRepo } from './repo';
import { searchByCQL, searchContentByCQL } from './search';
import { isSeeded, writeSeed } from './seed';
import { getSpaceById, getSpaces } from './spaces';
import { getChildPages, getPageAncestors, getPageDescendants, getPageDirectChildren } from './tree';
import { getUser } from './users';
import { getPageVersionDetails, getPageVersions } from './versions';


/** What {@link createConfluenceEmulator} needs from the sandbox. */
export interface ConfluenceEmulatorOptions {
  store: Store;
  site: SiteInfo;
  /** Receives `avi:confluence:created:page` / `avi:confluence:updated:page` after each successful write. */
  emit: EmitProductEvent;
  /** The clock for every timestamp the emulator writes (defaults to the system clock). */
  now?: () => Date;
}

/** v2 operations answered, by operationId — https://developer.atlassian.com/cloud/confluence/rest/v2/ */
const V2: Readonly<Record<string, Handler>> = {
  createPage,
  getPageById,
  updatePage,
  updatePageTitle,
  deletePage,
  getPages,
  getPagesInSpace,
  getChildPages,
  getPageDirectChildren,
  getPageAncestors,
  getPageDescendants,
  getPageVersions,
  getPageVersionDetails,
  getPageContentProperties,
  createPageProperty,
  getPageContentPropertiesById,
  updatePagePropertyById,
  deletePagePropertyById,
  getPageLabels,
  getSpaces,
  getSpaceById,
};

/**
 * v1 operations, only where v2 has no endpoint — https://developer.atlassian.com/cloud/confluence/rest/v1/
 * The two documents reuse some operationIds for different endpoints (v1 `getSpaces` is GET /wiki/rest/api/space),
 * so handlers are looked up per API by the request path, never by operationId alone.
 */
const V1: Readonly<Record<string, Handler>> = {
  addLabelsToContent,
  getLabelsForContent,
  removeLabelFromContentUsingQueryParameter,
  removeLabelFromContent,
  searchContentByCQL,
  searchByCQL,
  checkContentPermission,
  getUser,
};

/**
 * The Confluence Cloud REST emulator: stateful pages (with version history, labels and content
 * properties), spaces and CQL search, kept in the sandbox store under `confluence:*` namespaces.
 *
 * On creation it seeds an empty store (space `OPS` with its homepage and the "Incidents" and
 * "Retrospectives" parent pages, plus the sandbox users) and otherwise keeps what the store holds, so a
 * restart loses nothing; `seed()` wipes the Confluence state and writes the seed again.
 *
 * Errors are answered in the shape of the API the request used (v2 `{errors:[…]}`, v1 `{statusCode, message}`).
 * https://developer.atlassian.com/cloud/confluence/rest/v2/intro/
 */
export function createConfluenceEmulator(opts: ConfluenceEmulatorOptions): ProductEmulator {
  const repo = new ConfluenceRepo(opts.store);
  const now = opts.now ?? ((): Date => new Date());
  const ctx: Ctx = { store: opts.store, repo, site: opts.site, emit: opts.emit, nowIso: () => now().toISOString() };
  if (!isSeeded(repo)) writeSeed(repo, ctx.nowIso());

  return {
    product: 'confluence',
    operations: new Set([...Object.keys(V2), ...Object.keys(V1)]),
    handle(req: ProductRequest): ProductResponse {
      const v1 = req.path.startsWith('/wiki/rest/api');
      const fail = (status: number, message: string): ProductResponse => (v1 ? v1Error(status, message) : v2Error(status, message));
      const handler = (v1 ? V1 : V2)[req.operationId];
      if (!handler) return fail(501, `${req.operationId} is not emulated by the Kaizen sandbox`);
      try {
        // Handlers are synchronous from read to write, so each request is atomic with respect to every other.
        return handler(ctx, req, resolveCaller(ctx, req.actor));
      } catch (err) {
        if (err instanceof ConfluenceApiError) return fail(err.status, err.message);
        throw err;
      }
    },
    seed(): void {
      writeSeed(repo, ctx.nowIso());
    },
  };
}
