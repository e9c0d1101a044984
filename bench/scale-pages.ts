/**
 * The pages the large-city benchmark calls (bench/scale.ts): the bureau's and a town's 工作台, statistics and staff
 * lists, each as the requests one call sends, with its filters varied from call to call. bench/scale-measure.ts sends
 * them through `app.inject` next to their bare SQL; bench/scale-server.ts sends them over HTTP to the server as
 * `npm start` runs it, to measure its memory.
 */
import type { Role } from '../src/domain/access/roles.js';
import type { DbOrTrx } from '../src/server/db/database.js';
import type { ScopeFilter } from '../src/server/features/cases/case-query.repository.js';

export type Who = 'bureau' | 'town';

/** One request of a call: whose session sends it, and the path with its query. */
export interface PageRequest {
  readonly who: Who;
  readonly url: string;
}

/** What a scenario's page is, for the bare SQL that goes with it. */
export type PageKind =
  | { readonly kind: 'dashboard'; readonly role: Role; readonly scope: ScopeFilter }
  | { readonly kind: 'statistics'; readonly scope: ScopeFilter; readonly filter: (i: number) => StatisticsQuery }
  | { readonly kind: 'list'; readonly caseKind: 'demand' | 'project'; readonly scope: ScopeFilter; readonly params: (i: number) => ListQuery };

export interface PageScenario {
  readonly name: string;
  /** The share of a scenario's calls this one makes (the whole city's statistics: a fifth). */
  readonly share: number;
  readonly page: PageKind;
  readonly requests: (i: number) => readonly PageRequest[];
}

/** The generated city's units and years the filters pick from. */
export interface PageContext {
  /** The town of the demo account `town`. */
  readonly townId: number;
  readonly towns: readonly number[];
  readonly communities: readonly { readonly id: number; readonly town_id: number | null }[];
  readonly townCommunities: readonly number[];
  readonly years: readonly number[];
}

export interface StatisticsQuery {
  readonly year: number | undefined;
  readonly townId: number | undefined;
  readonly communityId: number | undefined;
  readonly category: 'engineering' | 'service' | undefined;
  readonly handlingMode: 'express' | 'direct' | 'station' | undefined;
}

type QueryValue = string | number | boolean | readonly string[] | undefined;
export type ListQuery = Readonly<Record<string, QueryValue>> & { readonly limit: number; readonly offset: number };

/** Rows per page of the staff lists. */
export const PAGE = 20;

export function query(params: Readonly<Record<string, QueryValue>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v as readonly string[]) q.append(k, item);
    else q.set(k, String(v));
  }
  const text = q.toString();
  return text === '' ? '' : `?${text}`;
}

export async function pageContext(db: DbOrTrx): Promise<PageContext> {
  const townUnit = await db.selectFrom('unit').innerJoin('app_user', 'app_user.unit_id', 'unit.id').select(['unit.id']).where('app_user.username', '=', 'town').executeTakeFirstOrThrow();
  const towns = (await db.selectFrom('unit').select('id').where('kind', '=', 'town').orderBy('id').execute()).map((t) => t.id);
  const communities = await db.selectFrom('unit').select(['id', 'town_id']).where('kind', '=', 'community').orderBy('id').execute();
  const yearRow = await db.selectFrom('project').select((eb) => [eb.fn.min('year').as('lo'), eb.fn.max('year').as('hi')]).executeTakeFirstOrThrow();
  const years: number[] = [];
  for (let y = yearRow.lo; y <= yearRow.hi; y++) years.push(y);
  return { townId: townUnit.id, towns, communities, townCommunities: communities.filter((c) => c.town_id === townUnit.id).map((c) => c.id), years };
}

const pick = <T>(items: readonly T[], i: number): T => items[i % items.length] as T;

/** The statistics calls' category: none, then each. */
const CATEGORY_FILTERS = [undefined, 'engineering', 'service'] as const;
/** Half the calls all modes, the rest one of the three (R5.5). */
const HANDLING_MODE_FILTERS = [undefined, 'express', undefined, 'direct', undefined, 'station'] as const;

type Filter = (i: number) => Readonly<Record<string, QueryValue>>;

