/**
 * Attachment storage with several app nodes on one database: a shared ATTACHMENT_DIR (a file uploaded through one
 * node downloads through the other), an S3-compatible store (against an in-process fake on 127.0.0.1 that checks
 * the SigV4 signature), a missing file as the catalogued ATTACHMENT_FILE_MISSING, and the start-up refusal of a
 * multi-node deployment whose attachments would stay in each node's own DATA_DIR.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type Config, type S3Settings } from '../../src/server/config.js';
import { openDatabase, type DatabaseHandle } from '../../src/server/db/database.js';
import type { App } from '../../src/server/http/app-type.js';
import { startSystem } from '../../src/server/system.js';
import { DIALECTS } from '../support/dialects.js';
import { multipart, samplePdf } from '../support/files.js';
import { createTestSystem, DEMO_PASSWORD, enterSampleDemand, type TestSystem } from '../support/system.js';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'msw-att-'));

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('no ConfigError');
}

describe('attachment storage configuration', () => {
  const pg = 'postgres://postgres@127.0.0.1:5432/minsheng';
  const s3 = { ATTACHMENT_STORE: 's3', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_BUCKET: 'minsheng-attachments', S3_ACCESS_KEY_ID: 'AKIDEXAMPLE', S3_SECRET_ACCESS_KEY: 'secret-example-key' };

  it('one node: attachments under DATA_DIR by default, ATTACHMENT_DIR elsewhere', () => {
    expect(loadConfig({ DATA_DIR: '/srv/ms' })).toMatchObject({ attachmentStore: 'local', attachmentDir: '/srv/ms/attachments', s3: null, multiNode: false });
    expect(loadConfig({ DATA_DIR: '/srv/ms', ATTACHMENT_DIR: '/mnt/nfs/att' }).attachmentDir).toBe('/mnt/nfs/att');
    // PostgreSQL alone, or NODE_ID alone with SQLite, is not a multi-node declaration.
    expect(loadConfig({ DATABASE_URL: pg }).multiNode).toBe(false);
    expect(loadConfig({ NODE_ID: 'a' }).multiNode).toBe(false);
  });

  it('multi-node (MULTI_NODE=true, or PostgreSQL with NODE_ID) refuses to start with ATTACHMENT_DIR left under DATA_DIR', () => {
    for (const env of [{ MULTI_NODE: 'true' }, { DATABASE_URL: pg, NODE_ID: 'node-a' }]) {
      const err = configError({ DATA_DIR: '/srv/ms', ...env });
      expect(err.message).toContain('ATTACHMENT_DIR');
      expect(err.message).toContain('共同挂载');
      expect(err.message).toContain('ATTACHMENT_STORE=s3');
    }
    expect(loadConfig({ DATABASE_URL: pg, NODE_ID: 'node-a', ATTACHMENT_DIR: '/mnt/nfs/att' })).toMatchObject({ multiNode: true, attachmentDir: '/mnt/nfs/att' });
    expect(loadConfig({ DATABASE_URL: pg, NODE_ID: 'node-a', ...s3 })).toMatchObject({ multiNode: true, attachmentStore: 's3' });
    // A single node that names itself says so.
    expect(loadConfig({ DATABASE_URL: pg, NODE_ID: 'node-a', MULTI_NODE: 'false' }).multiNode).toBe(false);
  });

  it('ATTACHMENT_STORE=s3 needs its settings, each missing or bad one named', () => {
    expect(loadConfig(s3).s3).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'minsheng-attachments',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret-example-key',
      region: 'us-east-1',
      pathStyle: true,
    });
    expect(loadConfig({ ...s3, S3_REGION: 'cn-south-1', S3_PATH_STYLE: 'false' }).s3).toMatchObject({ region: 'cn-south-1', pathStyle: false });
    for (const name of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) {
      expect(configError({ ...s3, [name]: '' }).message).toContain(name);
    }
    expect(configError({ ...s3, S3_ENDPOINT: 'ftp://x' }).message).toContain('S3_ENDPOINT');
    expect(configError({ ...s3, S3_BUCKET: 'Bad_Bucket' }).message).toContain('S3_BUCKET');
    expect(configError({ ATTACHMENT_STORE: 'nfs' }).message).toContain('ATTACHMENT_STORE');
  });
});

/** A second app node on the same database: its own DATA_DIR, its own connection. */
async function secondNode(sys: TestSystem, overrides: Partial<Config>): Promise<{ app: App; handle: DatabaseHandle; close(): Promise<void> }> {
  const handle =
    sys.database.dialect === 'sqlite' ? openDatabase({ databaseUrl: null, sqlitePath: sys.database.url }) : openDatabase({ databaseUrl: sys.database.url, sqlitePath: '' });
  const config = loadConfig(
    { DEMO: 'true', DEMO_PASSWORD, SERVE_WEB: 'false', DATA_DIR: tmp() },
    { loginRateLimitPerMinute: 10_000, publicRateLimitPerMinute: 10_000, demoCases: false, jobsEnabled: false, nodeId: 'node-b', ...overrides },
  );
  const app = await startSystem(config, handle, { clock: sys.clock.now, logger: false, announce: () => undefined });
  await app.ready();
  return {
    app,
    handle,
    async close() {
      await app.close();
      await handle.close();
    },
  };
}

