/**
 * The SQL of the funds (R9): the `disbursement` rows beside the ledger's JSON (one per line, the voucher number
 * unique per town in the database itself), the other years' voucher numbers a new line is checked against, and the
 * town's projects of a year the ledger and the exports read.
 */
import type { Reader, Tx } from '../../db/transactor.js';
import type { ProjectRow } from '../../db/schema.js';
import { disbursementRecorded } from '../../db/statistics-cells.js';

export interface NewDisbursementRow {
  readonly townId: number;
  readonly year: number;
  readonly projectId: number;
  readonly communityId: number;
  readonly date: string;
  readonly amountFen: number;
  readonly source: string;
  readonly voucherNo: string;
  readonly voucherKey: string;
  readonly overridden: boolean;
  readonly recordedBy: number | null;
  readonly recordedAt: string;
}

/** Inserts the line's row (the statistics' disbursed money of its project's partition follows) and answers its id; a voucher key already used in the town throws the unique violation. */
export async function insertDisbursementRow(trx: Tx, row: NewDisbursementRow): Promise<number> {
  const inserted = await trx
    .insertInto('disbursement')
    .values({
      town_id: row.townId,
      year: row.year,
      project_id: row.projectId,
      community_id: row.communityId,
      disbursed_on: row.date,
      amount_fen: row.amountFen,
      source: row.source,
      voucher_no: row.voucherNo,
      voucher_key: row.voucherKey,
      overridden: row.overridden ? 1 : 0,
      recorded_by: row.recordedBy,
      recorded_at: row.recordedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await disbursementRecorded(trx, row.projectId, row.source, row.amountFen);
  return inserted.id;
}

/** R9.1 the voucher numbers of the town's lines in years other than `year`. */
export async function otherYearsVoucherNumbers(db: Reader, townId: number, year: number): Promise<string[]> {
  const rows = await db.selectFrom('disbursement').select('voucher_no').where('town_id', '=', townId).where('year', '<>', year).execute();
  return rows.map((r) => r.voucher_no);
}

/** The town's projects of `year` with a registration on file (any status but a reserved id), by id. */
export async function listTownProjectRows(db: Reader, townId: number, year: number): Promise<ProjectRow[]> {
  return db.selectFrom('project').selectAll().where('town_id', '=', townId).where('year', '=', year).where('status', '<>', 'reserved').orderBy('id').execute();
}

/** The unique violation of either dialect (PostgreSQL 23505, SQLite's UNIQUE constraint). */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; message?: unknown };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || (typeof e.message === 'string' && e.message.includes('UNIQUE constraint failed'));
}

/** R9.2 marks the line's row as recorded past its approved amount under an override. */
export async function markDisbursementOverridden(trx: Tx, id: number): Promise<void> {
  await trx.updateTable('disbursement').set({ overridden: 1 }).where('id', '=', id).execute();
}
