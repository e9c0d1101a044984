/**
 * The rows of the annual collection and plan (R8): campaigns (one per town and year, R8.1), the communities'
 * progress in a campaign, the towns' projects the library and its adjustments draw on, and 市民政局's list of what
 * the towns reported (R8.2, R8.4, R9.2).
 */
import { sql } from 'kysely';
import type { Campaign } from '../../../domain/plans/campaign.js';
import type { Reader, Tx } from '../../db/transactor.js';
import type { BureauReportTable, ProjectRow } from '../../db/schema.js';
import type { Selectable } from 'kysely';

export interface StoredCampaign {
  readonly state: Campaign;
  readonly version: number;
}

function parse(row: { state_json: string; version: number }): StoredCampaign {
  return { state: JSON.parse(row.state_json) as Campaign, version: row.version };
}

export async function findCampaign(db: Reader, id: number): Promise<StoredCampaign | undefined> {
  const row = await db.selectFrom('campaign').select(['state_json', 'version']).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : parse(row);
}

/** Campaigns of the given towns (all when `townIds` is null), newest year first. */
export async function listCampaigns(db: Reader, by: { readonly townIds: readonly number[] | null; readonly year?: number }): Promise<StoredCampaign[]> {
  if (by.townIds !== null && by.townIds.length === 0) return [];
  let q = db.selectFrom('campaign').select(['state_json', 'version']);
  if (by.townIds !== null) q = q.where('town_id', 'in', [...by.townIds]);
  if (by.year !== undefined) q = q.where('year', '=', by.year);
  const rows = await q.orderBy('year', 'desc').orderBy('town_id').execute();
  return rows.map(parse);
}

/** A town's campaigns of every year (R8.1 one per year; R2.1 the campaign channel looks for the open one). */
export async function townCampaigns(db: Reader, townId: number): Promise<Campaign[]> {
  const rows = await db.selectFrom('campaign').select(['state_json', 'version']).where('town_id', '=', townId).orderBy('year').execute();
  return rows.map((r) => parse(r).state);
}

/** Reserves a campaign's id in the opening's transaction (rolled back with a refusal); null when the year is taken. */
export async function reserveCampaign(trx: Tx, values: { townId: number; year: number; closesOn: string; now: string }): Promise<number | null> {
  const row = await trx
    .insertInto('campaign')
    .values({ town_id: values.townId, year: values.year, closes_on: values.closesOn, state_json: '{}', version: 0, created_at: values.now, updated_at: values.now })
    .onConflict((oc) => oc.columns(['town_id', 'year']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row === undefined ? null : row.id;
}

export async function saveCampaign(trx: Tx, state: Campaign, version: number, now: string): Promise<boolean> {
  const result = await trx
    .updateTable('campaign')
    .set({ state_json: JSON.stringify(state), closes_on: state.closesOn, version: version + 1, updated_at: now })
    .where('id', '=', state.id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface CommunityProgressRow {
  readonly communityId: number;
  readonly demands: number;
  readonly projects: number;
}

/**
 * R8.1 the communities' progress in a campaign: the demands entered through it (the campaign channel, in its
 * window: one campaign per town and year, so the window names it) and the projects adopted from them.
 */
export async function campaignProgress(db: Reader, campaign: Campaign, endsAt: string): Promise<CommunityProgressRow[]> {
  const demands = await db
    .selectFrom('demand')
    .select(['community_id', sql<number>`count(*)`.as('n')])
    .where('town_id', '=', campaign.townId)
    .where('channel', '=', 'campaign')
    .where('status', '!=', 'reserved')
    .where('created_at', '>=', campaign.openedAt)
    .where('created_at', '<', endsAt)
    .groupBy('community_id')
    .execute();
  const projects = await db
    .selectFrom('project')
    .select(['community_id', sql<number>`count(*)`.as('n')])
    .where('campaign_id', '=', campaign.id)
    .where('status', '!=', 'reserved')
    .groupBy('community_id')
    .execute();
  const byCommunity = new Map<number, { demands: number; projects: number }>();
  for (const r of demands) byCommunity.set(r.community_id, { demands: r.n, projects: 0 });
  for (const r of projects) byCommunity.set(r.community_id, { demands: byCommunity.get(r.community_id)?.demands ?? 0, projects: r.n });
  return [...byCommunity].map(([communityId, v]) => ({ communityId, ...v }));
}

/** The town's projects of a year that have a registration (the candidates of an R8.4 adjustment), by id. */
export async function townProjectsOfYear(db: Reader, townId: number, year: number): Promise<ProjectRow[]> {
  return db
    .selectFrom('project')
    .selectAll()
    .where('town_id', '=', townId)
    .where('year', '=', year)
    .where('review_path', 'is not', null)
    .where('status', 'not in', ['reserved', 'terminated', 'transferred'])
    .orderBy('id')
    .execute();
}

/** The town's closed projects of a year, by id. */
export async function closedProjectIdsOfYear(db: Reader, townId: number, year: number): Promise<number[]> {
  const rows = await db.selectFrom('project').select(['id']).where('town_id', '=', townId).where('year', '=', year).where('status', '=', 'closed').orderBy('id').execute();
  return rows.map((r) => r.id);
}

export type BureauReportRow = Selectable<BureauReportTable>;

export async function listBureauReports(
  db: Reader,
  by: { readonly townIds: readonly number[] | null; readonly year?: number; readonly limit: number },
): Promise<BureauReportRow[]> {
  if (by.townIds !== null && by.townIds.length === 0) return [];
  let q = db.selectFrom('bureau_report').selectAll();
  if (by.townIds !== null) q = q.where('town_id', 'in', [...by.townIds]);
  if (by.year !== undefined) q = q.where('year', '=', by.year);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(by.limit).execute();
}
