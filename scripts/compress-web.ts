/**
 * After `vite build`: writes a brotli (`.br`) and a gzip (`.gz`) copy next to every text file of the web build
 * worth compressing, which the server sends to browsers that accept them (src/server/http/web-assets.ts). Copies
 * that would not be smaller are not written.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const COMPRESSIBLE = new Set(['.js', '.css', '.html', '.svg', '.json', '.txt', '.map']);
const MIN_BYTES = 1024;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Compresses the files of `dir`; returns how many copies were written. */
export function compressDirectory(dir: string): number {
  let written = 0;
  for (const file of filesUnder(dir)) {
    if (!COMPRESSIBLE.has(path.extname(file))) continue;
    const bytes = fs.readFileSync(file);
    if (bytes.length < MIN_BYTES) continue;
    const copies: [string, Buffer][] = [
      ['.br', zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } })],
      ['.gz', zlib.gzipSync(bytes, { level: 9 })],
    ];
    for (const [ext, copy] of copies) {
      if (copy.length >= bytes.length) continue;
      fs.writeFileSync(file + ext, copy);
      written += 1;
    }
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const dir = path.resolve(import.meta.dirname, '../dist/web');
  process.stdout.write(`dist/web: ${compressDirectory(dir)} compressed copies written\n`);
}
