import path from 'node:path';
import type { FieldError } from './ajv-errors';
import { checkJiraIssueFields } from './jira-fields';
import { OperationChecker } from './operation-checker';
import { PathRouter } from './path-router';
import { SchemaRegistry } from './schema-registry';
import type { Direction } from './schema-transform';
import { defaultSpecsDir, HTTP_METHODS, loadSpec, SPEC_SOURCES, type HttpMethod, type LoadedSpec, type Operation, type SpecProduct } from './spec-documents';

/**
 * Validates requests to the emulated Jira (REST v3) and Confluence (REST v2 and v1) against Atlassian's
 * official OpenAPI documents, so a request the cloud would reject fails in the sandbox too.
 * Jira: https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/
 * Confluence: https://developer.atlassian.com/cloud/confluence/rest/v2/intro/ and /rest/v1/intro/
 */

export type { SpecProduct } from './spec-documents';

export interface MatchedOperation {
  product: SpecProduct;
  operationId: string;
  pathTemplate: string;
  pathParams: Record<string, string>;
  /** `jira-platform-v3`, `confluence-v2` or `confluence-v1`. */
  specName: string;
}

export type RequestCheck =
  | { ok: true; op: MatchedOperation }
  | {
      ok: false;
      status: 404 | 405 | 400 | 415;
      message: string;
      /** For body errors `name` is the JSON path (`fields/summary`); Jira system-field errors use the field id, as Jira does. */
      errors: Array<{ location: 'path' | 'query' | 'header' | 'body'; name: string; message: string }>;
      op?: MatchedOperation;
    };

export interface CheckedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON, or undefined when there is no (JSON) body. */
  body: unknown;
  rawBody?: string;
  contentType?: string;
}

export interface SpecValidator {
  /** Product by path: `/wiki/api/v2/**` and `/wiki/rest/api/**` → confluence, `/rest/api/3/**` → jira; anything else is 404. */
  checkRequest(req: CheckedRequest): RequestCheck;
  /** Validates an emulator's response against the operation's documented response schema for that status (or 'default'). */
  checkResponse(op: MatchedOperation, status: number, body: unknown): { ok: true } | { ok: false; errors: string[] };
}

const validators = new Map<string, SpecValidator>();

/**
 * Returns the validator for a specs directory (default: `KAIZEN_SPECS_DIR` or `../shared/specs` beside
 * the repo), cached per directory. Creating it parses the three documents and indexes their paths;
 * schemas are converted and compiled per operation on first use.
 */
export function loadSpecValidator(opts: { specsDir?: string } = {}): SpecValidator {
  const dir = path.resolve(opts.specsDir ?? defaultSpecsDir());
  let validator = validators.get(dir);
  if (!validator) {
    validator = new OpenApiSpecValidator(dir);
    validators.set(dir, validator);
  }
  return validator;
}

/** One OpenAPI document with its router and lazily built schema registries and operation checkers. */
class SpecBundle {
  readonly router: PathRouter;
  readonly byOperationId = new Map<string, { template: string; method: HttpMethod }>();
  private readonly registries = new Map<Direction, SchemaRegistry>();
  private readonly checkers = new Map<string, OperationChecker>();

  constructor(readonly spec: LoadedSpec) {
    this.router = new PathRouter(Object.keys(spec.doc.paths));
    for (const [template, item] of Object.entries(spec.doc.paths)) {
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (op) this.byOperationId.set(operationIdOf(op, method, template), { template, method });
      }
    }
  }

  registry(direction: Direction): SchemaRegistry {
    let registry = this.registries.get(direction);
    if (!registry) {
      registry = new SchemaRegistry(this.spec.doc, this.spec.source.specName, direction);
      this.registries.set(direction, registry);
    }
    return registry;
  }

  checker(template: string, method: HttpMethod): OperationChecker {
    const key = `${method} ${template}`;
    let checker = this.checkers.get(key);
    if (!checker) {
      checker = new OperationChecker(this.spec.doc, template, method, (d) => this.registry(d));
      this.checkers.set(key, checker);
    }
    return checker;
  }
}

class OpenApiSpecValidator implements SpecValidator {
  private readonly bundles: SpecBundle[];

  constructor(specsDir: string) {
    this.bundles = SPEC_SOURCES.map((source) => new SpecBundle(loadSpec(specsDir, source)));
  }

  checkRequest(req: CheckedRequest): RequestCheck {
    const bundle = this.bundles.find((b) => req.path.startsWith(b.spec.source.prefix));
    if (!bundle) {
      return fail(404, `No Atlassian REST API is served at ${req.path} (known: /rest/api/3/, /wiki/api/v2/, /wiki/rest/api/)`);
    }
    const { specName, product } = bundle.spec.source;
    const match = bundle.router.match(req.path);
    if (!match) return fail(404, `No operation in ${specName} matches ${req.path}`);
    const item = bundle.spec.doc.paths[match.template] ?? {};
    const requested = req.method.toLowerCase();
    // HEAD is answered by the GET resource on both Jersey (Jira) and Spring (Confluence).
    const method = HTTP_METHODS.find((m) => m === requested && item[m]) ?? (requested === 'head' && item.get ? 'get' : undefined);
    const op = method ? item[method] : undefined;
    if (!method || !op) {
      const allowed = HTTP_METHODS.filter((m) => item[m]).map((m) => m.toUpperCase());
      return fail(405, `Method ${req.method.toUpperCase()} is not allowed on ${match.template} (allowed: ${allowed.join(', ')})`);
    }
    const matched: MatchedOperation = {
      product,
      operationId: operationIdOf(op, method, match.template),
      pathTemplate: match.template,
      pathParams: match.params,
      specName,
    };
    const result = bundle.checker(match.template, method).checkRequest(req, match.params);
    const errors: FieldError[] = [...result.errors];
    if (product === 'jira' && !result.unsupportedMediaType) {
      errors.push(...checkJiraIssueFields(matched.operationId, req.body));
    }
    if (errors.length === 0) return { ok: true, op: matched };
    const status = result.unsupportedMediaType ? 415 : 400;
    return { ok: false, status, message: summarize(errors), errors, op: matched };
  }

  checkResponse(op: MatchedOperation, status: number, body: unknown): { ok: true } | { ok: false; errors: string[] } {
    const bundle = this.bundles.find((b) => b.spec.source.specName === op.specName);
    const entry = bundle?.byOperationId.get(op.operationId);
    if (!bundle || !entry) return { ok: false, errors: [`Unknown operation ${op.specName}/${op.operationId}`] };
    const errors = bundle.checker(entry.template, entry.method).checkResponse(op.operationId, status, body);
    return errors.length ? { ok: false, errors } : { ok: true };
  }
}

function operationIdOf(op: Operation, method: string, template: string): string {
  return op.operationId ?? `${method.toUpperCase()} ${template}`;
}

function fail(status: 404 | 405, message: string): RequestCheck {
  return { ok: false, status, message, errors: [] };
}

function summarize(errors: readonly FieldError[]): string {
  const shown = errors.slice(0, 5).map((e) => e.message);
  const more = errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : '';
  return `${shown.join('; ')}${more}`;
}
