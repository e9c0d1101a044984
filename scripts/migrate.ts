/**
 * `npm run migrate`: applies pending migrations to the configured database and exits.
 */
import { loadConfig } from '../src/server/config.js';
import { migrateToLatest } from '../src/server/db/migrator.js';
import { openConfiguredDatabase } from '../src/server/system.js';

const config = loadConfig();
const database = openConfiguredDatabase(config);
try {
  const { applied } = await migrateToLatest(database);
  process.stdout.write(applied.length === 0 ? `数据库已是最新（${database.location}）\n` : `已应用迁移：${applied.join(', ')}（${database.location}）\n`);
} finally {
  await database.close();
}
