import { requireEdit, visiblePage, type Caller, type Ctx, type Handler } from './context';
import { badRequest, notFound, versionConflict } from './errors';
import type { PageRecord, PropertyRecord } from './model';
import { sortParam } from './page-reads';
import { intParam, listResponse, paginate, type Sorted } from './pagination';
import { propertyJson } from './serialize';

/**
 * Content properties of pages: JSON values under a key, versioned like pages (an update must carry the
 * current version number + 1, else 409).
 * https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-content-properties/
 */

/** Confluence caps a content property value at 32 KB of JSON. */
const MAX_VALUE_BYTES = 32 * 1024;

type Json = Record<string, unknown>;
const asJson = (body: unknown): Json => (body && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : {});

function checkKey(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw badRequest('key is required');
  if (raw.length > 255) throw badRequest('key cannot be longer than 255 characters');
  return raw;
}

function checkValue(raw: unknown): unknown {
  if (raw === undefined) throw badRequest('value is required');
  if (Buffer.byteLength(JSON.stringify(raw), 'utf8') > MAX_VALUE_BYTES) throw badRequest(`value cannot be larger than ${MAX_VALUE_BYTES} bytes`);
  return raw;
}

function checkKeyFree(ctx: Ctx, pageId: string, key: string, selfId?: string): void {
  if (ctx.repo.properties(pageId).some((p) => p.key === key && p.id !== selfId)) {
    throw badRequest(`A property with key '${key}' already exists on this page`);
  }
}

function propertyOf(ctx: Ctx, caller: Caller, pageId: string, propertyId: string): { page: PageRecord; property: PropertyRecord } {
  const page = visiblePage(ctx, caller, pageId);
  const property = ctx.repo.getProperty(page.id, propertyId);
  if (!property) throw notFound(`Content property ${propertyId} not found on page ${page.id}`);
  return { page, property };
}

const PROPERTY_SORTS: Record<string, Sorted<PropertyRecord>> = {
  key: { key: (p) => [p.key, Number(p.id)], descending: false },
  id: { key: (p) => [Number(p.id)], descending: false },
};

/** GET /wiki/api/v2/pages/{page-id}/properties — `key` filters to one key (case-sensitive). */
export const getPageContentProperties: Handler = (ctx, req, caller) => {
  const q = req.query;
  const page = visiblePage(ctx, caller, req.pathParams['page-id'] ?? '');
  const key = q.get('key');
  const items = ctx.repo.properties(page.id).filter((p) => key === null || p.key === key);
  const result = paginate(items, sortParam(q.get('sort'), PROPERTY_SORTS, 'id'), q.get('cursor'), intParam(q, 'limit', 25, 1, 250));
  return listResponse(req, ctx.site, result, propertyJson);
};

/** POST /wiki/api/v2/pages/{page-id}/properties — answers 200 (not 201), as documented. */
export const createPageProperty: Handler = (ctx, req, caller) => {
  const page = visiblePage(ctx, caller, req.pathParams['page-id'] ?? '');
  requireEdit(caller, 'update this page');
  const input = asJson(req.body);
  const key = checkKey(input['key']);
  const value = checkValue(input['value']);
  checkKeyFree(ctx, page.id, key);
  const property = ctx.store.transaction((): PropertyRecord => {
    const p: PropertyRecord = {
      id: ctx.repo.nextId('property'),
      pageId: page.id,
      key,
      value,
      version: { number: 1, message: '', minorEdit: false, authorId: caller.accountId, createdAt: ctx.nowIso() },
    };
    ctx.repo.putProperty(p);
    return p;
  });
  return { status: 200, body: propertyJson(property) };
};

/** GET /wiki/api/v2/pages/{page-id}/properties/{property-id} */
export const getPageContentPropertiesById: Handler = (ctx, req, caller) => {
  const { property } = propertyOf(ctx, caller, req.pathParams['page-id'] ?? '', req.pathParams['property-id'] ?? '');
  return { status: 200, body: propertyJson(property) };
};

/** PUT /wiki/api/v2/pages/{page-id}/properties/{property-id} */
export const updatePagePropertyById: Handler = (ctx, req, caller) => {
  const { page, property } = propertyOf(ctx, caller, req.pathParams['page-id'] ?? '', req.pathParams['property-id'] ?? '');
  requireEdit(caller, 'update this page');
  const input = asJson(req.body);
  const version = asJson(input['version']);
  const number = version['number'];
  if (typeof number !== 'number' || !Number.isInteger(number)) throw badRequest('version.number is required');
  if (number !== property.version.number + 1) throw versionConflict(property.version.number);
  const key = input['key'] === undefined ? property.key : checkKey(input['key']);
  if (key !== property.key) checkKeyFree(ctx, page.id, key, property.id);
  const next: PropertyRecord = {
    ...property,
    key,
    value: checkValue(input['value']),
    version: {
      number,
      message: typeof version['message'] === 'string' ? version['message'] : '',
      minorEdit: false,
      authorId: caller.accountId,
      createdAt: ctx.nowIso(),
    },
  };
  ctx.store.transaction(() => ctx.repo.putProperty(next));
  return { status: 200, body: propertyJson(next) };
};

/** DELETE /wiki/api/v2/pages/{page-id}/properties/{property-id} */
export const deletePagePropertyById: Handler = (ctx, req, caller) => {
  const { property } = propertyOf(ctx, caller, req.pathParams['page-id'] ?? '', req.pathParams['property-id'] ?? '');
  requireEdit(caller, 'update this page');
  ctx.store.transaction(() => ctx.repo.deleteProperty(property));
  return { status: 204 };
};
