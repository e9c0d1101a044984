/**
 * `npm run docs`: regenerates the documents derived from code (docs/errors.md, docs/lifecycle.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderLifecycleDoc } from '../src/domain/lifecycle/index.js';
import { renderErrorDoc } from '../src/server/docs/error-doc.js';

const ROOT = path.resolve(import.meta.dirname, '..');
fs.writeFileSync(path.join(ROOT, 'docs/errors.md'), renderErrorDoc());
fs.writeFileSync(path.join(ROOT, 'docs/lifecycle.md'), renderLifecycleDoc());
process.stdout.write('docs/errors.md and docs/lifecycle.md written\n');
