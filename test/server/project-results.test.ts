/**
 * Migration 0009: a project's results as columns (db/project-results.ts). Every save writes them from the state, and
 * the migration fills the rows stored before it from their states: taken down and up again on the demo's projects,
 * each row's columns equal what its state says (the survey's respondents and satisfaction, the 结项表's money).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upgradeProjectState } from '../../src/domain/lifecycle/index.js';
import { projectResultColumns, PROJECT_RESULT_COLUMNS } from '../../src/server/db/project-results.js';
import { projectResults } from '../../src/server/db/migrations/0009_project_results.js';
import { DIALECTS } from '../support/dialects.js';
import { TestClock, createTestSystem, type TestSystem } from '../support/system.js';

for (const dialect of DIALECTS) {
  describe(`[${dialect}] project results as columns (0009)`, () => {
    let sys: TestSystem;
    let dataDir: string;
    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-results-'));
      sys = await createTestSystem(dialect, { clock: new TestClock('2026-10-20T03:00:00.000Z'), config: { demoCases: true, dataDir } });
    }, 120_000);
    afterAll(async () => {
      await sys.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const rowsAgreeWithStates = async (): Promise<number> => {
      const rows = await sys.database.db.selectFrom('project').selectAll().where('status', '!=', 'reserved').execute();
      let withResults = 0;
      for (const row of rows) {
        const expected = projectResultColumns(upgradeProjectState(JSON.parse(row.state_json)));
        const stored = Object.fromEntries(PROJECT_RESULT_COLUMNS.map((c) => [c, row[c]]));
        expect(stored, `project ${row.id}`).toEqual(expected);
        if (expected.survey_answered !== null || expected.closure_actual_special !== null) withResults += 1;
      }
      return withResults;
    };

    it('every save writes the results from the state', async () => {
      expect(await rowsAgreeWithStates()).toBeGreaterThanOrEqual(4);
    });

    it('the migration fills the rows stored before it from their states', async () => {
      const migration = projectResults();
      await migration.down?.(sys.database.db);
      await migration.up(sys.database.db);
      expect(await rowsAgreeWithStates()).toBeGreaterThanOrEqual(4);
    });
  });
}
