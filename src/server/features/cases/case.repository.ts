/**
 * Storage of the two aggregates: the full state as JSON, plus the columns that lists, the public portal and the
 * jobs query. Saving is conditional on the version read (optimistic concurrency).
 */
import { randomUUID } from 'node:crypto';
import { upgradeDemandState, upgradeProjectState, type DemandState, type ProjectState } from '../../../domain/lifecycle/index.js';
import type { Channel } from '../../../domain/categories.js';
import type { DbOrTrx, Trx } from '../../db/database.js';
import { PROJECT_RESULT_COLUMNS, projectResultColumns, type ProjectResultColumn } from '../../db/project-results.js';
import { demandBefore, demandReserved, demandSaved, projectBefore, projectReserved, projectSaved } from '../../db/statistics-cells.js';
import type { DemandRow, Flag, ProjectRow } from '../../db/schema.js';

export interface Loaded<S> {
  readonly state: S;
  readonly version: number;
}

/** Reads a stored state of any known schema version as a current one (the domain's upgrade chain). */
export function parseDemand(row: DemandRow): Loaded<DemandState> {
  return { state: upgradeDemandState(JSON.parse(row.state_json)), version: row.version };
}

export function parseProject(row: ProjectRow): Loaded<ProjectState> {
  return { state: upgradeProjectState(JSON.parse(row.state_json)), version: row.version };
}

