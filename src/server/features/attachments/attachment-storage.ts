/**
 * Where attachment bytes live. The interface lets a deployment swap the local directory for an object store; the
 * database keeps only the key, the type, the size and the SHA-256.
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
  put(bytes: Buffer): Promise<StoredObject>;
  get(key: string): Promise<Buffer>;
}

/** Files under `${dataDir}/attachments/xx/<random>`: random names outside any web root, written then renamed. */
export class LocalAttachmentStorage implements AttachmentStorage {
  constructor(private readonly root: string) {}

  async put(bytes: Buffer): Promise<StoredObject> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const name = randomUUID();
    const key = `${name.slice(0, 2)}/${name}`;
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
    return fs.readFile(this.fileOf(key));
  }

  private fileOf(key: string): string {
    if (!/^[0-9a-f]{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error(`invalid attachment key ${key}`);
    return path.join(this.root, key);
  }
}

export interface DetectedType {
  readonly mime: string;
  readonly extension: string;
}

/** The allow-list by content (magic bytes), never by the name or the declared type. */
export function detectFileType(bytes: Buffer): DetectedType | null {
  const starts = (...sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return { mime: 'application/pdf', extension: 'pdf' };
  if (starts(0xff, 0xd8, 0xff)) return { mime: 'image/jpeg', extension: 'jpg' };
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { mime: 'image/png', extension: 'png' };
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    const head = bytes.subarray(0, Math.min(bytes.length, 65_536)).toString('latin1');
    if (head.includes('word/')) return { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' };
    if (head.includes('xl/')) return { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' };
    return null;
  }
  return null;
}
