/**
 * Queries of the public portal: published projects (公示 and results lists), a demand by its tracking number with
 * the feedbacks sent to its portal channel, survey tokens (only their SHA-256 hashes) and online survey answers.
 * A project that is not published never leaves these queries.
 */
import { sql } from 'kysely';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { DemandRow, FeedbackRow, ProjectRow } from '../../db/schema.js';
import { PUBLICIZED_STATUSES } from '../../../domain/lifecycle/index.js';


export interface PublicListQuery {
  readonly kind: 'publicity' | 'results';
  /** Only for `publicity`: still in its window (`active`) or over (`ended`). */
  readonly phase?: 'active' | 'ended' | undefined;
  readonly townId?: number | undefined;
  readonly communityId?: number | undefined;
  /** 便民工程项目 / 公益服务项目 (`engineering` / `service`) or a subcategory code (`E1` … `S8`). */
  readonly category?: string | undefined;
  readonly keyword?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** Escapes LIKE wildcards so that a keyword is matched literally on both engines. */
function likePattern(keyword: string): string {
  return `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listPublishedProjects(db: DbOrTrx, q: PublicListQuery): Promise<{ total: number; rows: ProjectRow[] }> {
  let query = db.selectFrom('project').where('published', '=', 1);
  if (q.kind === 'results') {
    query = query.where('status', '=', 'closed');
  } else if (q.phase === 'active') {
    query = query.where('status', '=', 'inPublicity');
  } else if (q.phase === 'ended') {
    query = query.where('status', 'in', PUBLICIZED_STATUSES.filter((s) => s !== 'inPublicity'));
  } else {
    query = query.where('status', 'in', [...PUBLICIZED_STATUSES]);
  }
  if (q.townId !== undefined) query = query.where('town_id', '=', q.townId);
  if (q.communityId !== undefined) query = query.where('community_id', '=', q.communityId);
  if (q.category !== undefined) {
    query = /^[ES]\d$/.test(q.category) ? query.where('subcategory', '=', q.category) : query.where('category', '=', q.category);
  }
  if (q.keyword !== undefined && q.keyword.trim() !== '') {
    const like = likePattern(q.keyword.trim());
    // ESCAPE is spelled out: SQLite has no default escape character, PostgreSQL's is the same backslash.
    query = query.where((eb) =>
      eb.or(
        (['title', 'code', 'location'] as const).map((column) => eb(sql<string>`${sql.ref(column)}`, 'like', sql<string>`${like} escape '\\'`)),
      ),
    );
  }
  const total = await query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  // The page's ids first, from the index alone (project_public_list_idx, 0006), then only those rows: a query
  // that selected every column would be planned to read the table's rows for every match before paging.
  const page = await query.select('id').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
  if (page.length === 0) return { total: Number(total.n), rows: [] };
  const rows = await db
    .selectFrom('project')
    .selectAll()
    .where('id', 'in', page.map((r) => r.id))
    .orderBy('id', 'desc')
    .execute();
  return { total: Number(total.n), rows };
}

/** A published project, or undefined (not found, reserved or never publicized: the public cannot tell these apart). */
export async function findPublishedProject(db: DbOrTrx, id: number): Promise<ProjectRow | undefined> {
  return db.selectFrom('project').selectAll().where('id', '=', id).where('published', '=', 1).where('status', '!=', 'reserved').executeTakeFirst();
}

export async function findDemandByTrackingNumber(db: DbOrTrx, trackingNumber: string): Promise<DemandRow | undefined> {
  return db.selectFrom('demand').selectAll().where('tracking_no', '=', trackingNumber).where('status', '!=', 'reserved').executeTakeFirst();
}

/** The project a demand was adopted into (R2.4 a), whatever its status. */
export async function findProjectById(db: DbOrTrx, id: number): Promise<ProjectRow | undefined> {
  return db.selectFrom('project').selectAll().where('id', '=', id).where('status', '!=', 'reserved').executeTakeFirst();
}

/** R7.1 the feedbacks sent to a demand through the portal, oldest first. */
export async function findPortalFeedbacks(db: DbOrTrx, demandId: number): Promise<FeedbackRow[]> {
  return db
    .selectFrom('feedback')
    .selectAll()
    .where('demand_id', '=', demandId)
    .where('channel', '=', 'portal')
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(200)
    .execute();
}

// ------------------------------------------------------------------------------------------------ survey

export async function insertSurveyTokens(trx: Trx, projectId: number, hashes: readonly string[], now: string): Promise<void> {
  if (hashes.length === 0) return;
  await trx
    .insertInto('survey_token')
    .values(hashes.map((h) => ({ token_hash: h, project_id: projectId, created_at: now, used_at: null })))
    .execute();
}

export async function findToken(db: DbOrTrx, hash: string): Promise<{ project_id: number; used_at: string | null } | undefined> {
  return db.selectFrom('survey_token').select(['project_id', 'used_at']).where('token_hash', '=', hash).executeTakeFirst();
}

/** An unused token of the project, by its hash. */
export async function findUnusedToken(db: DbOrTrx, projectId: number, hash: string): Promise<{ token_hash: string } | undefined> {
  return db
    .selectFrom('survey_token')
    .select('token_hash')
    .where('token_hash', '=', hash)
    .where('project_id', '=', projectId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
}

/** Marks a token used if it still is unused; false when another answer took it first. */
export async function consumeToken(trx: Trx, projectId: number, hash: string, now: string): Promise<boolean> {
  const result = await trx
    .updateTable('survey_token')
    .set({ used_at: now })
    .where('token_hash', '=', hash)
    .where('project_id', '=', projectId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export interface NewOnlineResponse {
  readonly projectId: number;
  readonly respondentKey: string;
  readonly answersJson: string;
  readonly suggestion: string | null;
  readonly signature: string | null;
  readonly answeredOn: string;
  readonly now: string;
}

/**
 * R6.5 one answer sheet per respondent: the unique index (project_id, respondent_key) decides, also between two
 * concurrent answers. False when the respondent has already answered.
 */
export async function insertOnlineResponse(trx: Trx, r: NewOnlineResponse): Promise<boolean> {
  const row = await trx
    .insertInto('survey_response')
    .values({
      project_id: r.projectId,
      respondent_key: r.respondentKey,
      source: 'online',
      answers_json: r.answersJson,
      suggestion: r.suggestion,
      signature: r.signature,
      answered_on: r.answeredOn,
      entered_by: null,
      created_at: r.now,
    })
    .onConflict((oc) => oc.columns(['project_id', 'respondent_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The entry times of a phone's demands by one channel since an instant, oldest first (the portal's per-phone limit). */
export async function findRecentDemandTimesByPhone(db: DbOrTrx, phone: string, channel: DemandRow['channel'], since: string): Promise<string[]> {
  const rows = await db
    .selectFrom('demand')
    .select(['created_at'])
    .where('proposer_phone', '=', phone)
    .where('channel', '=', channel)
    .where('created_at', '>', since)
    .where('status', '!=', 'reserved')
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.created_at);
}
