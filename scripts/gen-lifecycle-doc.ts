/**
 * Writes docs/lifecycle.md from the lifecycle's transitions tables (`npx tsx scripts/gen-lifecycle-doc.ts`).
 * test/domain/lifecycle/lifecycle-doc.test.ts fails when the committed file differs from this output.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderLifecycleDoc } from '../src/domain/lifecycle/lifecycle-doc.js';

const target = fileURLToPath(new URL('../docs/lifecycle.md', import.meta.url));
writeFileSync(target, renderLifecycleDoc(), 'utf8');
process.stdout.write(`wrote ${target}\n`);
