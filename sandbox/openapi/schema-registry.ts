import { Ajv2019 } from 'ajv/dist/2019';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenApiDocument, SpecSource } from './spec-documents';
import { toJsonSchema, transformComponents, type Direction, type TransformContext } from './schema-transform';

/**
 * One Ajv instance per (document, direction). The document's `components.schemas` are converted and
 * registered once; operation schemas are compiled on first use and `$ref` into them, so the 2.4 MB
 * Jira document costs one JSON.parse and one cheap tree walk at start-up, not thousands of compilations.
 * Ajv docs: https://ajv.js.org/api.html, formats: https://ajv.js.org/packages/ajv-formats.html
 */
export class SchemaRegistry {
  private readonly ajv: Ajv2019;
  private readonly ctx: TransformContext;

  constructor(doc: OpenApiDocument, specName: SpecSource['specName'], direction: Direction) {
    this.ctx = { direction, doc, baseId: `urn:kaizen:${specName}:${direction}`, formats: new Set() };
    this.ajv = new Ajv2019({
      allErrors: true,
      strict: false,
      validateSchema: false,
      // Java's regexes (which Atlassian's patterns are written for) are not Unicode-mode JS regexes.
      unicodeRegExp: false,
      logger: false,
    });
    addFormats.default(this.ajv);
    if (specName === 'jira-platform-v3') {
      // Jira writes and reads timestamps as `2021-01-17T12:34:00.000+0000` (the document's own examples,
      // e.g. Worklog.started): an ISO 8601 offset without the colon RFC 3339 requires. Ajv's RFC 3339
      // `date-time` would reject every timestamp Jira produces and every one its docs tell callers to send.
      this.ajv.addFormat('date-time', { type: 'string', validate: isJiraDateTime });
    }
    this.ajv.addSchema(transformComponents(this.ctx));
    this.registerUnknownFormats();
  }

  /** Compiles an OpenAPI schema (inline or `$ref`) from this document. */
  compile(schema: unknown): ValidateFunction {
    return this.compileJsonSchema(toJsonSchema(schema, this.ctx));
  }

  /** Compiles `{type: object, properties, required}` built from OpenAPI schemas (used for parameters). */
  compileObject(properties: Record<string, unknown>, required: readonly string[]): ValidateFunction {
    const converted = Object.fromEntries(Object.entries(properties).map(([name, s]) => [name, toJsonSchema(s, this.ctx)]));
    return this.compileJsonSchema({ type: 'object', properties: converted, required: [...required] });
  }

  private compileJsonSchema(schema: object | boolean): ValidateFunction {
    this.registerUnknownFormats();
    return this.ajv.compile(schema);
  }

  /**
   * The documents use formats Ajv does not define (`"format": "string"` in Confluence v2, for instance).
   * OpenAPI says unknown formats are annotations, so they validate nothing.
   */
  private registerUnknownFormats(): void {
    for (const format of this.ctx.formats) if (!this.ajv.formats[format]) this.ajv.addFormat(format, true);
  }
}

const JIRA_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):?(\d{2}))$/i;

function isJiraDateTime(value: string): boolean {
  const m = JIRA_DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = m.slice(1).map((g) => Number(g ?? 0));
  if (year === undefined || month === undefined || day === undefined) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  const validDate = date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return validDate && Number(hour) < 24 && Number(minute) < 60 && Number(second) < 61 && Number(offsetHour) < 24 && Number(offsetMinute) < 60;
}
