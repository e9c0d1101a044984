/**
 * `npm run docs`: regenerates the documents derived from code (docs/errors.md, docs/lifecycle.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderErrorDoc } from '../src/server/docs/error-doc.js';

const ROOT = path.resolve(import.meta.dirname, '..');
fs.writeFileSync(path.join(ROOT, 'docs/errors.md'), renderErrorDoc());
process.stdout.write('docs/errors.md written\n');
