/**
 * Bad input never breaks the server: for every API route, malformed JSON, wrong types, huge and NUL-holding strings,
 * negative and oversized ids, unknown fields, deep nesting and wrong content types all get a 4xx whose code is in
 * the error catalogue and whose message is Chinese — never a 500. Every response carries the security headers.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Action } from '../../src/domain/access/actions.js';
import { ROLE_ACTIONS } from '../../src/domain/access/policy.js';
import { ROLES } from '../../src/domain/access/roles.js';
import { ERROR_CATALOGUE } from '../../src/server/errors.js';
import { DIALECTS } from '../support/dialects.js';
import { CHINESE, cookieJar, createRecordingSystem, DEMO_USER, multipart, type RecordingSystem } from './fixtures.js';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  uniqueItems?: boolean;
  pattern?: string;
  format?: string;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
}

interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  operationId: string;
  pathParams: Record<string, JsonSchema>;
  query: Record<string, JsonSchema>;
  body: JsonSchema | null;
  multipart: boolean;
}

const HUGE = 'x'.repeat(100_000);

function isString(schema: JsonSchema): boolean {
  return schema.type === 'string' || (schema.anyOf?.some(isString) ?? false) || (schema.enum?.every((v) => typeof v === 'string') ?? false);
}

/** A value of a type the schema does not allow. */
function wrongType(schema: JsonSchema): unknown {
  return schema.type === 'object' ? 42 : { wrong: true };
}

/** Strings that are not well-formed Unicode: lone high and low surrogates, a reversed pair. */
const LONE_SURROGATES = ['\ud800', 'a\udc00b', '\udc00\ud83d'];

/** 2^53: the first integer a double cannot tell from its successor. */
const TWO_POW_53 = 9_007_199_254_740_992;

/** The schema's options when it is a union, else the schema itself; null types left out. */
function optionsOf(schema: JsonSchema): JsonSchema[] {
  const options = schema.anyOf ?? schema.oneOf;
  if (options === undefined) return [schema];
  return options.flatMap(optionsOf).filter((o) => o.type !== 'null');
}

function typeOf(schema: JsonSchema): string | undefined {
  const first = optionsOf(schema)[0] ?? schema;
  if (first.const !== undefined) return typeof first.const === 'number' ? 'number' : typeof first.const;
  if (first.enum !== undefined) return typeof first.enum[0];
  return Array.isArray(first.type) ? first.type.find((t) => t !== 'null') : first.type;
}

function allowsNull(schema: JsonSchema): boolean {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.includes('null') || (schema.anyOf ?? schema.oneOf ?? []).some(allowsNull);
}

/** Texts tried, in order, for a string field with a pattern. */
const PATTERN_CANDIDATES = ['13800138000', 'abc123', 'abc', 'a', '1', 'A1', '2026', '2026-09-28', '110101199001011234', 'E1', 'S1', 'ABC-123'];

