/**
 * The SQL of 待办: the demands or projects of a jurisdiction in given states, each with the due instant of its nearest
 * open deadline, and for the states whose to-do depends on the case's content, the stored state to read it from.
 */
import type { Reader } from '../../db/transactor.js';
import type { DemandStatus, ProjectStatus } from '../../../domain/lifecycle/statuses.js';
import type { ScopeFilter } from './case-query.repository.js';

export interface TodoCandidateRow {
  readonly id: number;
  readonly number: string;
  readonly title: string;
  readonly status: string;
  readonly community_id: number;
  readonly community_name: string;
  /** The nearest open deadline's due instant, null when no clock runs. */
  readonly next_due: string | null;
  /** Read only when asked for (`withState`). */
  readonly state_json: string | null;
}

export interface CandidateQuery<S extends string> {
  readonly scope: ScopeFilter;
  readonly statuses: readonly S[];
  /** Whether the stored state is read as well. */
  readonly withState: boolean;
}

/** The nearest open due instant of each case of `aggregate`. */
function nextDueOf(db: Reader, aggregate: 'demand' | 'project') {
  return db
    .selectFrom('deadline')
    .select((eb) => ['deadline.aggregate_id as aggregate_id', eb.fn.min('deadline.due_at').as('next_due')])
    .where('deadline.aggregate', '=', aggregate)
    .where('deadline.status', '=', 'open')
    .groupBy('deadline.aggregate_id')
    .as('nd');
}

export async function listDemandCandidates(db: Reader, q: CandidateQuery<DemandStatus>): Promise<TodoCandidateRow[]> {
  if (q.statuses.length === 0) return [];
  let query = db
    .selectFrom('demand')
    .innerJoin('unit', 'unit.id', 'demand.community_id')
    .leftJoin(nextDueOf(db, 'demand'), 'nd.aggregate_id', 'demand.id')
    .where('demand.status', 'in', [...q.statuses]);
  if ('communityId' in q.scope) query = query.where('demand.community_id', '=', q.scope.communityId);
  if ('townId' in q.scope) query = query.where('demand.town_id', '=', q.scope.townId);
  const rows = await query
    .select([
      'demand.id as id',
      'demand.tracking_no as number',
      'demand.title as title',
      'demand.status as status',
      'demand.community_id as community_id',
      'unit.name as community_name',
      'nd.next_due as next_due',
    ])
    .$if(q.withState, (s) => s.select('demand.state_json as state_json'))
    .orderBy('demand.id')
    .execute();
  return rows.map((r) => ({ ...r, next_due: r.next_due ?? null, state_json: 'state_json' in r && typeof r.state_json === 'string' ? r.state_json : null }));
}

export async function listProjectCandidates(db: Reader, q: CandidateQuery<ProjectStatus>): Promise<TodoCandidateRow[]> {
  if (q.statuses.length === 0) return [];
  let query = db
    .selectFrom('project')
    .innerJoin('unit', 'unit.id', 'project.community_id')
    .leftJoin(nextDueOf(db, 'project'), 'nd.aggregate_id', 'project.id')
    .where('project.status', 'in', [...q.statuses]);
  if ('communityId' in q.scope) query = query.where('project.community_id', '=', q.scope.communityId);
  if ('townId' in q.scope) query = query.where('project.town_id', '=', q.scope.townId);
  const rows = await query
    .select([
      'project.id as id',
      'project.code as number',
      'project.title as title',
      'project.status as status',
      'project.community_id as community_id',
      'unit.name as community_name',
      'nd.next_due as next_due',
    ])
    .$if(q.withState, (s) => s.select('project.state_json as state_json'))
    .orderBy('project.id')
    .execute();
  return rows.map((r) => ({ ...r, next_due: r.next_due ?? null, state_json: 'state_json' in r && typeof r.state_json === 'string' ? r.state_json : null }));
}
