import { Ajv2019 } from 'ajv/dist/2019';
import { toJsonSchema, transformComponents, type Direction, type TransformContext } from './schema-transform';
import type { OpenApiDocument } from './spec-documents';

const doc: OpenApiDocument = {
  openapi: '3.0.1',
  paths: {},
  components: {
    schemas: {
      Issue: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'summary', 'secret'],
        properties: {
          id: { type: 'string', readOnly: true },
          summary: { type: 'string', example: 'x', 'x-atlassian-field': true },
          secret: { type: 'string', writeOnly: true },
          resolution: { type: 'string', nullable: true, enum: ['Done'] },
          parent: { allOf: [{ $ref: '#/components/schemas/Ref' }], nullable: true },
          points: { type: 'number', minimum: 0, exclusiveMinimum: true },
          when: { type: 'string', format: 'made-up' },
        },
      },
      Ref: { type: 'object', properties: { key: { type: 'string' } }, required: ['key'] },
      Shape: {
        type: 'object',
        additionalProperties: false,
        discriminator: { propertyName: 'kind', mapping: { round: '#/components/schemas/Circle' } },
        oneOf: [{ $ref: '#/components/schemas/Circle' }, { $ref: '#/components/schemas/Square' }],
      },
      Circle: { type: 'object', required: ['kind', 'r'], properties: { kind: { type: 'string' }, r: { type: 'number' } } },
      Square: { type: 'object', required: ['kind'], properties: { kind: { type: 'string' }, side: { type: 'number' } } },
      // Mapping contradicts the alternatives' own enum: the discriminator must be ignored, anyOf kept.
      Loose: {
        discriminator: { propertyName: 'type', mapping: { special: '#/components/schemas/Plain' } },
        anyOf: [{ $ref: '#/components/schemas/Plain' }],
      },
      Plain: { type: 'object', properties: { type: { type: 'string', enum: ['raw'] } } },
    },
  },
};

function compile(direction: Direction, name: string) {
  const ctx: TransformContext = { direction, doc, baseId: `urn:test:${direction}`, formats: new Set() };
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  ajv.addSchema(transformComponents(ctx));
  for (const format of ctx.formats) ajv.addFormat(format, true);
  return ajv.compile(toJsonSchema({ $ref: `#/components/schemas/${name}` }, ctx) as object);
}

describe('OpenAPI 3.0 → JSON Schema', () => {
  const request = compile('request', 'Issue');
  const response = compile('response', 'Issue');

  it('does not require readOnly properties in requests, nor writeOnly ones in responses', () => {
    expect(request({ summary: 's', secret: 'p' })).toBe(true);
    expect(request({ summary: 's' })).toBe(false);
    expect(response({ id: '1', summary: 's' })).toBe(true);
    expect(response({ summary: 's' })).toBe(false);
  });

  it('adds null to nullable types, enums and references', () => {
    expect(request({ summary: 's', secret: 'p', resolution: null, parent: null })).toBe(true);
    expect(request({ summary: 's', secret: 'p', resolution: 'Open' })).toBe(false);
    expect(request({ summary: 's', secret: 'p', parent: {} })).toBe(false);
  });

  it('converts boolean exclusiveMinimum, ignores annotations and unknown formats, keeps additionalProperties: false', () => {
    expect(request({ summary: 's', secret: 'p', points: 0 })).toBe(false);
    expect(request({ summary: 's', secret: 'p', points: 0.5, when: 'whenever' })).toBe(true);
    expect(request({ summary: 's', secret: 'p', other: 1 })).toBe(false);
  });

  it('dispatches a discriminator with explicit and implied mapping values', () => {
    const shape = compile('request', 'Shape');
    expect(shape({ kind: 'round', r: 1 })).toBe(true);
    expect(shape({ kind: 'Square', side: 2 })).toBe(true);
    expect(shape({ kind: 'round', side: 2 })).toBe(false);
    expect(shape({ kind: 'Circle', r: 1 })).toBe(false);
    // The parent's additionalProperties: false admits what the chosen alternative declares, nothing more.
    expect(shape({ kind: 'Square', side: 2, extra: true })).toBe(false);
  });

  it('keeps anyOf when the discriminator mapping contradicts the alternatives', () => {
    const loose = compile('request', 'Loose');
    expect(loose({ type: 'raw' })).toBe(true);
    expect(loose({ type: 'special' })).toBe(false);
  });
});
