/**
 * The built web app is served compressed and cached properly: hashed assets pre-compressed (brotli, gzip) with a
 * year's immutable caching, the shell and every client route revalidated on each visit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressDirectory } from '../../scripts/compress-web.js';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/database.js';
import type { App } from '../../src/server/http/app-type.js';

const SCRIPT = `console.log(${JSON.stringify('民生微实事'.repeat(400))});\n`;

describe('serving the web build', () => {
  let root: string;
  let app: App;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'web-build-'));
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>民生微实事</title><script src="/assets/index-Ab12Cd34.js"></script>');
    fs.writeFileSync(path.join(root, 'assets/index-Ab12Cd34.js'), SCRIPT);
    fs.writeFileSync(path.join(root, 'assets/tiny-Zz99Yy88.js'), 'export {};\n');
    // Two copies of the one file big enough to be worth it; the tiny file and the shell are left alone.
    expect(compressDirectory(root)).toBe(2);
    const config = loadConfig({ DEMO: 'false', SERVE_WEB: 'true', JOBS_ENABLED: 'false', DATA_DIR: root });
    app = await buildApp({ config, database: openDatabase({ databaseUrl: null, sqlitePath: ':memory:' }), logger: false, webRoot: root });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const get = (url: string, encoding?: string) => app.inject({ method: 'GET', url, headers: encoding === undefined ? {} : { 'accept-encoding': encoding } });

  it('sends a hashed asset brotli-compressed to a browser that accepts it, cached for a year', async () => {
    const res = await get('/assets/index-Ab12Cd34.js', 'gzip, deflate, br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 5);
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(SCRIPT);
  });

  it('sends gzip where brotli is not accepted, and the file as it is where nothing is', async () => {
    const gz = await get('/assets/index-Ab12Cd34.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);
    const plain = await get('/assets/index-Ab12Cd34.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('revalidates the shell, at / and at every client route', async () => {
    for (const url of ['/', '/index.html', '/projects', '/demands/12']) {
      const res = await get(url, 'br');
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<title>民生微实事</title>');
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('a missing asset is a 404, not the shell a browser would try to run as a script', async () => {
    const res = await get('/assets/index-Gone0000.js');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/json/);
  });

  it('an unknown API path is still an API error, not the shell', async () => {
    const res = await get('/api/no-such-thing');
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('ROUTE_NOT_FOUND');
  });
});
