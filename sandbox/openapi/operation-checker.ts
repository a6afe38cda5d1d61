import type { ValidateFunction } from 'ajv';
import { formatAjvErrors, type FieldError } from './ajv-errors';
import { collectParameters, readQuery, readSingle, type ParamLocation, type ParamSpec } from './parameters';
import type { SchemaRegistry } from './schema-registry';
import type { Direction } from './schema-transform';
import { deref, isObject, type HttpMethod, type MediaType, type OpenApiDocument, type Operation, type RequestBody, type ResponseObject } from './spec-documents';

export interface RequestInput {
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  rawBody?: string;
  contentType?: string;
}

/**
 * Checks requests and responses of one operation. Validators are compiled on first use and kept, so
 * only operations the app actually calls cost anything.
 */
export class OperationChecker {
  private readonly op: Operation;
  private readonly params: ParamSpec[];
  private readonly paramValidators = new Map<ParamLocation, ValidateFunction | null>();
  private readonly bodyValidators = new Map<string, ValidateFunction>();
  private readonly responseValidators = new Map<string, ValidateFunction>();

  constructor(
    private readonly doc: OpenApiDocument,
    template: string,
    method: HttpMethod,
    private readonly registry: (direction: Direction) => SchemaRegistry,
  ) {
    const item = doc.paths[template] ?? {};
    this.op = item[method] ?? {};
    this.params = collectParameters(doc, item, this.op);
  }

  checkRequest(req: RequestInput, pathParams: Record<string, string>): { errors: FieldError[]; unsupportedMediaType: boolean } {
    const errors = [
      ...this.checkParams('path', readSingle(this.params, 'path', pathParams)),
      ...this.checkParams('query', readQuery(this.params, req.query)),
      ...this.checkParams('header', readSingle(this.params, 'header', req.headers)),
    ];
    const body = this.checkBody(req);
    return { errors: [...errors, ...body.errors], unsupportedMediaType: body.unsupportedMediaType };
  }

  /** Errors as strings (empty when the response matches what the document says for this status). */
  checkResponse(operationId: string, status: number, body: unknown): string[] {
    const responses = this.op.responses ?? {};
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
    if (key === undefined) {
      if (isUniversalStatus(status)) return [];
      return [`${status} is not a documented response of ${operationId} (documented: ${Object.keys(responses).join(', ')})`];
    }
    const response = deref(this.doc, responses[key]) as ResponseObject;
    const media = pickJson(response.content);
    // No JSON schema documented for this status (e.g. most 4xx in these documents): nothing to check.
    if (!media?.schema) return [];
    if (body === undefined) return [`${operationId} ${status}: the document defines a JSON body but the response has none`];
    let validate = this.responseValidators.get(key);
    if (!validate) {
      validate = this.registry('response').compile(media.schema);
      this.responseValidators.set(key, validate);
    }
    return validate(body) ? [] : formatAjvErrors(validate.errors, 'body').map((e) => e.message);
  }

  private checkParams(location: ParamLocation, values: Record<string, unknown>): FieldError[] {
    let validate = this.paramValidators.get(location);
    if (validate === undefined) {
      const declared = this.params.filter((p) => p.in === location);
      validate = declared.length
        ? this.registry('request').compileObject(
            Object.fromEntries(declared.map((p) => [p.name, p.schema])),
            declared.filter((p) => p.required).map((p) => p.name),
          )
        : null;
      this.paramValidators.set(location, validate);
    }
    if (!validate || validate(values)) return [];
    return formatAjvErrors(validate.errors, location);
  }

  private checkBody(req: RequestInput): { errors: FieldError[]; unsupportedMediaType: boolean } {
    const ok = { errors: [], unsupportedMediaType: false };
    const declared = deref(this.doc, this.op.requestBody);
    // An operation without a documented body ignores one, as the servers do.
    if (!isObject(declared)) return ok;
    const requestBody = declared as RequestBody;
    const present = req.body !== undefined || (req.rawBody !== undefined && req.rawBody !== '');
    if (!present) {
      return requestBody.required ? { errors: [{ location: 'body', name: 'body', message: 'body is required' }], unsupportedMediaType: false } : ok;
    }
    const contentType = (req.contentType || req.headers['content-type'] || '').split(';')[0]?.trim().toLowerCase() ?? '';
    const content = requestBody.content ?? {};
    const mediaKey = pickMediaKey(content, contentType);
    if (mediaKey === undefined) {
      const accepted = Object.keys(content).join(', ');
      const message = `Content-Type ${contentType ? `'${contentType}'` : '(none)'} is not supported; this operation consumes ${accepted}`;
      return { errors: [{ location: 'header', name: 'content-type', message }], unsupportedMediaType: true };
    }
    const schema = content[mediaKey]?.schema;
    if (!isJson(mediaKey === '*/*' ? contentType : mediaKey) || schema === undefined) return ok;
    if (req.body === undefined) return { errors: [{ location: 'body', name: 'body', message: 'body is not valid JSON' }], unsupportedMediaType: false };
    let validate = this.bodyValidators.get(mediaKey);
    if (!validate) {
      validate = this.registry('request').compile(schema);
      this.bodyValidators.set(mediaKey, validate);
    }
    return validate(req.body) ? ok : { errors: formatAjvErrors(validate.errors, 'body'), unsupportedMediaType: false };
  }
}

/**
 * Statuses the cloud can answer on any operation whether or not its document lists them: 401/403 from
 * the auth layer (a missing OAuth/Forge scope is "401 Unauthorized; scope does not match"), 429 from
 * rate limiting (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/) and 5xx from the
 * edge. None has a documented body, so there is nothing to check.
 */
function isUniversalStatus(status: number): boolean {
  return status === 401 || status === 403 || status === 429 || status >= 500;
}

/** The documented media type a request's Content-Type selects: exact, then `type/*`, then `*\/*`. */
function pickMediaKey(content: Record<string, MediaType>, contentType: string): string | undefined {
  const keys = Object.keys(content);
  const normalized = (k: string) => k.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!contentType) return undefined;
  return (
    keys.find((k) => normalized(k) === contentType) ??
    keys.find((k) => normalized(k) === `${contentType.split('/')[0]}/*`) ??
    keys.find((k) => normalized(k) === '*/*')
  );
}

function pickJson(content: Record<string, MediaType> | undefined): MediaType | undefined {
  if (!content) return undefined;
  const key = Object.keys(content).find((k) => isJson(k)) ?? Object.keys(content).find((k) => k === '*/*');
  return key === undefined ? undefined : content[key];
}

function isJson(mediaType: string): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(mediaType);
}
