/**
 * Response views projected through their schema (R0.8). A view is built by walking the value together with the
 * schema that documents it: only the properties the schema lists leave the server (a field added to a state stays
 * inside until a schema names it), and every string is shown by the personal-data class its schema declares —
 * an allow-list: a string declared `plain` (codes, dates, labels, amounts in text) passes as it is, one declared a
 * `name` or a `phone` is masked as one, and any other string is free text, masked for ID and phone numbers and the
 * case's personal names. Which roles see which classes in full is decided in masking.ts.
 */
import { Type, type Static, type TSchema, type TString } from 'typebox';

/** The schema keyword that declares a string's personal-data class. */
export const PERSONAL_DATA_KEYWORD = 'x-personal-data';

/** How a string field is shown to a reader who may not see personal data: see the file comment. */
export type StringClass = 'plain' | 'text' | 'name' | 'phone';

/** How one reader sees each class of string (identity for the classes the reader's role sees in full). */
export interface StringMasker {
  readonly text: (value: string) => string;
  readonly name: (value: string) => string;
  readonly phone: (value: string) => string;
}

type Options = Parameters<typeof Type.String>[0];

/** A string that is never personal data: an identifier, a code, a date or instant, a label chosen from a list. */
export const Plain = (options: Options = {}): TString => Type.String({ ...options, [PERSONAL_DATA_KEYWORD]: 'plain' });
/** A free text: ID and phone numbers and the case's personal names in it are masked for readers who may not see them. */
export const FreeText = (options: Options = {}): TString => Type.String({ ...options, [PERSONAL_DATA_KEYWORD]: 'text' });
/** A person's name. */
export const PersonName = (options: Options = {}): TString => Type.String({ ...options, [PERSONAL_DATA_KEYWORD]: 'name' });
/** A phone number. */
export const PhoneNumber = (options: Options = {}): TString => Type.String({ ...options, [PERSONAL_DATA_KEYWORD]: 'phone' });

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The JSON-Schema keywords the walk reads (TypeBox schemas are plain JSON Schema). */
interface SchemaNode {
  readonly type?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly SchemaNode[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly patternProperties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly [PERSONAL_DATA_KEYWORD]?: StringClass;
}

/** Of a union's object branches, the one whose constant properties (its discriminant) the value has. */
function branchFor(branches: readonly SchemaNode[], value: unknown): SchemaNode | undefined {
  const candidates = branches.filter((b) => b.type !== 'null');
  if (candidates.length <= 1) return candidates[0];
  if (!isObject(value)) return candidates.find((b) => b.type === typeof value || (b.type === 'integer' && typeof value === 'number'));
  return candidates.find((b) => {
    const props = b.properties ?? {};
    const constants = Object.entries(props).filter(([, p]) => p.const !== undefined);
    return constants.length > 0 && constants.every(([key, p]) => value[key] === p.const);
  }) ?? candidates.find((b) => b.type === 'object');
}

function walk(node: SchemaNode, value: unknown, mask: StringMasker): unknown {
  if (value === undefined) return undefined;
  if (node.anyOf !== undefined) {
    if (value === null) return null;
    const branch = branchFor(node.anyOf, value);
    return branch === undefined ? value : walk(branch, value, mask);
  }
  if (node.const !== undefined || node.enum !== undefined) return value;
  switch (node.type) {
    case 'object': {
      if (!isObject(value)) return value;
      const out: Json = {};
      if (node.properties !== undefined) {
        for (const [key, prop] of Object.entries(node.properties)) {
          const v = walk(prop, value[key], mask);
          if (v !== undefined) out[key] = v;
        }
      }
      const pattern = node.patternProperties === undefined ? undefined : Object.values(node.patternProperties)[0];
      if (pattern !== undefined) for (const [key, v] of Object.entries(value)) out[key] = walk(pattern, v, mask);
      return out;
    }
    case 'array':
      return Array.isArray(value) && node.items !== undefined ? value.map((v) => walk(node.items ?? {}, v, mask)) : value;
    case 'string': {
      if (typeof value !== 'string') return value;
      const cls = node[PERSONAL_DATA_KEYWORD] ?? 'text';
      return cls === 'plain' ? value : mask[cls](value);
    }
    default:
      return value;
  }
}

/** A schema's static type, read-only all the way down (the domain's states are). */
export type ViewOf<S extends TSchema> = DeepReadonly<Static<S>>;

type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * `value` as `schema` lets it leave: unlisted properties dropped, strings shown by their class through `mask`.
 * `value` must have the schema's type (so a domain state passed here is checked against its view at compile time:
 * a field the view lists that the state lacks, or holds with another type, does not compile).
 */
export function projectView<S extends TSchema>(schema: S, value: ViewOf<S>, mask: StringMasker): Static<S> {
  return walk(schema, value, mask) as Static<S>;
}
