/**
 * The documents generated from code are up to date (run `npm run docs` after changing the catalogue).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderErrorDoc } from '../../src/server/docs/error-doc.js';

describe('generated documents', () => {
  it('docs/errors.md matches the error catalogue', () => {
    const onDisk = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/errors.md'), 'utf8');
    expect(onDisk).toBe(renderErrorDoc());
  });
});
