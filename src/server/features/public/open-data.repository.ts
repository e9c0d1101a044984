/**
 * Queries of the open data: the publicized projects exactly as the portal's 公示 list selects them (published, in
 * one of PUBLICIZED_STATUSES), narrowed by year and town, read in pages of ids so that no query holds every stored
 * state at once; and the towns, to name them and to check a filter.
 */
import type { DbOrTrx } from '../../db/database.js';
import type { ProjectRow } from '../../db/schema.js';
import { PUBLICIZED_STATUSES } from '../../../domain/lifecycle/index.js';

export interface OpenDataFilter {
  readonly year?: number | undefined;
  readonly townId?: number | undefined;
}

/** Stored states read per query. */
const PAGE = 500;

function publicized(db: DbOrTrx, f: OpenDataFilter) {
  let q = db.selectFrom('project').where('published', '=', 1).where('status', 'in', [...PUBLICIZED_STATUSES]);
  if (f.year !== undefined) q = q.where('year', '=', f.year);
  if (f.townId !== undefined) q = q.where('town_id', '=', f.townId);
  return q;
}

export async function countPublicized(db: DbOrTrx, f: OpenDataFilter): Promise<number> {
  const row = await publicized(db, f)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * What changes whenever a project of the filter changes, enters or leaves it: their number, the sum of their versions
 * (every saved change raises one) and the largest id.
 */
export async function publicizedFingerprint(db: DbOrTrx, f: OpenDataFilter): Promise<string> {
  const row = await publicized(db, f)
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.sum<number | string | null>('version').as('v'), eb.fn.max<number | null>('id').as('m')])
    .executeTakeFirstOrThrow();
  return `${Number(row.n)}:${Number(row.v ?? 0)}:${row.m ?? 0}`;
}

/** The years that have publicized projects (of the town, when given), earliest first. */
export async function publicizedYears(db: DbOrTrx, townId: number | undefined): Promise<number[]> {
  const rows = await publicized(db, { townId }).select('year').distinct().orderBy('year').execute();
  return rows.map((r) => r.year);
}

/** Calls `each` with the filter's projects, by ascending id, `PAGE` stored states at a time. */
export async function forEachPublicized(db: DbOrTrx, f: OpenDataFilter, each: (rows: readonly ProjectRow[]) => void): Promise<void> {
  let after = 0;
  for (;;) {
    const ids = await publicized(db, f).select('id').where('id', '>', after).orderBy('id').limit(PAGE).execute();
    if (ids.length === 0) return;
    const rows = await db
      .selectFrom('project')
      .selectAll()
      .where('id', 'in', ids.map((r) => r.id))
      .orderBy('id')
      .execute();
    each(rows);
    after = ids[ids.length - 1]?.id ?? after;
    if (ids.length < PAGE) return;
  }
}

/** Every town by id, with its name. */
export async function townNames(db: DbOrTrx): Promise<Map<number, string>> {
  const rows = await db.selectFrom('unit').select(['id', 'name']).where('kind', '=', 'town').execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
