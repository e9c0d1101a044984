/**
 * Every error the server emits leaves in the catalogue's form — `{ error: { code, message, details } }` with a
 * catalogued code, its status and a Chinese message — including those of Node's HTTP parser and of the framework,
 * which `inject()` cannot produce: checked over a real listening socket.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, type ErrorCode } from '../../src/server/errors.js';
import { DIALECTS } from '../support/dialects.js';
import { createTestSystem, type TestSystem } from '../support/system.js';
import { CHINESE } from './fixtures.js';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Splits what came back on a connection into its responses (each with a content-length). */
function parseResponses(raw: Buffer): RawResponse[] {
  const out: RawResponse[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) throw new Error(`incomplete response: ${rest.toString('latin1').slice(0, 200)}`);
    const [statusLine = '', ...lines] = rest.subarray(0, end).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    const length = Number(headers['content-length'] ?? '0');
    out.push({ status: Number(statusLine.split(' ')[1]), headers, body: rest.subarray(end + 4, end + 4 + length).toString('utf8') });
    rest = rest.subarray(end + 4 + length);
  }
  return out;
}

/** Writes the given chunks on one connection (with a pause between them) and reads until the server closes it. */
async function exchange(port: number, chunks: readonly (string | Buffer)[], between?: () => Promise<void>): Promise<RawResponse[]> {
  const socket = net.connect(port, '127.0.0.1');
  const received: Buffer[] = [];
  const closed = new Promise<void>((resolve) => {
    socket.on('data', (d: Buffer) => received.push(d));
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  for (const [i, chunk] of chunks.entries()) {
    if (i > 0) await (between?.() ?? Promise.resolve());
    socket.write(chunk);
  }
  const timer = setTimeout(() => socket.destroy(), 5000);
  await closed;
  clearTimeout(timer);
  return parseResponses(Buffer.concat(received));
}

function expectCatalogued(res: RawResponse | undefined, code: ErrorCode): void {
  expect(res, 'no response').toBeDefined();
  if (res === undefined) return;
  expect(res.status, res.body).toBe(ERROR_CATALOGUE[code].status);
  const body = JSON.parse(res.body) as { error: { code: string; message: string; details: unknown } };
  expect(body.error).toMatchObject({ code, message: ERROR_CATALOGUE[code].message });
  expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(body.error.message).toMatch(CHINESE);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['content-security-policy']).toMatch(/default-src '(none|self)'/);
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] errors over a real connection`, () => {
    let sys: TestSystem;
    let port: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      await sys.app.listen({ host: '127.0.0.1', port: 0 });
      const address = sys.app.server.address();
      if (address === null || typeof address === 'string') throw new Error('not listening');
      port = address.port;
    });
    afterAll(async () => sys.close());

    it('headers over the size limit are 431 HEADERS_TOO_LARGE', async () => {
      const [res] = await exchange(port, [`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`]);
      expectCatalogued(res, 'HEADERS_TOO_LARGE');
    });

    it('a URL over the size limit is 431 HEADERS_TOO_LARGE', async () => {
      const [res] = await exchange(port, [`GET /api/health?q=${'a'.repeat(40_000)} HTTP/1.1\r\nHost: x\r\n\r\n`]);
      expectCatalogued(res, 'HEADERS_TOO_LARGE');
    });

    it('a request the HTTP parser cannot read is 400 MALFORMED_REQUEST', async () => {
      for (const text of ['FOO /api/health HTTP/1.1\r\nHost: x\r\n\r\n', 'GET /api/health HTTP/1.1\r\nBad Header: x\r\n\r\n', 'GET /api/health HTTP/9\r\n\r\n']) {
        const [res] = await exchange(port, [text]);
        expectCatalogued(res, 'MALFORMED_REQUEST');
      }
    });

    it('a request that times out is 408 REQUEST_TIMEOUT', async () => {
      // Node's request and header timeouts are checked every 30 s; the error it then raises is raised here at once,
      // on a real connection whose request has not finished.
      const server = sys.app.server;
      const serverSide = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
      const pending = exchange(port, ['GET /api/health HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n'], async () => {
        const socket = await serverSide;
        await new Promise((resolve) => setTimeout(resolve, 100));
        server.emit('clientError', Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
      });
      const [res] = await pending;
      expectCatalogued(res, 'REQUEST_TIMEOUT');
    });

    it('the framework’s own refusals are catalogued: unknown route or method, bad JSON, too large, wrong type', async () => {
      const base = `http://127.0.0.1:${port}`;
      const cases: { init: RequestInit; path: string; code: ErrorCode }[] = [
        { path: '/api/nothing-here', init: {}, code: 'ROUTE_NOT_FOUND' },
        { path: '/nothing-here', init: {}, code: 'ROUTE_NOT_FOUND' },
        { path: '/api/health', init: { method: 'DELETE' }, code: 'ROUTE_NOT_FOUND' },
        { path: '/api/session', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' }, code: 'INVALID_JSON' },
        { path: '/api/session', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(3 * 1024 * 1024) }, code: 'PAYLOAD_TOO_LARGE' },
        { path: '/api/session', init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'username=a' }, code: 'UNSUPPORTED_MEDIA_TYPE' },
        { path: '/api/session?zzUnknown=1', init: {}, code: 'UNAUTHENTICATED' },
        { path: '/api/health?zzUnknown=1', init: {}, code: 'VALIDATION_FAILED' },
      ];
      for (const c of cases) {
        const res = await fetch(`${base}${c.path}`, c.init);
        const text = await res.text();
        expectCatalogued({ status: res.status, headers: Object.fromEntries(res.headers.entries()), body: text }, c.code);
      }
      // PROPFIND is a method Node knows and no route has.
      const [propfind] = await exchange(port, ['PROPFIND /api/session HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
      expectCatalogued(propfind, 'ROUTE_NOT_FOUND');
    });

    it('a request arriving while the server shuts down is 503 SHUTTING_DOWN (last: it closes the server)', async () => {
      // The first request is still being received when the shutdown starts; the second, pipelined behind it, arrives
      // after: the first is answered as usual, the second is refused in the catalogue's form.
      const body = '{"username":"town","password":"wrong"}';
      let closing: Promise<void> | undefined;
      const responses = await exchange(
        port,
        [
          `POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
          `${body.slice(5)}GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n`,
        ],
        async () => {
          // Let the server read the first request's head (its hooks run) before the shutdown starts.
          await new Promise((resolve) => setTimeout(resolve, 200));
          closing = sys.app.close();
          await new Promise((resolve) => setTimeout(resolve, 200));
        },
      );
      await closing;
      expect(responses.map((r) => `${r.status} ${r.body}`)).toEqual([expect.stringMatching(/^401 /), expect.stringMatching(/^503 /)]);
      expectCatalogued(responses[1], 'SHUTTING_DOWN');
    });
  });
}
