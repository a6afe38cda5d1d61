import { Ajv2019 } from 'ajv/dist/2019';
import type { KeywordDefinition, SchemaValidateFunction, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { validateAdf } from '../formats/adf';
import { formatAjvErrors, type FieldError } from './ajv-errors';

/**
 * Jira system-field checks for create/edit/transition bodies.
 *
 * Why this exists: the Jira document types `IssueUpdateDetails.fields` as a free-form map
 * (`additionalProperties: {}`) because field shapes are per-site (see "Get create metadata"), yet the
 * cloud rejects `{"fields": {"summary": 42}}` with 400 `{"errors": {"summary": "..."}}`. System fields
 * have the same shape on every site, so their schemas are written down here, from the field reference:
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post
 * and https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/ (v3 rich-text fields are ADF).
 * Custom fields (`customfield_*`) and unknown keys are left to the emulator, which knows the site's fields.
 *
 * Bulk create (`createIssues`) is deliberately not covered: the cloud answers it per issue (201 with an
 * `errors` array), not with a request-level 400.
 */

const ref = (...keys: string[]) => ({
  type: 'object',
  anyOf: keys.map((k) => ({ required: [k] })),
  properties: Object.fromEntries(keys.map((k) => [k, k === 'id' ? { type: ['string', 'integer'] } : { type: 'string' }])),
});
// v3 identifies users by account ID only (GDPR migration); `id` is accepted as an alias, as in the doc's example.
const user = { anyOf: [{ type: 'null' }, { type: 'object', properties: { accountId: { type: 'string' }, id: { type: 'string' } }, anyOf: [{ required: ['accountId'] }, { required: ['id'] }] }] };
const label = { type: 'string', jiraLabel: true };
const named = ref('id', 'name');

/** Schema of the value of each system field, as given in `fields` or as an `update` `set`. */
const SYSTEM_FIELDS: Record<string, object> = {
  summary: { type: 'string', jiraSummary: true },
  description: { adfDocument: true },
  environment: { adfDocument: true },
  issuetype: ref('id', 'name'),
  project: ref('id', 'key'),
  parent: ref('id', 'key'),
  priority: named,
  assignee: user,
  reporter: user,
  labels: { type: 'array', items: label },
  components: { type: 'array', items: named },
  fixVersions: { type: 'array', items: named },
  versions: { type: 'array', items: named },
  duedate: { type: ['string', 'null'], format: 'date' },
  timetracking: { type: 'object', properties: { originalEstimate: { type: 'string' }, remainingEstimate: { type: 'string' } } },
};

/** Values allowed for `add`/`remove` on array fields in `update`. */
const ARRAY_ITEMS: Record<string, object> = { labels: label, components: named, fixVersions: named, versions: named };

const OPERATIONS = new Set(['createIssue', 'editIssue', 'doTransition']);

let compiled: ValidateFunction | undefined;

/** Extra 400s the cloud gives for these operations beyond the OpenAPI document; empty when none. */
export function checkJiraIssueFields(operationId: string, body: unknown): FieldError[] {
  if (!OPERATIONS.has(operationId) || typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  const validate = (compiled ??= compileOverlay());
  const errors = validate(body) ? [] : formatAjvErrors(validate.errors, 'body').map(byFieldId);
  const { fields, update } = body as { fields?: unknown; update?: unknown };
  const fieldKeys = isRecord(fields) ? Object.keys(fields) : [];
  const updateKeys = isRecord(update) ? Object.keys(update) : [];
  for (const key of fieldKeys.filter((k) => updateKeys.includes(k))) {
    // IssueUpdateDetails.update: "Note that fields included in here cannot be included in `fields`."
    errors.push({ location: 'body', name: key, message: `body/fields/${key} cannot also be changed in body/update/${key}` });
  }
  if (operationId === 'createIssue') {
    const required: Array<[string, string]> = [
      ['project', 'Specify a valid project ID or key'],
      ['issuetype', 'Specify an issue type'],
      ['summary', 'You must specify a summary of the issue.'],
    ];
    for (const [key, text] of required) {
      if (!fieldKeys.includes(key) && !updateKeys.includes(key)) errors.push({ location: 'body', name: key, message: `body/fields/${key} is required: ${text}` });
    }
  }
  return errors;
}

function compileOverlay(): ValidateFunction {
  const ajv = new Ajv2019({ allErrors: true, strict: false, logger: false });
  addFormats.default(ajv, ['date']);
  ajv.addKeyword(stringRule('jiraSummary', (s) =>
    s.trim() === '' ? 'must not be empty' : /[\r\n]/.test(s) ? 'must not contain line breaks' : s.length > 255 ? 'must be at most 255 characters' : undefined));
  ajv.addKeyword(stringRule('jiraLabel', (s) =>
    s === '' ? 'must not be empty' : /\s/.test(s) ? `must not contain spaces ('${s}')` : s.length > 255 ? 'must be at most 255 characters' : undefined));
  ajv.addKeyword(adfKeyword());
  const update = Object.fromEntries(Object.entries(SYSTEM_FIELDS).map(([key, schema]) => {
    const item = ARRAY_ITEMS[key];
    const ops = item ? { set: schema, add: item, remove: item } : { set: schema };
    return [key, { type: 'array', items: { type: 'object', properties: ops } }];
  }));
  return ajv.compile({
    type: 'object',
    properties: {
      fields: { type: 'object', properties: SYSTEM_FIELDS },
      update: { type: 'object', properties: update },
    },
  });
}

function stringRule(keyword: string, problem: (value: string) => string | undefined): KeywordDefinition {
  const validate: SchemaValidateFunction = (_schema: unknown, data: unknown) => {
    const message = typeof data === 'string' ? problem(data) : undefined;
    validate.errors = message ? [{ keyword, message, params: {} }] : [];
    return message === undefined;
  };
  return { keyword, schemaType: 'boolean', errors: true, validate };
}

/** v3 rich-text fields take an ADF document (or null to clear); a plain string is the classic v2 habit the cloud rejects. */
function adfKeyword(): KeywordDefinition {
  const validate: SchemaValidateFunction = (_schema: unknown, data: unknown) => {
    if (data === null) return true;
    if (typeof data !== 'object' || Array.isArray(data)) {
      validate.errors = [{ keyword: 'adfDocument', message: `must be an Atlassian Document Format document, not ${Array.isArray(data) ? 'an array' : typeof data}`, params: {} }];
      return false;
    }
    const result = validateAdf(data);
    validate.errors = result.ok ? [] : result.errors.map((e) => ({ keyword: 'adfDocument', message: `is not valid ADF: ${e}`, params: {} }));
    return result.ok;
  };
  return { keyword: 'adfDocument', schemaType: 'boolean', errors: true, validate };
}

/** Jira keys field errors by field id (`{"errors": {"summary": "..."}}`), so the name is the id. */
function byFieldId(error: FieldError): FieldError {
  const [, id] = error.name.split('/');
  return id ? { ...error, name: id } : error;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