/** A value the schema accepts, as far as its types, bounds, formats and patterns go (not the business rules). */
function sample(schema: JsonSchema): unknown {
  const first = optionsOf(schema)[0] ?? schema;
  if (first.const !== undefined) return first.const;
  if (first.enum !== undefined) return first.enum[0];
  switch (typeOf(first)) {
    case 'string': {
      if (first.format === 'date-time') return '2026-09-28T02:00:00.000Z';
      if (first.format === 'date') return '2026-09-28';
      if (first.pattern !== undefined) {
        const re = new RegExp(first.pattern, 'u');
        // Also runs of one character as long as each fixed count in the pattern ({43}).
        const lengths = [...first.pattern.matchAll(/\{(\d+)/g)].map((m) => Number(m[1]));
        const runs = lengths.flatMap((n) => ['a', 'A', '1'].map((c) => c.repeat(n)));
        return [...PATTERN_CANDIDATES, ...runs].find((c) => re.test(c)) ?? 'a';
      }
      return '说'.repeat(Math.min(Math.max(first.minLength ?? 1, 1), first.maxLength ?? 1000));
    }
    case 'integer':
    case 'number':
      return first.exclusiveMinimum !== undefined ? first.exclusiveMinimum + 1 : Math.max(first.minimum ?? 1, Math.min(1, first.maximum ?? 1));
    case 'boolean':
      return true;
    case 'array': {
      const item = first.items ?? { type: 'string' };
      return Array.from({ length: Math.max(first.minItems ?? 1, 1) }, (_, i) => {
        const v = sample(item);
        return typeof v === 'number' && first.uniqueItems === true ? v + i : v;
      });
    }
    case 'object':
      return Object.fromEntries((first.required ?? []).map((name) => [name, sample(first.properties?.[name] ?? {})]));
    default:
      return 'a';
  }
}

/**
 * Values of the wrong type that a coercing validator would turn into the right one: an array of one valid value,
 * a number as text, a boolean for a text, a number for a boolean, a single value for a list, null.
 */
function coercible(schema: JsonSchema): unknown[] {
  const value = sample(schema);
  const out: unknown[] = [];
  switch (typeOf(schema)) {
    case 'integer':
    case 'number':
      out.push([value], String(value), ` ${String(value)}`, true, `0x${Number(value).toString(16)}`);
      break;
    case 'string':
      out.push(true, 42, [value]);
      break;
    case 'boolean':
      out.push('true', 1, [value]);
      break;
    case 'array':
      out.push((value as unknown[])[0], 'x');
      break;
    case 'object':
      out.push([value], 'x');
      break;
    default:
      break;
  }
  if (!allowsNull(schema)) out.push(null);
  return out;
}

/** A path with each parameter replaced: the given raw text, or a value the parameter accepts. */
function pathWith(op: Operation, raw?: string): string {
  return op.url.replace(/\{(\w+)\}/g, (_m, name: string) => raw ?? String(sample(op.pathParams[name] ?? { type: 'integer', minimum: 1 })));
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] bad input`, () => {
    let sys: RecordingSystem;
    let as: (username: string) => Promise<string>;
    let ops: Operation[];
    const seen: { label: string; res: LightMyRequestResponse }[] = [];

    /** A cookie allowed to reach the route's validation (a fresh session for sign-out). */
    async function cookieFor(op: Operation): Promise<string | undefined> {
      const access = accessOf(op);
      if (typeof access !== 'string') throw new Error(`${op.method} ${op.url} declares no access`);
      if (access === 'public') return undefined;
      if (access === 'authenticated') return sys.login('town');
      const role = ROLES.find((r) => ROLE_ACTIONS[r].has(access as Action));
      return as(DEMO_USER[role ?? 'town_staff']);
    }

    async function send(
      label: string,
      op: Operation,
      options: { url?: string; payload?: string | Buffer; contentType?: string; json?: unknown },
    ): Promise<LightMyRequestResponse> {
      const cookie = await cookieFor(op);
      const headers: Record<string, string> = {};
      if (cookie !== undefined) headers.cookie = cookie;
      let payload = options.payload;
      if (options.json !== undefined) {
        payload = JSON.stringify(options.json);
        headers['content-type'] = 'application/json';
      }
      if (options.contentType !== undefined) headers['content-type'] = options.contentType;
      const res = await sys.app.inject({ method: op.method, url: options.url ?? pathWith(op), headers, ...(payload !== undefined ? { payload } : {}) });
      seen.push({ label: `${label} ${op.method} ${op.url}`, res });
      return res;
    }

    /** What went wrong in the current test: every offending route is listed, not only the first. */
    let problems: string[] = [];

    /** Not a 5xx; and when refused, refused with a catalogued code, its status and a Chinese message. */
    function expectHandled(res: LightMyRequestResponse, label: string): void {
      if (res.statusCode >= 500) problems.push(`${label}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      else if (res.statusCode >= 400) expectCatalogued(res, label);
    }

    function expectCatalogued(res: LightMyRequestResponse, label: string): void {
      let body: { error?: { code?: string; message?: string } };
      try {
        body = res.json();
      } catch {
        problems.push(`${label}: not JSON: ${res.body.slice(0, 100)}`);
        return;
      }
      const code = body.error?.code ?? '';
      const entry = (ERROR_CATALOGUE as Record<string, { status: number } | undefined>)[code];
      if (entry === undefined) problems.push(`${label}: uncatalogued ${res.body.slice(0, 200)}`);
      else if (entry.status !== res.statusCode) problems.push(`${label}: ${code} with status ${res.statusCode}`);
      if (!CHINESE.test(body.error?.message ?? '')) problems.push(`${label}: message not in Chinese`);
    }

    /**
     * A 4xx from the catalogue, of one of the given codes. A public route that authenticates its caller itself (the
     * 12345 intake's bearer token) may refuse the anonymous test with 401 before it looks at the input.
     */
    function expectRefused(res: LightMyRequestResponse, label: string, codes: readonly string[] = ['VALIDATION_FAILED'], op?: Operation): void {
      if (res.statusCode < 400 || res.statusCode >= 500) {
        problems.push(`${label}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        return;
      }
      expectCatalogued(res, label);
      const code = res.json<{ error?: { code?: string } }>().error?.code ?? '';
      const selfAuthenticated = op !== undefined && accessOf(op) === 'public' && code === 'UNAUTHENTICATED';
      if (!codes.includes(code) && !selfAuthenticated) problems.push(`${label}: ${code}, expected ${codes.join(' or ')}`);
    }

    /** What a request that changed anything would have changed: the audit log and the versions of every record. */
    async function snapshot(): Promise<Record<string, unknown>> {
      const db = sys.database.db;
      const audit = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const versions = async (table: 'demand' | 'project' | 'app_user'): Promise<string> => {
        const rows = await db.selectFrom(table).select(['id', 'version']).orderBy('id').execute();
        return rows.map((r) => `${r.id}:${r.version}`).join(',');
      };
      const units = await db.selectFrom('unit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return { audit: String(audit.n), demand: await versions('demand'), project: await versions('project'), user: await versions('app_user'), units: String(units.n) };
    }

    function accessOf(op: Operation): unknown {
      return sys.operations.find((o) => o.method === op.method && o.url === op.url.replace(/\{(\w+)\}/g, ':$1'))?.access;
    }

    beforeEach(() => {
      problems = [];
    });

    beforeAll(async () => {
      sys = await createRecordingSystem(dialect);
      as = cookieJar(sys);
      const doc = (await sys.request('GET', '/api/openapi.json')).json<{
        paths: Record<string, Record<string, { operationId: string; parameters?: { in: string; name: string; schema: JsonSchema }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
      }>();
      ops = Object.entries(doc.paths).flatMap(([url, methods]) =>
        Object.entries(methods).map(([method, op]) => {
          const params = op.parameters ?? [];
          const content = op.requestBody?.content ?? {};
          return {
            method: method.toUpperCase() as Operation['method'],
            url,
            operationId: op.operationId,
            pathParams: Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, p.schema])),
            query: Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, p.schema])),
            body: content['application/json']?.schema ?? null,
            multipart: 'multipart/form-data' in content || op.operationId === 'importCommunities',
          };
        }),
      );
    });
    afterAll(async () => sys.close());

    const withBody = (op: Operation): boolean => op.method !== 'GET';

    it('malformed JSON is INVALID_JSON on every route taking a body', async () => {
      for (const op of ops.filter(withBody)) {
        for (const text of ['{"username": ', '{bad json}', "{'a': 1}", '{"a":1,}', '\u0000']) {
          const res = await send('malformed', op, { payload: text, contentType: 'application/json' });
          expectRefused(res, `malformed ${op.operationId}`, op.multipart ? ['INVALID_JSON', 'UNSUPPORTED_MEDIA_TYPE'] : ['INVALID_JSON'], op);
        }
      }
      expect(problems).toEqual([]);
    });

    it('a body of the wrong shape is refused where a body is declared, harmless elsewhere', async () => {
      for (const op of ops.filter(withBody)) {
        for (const value of [[], 'text', 42, null, true]) {
          const res = await send('shape', op, { json: value });
          if (op.body !== null) expectRefused(res, `shape ${op.operationId} ${JSON.stringify(value)}`, undefined, op);
          else expectHandled(res, `shape ${op.operationId}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('each declared field of the wrong type is refused and named', async () => {
      let checked = 0;
      for (const op of ops.filter((o) => o.body?.properties !== undefined)) {
        for (const [name, schema] of Object.entries(op.body?.properties ?? {})) {
          const res = await send('type', op, { json: { [name]: wrongType(schema) } });
          expectRefused(res, `type ${op.operationId}.${name}`, undefined, op);
          const fields = res.json<{ error?: { details?: { fields?: { field: string; message: string }[] } | null } }>().error?.details?.fields ?? [];
          if (res.statusCode === 400 && !fields.some((f) => f.field === name)) problems.push(`type ${op.operationId}.${name}: field not named in ${res.body.slice(0, 200)}`);
          for (const f of fields) if (!CHINESE.test(f.message)) problems.push(`type ${op.operationId}.${name}: ${f.message}`);
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(20);
      expect(problems).toEqual([]);
    });

    it('huge strings, and strings holding NUL, are refused in every string field of bodies and query strings', async () => {
      let checked = 0;
      for (const op of ops) {
        const bodyStrings = Object.entries(op.body?.properties ?? {}).filter(([, s]) => isString(s));
        for (const [name] of bodyStrings) {
          for (const value of [HUGE, `a\u0000b`, ...LONE_SURROGATES]) {
            const res = await send('string', op, { json: { [name]: value } });
            expectRefused(res, `string ${op.operationId}.${name} (${value.length})`, undefined, op);
            checked += 1;
          }
        }
        for (const [name, schema] of Object.entries(op.query).filter(([, s]) => isString(s))) {
          for (const value of [HUGE, 'a\u0000b', '2026-06-30T23:59:60Z']) {
            const res = await send('query', op, { url: `${pathWith(op)}?${name}=${encodeURIComponent(value)}` });
            if (value.length > 30 || value.includes('\u0000') || schema.enum !== undefined || schema.anyOf !== undefined) expectRefused(res, `query ${op.operationId}.${name}`, undefined, op);
            else expectHandled(res, `query ${op.operationId}.${name}`);
            checked += 1;
          }
          // A lone surrogate cannot be percent-encoded: what can arrive is its UTF-8 bytes, which do not decode.
          expectHandled(await send('query', op, { url: `${pathWith(op)}?${name}=%ED%A0%80` }), `query ${op.operationId}.${name} surrogate`);
        }
      }
      expect(checked).toBeGreaterThanOrEqual(30);
      expect(problems).toEqual([]);
    });

    it('a leap second, which the date-time format allows but a Date cannot hold, is a validation error', async () => {
      const audit = ops.find((o) => o.operationId === 'viewAuditLog');
      const deadline = ops.find((o) => o.operationId === 'previewDeadline');
      if (audit === undefined || deadline === undefined) throw new Error('routes missing');
      for (const field of ['from', 'to']) {
        expectRefused(await send('leap', audit, { url: `/api/audit?${field}=2026-06-30T23:59:60Z` }), `leap ${field}`);
      }
      expectRefused(await send('leap', deadline, { url: '/api/calendar/deadline?start=2026-06-30T23:59:60Z&kind=workingDays&amount=5' }), 'leap start');
      expect(problems).toEqual([]);
    });

    it('negative, fractional, non-numeric and oversized ids and numbers are refused, on every database', async () => {
      let checked = 0;
      for (const op of ops) {
        if (Object.keys(op.pathParams).length > 0) {
          for (const raw of ['-1', '0', 'abc', '1.5', '99999999999999999999', '3000000000', '%00', '%E0%A4%A', '9'.repeat(400), String(TWO_POW_53), '0x10', '1e3', '%2012', '12%20', '+1', '%ED%A0%80']) {
            const res = await send('path', op, { url: pathWith(op, raw), ...(withBody(op) ? { json: {} } : {}) });
            expectRefused(res, `path ${op.operationId} ${raw.slice(0, 20)}`, ['VALIDATION_FAILED', 'ROUTE_NOT_FOUND'], op);
            checked += 1;
          }
        }
        const numbers = [
          ...Object.entries(op.query).map(([name, schema]) => ({ where: 'query' as const, name, schema })),
          ...Object.entries(op.body?.properties ?? {}).map(([name, schema]) => ({ where: 'body' as const, name, schema })),
        ].filter((f) => f.schema.type === 'integer');
        for (const { where, name } of numbers) {
          const coerced = where === 'query' ? ['0x10', '1e3', '%2012', '12%20', '', 'true', String(TWO_POW_53)] : ['1', [1], true, '0x10', String(TWO_POW_53)];
          for (const value of [-1, 1.5, 3_000_000_000, 1e20, 'NaN', TWO_POW_53, ...coerced]) {
            const res =
              where === 'query'
                ? await send('number', op, { url: `${pathWith(op)}?${name}=${String(value)}` })
                : await send('number', op, { json: { [name]: value } });
            expectRefused(res, `${where} ${op.operationId}.${name}=${JSON.stringify(value)}`, undefined, op);
            checked += 1;
          }
        }
      }
      expect(checked).toBeGreaterThanOrEqual(60);
      expect(problems).toEqual([]);
    });

    it('an unknown field is refused in every declared body and query string', async () => {
      for (const op of ops) {
        if (op.body !== null) {
          const res = await send('unknown', op, { json: { zzUnknown: 1 } });
          expectRefused(res, `unknown body ${op.operationId}`, undefined, op);
          if (res.statusCode === 400 && !res.body.includes('zzUnknown')) problems.push(`unknown body ${op.operationId}: field not named`);
        }
        // Every operation, whether it declares query parameters or not.
        const res = await send('unknown', op, { url: `${pathWith(op)}?zzUnknown=1`, ...(withBody(op) && op.body !== null ? { json: sample(op.body) } : {}) });
        expectRefused(res, `unknown query ${op.operationId}`, undefined, op);
        if (res.statusCode === 400 && !res.body.includes('zzUnknown')) problems.push(`unknown query ${op.operationId}: parameter not named`);
      }
      expect(problems).toEqual([]);
    });

    it('a value of the wrong type that could be coerced is refused in every body field, and changes nothing', async () => {
      const bodies = ops.filter((o) => o.body?.properties !== undefined);
      for (const op of bodies) await cookieFor(op);
      const before = await snapshot();
      let checked = 0;
      for (const op of bodies) {
        const valid = sample(op.body ?? {}) as Record<string, unknown>;
        for (const [name, schema] of Object.entries(op.body?.properties ?? {})) {
          for (const value of coercible(schema)) {
            const res = await send('coerce', op, { json: { ...valid, [name]: value } });
            const label = `coerce ${op.operationId}.${name}=${JSON.stringify(value)}`;
            expectRefused(res, label, undefined, op);
            const fields = res.json<{ error?: { details?: { fields?: { field: string }[] } | null } }>().error?.details?.fields ?? [];
            if (res.statusCode === 400 && !fields.some((f) => f.field === name || f.field.startsWith(`${name}.`))) problems.push(`${label}: field not named in ${res.body.slice(0, 200)}`);
            checked += 1;
          }
        }
      }
      expect(checked).toBeGreaterThanOrEqual(150);
      expect(problems).toEqual([]);
      expect(await snapshot()).toEqual(before);
    });

    it('prototype-polluting keys, deep nesting and a 3 MB body are refused', async () => {
      const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
      const deepObject = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
      for (const op of ops.filter(withBody)) {
        for (const text of ['{"__proto__": {"isAdmin": true}}', '{"constructor": {"prototype": {"isAdmin": true}}}']) {
          expectHandled(await send('proto', op, { payload: text, contentType: 'application/json' }), `proto ${op.operationId}`);
        }
        for (const text of [deep, deepObject]) {
          const res = await send('deep', op, { payload: text, contentType: 'application/json' });
          if (op.body !== null) expectRefused(res, `deep ${op.operationId}`, undefined, op);
          else expectHandled(res, `deep ${op.operationId}`);
        }
        const big = await send('big', op, { json: { value: 'x'.repeat(3 * 1024 * 1024) } });
        expectRefused(big, `big ${op.operationId}`, ['PAYLOAD_TOO_LARGE'], op);
      }
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(problems).toEqual([]);
    });

    it('a wrong content type is UNSUPPORTED_MEDIA_TYPE on every route taking a body', async () => {
      for (const op of ops.filter(withBody)) {
        for (const contentType of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
          const res = await send('ctype', op, { payload: 'username=a&password=b', contentType });
          expectRefused(res, `ctype ${op.operationId} ${contentType}`, ['UNSUPPORTED_MEDIA_TYPE'], op);
        }
      }
      expect(problems).toEqual([]);
    });

    it('broken multipart uploads are refused without a 500', async () => {
      const op = ops.find((o) => o.operationId === 'importCommunities');
      if (op === undefined) throw new Error('import route missing');
      const good = multipart({ filename: 'a.csv', contentType: 'text/csv', content: '名称,所属镇街,类型\n甲村,东城街道,村\n' });
      const cases: { label: string; payload: Buffer | string; contentType: string }[] = [
        { label: 'no boundary', payload: good.payload, contentType: 'multipart/form-data' },
        { label: 'wrong boundary', payload: good.payload, contentType: 'multipart/form-data; boundary=nothere' },
        { label: 'truncated', payload: good.payload.subarray(0, good.payload.length - 20), contentType: good.headers['content-type'] ?? '' },
        { label: 'empty', payload: '', contentType: good.headers['content-type'] ?? '' },
        { label: 'garbage', payload: Buffer.from(Array.from({ length: 500 }, (_, i) => (i * 7) % 256)), contentType: good.headers['content-type'] ?? '' },
      ];
      for (const c of cases) {
        const res = await send('multipart', op, { payload: c.payload, contentType: c.contentType });
        expectRefused(res, `multipart ${c.label}`, ['IMPORT_INVALID_FILE', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE']);
      }
      const tooBig = multipart({ filename: 'big.csv', contentType: 'text/csv', content: Buffer.alloc(21 * 1024 * 1024, 0x61) });
      const res = await send('multipart', op, { payload: tooBig.payload, contentType: tooBig.headers['content-type'] });
      expectRefused(res, 'multipart too big', ['PAYLOAD_TOO_LARGE']);
      expect(problems).toEqual([]);
    });

    it('odd cookies are treated as no session, not as an error', async () => {
      for (const cookie of ['msw_sid=%E0%A4%A', 'msw_sid=', `msw_sid=${'a'.repeat(4000)}`, 'msw_sid="unterminated', 'msw_sid=a; msw_sid=b', '=;=;=']) {
        const res = await sys.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
        expect([401], `${cookie.slice(0, 30)}: ${res.body}`).toContain(res.statusCode);
        expectCatalogued(res, cookie);
      }
      expect(problems).toEqual([]);
    });

    it('every response carries the security headers, errors are not cached', async () => {
      const extra = [
        await sys.request('GET', '/api/health'),
        await sys.request('GET', '/api/nothing-here'),
        await sys.request('GET', '/api/docs'),
        await sys.request('GET', '/api/units', { cookie: await as('town') }),
      ];
      const all = [...seen.map((s) => s.res), ...extra];
      expect(all.length).toBeGreaterThan(300);
      for (const res of all) {
        const csp = res.headers['content-security-policy'] ?? '';
        // Errors the router raises before any hook (a malformed URL) carry a stricter policy of their own.
        expect(csp, res.body.slice(0, 80)).toMatch(/default-src '(self|none)'/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(csp.includes("frame-ancestors 'none'") || res.headers['x-frame-options'] !== undefined).toBe(true);
        if (res.statusCode >= 400) expect(res.headers['cache-control'], `${res.statusCode} ${res.body.slice(0, 100)}`).toBe('no-store');
      }
      const apiCsp = String(extra[0]?.headers['content-security-policy']);
      expect(apiCsp).toContain("frame-ancestors 'none'");
      expect(apiCsp).toContain("object-src 'none'");
      expect(extra[0]?.headers['x-frame-options']).toBe('SAMEORIGIN');
    });

    it('no response of this file was a 500', () => {
      expect(seen.filter((s) => s.res.statusCode >= 500).map((s) => `${s.label}: ${s.res.statusCode}`)).toEqual([]);
    });
  });
}
