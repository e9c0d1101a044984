/**
 * How route schemas validate each part of a request.
 *
 * - A JSON body is validated strictly: a value has the type the schema names or is refused. `[1]` is not a version,
 *   `true` is not a text, `"12"` is not an amount.
 * - A query string and path parameters arrive as text: a parameter the schema declares as a number (or a list of
 *   numbers) is converted only from decimal digits (`12`, `-1`, `1.5` for a number), never from `0x10`, `1e3`,
 *   ` 12` or an empty string; `true`/`false` become booleans; a single value becomes a list where a list is declared.
 */
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS with `exports.default`: take the function whichever way the module was loaded.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const COMMON: Options = { allErrors: true, removeAdditional: false, useDefaults: true, addUsedSchema: false };

function instance(coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({ ...COMMON, coerceTypes });
  addFormats(ajv);
  return ajv;
}

interface SchemaNode {
  type?: unknown;
  anyOf?: unknown;
  oneOf?: unknown;
  items?: unknown;
  properties?: unknown;
}

/** 'integer' or 'number' when every value the schema allows is a number, else null. */
function numericKind(schema: unknown): 'integer' | 'number' | null {
  if (typeof schema !== 'object' || schema === null) return null;
  const node = schema as SchemaNode;
  if (node.type === 'integer' || node.type === 'number') return node.type;
  const options = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : null;
  if (options === null || options.length === 0) return null;
  const kinds = options.map(numericKind);
  if (kinds.some((k) => k === null)) return null;
  return kinds.includes('number') ? 'number' : 'integer';
}

const DECIMAL = { integer: /^-?\d+$/, number: /^-?\d+(\.\d+)?$/ } as const;

/** The properties of a query or params schema whose values must be decimal text, and whether each is a list. */
function numericProperties(schema: unknown): { name: string; kind: 'integer' | 'number'; list: boolean }[] {
  const properties = (schema as SchemaNode | null)?.properties;
  if (typeof properties !== 'object' || properties === null) return [];
  const out: { name: string; kind: 'integer' | 'number'; list: boolean }[] = [];
  for (const [name, property] of Object.entries(properties as Record<string, unknown>)) {
    const kind = numericKind(property);
    if (kind !== null) out.push({ name, kind, list: false });
    else {
      const itemKind = (property as SchemaNode | null)?.type === 'array' ? numericKind((property as SchemaNode).items) : null;
      if (itemKind !== null) out.push({ name, kind: itemKind, list: true });
    }
  }
  return out;
}

function notDecimal(name: string, kind: 'integer' | 'number', index?: number): ErrorObject {
  return {
    keyword: 'decimal',
    instancePath: `/${name}${index === undefined ? '' : `/${index}`}`,
    schemaPath: `#/properties/${name}`,
    params: { type: kind },
    message: `must be ${kind} written in decimal digits`,
  };
}

/** Query and params: ajv's coercion, after checking that numbers are written in decimal digits. */
function decimalTextValidator(ajv: Ajv, schema: object): ValidateFunction {
  const validate = ajv.compile(schema);
  const numeric = numericProperties(schema);
  if (numeric.length === 0) return validate;
  const checked = ((data: unknown) => {
    const errors: ErrorObject[] = [];
    if (typeof data === 'object' && data !== null) {
      const record = data as Record<string, unknown>;
      for (const { name, kind, list } of numeric) {
        const value = record[name];
        const values = Array.isArray(value) ? value : [value];
        values.forEach((v, i) => {
          if (typeof v === 'string' && !DECIMAL[kind].test(v)) errors.push(notDecimal(name, kind, list && Array.isArray(value) ? i : undefined));
        });
      }
    }
    if (errors.length > 0) {
      checked.errors = errors;
      return false;
    }
    const ok = validate(data);
    checked.errors = validate.errors ?? null;
    return ok;
  }) as ValidateFunction;
  return checked;
}

/** The compiler for every route: strict for bodies, decimal-text coercion for query strings, params and headers. */
export function createValidatorCompiler(): FastifySchemaCompiler<object> {
  const strict = instance(false);
  const fromText = instance('array');
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict.compile(schema) : decimalTextValidator(fromText, schema));
}
