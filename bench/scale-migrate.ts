/**
 * The migrating process of bench/scale.ts `--reuse`: a database an earlier run generated is brought to the current
 * schema by the real migrator before it is measured, one pending migration at a time so that each one's time is
 * known (0009 fills the result columns of every stored project from its state). Its own process, so that the
 * measuring process's peak memory is the server's alone. Prints one JSON line: { seconds: { name: s }, peakRssMiB }.
 *
 *   tsx bench/scale-migrate.ts <sqlite|postgres> <databaseUrlOrFile>
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import { migrateToLatest, migrationNames } from '../src/server/db/migrator.js';
import { openBenchDatabase } from './scale-generate.js';

async function main(): Promise<void> {
  const [dialect, location] = process.argv.slice(2);
  if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error('usage: scale-migrate.ts <sqlite|postgres> <url|file>');
  const handle = openBenchDatabase(dialect, location ?? '');
  try {
    const applied = new Set((await sql<{ name: string }>`select name from kysely_migration`.execute(handle.db)).rows.map((r) => r.name));
    const seconds: Record<string, number> = {};
    for (const name of migrationNames().filter((m) => !applied.has(m))) {
      const t = performance.now();
      await migrateToLatest(handle, name);
      seconds[name] = Math.round((performance.now() - t) / 100) / 10;
      process.stderr.write(`  migration ${name}: ${seconds[name]} s\n`);
    }
    // Anything newer than this list, too.
    const t = performance.now();
    const rest = await migrateToLatest(handle);
    if (rest.applied.length > 0) seconds[rest.applied.join(', ')] = Math.round((performance.now() - t) / 100) / 10;
    const hwm = /VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    process.stdout.write(`${JSON.stringify({ seconds, peakRssMiB: hwm ? Math.round(Number(hwm[1]) / 1024) : null })}\n`);
  } finally {
    await handle.close();
  }
}

await main();
