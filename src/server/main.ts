/**
 * The process entry point: `npm start`. Reads the environment, starts the system, listens, shuts down cleanly.
 */
import { loadConfig } from './config.js';
import { warmUpPdf } from './features/documents/render-pdf.js';
import { appJobs, startAppJobs } from './jobs/app-jobs.js';
import { openConfiguredDatabase, startSystem } from './system.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = openConfiguredDatabase(config);
  const app = await startSystem(config, database);
  // Before listen(): the jobs stop with app.close(), which waits for a run in progress, before the database closes.
  if (config.jobsEnabled) startAppJobs(app, appJobs(app.services, app.log), config.nodeId);
  const shutdown = (signal: string): void => {
    app.log.info({ signal }, 'shutting down');
    app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ database: database.dialect, location: database.location, demo: config.demo }, `民生微实事 ready on http://localhost:${config.port}`);
  // The PDF fonts are read and parsed now, so that the first document a clerk prints does not wait for them.
  void warmUpPdf().catch((err: unknown) => app.log.warn({ err }, 'PDF fonts could not be loaded ahead'));
}

main().catch((err: unknown) => {
  process.stderr.write(`启动失败：${err instanceof Error ? err.message : String(err)}\n`);
  if (err instanceof Error && err.cause instanceof Error) process.stderr.write(`${err.cause.message}\n`);
  process.exit(1);
});