async function uploadTo(app: App, cookie: string, demandId: number, bytes: Buffer): Promise<{ id: number; sha256: string }> {
  const body = multipart({ kind: 'committeeMinutes' }, { name: '两委会议纪要.pdf', type: 'application/pdf', bytes });
  const res = await app.inject({ method: 'POST', url: `/api/demands/${demandId}/attachments`, headers: { cookie, 'content-type': body.contentType }, payload: body.payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number; sha256: string }>();
}

const download = (app: App, cookie: string, id: number) => app.inject({ method: 'GET', url: `/api/attachments/${id}`, headers: { cookie } });

function expectMissing(res: Awaited<ReturnType<typeof download>>, id: number): void {
  expect(res.statusCode, res.body).toBe(410);
  const error = res.json<{ error: { code: string; message: string; details: unknown } }>().error;
  expect(error).toMatchObject({ code: 'ATTACHMENT_FILE_MISSING', details: { attachmentId: id } });
  expect(error.message).toContain('文件内容已找不到');
}

/** Where a local store keeps a key. */
async function storageKeyOf(sys: TestSystem, id: number): Promise<string> {
  const row = await sys.database.db.selectFrom('attachment').select('storage_key').where('id', '=', id).executeTakeFirstOrThrow();
  return row.storage_key;
}

// ── an S3-compatible fake ───────────────────────────────────────────────────────────────────────────────────────

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();
const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/**
 * Path-style S3 on 127.0.0.1: PUT, GET, HEAD of `/<bucket>/<key>` and HEAD of `/<bucket>`. Every request must carry
 * a valid AWS Signature V4 for the one access key, and a PUT's body must match its signed SHA-256.
 */
class FakeS3 {
  readonly objects = new Map<string, Buffer>();
  readonly requests: string[] = [];
  failNext = 0;
  private server = http.createServer((req, res) => void this.handle(req, res));
  constructor(
    readonly bucket: string,
    readonly accessKeyId: string,
    readonly secret: string,
    readonly region: string,
  ) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push(`${req.method} ${url.pathname}`);
    if (this.failNext > 0) {
      this.failNext--;
      res.writeHead(500).end('<Error><Code>InternalError</Code></Error>');
      return;
    }
    const problem = this.verify(req, url, body);
    if (problem !== null) {
      res.writeHead(403).end(`<Error><Code>SignatureDoesNotMatch</Code><Message>${problem}</Message></Error>`);
      return;
    }
    const [, bucket, ...rest] = url.pathname.split('/');
    if (bucket !== this.bucket) {
      res.writeHead(404).end('<Error><Code>NoSuchBucket</Code></Error>');
      return;
    }
    const key = rest.join('/');
    if (key === '') {
      res.writeHead(req.method === 'HEAD' ? 200 : 405).end();
      return;
    }
    if (req.method === 'PUT') {
      this.objects.set(key, body);
      res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` }).end();
      return;
    }
    const object = this.objects.get(key);
    if (object === undefined) {
      res.writeHead(404).end(req.method === 'HEAD' ? undefined : '<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    res.writeHead(200, { 'content-length': object.length, 'content-type': 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : object);
  }

  /** Null when the request is signed right (the algorithm of the AWS documentation, written out independently). */
  private verify(req: http.IncomingMessage, url: URL, body: Buffer): string | null {
    const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? '');
    if (auth === null) return 'no SigV4 Authorization header';
    const [, key, date, region, signedHeaders, signature] = auth as unknown as [string, string, string, string, string, string];
    if (key !== this.accessKeyId || region !== this.region) return 'wrong credential scope';
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    if (!amzDate.startsWith(date)) return 'x-amz-date does not match the scope';
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
    if (req.method === 'PUT' && payloadHash !== sha256(body)) return 'payload hash mismatch';
    const names = signedHeaders.split(';');
    if (!names.includes('host') || !names.includes('x-amz-date')) return 'host and x-amz-date must be signed';
    const query = [...url.searchParams].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).sort().join('&');
    const canonical = [
      req.method,
      url.pathname,
      query,
      ...names.map((n) => `${n}:${String(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}`),
      '',
      signedHeaders,
      payloadHash,
    ].join('\n');
    const scope = `${date}/${region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
    const signingKey = hmac(hmac(hmac(hmac(`AWS4${this.secret}`, date), region), 's3'), 'aws4_request');
    return hmac(signingKey, toSign).toString('hex') === signature ? null : 'signature mismatch';
  }
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] attachments on two nodes with a shared ATTACHMENT_DIR`, () => {
    const shared = tmp();
    let a: TestSystem;
    let b: Awaited<ReturnType<typeof secondNode>>;
    let cookie: string;
    let demandId: number;

    beforeAll(async () => {
      a = await createTestSystem(dialect, { config: { attachmentDir: shared, dataDir: tmp(), nodeId: 'node-a', jobsEnabled: false } });
      b = await secondNode(a, { attachmentDir: shared });
      cookie = await a.login('community');
      demandId = await enterSampleDemand(a, cookie);
    });
    afterAll(async () => {
      await b.close();
      await a.close();
    });

    it('a file uploaded through one node downloads through the other, and the other way round', async () => {
      const bytes = samplePdf('uploaded on node a');
      const up = await uploadTo(a.app, cookie, demandId, bytes);
      const down = await download(b.app, cookie, up.id);
      expect(down.statusCode, down.body).toBe(200);
      expect(down.rawPayload.equals(bytes)).toBe(true);

      const back = samplePdf('uploaded on node b');
      const upB = await uploadTo(b.app, cookie, demandId, back);
      expect((await download(a.app, cookie, upB.id)).rawPayload.equals(back)).toBe(true);
      // Start-up on either node finds the newest attachment's bytes: no warning.
      expect(await b.app.services.attachments.checkStorage()).toEqual({ warning: null });
    });

    it('a node that does not share the directory: ATTACHMENT_FILE_MISSING (not a 500), and its start-up check warns', async () => {
      const up = await uploadTo(a.app, cookie, demandId, samplePdf('only in the shared directory'));
      const lonely = await secondNode(a, { attachmentDir: tmp() });
      try {
        expectMissing(await download(lonely.app, cookie, up.id), up.id);
        const check = await lonely.app.services.attachments.checkStorage();
        expect(check.warning).toContain('ATTACHMENT_DIR');
        expect(check.warning).toContain(`最新附件 ${up.id}`);
      } finally {
        await lonely.close();
      }
    });

    it('bytes deleted under a row: ATTACHMENT_FILE_MISSING on every node, and the failed download is audited', async () => {
      const up = await uploadTo(a.app, cookie, demandId, samplePdf('to be lost'));
      fs.rmSync(path.join(shared, await storageKeyOf(a, up.id)));
      expectMissing(await download(a.app, cookie, up.id), up.id);
      expectMissing(await download(b.app, cookie, up.id), up.id);
      const rows = await a.database.db
        .selectFrom('audit_log')
        .select(['outcome', 'details_json'])
        .where('action', '=', 'downloadAttachment')
        .where('outcome', '=', 'failure')
        .execute();
      expect(rows.filter((r) => String(r.details_json).includes(`"attachmentId":${up.id}`))).toHaveLength(2);
    });

    it('an ATTACHMENT_DIR that cannot be written stops start-up, naming the variable', async () => {
      const file = path.join(tmp(), 'not-a-directory');
      fs.writeFileSync(file, 'x');
      await expect(secondNode(a, { attachmentDir: path.join(file, 'attachments') })).rejects.toThrow(/ATTACHMENT_DIR/);
    });
  });

  describe(`[${dialect}] attachments in an S3-compatible store`, () => {
    const fake = new FakeS3('minsheng-attachments', 'AKIDTESTONLY', `test-secret-${randomUUID()}`, 'cn-south-1');
    let settings: S3Settings;
    let a: TestSystem;
    let b: Awaited<ReturnType<typeof secondNode>>;
    let cookie: string;
    let demandId: number;

    beforeAll(async () => {
      const endpoint = await fake.start();
      settings = { endpoint, bucket: fake.bucket, accessKeyId: fake.accessKeyId, secretAccessKey: fake.secret, region: fake.region, pathStyle: true };
      a = await createTestSystem(dialect, { config: { attachmentStore: 's3', s3: settings, dataDir: tmp(), jobsEnabled: false } });
      b = await secondNode(a, { attachmentStore: 's3', s3: settings });
      cookie = await a.login('community');
      demandId = await enterSampleDemand(a, cookie);
    });
    afterAll(async () => {
      await b.close();
      await a.close();
      await fake.stop();
    });

    it('stores the bytes in the bucket with signed requests; the other node downloads them', async () => {
      const bytes = samplePdf('kept in s3');
      const up = await uploadTo(a.app, cookie, demandId, bytes);
      const key = await storageKeyOf(a, up.id);
      expect(fake.objects.get(key)?.equals(bytes)).toBe(true);
      expect(fake.requests).toContain(`PUT /${fake.bucket}/${key}`);
      const down = await download(b.app, cookie, up.id);
      expect(down.statusCode, down.body).toBe(200);
      expect(down.rawPayload.equals(bytes)).toBe(true);
    });

    it('an object gone from the bucket is ATTACHMENT_FILE_MISSING; a failing store is ATTACHMENT_STORE_UNAVAILABLE after retries', async () => {
      const up = await uploadTo(a.app, cookie, demandId, samplePdf('lost in s3'));
      fake.objects.delete(await storageKeyOf(a, up.id));
      expectMissing(await download(b.app, cookie, up.id), up.id);

      const kept = await uploadTo(a.app, cookie, demandId, samplePdf('kept'));
      fake.failNext = 3; // the first try and both retries
      const res = await download(a.app, cookie, kept.id);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ error: { code: 'ATTACHMENT_STORE_UNAVAILABLE' } });
      fake.failNext = 1; // one failure is retried away
      expect((await download(a.app, cookie, kept.id)).statusCode).toBe(200);
    });

    it('start-up fails on a wrong secret or a missing bucket, naming the setting', async () => {
      await expect(secondNode(a, { attachmentStore: 's3', s3: { ...settings, secretAccessKey: 'wrong-secret' } })).rejects.toThrow(/S3_SECRET_ACCESS_KEY/);
      await expect(secondNode(a, { attachmentStore: 's3', s3: { ...settings, bucket: 'no-such-bucket' } })).rejects.toThrow(/S3_BUCKET/);
    });
  });
}
