/**
 * Attachment bytes in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, and the object stores of Chinese clouds that
 * speak the S3 API). Requests are signed with AWS Signature V4 by `aws4fetch` over Node's fetch; the payload's
 * SHA-256 is signed too (`x-amz-content-sha256`), so the store can refuse bytes damaged on the way.
 * Path-style URLs (`<endpoint>/<bucket>/<key>`) by default; `S3_PATH_STYLE=false` uses `<bucket>.<endpoint host>`.
 */
import { Buffer } from 'node:buffer';
import { AwsClient } from 'aws4fetch';
import type { S3Settings } from '../../config.js';
import {
  AttachmentFileMissingError,
  AttachmentStoreUnavailableError,
  assertKey,
  newKey,
  sha256Of,
  type AttachmentStorage,
  type StoredObject,
} from './attachment-storage.js';

const TIMEOUT_MS = 60_000;

export class S3AttachmentStorage implements AttachmentStorage {
  readonly description: string;
  private readonly client: AwsClient;

  constructor(private readonly settings: S3Settings) {
    this.description = `S3 存储桶 ${settings.bucket}（${settings.endpoint}）`;
    this.client = new AwsClient({
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      service: 's3',
      region: settings.region,
      // A 5xx or 429 is tried twice more (with backoff) before the upload or download fails.
      retries: 2,
      initRetryMs: 200,
    });
  }

  async put(bytes: Buffer): Promise<StoredObject> {
    const sha256 = sha256Of(bytes);
    const key = newKey();
    const res = await this.send(this.urlOf(key), {
      method: 'PUT',
      // A Buffer is a Uint8Array; fetch sends it as it is (the cast only narrows its backing buffer's type).
      body: bytes as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'application/octet-stream', 'x-amz-content-sha256': sha256, 'content-length': String(bytes.length) },
    });
    if (!res.ok) throw await this.failure('PUT', res);
    await res.body?.cancel();
    return { key, sha256, size: bytes.length };
  }

  async get(key: string): Promise<Buffer> {
    const res = await this.send(this.urlOf(key), { method: 'GET' });
    if (res.status === 404) {
      await res.body?.cancel();
      throw new AttachmentFileMissingError(key);
    }
    if (!res.ok) throw await this.failure('GET', res);
    return Buffer.from(await res.arrayBuffer());
  }

  async has(key: string): Promise<boolean> {
    const res = await this.send(this.urlOf(key), { method: 'HEAD' });
    await res.body?.cancel();
    if (res.status === 404) return false;
    if (!res.ok) throw new AttachmentStoreUnavailableError(`S3 HEAD ${key}: HTTP ${res.status}`);
    return true;
  }

  async check(): Promise<void> {
    let res: Response;
    try {
      res = await this.send(this.urlOf(null), { method: 'HEAD' });
    } catch (err) {
      throw new Error(`无法连接附件存储 ${this.description}（S3_ENDPOINT）：${(err as Error).message}`, { cause: err });
    }
    await res.body?.cancel();
    if (res.status === 404) throw new Error(`附件存储桶 ${this.settings.bucket} 不存在（S3_BUCKET）`);
    if (res.status === 403 || res.status === 401) throw new Error(`附件存储拒绝访问存储桶 ${this.settings.bucket}，请检查 S3_ACCESS_KEY_ID、S3_SECRET_ACCESS_KEY 与 S3_REGION`);
    if (!res.ok) throw new Error(`附件存储 ${this.description} 返回 HTTP ${res.status}`);
  }

  /** The bucket's URL (key null) or an object's. */
  private urlOf(key: string | null): string {
    if (key !== null) assertKey(key);
    const base = new URL(this.settings.endpoint);
    const basePath = base.pathname.replace(/\/+$/, '');
    const objectPath = key === null ? '' : `/${key}`;
    if (this.settings.pathStyle) {
      base.pathname = `${basePath}/${encodeURIComponent(this.settings.bucket)}${objectPath}`;
    } else {
      base.hostname = `${this.settings.bucket}.${base.hostname}`;
      base.pathname = `${basePath}${objectPath || '/'}`;
    }
    return base.toString();
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.client.fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw new AttachmentStoreUnavailableError(`S3 ${init.method ?? 'GET'} ${url}: ${(err as Error).message}`, { cause: err });
    }
  }

  private async failure(method: string, res: Response): Promise<AttachmentStoreUnavailableError> {
    const text = (await res.text().catch(() => '')).slice(0, 300);
    return new AttachmentStoreUnavailableError(`S3 ${method}: HTTP ${res.status} ${text}`);
  }
}
