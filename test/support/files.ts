/**
 * Small real files for upload tests: a valid one-page PDF and a PNG, built in memory.
 */
import { Buffer } from 'node:buffer';
import { demoPdf, demoPng } from '../../src/server/seed/demo/files.js';

export function samplePdf(text = 'minutes'): Buffer {
  return demoPdf(text);
}

/** A 1×1 PNG. */
export function samplePng(): Buffer {
  return demoPng();
}

/** A multipart/form-data body with a `kind` field followed by a file. */
export function multipart(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }): { payload: Buffer; contentType: string } {
  const boundary = `----msw${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`, 'utf8'));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`, 'utf8'));
  parts.push(file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
