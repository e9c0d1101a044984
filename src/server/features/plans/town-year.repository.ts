/**
 * The aggregates kept per town and year (migration 0007): the allocation, the annual plan, the matching funds and
 * the ledger, each whole as JSON with its version; and the rows reported to 市民政局. Saving writes only at the
 * version read, so of two clerks acting at once one wins and the other is told (VERSION_CONFLICT).
 */
import type { Insertable } from 'kysely';
import type { Reader, Tx } from '../../db/transactor.js';
import type { BureauReportTable } from '../../db/schema.js';

export type TownYearTableName = 'allocation' | 'annual_plan' | 'matching_fund' | 'ledger';

export interface Stored<S> {
  readonly state: S;
  /** 0: nothing stored yet. */
  readonly version: number;
}

export async function loadTownYear<S>(db: Reader, table: TownYearTableName, townId: number, year: number): Promise<Stored<S> | undefined> {
  const row = await db.selectFrom(table).select(['state_json', 'version']).where('town_id', '=', townId).where('year', '=', year).executeTakeFirst();
  return row === undefined ? undefined : { state: JSON.parse(row.state_json) as S, version: row.version };
}

/** Every stored aggregate of a year (all towns), or of a town (all years). */
export async function listTownYear<S>(db: Reader, table: TownYearTableName, by: { readonly year?: number; readonly townId?: number }): Promise<S[]> {
  let q = db.selectFrom(table).select(['state_json']);
  if (by.year !== undefined) q = q.where('year', '=', by.year);
  if (by.townId !== undefined) q = q.where('town_id', '=', by.townId);
  const rows = await q.orderBy('town_id').orderBy('year').execute();
  return rows.map((r) => JSON.parse(r.state_json) as S);
}

/** Writes the state at `version + 1` if the stored one is still `version` (0: inserts); false when someone was first. */
export async function saveTownYear(
  trx: Tx,
  table: TownYearTableName,
  key: { readonly townId: number; readonly year: number },
  state: unknown,
  version: number,
  now: string,
): Promise<boolean> {
  const json = JSON.stringify(state);
  if (version === 0) {
    const inserted = await trx
      .insertInto(table)
      .values({ town_id: key.townId, year: key.year, state_json: json, version: 1, updated_at: now })
      .onConflict((oc) => oc.columns(['town_id', 'year']).doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
  }
  const updated = await trx
    .updateTable(table)
    .set({ state_json: json, version: version + 1, updated_at: now })
    .where('town_id', '=', key.townId)
    .where('year', '=', key.year)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export type NewBureauReport = Omit<Insertable<BureauReportTable>, 'id'>;

/** R8.2 / R8.4 / R9.2 a row for 市民政局's list of what the towns reported, in the transaction of the change. */
export async function insertBureauReport(trx: Tx, report: NewBureauReport): Promise<void> {
  await trx.insertInto('bureau_report').values(report).execute();
}
