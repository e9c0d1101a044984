/**
 * Where attachment bytes live. The database keeps only the key, the type, the size and the SHA-256; the bytes go to
 * a directory (`ATTACHMENT_DIR`, default `${DATA_DIR}/attachments`; with several app nodes one directory they all
 * mount, e.g. NFS) or to an S3-compatible bucket (`ATTACHMENT_STORE=s3`, attachment-s3-storage.ts). Both behind one
 * interface, so the service does not know which.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface StoredObject {
  readonly key: string;
  readonly sha256: string;
  readonly size: number;
}

export interface AttachmentStorage {
  /** For logs and start-up messages: the directory or the bucket. */
  readonly description: string;
  /** Stores the bytes durably under a new key. */
  put(bytes: Buffer): Promise<StoredObject>;
  /** The bytes of a key; AttachmentFileMissingError when the store has no such key. */
  get(key: string): Promise<Buffer>;
  /** True when the store holds the key (start-up's look at whether this node sees the others' files). */
  has(key: string): Promise<boolean>;
  /** At start-up: the store is reachable and writable; throws with a Chinese message naming the setting otherwise. */
  check(): Promise<void>;
}

/** A row points at a key the store does not have (deleted, or written to a directory this node does not share). */
export class AttachmentFileMissingError extends Error {
  constructor(readonly key: string) {
    super(`attachment bytes missing for key ${key}`);
    this.name = 'AttachmentFileMissingError';
  }
}

/** The store failed for another reason (S3 unreachable or answering an error). */
export class AttachmentStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AttachmentStoreUnavailableError';
  }
}

/** Keys are `xx/<uuid>`: random, two hex characters of fan-out, nothing a caller can steer. */
export function newKey(): string {
  const name = randomUUID();
  return `${name.slice(0, 2)}/${name}`;
}

export function assertKey(key: string): void {
  if (!/^[0-9a-f]{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error(`invalid attachment key ${key}`);
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Files under `<root>/xx/<random>`: random names outside any web root, written then renamed. */
export class LocalAttachmentStorage implements AttachmentStorage {
  readonly description: string;

  constructor(private readonly root: string) {
    this.description = `目录 ${root}`;
  }

  async put(bytes: Buffer): Promise<StoredObject> {
    const sha256 = sha256Of(bytes);
    const key = newKey();
    const file = this.fileOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    const handle = await fs.open(tmp, 'wx');
    try {
      await handle.writeFile(bytes);
      // The bytes reach the disk before the database row that points at them commits.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
    return { key, sha256, size: bytes.length };
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await fs.readFile(this.fileOf(key));
    } catch (err) {
      if (isNotFound(err)) throw new AttachmentFileMissingError(key);
      throw err;
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      await fs.access(this.fileOf(key));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async check(): Promise<void> {
    const probe = path.join(this.root, `.write-check-${randomUUID()}`);
    try {
      await fs.mkdir(this.root, { recursive: true });
      await fs.writeFile(probe, 'ok');
      await fs.unlink(probe);
    } catch (err) {
      throw new Error(`附件目录 ${this.root} 不可写（ATTACHMENT_DIR）：${(err as Error).message}`, { cause: err });
    }
  }

  private fileOf(key: string): string {
    assertKey(key);
    return path.join(this.root, key);
  }
}

function isNotFound(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
