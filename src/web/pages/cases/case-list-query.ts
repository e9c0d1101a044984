/**
 * The 诉求 and 项目 lists' state as it lives in the address (filters, order, page), so that a reload, back and forward
 * and a shared link open the same list: reading it from the query string (values the lists do not know are left
 * out), writing it back (defaults left out), and the server queries of the list and of its Excel export.
 */
import type { QueryOf } from '../../api/models.js';
import { CATEGORIES, CHANNELS, HANDLING_MODES, type Category, type Channel, type HandlingMode } from '../../../domain/categories.js';
import { PROJECT_FLAGS, type ProjectFlag } from '../../../domain/lifecycle/events.js';
import { DEMAND_STATUSES, PROJECT_STATUSES, type DemandStatus, type ProjectStatus } from '../../../domain/lifecycle/statuses.js';
import type { CaseKind } from './case-format.js';

export type DemandQuery = QueryOf<'listDemands'>;
export type ProjectQuery = QueryOf<'listProjects'>;

export const SORT_KEYS = ['createdAt', 'nextDeadline', 'number', 'budget'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortOrder = 'asc' | 'desc';

export interface ListState {
  readonly status: readonly string[];
  readonly keyword?: string;
  readonly townId?: number;
  readonly communityId?: number;
  readonly overdue: boolean;
  readonly year?: number;
  /** YYYY-MM-DD, both included. */
  readonly createdFrom?: string;
  readonly createdTo?: string;
  /** Demands only. */
  readonly channel: readonly Channel[];
  /** Projects only. */
  readonly category?: Category;
  readonly handlingMode: readonly HandlingMode[];
  readonly flag: readonly ProjectFlag[];
  /** Absent: newest first (the server's default). */
  readonly sort?: SortKey;
  readonly order?: SortOrder;
  readonly page: number;
}

export const EMPTY_LIST_STATE: ListState = { status: [], overdue: false, channel: [], handlingMode: [], flag: [], page: 1 };

function known<T extends string>(values: readonly string[], allowed: readonly T[]): T[] {
  const out: T[] = [];
  for (const v of values) if ((allowed as readonly string[]).includes(v) && !out.includes(v as T)) out.push(v as T);
  return out;
}

function positiveInt(text: string | null, max = 2_147_483_647): number | undefined {
  if (text === null || !/^\d{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= max ? n : undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function date(text: string | null): string | undefined {
  return text !== null && DATE.test(text) ? text : undefined;
}

/** The statuses of a kind's lifecycle. */
export function statusesOf(kind: CaseKind): readonly (DemandStatus | ProjectStatus)[] {
  return kind === 'demand' ? DEMAND_STATUSES : PROJECT_STATUSES;
}

/** The list's state from the address; what does not belong to the kind, or is not a value the list knows, is dropped. */
export function readListState(kind: CaseKind, params: URLSearchParams): ListState {
  const keyword = params.get('keyword')?.trim();
  const year = positiveInt(params.get('year'));
  const sort = known([params.get('sort') ?? ''], kind === 'demand' ? SORT_KEYS.filter((k) => k !== 'budget') : SORT_KEYS)[0];
  const order = known([params.get('order') ?? ''], ['asc', 'desc'] as const)[0];
  const category = kind === 'project' ? known([params.get('category') ?? ''], CATEGORIES)[0] : undefined;
  const townId = positiveInt(params.get('townId'));
  const communityId = positiveInt(params.get('communityId'));
  const createdFrom = date(params.get('createdFrom'));
  const createdTo = date(params.get('createdTo'));
  return {
    status: known(params.getAll('status'), statusesOf(kind)),
    ...(keyword !== undefined && keyword !== '' ? { keyword: keyword.slice(0, 50) } : {}),
    ...(townId !== undefined ? { townId } : {}),
    ...(communityId !== undefined ? { communityId } : {}),
    overdue: params.get('overdue') === 'true',
    ...(year !== undefined && year >= 2000 && year <= 2100 ? { year } : {}),
    ...(createdFrom !== undefined ? { createdFrom } : {}),
    ...(createdTo !== undefined ? { createdTo } : {}),
    channel: kind === 'demand' ? known(params.getAll('channel'), CHANNELS) : [],
    ...(category !== undefined ? { category } : {}),
    handlingMode: kind === 'project' ? known(params.getAll('handlingMode'), HANDLING_MODES) : [],
    flag: kind === 'project' ? known(params.getAll('flag'), PROJECT_FLAGS) : [],
    ...(sort !== undefined ? { sort } : {}),
    ...(sort !== undefined && order !== undefined ? { order } : {}),
    page: positiveInt(params.get('page'), 100_000) ?? 1,
  };
}

/** The filters as query parameters (lists repeat their key), in a fixed order; no paging. */
function filterEntries(kind: CaseKind, s: ListState): [string, string][] {
  const out: [string, string][] = [];
  for (const v of s.status) out.push(['status', v]);
  if (s.keyword !== undefined) out.push(['keyword', s.keyword]);
  if (s.townId !== undefined) out.push(['townId', String(s.townId)]);
  if (s.communityId !== undefined) out.push(['communityId', String(s.communityId)]);
  if (s.overdue) out.push(['overdue', 'true']);
  if (s.year !== undefined) out.push(['year', String(s.year)]);
  if (s.createdFrom !== undefined) out.push(['createdFrom', s.createdFrom]);
  if (s.createdTo !== undefined) out.push(['createdTo', s.createdTo]);
  if (kind === 'demand') for (const v of s.channel) out.push(['channel', v]);
  if (kind === 'project') {
    if (s.category !== undefined) out.push(['category', s.category]);
    for (const v of s.handlingMode) out.push(['handlingMode', v]);
    for (const v of s.flag) out.push(['flag', v]);
  }
  if (s.sort !== undefined && (kind === 'project' || s.sort !== 'budget')) {
    out.push(['sort', s.sort]);
    out.push(['order', s.order ?? 'desc']);
  }
  return out;
}

/** The address's query string for a state: defaults (page 1, no filter) left out. */
export function writeListState(kind: CaseKind, s: ListState): URLSearchParams {
  const params = new URLSearchParams(filterEntries(kind, s));
  if (s.page > 1) params.set('page', String(s.page));
  return params;
}

/** The export's query string: the list's filters and order, without paging. */
export function exportSearch(kind: CaseKind, s: ListState): string {
  return new URLSearchParams(filterEntries(kind, s)).toString();
}

function common(s: ListState, pageSize: number) {
  return {
    ...(s.keyword !== undefined ? { keyword: s.keyword } : {}),
    ...(s.townId !== undefined ? { townId: s.townId } : {}),
    ...(s.communityId !== undefined ? { communityId: s.communityId } : {}),
    ...(s.overdue ? { overdue: true } : {}),
    ...(s.year !== undefined ? { year: s.year } : {}),
    ...(s.createdFrom !== undefined ? { createdFrom: s.createdFrom } : {}),
    ...(s.createdTo !== undefined ? { createdTo: s.createdTo } : {}),
    ...(s.sort !== undefined ? { order: s.order ?? 'desc' } : {}),
    limit: pageSize,
    offset: (s.page - 1) * pageSize,
  } as const;
}

export function demandQuery(s: ListState, pageSize: number): DemandQuery {
  const status = known(s.status, DEMAND_STATUSES);
  return {
    ...common(s, pageSize),
    ...(status.length > 0 ? { status } : {}),
    ...(s.channel.length > 0 ? { channel: [...s.channel] } : {}),
    ...(s.sort !== undefined && s.sort !== 'budget' ? { sort: s.sort } : {}),
  };
}

export function projectQuery(s: ListState, pageSize: number): ProjectQuery {
  const status = known(s.status, PROJECT_STATUSES);
  return {
    ...common(s, pageSize),
    ...(status.length > 0 ? { status } : {}),
    ...(s.category !== undefined ? { category: s.category } : {}),
    ...(s.handlingMode.length > 0 ? { handlingMode: [...s.handlingMode] } : {}),
    ...(s.flag.length > 0 ? { flag: [...s.flag] } : {}),
    ...(s.sort !== undefined ? { sort: s.sort } : {}),
  };
}

/** How many of the rarer filters (those behind 更多筛选) are set, to show on the toggle. */
export function moreFilterCount(kind: CaseKind, s: ListState): number {
  const set = [s.year !== undefined, s.createdFrom !== undefined || s.createdTo !== undefined];
  if (kind === 'demand') set.push(s.channel.length > 0);
  else set.push(s.category !== undefined, s.handlingMode.length > 0, s.flag.length > 0);
  return set.filter(Boolean).length;
}

/** The antd Table sorter's answer as the list's order: a column key and ascend / descend, or none. */
export function sortFromTable(columnKey: unknown, order: 'ascend' | 'descend' | null | undefined): { sort?: SortKey; order?: SortOrder } {
  const key = typeof columnKey === 'string' ? known([columnKey], SORT_KEYS)[0] : undefined;
  if (key === undefined || order === null || order === undefined) return {};
  return { sort: key, order: order === 'ascend' ? 'asc' : 'desc' };
}

/** The antd column's sortOrder for a column key under the current state. */
export function tableSortOrder(s: ListState, key: SortKey): 'ascend' | 'descend' | null {
  // Without an explicit order the list is newest first: the entry-time column shows it.
  if (s.sort === undefined) return key === 'createdAt' ? 'descend' : null;
  if (s.sort !== key) return null;
  return s.order === 'asc' ? 'ascend' : 'descend';
}
