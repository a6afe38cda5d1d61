import type { ProductResponse } from '../core/product';

/**
 * Errors the emulator answers with, rendered once at the edge (`index.ts`) in the shape of the API the
 * request used:
 *
 * - v2 (`/wiki/api/v2/...`): `{errors:[{status, code, title, detail:null}]}`. Atlassian does not document it;
 *   it is what the cloud sends (see forge-platform.md §9, "Error body shapes").
 * - v1 (`/wiki/rest/api/...`): `{statusCode, data:{authorized, valid, errors:[], successful:false}, message}`.
 */

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'REQUEST_ENTITY_TOO_LARGE',
  501: 'NOT_IMPLEMENTED',
};

/** An answer other than success, thrown by handlers and rendered at the edge. */
export class ConfluenceApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConfluenceApiError';
  }
}

/** 400 */
export const badRequest = (message: string): ConfluenceApiError => new ConfluenceApiError(400, message);
/** 404 — also for what the caller may not see, as the cloud does. */
export const notFound = (message = 'Not Found'): ConfluenceApiError => new ConfluenceApiError(404, message);
/** 403 */
export const forbidden = (message: string): ConfluenceApiError => new ConfluenceApiError(403, message);
/** 401 */
export const unauthorized = (): ConfluenceApiError => new ConfluenceApiError(401, 'Unauthorized');
/** For a feature of a real endpoint the sandbox chose not to emulate, so it is never mistaken for a client error. */
export const notEmulated = (what: string): ConfluenceApiError =>
  new ConfluenceApiError(501, `${what} is not emulated by the Kaizen sandbox`);

/**
 * Confluence's optimistic-lock refusal. The cloud's wording (v1 and v2 alike) is
 * "Version must be incremented on update. Current version is: N".
 */
export const versionConflict = (current: number): ConfluenceApiError =>
  new ConfluenceApiError(409, `Version must be incremented on update. Current version is: ${current}`);

/** The v2 error body. */
export function v2Error(status: number, title: string): ProductResponse {
  return { status, body: { errors: [{ status, code: CODES[status] ?? 'ERROR', title, detail: null }] } };
}

/** The v1 error body. */
export function v1Error(status: number, message: string): ProductResponse {
  return {
    status,
    body: {
      statusCode: status,
      data: { authorized: status !== 401 && status !== 403, valid: status !== 400, errors: [], successful: false },
      message,
    },
  };
}
