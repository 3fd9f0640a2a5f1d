/** The compatibility rules of doctor's schema check, on small hand-made schemas. */
import { describe, expect, it } from 'vitest';
import { compareSchemas, resolverFor, type SchemaNode } from '../../src/doctor/schema-compat.js';

const side = (schema: SchemaNode | undefined, schemas: Record<string, SchemaNode> = {}) => ({ schema, resolve: resolverFor(schemas) });

const contractSchemas: Record<string, SchemaNode> = {
  Page: {
    type: 'object',
    required: ['items', 'next'],
    properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Item' } }, next: { type: ['string', 'null'] } },
  },
  Item: { type: 'object', required: ['id', 'count'], properties: { id: { type: 'string' }, count: { type: 'integer' } } },
};
const contract = side({ $ref: '#/components/schemas/Page' }, contractSchemas);

describe('compareSchemas', () => {
  it('accepts a server that states the same fields, nullable wrappers and number for integer included', () => {
    const server = side(
      { $ref: '#/components/schemas/PageResponse' },
      {
        PageResponse: {
          type: 'object',
          properties: { items: { type: 'array', items: { $ref: '#/components/schemas/ItemResponse' } }, next: { anyOf: [{ type: 'string' }, { type: 'null' }] }, extra: { type: 'string' } },
        },
        ItemResponse: { anyOf: [{ type: 'object', properties: { id: { type: 'string' }, count: { type: 'number' } } }, { type: 'null' }] },
      },
    );
    expect(compareSchemas(contract, server, 'Page')).toEqual({ stated: true, checkedFields: 4, problems: [], knownUnstated: [] });
  });

  it('names a required field removed deep inside an array, and a changed type', () => {
    const server = side({
      type: 'object',
      properties: { items: { type: 'array', items: { type: 'object', properties: { count: { type: 'string' } } } }, next: { type: 'string' } },
    });
    expect(compareSchemas(contract, server, 'Page').problems).toEqual([
      { field: 'Page.items[].id', message: `required field "id" of Page.items[] is missing from the server's description: removed or renamed` },
      { field: 'Page.items[].count', message: `Page.items[].count is number in the contract but string in the server's description` },
    ]);
  });

  it('says when the server states nothing: no schema, `{}` or a loose object', () => {
    for (const schema of [undefined, {}, { type: 'object' }]) {
      expect(compareSchemas(contract, side(schema as SchemaNode | undefined), 'Page')).toMatchObject({ stated: false, problems: [] });
    }
  });

  it('sets aside the top-level fields it is told the server does not state, and only those', () => {
    const server = side({ type: 'object', properties: { items: { type: 'array' } } });
    const result = compareSchemas(contract, server, 'Page', ['next']);
    expect(result.knownUnstated).toEqual(['next']);
    expect(result.problems).toEqual([]);
    expect(compareSchemas(contract, server, 'Page').problems.map((problem) => problem.field)).toEqual(['Page.next']);
  });

  it('does not compare a contract union of shapes field by field', () => {
    const union = side({ oneOf: [{ type: 'object', required: ['a'], properties: { a: { type: 'string' } } }, { type: 'object', required: ['b'], properties: { b: { type: 'string' } } }] });
    const result = compareSchemas(union, side({ type: 'object', properties: { c: { type: 'string' } } }), 'Either');
    expect(result).toMatchObject({ stated: true, checkedFields: 0, problems: [] });
  });
});
