/**
 * Applies the migrations, in order, at start-up and through `npm run migrate`.
 */
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { DatabaseHandle, Dialect } from './database.js';
import { foundation } from './migrations/0001_foundation.js';
import { cases } from './migrations/0002_cases.js';
import { auditChains } from './migrations/0003_audit_chains.js';
import { caseListIndexes } from './migrations/0004_case_list_indexes.js';
import { issuedDocuments } from './migrations/0005_issued_documents.js';
import { publicListIndex } from './migrations/0006_public_list_index.js';
import { plansAndFunds } from './migrations/0007_plans_and_funds.js';
import { scaleIndexes } from './migrations/0008_scale_indexes.js';
import { projectResults } from './migrations/0009_project_results.js';
import { statisticsCells } from './migrations/0010_statistics_cells.js';
import { nextDeadline } from './migrations/0011_next_deadline.js';
import { statisticsGroupIndexes } from './migrations/0012_statistics_group_indexes.js';
import { statisticsHandlingMode } from './migrations/0013_statistics_handling_mode.js';

function allMigrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_foundation': foundation(dialect),
    '0002_cases': cases(dialect),
    '0003_audit_chains': auditChains(dialect),
    '0004_case_list_indexes': caseListIndexes(),
    '0005_issued_documents': issuedDocuments(dialect),
    '0006_public_list_index': publicListIndex(),
    '0007_plans_and_funds': plansAndFunds(dialect),
    '0008_scale_indexes': scaleIndexes(),
    '0009_project_results': projectResults(),
    '0010_statistics_cells': statisticsCells(),
    '0011_next_deadline': nextDeadline(),
    '0012_statistics_group_indexes': statisticsGroupIndexes(),
    '0013_statistics_handling_mode': statisticsHandlingMode(),
  };
}

/** The migrations' names, in the order they apply. */
export function migrationNames(): string[] {
  return Object.keys(allMigrations('sqlite'));
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(allMigrations(this.dialect));
  }
}

export interface MigrationReport {
  readonly applied: readonly string[];
}

/** Applies every migration not yet applied; `upTo` stops after the named one (for upgrade tests). */
export async function migrateToLatest(handle: DatabaseHandle, upTo?: string): Promise<MigrationReport> {
  const migrator = new Migrator({ db: handle.db, provider: new StaticProvider(handle.dialect) });
  const { error, results } = upTo === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(upTo);
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
