/**
 * A project's results as columns (R6.2–R6.4 the survey's summary, R6.1 the 结项表's budget and actual per fund row),
 * written with its state on every save (case.repository.ts `projectColumns`), so that statistics sum them in the
 * database instead of reading every closed project's state (tens of kilobytes with its survey sheets). The rows
 * already stored are filled from their states here, in batches.
 */
import type { Migration } from 'kysely';
import { upgradeProjectState } from '../../../domain/lifecycle/state-version.js';
import { projectResultColumns, PROJECT_RESULT_COLUMNS } from '../project-results.js';
import type { MigrationDb } from './helpers.js';

const BATCH = 500;

export function projectResults(): Migration {
  return {
    async up(db: MigrationDb): Promise<void> {
      for (const column of PROJECT_RESULT_COLUMNS) await db.schema.alterTable('project').addColumn(column, 'bigint').execute();
      let after = 0;
      for (;;) {
        const rows = (await db.selectFrom('project').select(['id', 'state_json']).where('id', '>', after).where('status', '!=', 'reserved').orderBy('id').limit(BATCH).execute()) as {
          id: number;
          state_json: string;
        }[];
        if (rows.length === 0) break;
        for (const row of rows) {
          const values = projectResultColumns(upgradeProjectState(JSON.parse(row.state_json)));
          if (Object.values(values).some((v) => v !== null)) await db.updateTable('project').set(values).where('id', '=', row.id).execute();
        }
        after = rows[rows.length - 1]?.id ?? after;
      }
    },

    async down(db: MigrationDb): Promise<void> {
      for (const column of PROJECT_RESULT_COLUMNS) await db.schema.alterTable('project').dropColumn(column).execute();
    },
  };
}
