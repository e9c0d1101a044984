/**
 * The residents' portal is served from the web build's `m/` at /m/: its hashed assets cached for a year, its shell
 * revalidated at /m, /m/ and every client route below it; a missing portal asset is a 404; the survey links printed
 * on paper (`/survey/<token>`) redirect to the portal's survey page; the workbench keeps its own shell.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressDirectory } from '../../scripts/compress-web.js';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/database.js';
import type { App } from '../../src/server/http/app-type.js';
import { legacySurveyTarget } from '../../src/server/http/web-assets.js';

const SCRIPT = `console.log(${JSON.stringify('居民服务'.repeat(400))});\n`;
const TOKEN = 'A'.repeat(20) + '_-' + 'b9'.repeat(10) + 'z';

describe('serving the portal', () => {
  let root: string;
  let app: App;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-build-'));
    fs.mkdirSync(path.join(root, 'assets'));
    fs.mkdirSync(path.join(root, 'm/assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>民生微实事</title>');
    fs.writeFileSync(path.join(root, 'm/index.html'), '<!doctype html><title>居民服务</title><script src="/m/assets/index-Pp12Qq34.js"></script>');
    fs.writeFileSync(path.join(root, 'm/assets/index-Pp12Qq34.js'), SCRIPT);
    compressDirectory(root);
    const config = loadConfig({ DEMO: 'false', SERVE_WEB: 'true', JOBS_ENABLED: 'false', DATA_DIR: root });
    app = await buildApp({ config, database: openDatabase({ databaseUrl: null, sqlitePath: ':memory:' }), logger: false, webRoot: root });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const get = (url: string, encoding?: string) => app.inject({ method: 'GET', url, headers: encoding === undefined ? {} : { 'accept-encoding': encoding } });

  it('serves the portal shell at /m, /m/ and its client routes, revalidated on each visit', async () => {
    for (const url of ['/m', '/m/', '/m/track', '/m/projects/12', `/m/survey/${TOKEN}`, '/m/survey/project/3?x=1']) {
      const res = await get(url, 'br');
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<title>居民服务</title>');
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('sends the portal assets compressed and cached for a year', async () => {
    const res = await get('/m/assets/index-Pp12Qq34.js', 'gzip, br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('a missing portal asset is a 404, not the shell', async () => {
    const res = await get('/m/assets/index-Gone0000.js');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/json/);
  });

  it('the workbench keeps its shell outside /m', async () => {
    for (const url of ['/', '/projects', '/mine', '/m-not-portal']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<title>民生微实事</title>');
    }
  });

  it('a survey link printed on paper redirects to the portal survey page', async () => {
    const res = await get(`/survey/${TOKEN}`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/m/survey/${TOKEN}`);
    expect(legacySurveyTarget('/survey/x/../../evil')).toBeNull();
    expect(legacySurveyTarget('/survey/%2F%2Fevil.example')).toBeNull();
    expect(legacySurveyTarget(`/survey/${TOKEN}?utm=qr`)).toBe(`/m/survey/${TOKEN}`);
  });
});
