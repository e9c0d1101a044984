/**
 * The projects a town's yearly documents (the 年度实施计划表 and the 资金发放台账) are built from.
 */
import type { ProjectStatus } from '../../../domain/lifecycle/statuses.js';
import type { Reader } from '../../db/transactor.js';
import type { ProjectRow } from '../../db/schema.js';

/** The town's projects of `year` in one of `statuses`, by id (the documents sort them their own way). */
export async function listTownProjectsOfYear(db: Reader, townId: number, year: number, statuses: readonly ProjectStatus[]): Promise<ProjectRow[]> {
  if (statuses.length === 0) return [];
  return db.selectFrom('project').selectAll().where('town_id', '=', townId).where('year', '=', year).where('status', 'in', [...statuses]).orderBy('id').execute();
}
