/**
 * Errors the KVS emulator answers with, shaped as the real service's non-2xx bodies: `{ code, message, context? }`.
 * `@forge/kvs` turns such a body into a `ForgeKvsAPIError` whose `code` and `message` are these, and whose
 * `context` is `context` merged with any other body fields.
 *
 * Codes and messages are quoted from the vendor error tables where one exists:
 * - KVS: https://developer.atlassian.com/platform/forge/storage-reference/kvs-errorhandling/
 * - Custom Entity Store: https://developer.atlassian.com/platform/forge/storage-reference/entities-errorhandling/
 * - `KEY_NOT_FOUND`, `BAD_REQUEST`, `INTERNAL_SERVER_ERROR`: `@forge/kvs` 1.6.5 `out/storage-api.js` (the SDK only
 *   treats `KEY_NOT_FOUND` as "absent") and the bodies its own tests use (`out/__test__/index.test.js`).
 * Codes the vendor does not document are marked UNDOCUMENTED; the README explains each choice.
 */

/** The JSON body of every non-2xx answer (kvs-errorhandling: "non-2xx responses will have the following schema"). */
export type KvsErrorBody = { code: string; message: string; context?: Record<string, unknown> };

/** An error answer of the emulated service. Thrown inside handlers and mapped to a response once, at the edge. */
export class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly context?: Record<string, unknown>,
  ) {
    // an answer, not a fault: no stack trace to capture (a missing key is a KvsError on the hot path of every read)
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'KvsError';
  }

  toBody(): KvsErrorBody {
    return this.context ? { code: this.code, message: this.message, context: this.context } : { code: this.code, message: this.message };
  }
}

type Ctx = Record<string, unknown> | undefined;
const e = (status: number, code: string, message: string) => (context?: Ctx) => new KvsError(status, code, message, context);

/** The regex quoted in the vendor key-error messages. */
const KEY_REGEX_TEXT = '/^(?!\\s+$)[a-zA-Z0-9:._\\s-#]+$/';

/** Factories for every error the emulator can answer with. */
export const kvsErrors = {
  // --- SDK-level (storage-api.js and its tests) ---
  keyNotFound: e(404, 'KEY_NOT_FOUND', 'Provided key does not exist'),
  badRequest: e(400, 'BAD_REQUEST', 'Provided request body is invalid'),
  internal: e(500, 'INTERNAL_SERVER_ERROR', 'An internal server error has occurred'),

  // --- keys (kvs-errorhandling; entities-errorhandling) ---
  keyTooShort: e(400, 'KEY_TOO_SHORT', 'The provided key needs to be more than one character.'),
  emptyKey: e(400, 'EMPTY_KEY', 'Key cannot be empty.'),
  keyTooLong: e(400, 'KEY_TOO_LONG', 'The provided key has exceeded the maximum 500 characters.'),
  invalidKey: e(400, 'INVALID_KEY', `The provided key does not match the regex: ${KEY_REGEX_TEXT}`),

  // --- values ---
  maxSize: e(400, 'MAX_SIZE', 'The provided value has exceeded the maximum size limit.'),
  // Vendor quirk: the message says 32 while the limits page says the maximum depth is 31; the message is quoted as is.
  maxDepth: e(400, 'MAX_DEPTH', 'The provided value has exceeded the maximum object depth (32) limit.'),

  // --- KVS query ---
  invalidFilterCondition: e(400, 'INVALID_FILTER_CONDITION', 'The specified condition is not supported for filters.'),
  invalidFilterValues: e(400, 'INVALID_FILTER_VALUES', 'The specified number of values are not supported by the given condition.'),
  listQueryLimitExceeded: e(400, 'LIST_QUERY_LIMIT_EXCEEDED', 'Limit for list query should be below 100.'),
  queryWhereInvalid: e(400, 'QUERY_WHERE_INVALID', 'KVS queries should contain only a single "where" clause.'),
  queryWhereFieldInvalid: e(400, 'QUERY_WHERE_FIELD_INVALID', 'The specified field is not supported for filters.'),

  // --- custom entities ---
  entityTypeTooShort: e(400, 'ENTITY_TYPE_TOO_SHORT', 'The provided key needs to be more than 3 characters.'),
  entityTypeTooLarge: e(400, 'ENTITY_TYPE_TOO_LARGE', 'The provided key has exceeded the maximum 60 characters.'),
  invalidEntityType: e(
    400,
    'INVALID_ENTITY_TYPE',
    'The provided key does not match the regex: /^(?![\\.\\-])(?!.*\\.{2})[a-z0-9:\\-.]*(?<![.])$/.',
  ),
  invalidEntityValue: e(400, 'INVALID_ENTITY_VALUE', 'Entity values must match one of the types defined in Custom Entities.'),
  invalidEntityAttribute: e(400, 'INVALID_ENTITY_ATTRIBUTE', 'The specified attribute name is a reserved value and cannot be utilized.'),
  invalidEntityIndex: e(
    400,
    'INVALID_ENTITY_INDEX',
    'The custom entity index provided is invalid. The index name is a reserved value and cannot be utilized.',
  ),
  pageLimitNotInRange: e(400, 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE', 'The page limit must be set between 1 and 100.'),
  emptyFilterOperator: e(400, 'EMPTY_FILTER_OPERATOR', 'Filter operators "and" and "or" cannot be empty.'),
  filterOperatorsCombination: e(
    400,
    'INVALID_FILTER_OPERATORS_COMBINATION',
    'Filter operators "and" and "or" cannot be present at the same level.',
  ),
  insufficientFilterValues: e(400, 'INSUFFICIENT_FILTER_VALUES', 'The specified condition needs at least two values.'),
  // entities-api-query: "Attributes declared as type `any` are not supported in filter conditions ... results in a
  // `422 Unprocessable Entity` error." The code is not documented; the filter-condition code is reused.
  anyAttributeInCondition: e(422, 'INVALID_FILTER_CONDITION', 'The specified condition is not supported for filters.'),

  // --- UNDOCUMENTED codes (status from the REST reference where it lists one) ---
  /** REST v1 reference lists `409 Conflict` for set; the code is not documented. */
  keyAlreadyExists: e(409, 'KEY_ALREADY_EXISTS', 'The provided key already exists.'),
  /** A transaction `check` or operation `conditions` evaluated to false: the whole transaction is rejected. */
  conditionCheckFailed: e(409, 'CONDITION_CHECK_FAILED', 'The transaction was rejected because a condition was not met.'),
  tooManyItems: e(400, 'TOO_MANY_ITEMS', 'A batch or transaction can contain at most 25 items.'),
  emptyRequest: e(400, 'EMPTY_REQUEST', 'A batch or transaction must contain at least one item.'),
  duplicateKeys: e(400, 'DUPLICATE_KEYS', 'Each key can only be used once in a batch or transaction.'),
  payloadTooLarge: e(400, 'PAYLOAD_TOO_LARGE', 'The request payload has exceeded the maximum size of 4MB.'),
  tooManyConditions: e(400, 'TOO_MANY_CONDITIONS', 'A query can have at most 100 conditions.'),
  notFoundPath: e(404, 'NOT_FOUND', 'The requested KVS API path does not exist.'),
} as const;

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  204: 'No Content',
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
};

/** The reason phrase for a status, so `ForgeKvsAPIError.responseDetails.statusText` reads as it would in the cloud. */
export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? '';
}
