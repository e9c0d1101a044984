/**
 * The SQL of 待办: the demands or projects of a jurisdiction in given states, each with the due instant of its nearest
 * open deadline, and for the states whose to-do depends on the case's content, the stored state to read it from.
 */
import { sql } from 'kysely';
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

/**
 * The nearest open due instant of the case, looked up for each candidate (an index probe each): the candidates are
 * a jurisdiction's cases in some states, far fewer than the open steps of the whole city a grouped join would read.
 */
function nextDueOf(aggregate: 'demand' | 'project') {
  return sql<string | null>`(select min(d.due_at) from deadline d where d.aggregate = ${aggregate} and d.status = 'open' and d.aggregate_id = ${sql.ref(`${aggregate}.id`)})`;
}

export async function listDemandCandidates(db: Reader, q: CandidateQuery<DemandStatus>): Promise<TodoCandidateRow[]> {
  if (q.statuses.length === 0) return [];
  let query = db
    .selectFrom('demand')
    .innerJoin('unit', 'unit.id', 'demand.community_id')
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
      nextDueOf('demand').as('next_due'),
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
      nextDueOf('project').as('next_due'),
    ])
    .$if(q.withState, (s) => s.select('project.state_json as state_json'))
    .orderBy('project.id')
    .execute();
  return rows.map((r) => ({ ...r, next_due: r.next_due ?? null, state_json: 'state_json' in r && typeof r.state_json === 'string' ? r.state_json : null }));
}
