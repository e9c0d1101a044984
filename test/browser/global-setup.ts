/**
 * Once per browser run, before any file: this run's screenshots only, so a file left by an earlier run cannot pass a
 * test's "every screenshot was written", whatever order the files run in.
 */
import fs from 'node:fs';
import { SCREENSHOTS } from './screenshots.js';

export default function setup(): void {
  fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
}
