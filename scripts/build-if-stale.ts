/**
 * `npm start`'s first step: builds the server and the web app (`npm run build`) only when what they are built from
 * changed since the last build — the sources, the build configuration, the lockfile — so a restart with nothing
 * changed starts at once. The inputs' SHA-256 is kept in dist/.build-inputs after a successful build.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const INPUTS = ['src', 'scripts/compress-web.ts', 'vite.config.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
const OUTPUTS = ['dist/server/main.js', 'dist/web/index.html'];
const STAMP = path.join(ROOT, 'dist/.build-inputs');

function filesOf(rel: string): string[] {
  const full = path.join(ROOT, rel);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [rel];
  return fs
    .readdirSync(full)
    .sort()
    .flatMap((name) => filesOf(path.join(rel, name)));
}

function inputsHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesOf)) {
    hash.update(file.split(path.sep).join('/')).update('\0').update(fs.readFileSync(path.join(ROOT, file))).update('\0');
  }
  return hash.digest('hex');
}

const current = inputsHash();
const built = OUTPUTS.every((f) => fs.existsSync(path.join(ROOT, f))) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === current;
if (built) {
  process.stdout.write('构建产物与源码一致，跳过构建（dist/）\n');
} else {
  const run = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
  fs.writeFileSync(STAMP, current);
}