/** Every scenario, in the order they are measured. */
export function pageScenarios(ctx: PageContext): readonly PageScenario[] {
  const city: ScopeFilter = {};
  const townScope: ScopeFilter = { townId: ctx.townId };
  const out: PageScenario[] = [];

  // ---------------------------------------------------------------------------------------------- 工作台
  const dashboard = (name: string, who: Who, role: Role, scope: ScopeFilter): PageScenario => ({
    name,
    share: 1,
    page: { kind: 'dashboard', role, scope },
    requests: (i) => [
      { who, url: `/api/todo?limit=10&offset=${(i % 5) * 10}` },
      { who, url: '/api/deadlines/overdue?limit=1&offset=0' },
      { who, url: '/api/calendar/years' },
      { who, url: '/api/session' },
    ],
  });
  out.push(dashboard('市局工作台（待办、逾期、日历、会话）', 'bureau', 'bureau_admin', city));
  out.push(dashboard('镇街工作台（待办、逾期、日历、会话）', 'town', 'town_staff', townScope));

  // ---------------------------------------------------------------------------------------------- 统计
  const statistics = (name: string, who: Who, scope: ScopeFilter, townOf: (i: number) => number | undefined, share: number): PageScenario => {
    const filter = (i: number): StatisticsQuery => ({
      year: i % 4 === 3 ? undefined : pick(ctx.years, i),
      townId: townOf(i),
      communityId: scope === townScope && i % 5 === 4 ? pick(ctx.townCommunities, i) : undefined,
      category: pick(CATEGORY_FILTERS, Math.floor(i / 3)),
      handlingMode: pick(HANDLING_MODE_FILTERS, Math.floor(i / 2)),
    });
    return { name, share, page: { kind: 'statistics', scope, filter }, requests: (i) => [{ who, url: `/api/statistics${query({ ...filter(i) })}` }] };
  };
  out.push(statistics('镇街统计（本镇，按年度、村（社区）、类型、办理方式）', 'town', townScope, () => undefined, 1));
  out.push(statistics('市局看一个镇街的统计（townId，按年度、类型、办理方式）', 'bureau', city, (i) => pick(ctx.towns, i * 7), 1));
  // Beyond the aim (a town's statistics): the whole city's, a fifth of the calls (each reads every project of the city).
  out.push(statistics('市局全市统计（按年度、类型、办理方式）', 'bureau', city, () => undefined, 1 / 5));

  // ---------------------------------------------------------------------------------------------- 列表
  const DEMAND_FILTERS: readonly Filter[] = [
    (i) => ({ townId: pick(ctx.towns, i) }),
    (i) => ({ communityId: pick(ctx.communities, i * 13).id }),
    () => ({ status: ['assigned', 'acknowledged'] }),
    (i) => ({ townId: pick(ctx.towns, i), status: ['acknowledged'], sort: 'nextDeadline', order: 'asc' }),
    () => ({ overdue: true }),
    (i) => ({ townId: pick(ctx.towns, i), overdue: true, sort: 'nextDeadline', order: 'asc' }),
    () => ({ sort: 'nextDeadline', order: 'asc' }),
    (i) => ({ year: pick(ctx.years, i) }),
    () => ({}),
    (i) => ({ channel: ['hotline12345'], townId: pick(ctx.towns, i) }),
  ];
  const PROJECT_FILTERS: readonly Filter[] = [
    (i) => ({ townId: pick(ctx.towns, i) }),
    (i) => ({ communityId: pick(ctx.communities, i * 13).id }),
    () => ({ status: ['implementing', 'inPublicity'] }),
    (i) => ({ townId: pick(ctx.towns, i), status: ['underReview'], sort: 'nextDeadline', order: 'asc' }),
    () => ({ overdue: true }),
    (i) => ({ townId: pick(ctx.towns, i), overdue: true, sort: 'nextDeadline', order: 'asc' }),
    () => ({ sort: 'nextDeadline', order: 'asc' }),
    (i) => ({ year: pick(ctx.years, i), category: 'engineering' }),
    () => ({ sort: 'budget' }),
    (i) => ({ townId: pick(ctx.towns, i), flag: ['overCap'] }),
  ];
  const list = (name: string, caseKind: 'demand' | 'project', who: Who, scope: ScopeFilter, page: number): PageScenario => {
    const filters = caseKind === 'demand' ? DEMAND_FILTERS : PROJECT_FILTERS;
    const params = (i: number): ListQuery => {
      const f = pick(filters, i)(Math.floor(i / filters.length));
      // The town's own staff filter by their communities, not by other towns.
      const own = who === 'town' && f.townId !== undefined ? { ...f, townId: undefined } : who === 'town' && f.communityId !== undefined ? { ...f, communityId: pick(ctx.townCommunities, i) } : f;
      return { ...own, limit: PAGE, offset: (page - 1) * PAGE };
    };
    return { name, share: 1, page: { kind: 'list', caseKind, scope, params }, requests: (i) => [{ who, url: `/api/${caseKind}s${query(params(i))}` }] };
  };
  for (const [caseKind, label] of [
    ['demand', '诉求'],
    ['project', '项目'],
  ] as const) {
    for (const page of [1, 500]) out.push(list(`${label}列表 · 市局 · 第 ${page} 页（镇街、村（社区）、状态、逾期、按期限排序…）`, caseKind, 'bureau', city, page));
    out.push(list(`${label}列表 · 镇街 · 第 1 页`, caseKind, 'town', townScope, 1));
  }
  return out;
}