export async function findDemandRow(db: DbOrTrx, id: number): Promise<DemandRow | undefined> {
  return db.selectFrom('demand').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findDemandByTracking(db: DbOrTrx, trackingNo: string): Promise<DemandRow | undefined> {
  return db.selectFrom('demand').selectAll().where('tracking_no', '=', trackingNo).executeTakeFirst();
}

export async function findDemandByIdempotencyKey(db: DbOrTrx, key: string): Promise<DemandRow | undefined> {
  return db.selectFrom('demand').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

export async function findProjectRow(db: DbOrTrx, id: number): Promise<ProjectRow | undefined> {
  return db.selectFrom('project').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reserves a demand id: the row is completed by `saveDemand` in the same transaction. */
export async function reserveDemand(
  trx: Trx,
  values: { communityId: number; townId: number; channel: Channel; title: string; proposerPhone: string | null; idempotencyKey: string | null; now: string },
): Promise<number> {
  const row = await trx
    .insertInto('demand')
    .values({
      tracking_no: `reserved-${randomUUID()}`,
      community_id: values.communityId,
      town_id: values.townId,
      status: 'reserved',
      channel: values.channel,
      title: values.title,
      proposer_phone: values.proposerPhone,
      project_id: null,
      primary_demand_id: null,
      idempotency_key: values.idempotencyKey,
      state_json: '{}',
      version: 0,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  demandReserved(trx, row.id, { community_id: values.communityId, town_id: values.townId, created_at: values.now, channel: values.channel, status: 'reserved' });
  return row.id;
}

/** Reserves a project id: the row is completed by `saveProject` in the same transaction. */
export async function reserveProject(trx: Trx, values: { communityId: number; townId: number; title: string; year: number; now: string }): Promise<number> {
  const counted = {
    community_id: values.communityId,
    town_id: values.townId,
    status: 'reserved',
    category: null,
    handling_mode: null,
    budget_fen: null,
    over_cap: 0,
    possible_split: 0,
    survey_exception: 0,
    year: values.year,
    ...(Object.fromEntries(PROJECT_RESULT_COLUMNS.map((c) => [c, null])) as Record<ProjectResultColumn, null>),
  } as const;
  const row = await trx
    .insertInto('project')
    .values({
      ...counted,
      code: `reserved-${randomUUID()}`,
      title: values.title,
      subcategory: null,
      location: null,
      review_path: null,
      collection_mode: 'daily',
      campaign_id: null,
      published: 0,
      state_json: '{}',
      version: 0,
      created_at: values.now,
      updated_at: values.now,
      consulted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  projectReserved(trx, row.id, counted);
  return row.id;
}

/** Writes the state if the row is still at `version`; false when another request changed it first. */
export async function saveDemand(trx: Trx, state: DemandState, version: number, now: string): Promise<boolean> {
  // The statistics' cells take the difference between the row before and after (db/statistics-cells.ts).
  const before = await demandBefore(trx, state.id);
  if (before === undefined) return false;
  const result = await trx
    .updateTable('demand')
    .set({
      tracking_no: state.trackingNumber,
      community_id: state.communityId,
      town_id: state.townId,
      status: state.status,
      title: state.title,
      primary_demand_id: state.mergedInto,
      project_id: state.triage?.outcome.kind === 'adopt' ? state.triage.outcome.projectId : null,
      state_json: JSON.stringify(state),
      version: version + 1,
      updated_at: now,
    })
    .where('id', '=', state.id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return false;
  await demandSaved(trx, state.id, before, { community_id: state.communityId, town_id: state.townId, status: state.status });
  return true;
}

/** Points a merged demand at the project of its primary (R2.6). */
export async function linkDemandToProject(trx: Trx, demandId: number, projectId: number): Promise<void> {
  await trx.updateTable('demand').set({ project_id: projectId }).where('id', '=', demandId).execute();
}

const flag = (on: boolean): Flag => (on ? 1 : 0);

/** The columns of a project's row that follow from its state: what lists, jobs and the public portal query. */
export function projectColumns(state: ProjectState) {
  const basics = state.registration?.basics;
  return {
    code: projectCode(state),
    community_id: state.communityId,
    town_id: state.townId,
    status: state.status,
    title: state.title,
    category: basics?.category ?? null,
    subcategory: basics?.subcategory ?? null,
    handling_mode: state.agreement?.result.handlingMode ?? null,
    location: basics?.location ?? null,
    review_path: state.path,
    budget_fen: basics?.budgetFen ?? state.agreement?.result.budgetFen ?? null,
    over_cap: flag(state.flags.includes('overCap')),
    possible_split: flag(state.flags.includes('possibleSplit')),
    survey_exception: flag(state.flags.includes('surveyException')),
    collection_mode: state.collection,
    campaign_id: state.campaignId,
    year: state.year,
    published: flag(state.publicity !== null || state.status === 'closed'),
    consulted_at: state.agreement?.agreedAt ?? null,
    ...projectResultColumns(state),
  };
}

export async function saveProject(trx: Trx, state: ProjectState, version: number, now: string): Promise<boolean> {
  const before = await projectBefore(trx, state.id);
  if (before === undefined) return false;
  const columns = projectColumns(state);
  const result = await trx
    .updateTable('project')
    .set({
      ...columns,
      state_json: JSON.stringify(state),
      version: version + 1,
      updated_at: now,
    })
    .where('id', '=', state.id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return false;
  await projectSaved(trx, state.id, before, columns);
  return true;
}

export function trackingNumberFor(id: number, now: Date): string {
  const d = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `MS${d}${String(id).padStart(6, '0')}`;
}

export function projectCode(state: Pick<ProjectState, 'id' | 'year'>): string {
  return `XM${state.year}-${String(state.id).padStart(5, '0')}`;
}

/**
 * R1.3 the community's small-path projects changed since `since` (`splitWindowStart`: the domain owns the window),
 * for split detection. A project is last changed no earlier than it was registered, so every project registered
 * inside the window is among them; the domain filters the rest out by civil day.
 */
export async function findRecentSmallProjects(db: DbOrTrx, communityId: number, since: string, exceptId: number): Promise<ProjectRow[]> {
  return db
    .selectFrom('project')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('review_path', '=', 'small')
    .where('id', '!=', exceptId)
    .where('updated_at', '>=', since)
    .execute();
}

/** How many rows the aggregate's table holds, reserved ids included (the demo seed's count). */
export async function countCaseRows(db: DbOrTrx, table: 'demand' | 'project'): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether any demand or project row exists, reserved ids included. */
export async function anyCaseRow(db: DbOrTrx): Promise<boolean> {
  const demand = await db.selectFrom('demand').select('id').limit(1).executeTakeFirst();
  if (demand !== undefined) return true;
  const project = await db.selectFrom('project').select('id').limit(1).executeTakeFirst();
  return project !== undefined;
}
