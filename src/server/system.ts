/**
 * Brings the system up: open the database, apply migrations, load first-start data (and the demo in demo mode),
 * build the app. Used by `main.ts` and by the tests, so both start the same way.
 */
import path from 'node:path';
import type { FastifyServerOptions } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import type { App } from './http/app-type.js';
import type { Clock } from './http/context.js';
import { bootstrapAdministrators, seedDemoAccounts } from './seed/accounts.seed.js';
import { seedDemoCases } from './seed/demo-cases.seed.js';
import { seedFoundation, systemContext } from './seed/foundation.seed.js';

export function openConfiguredDatabase(config: Config): DatabaseHandle {
  return openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: path.join(config.dataDir, 'minsheng.sqlite') });
}

export interface StartOptions {
  readonly clock?: Clock;
  readonly logger?: FastifyServerOptions['logger'];
  /** Prints bootstrap credentials; the default writes them to stdout once. */
  readonly announce?: (line: string) => void;
}

export async function startSystem(config: Config, database: DatabaseHandle, options: StartOptions = {}): Promise<App> {
  await migrateToLatest(database);
  const app = await buildApp({ config, database, ...options });
  const { audit, attachments, calendar, clock, transactor } = app.services;
  // The attachment store is reachable and writable (ATTACHMENT_DIR or the S3 bucket), or start-up fails saying which.
  const storage = await attachments.checkStorage().catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  if (storage.warning !== null) app.log.warn(storage.warning);
  const ctx = systemContext(clock());
  const { city } = await seedFoundation(transactor, audit, ctx);
  await calendar.seedIfEmpty(ctx);
  const announce = options.announce ?? ((line: string) => process.stdout.write(`${line}\n`));
  if (config.demo) {
    if (await seedDemoAccounts(transactor, audit, ctx, city, config.demoPassword)) {
      announce('演示模式：已创建演示账号（见 README.md），统一密码由 DEMO_PASSWORD 设置。');
    }
    const demoCases = config.demoCases ? await seedDemoCases(app.services, clock()) : null;
    for (const line of demoCases?.announcements ?? []) announce(line);
  } else {
    const created = await bootstrapAdministrators(transactor, audit, ctx, city);
    for (const { username, password } of created) {
      announce(`初始管理员 ${username} 的一次性密码：${password}（仅显示这一次，首次登录须修改）`);
    }
  }
  return app;
}
