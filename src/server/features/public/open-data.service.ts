/**
 * 开放数据 (issue 12 point 5): the publicized and closed projects one row each, and their counts and money by town
 * and year, for anyone to download as JSON or CSV. What leaves is what the portal's pages already show (R0.8): each
 * project goes through the portal's own `mapPublicProject` (the domain's `publicProjectView`, free text masked), and
 * only its name, code, place, category, handling mode, status, year, the money of its plan and of its 结项表, its
 * publicity and closing dates, beneficiary count and satisfaction rate are taken from there or from the same
 * publicized facts — never a contact, an objector, a claimant, a survey sheet or anything of the demands behind it.
 * Money is summed in integer 分 and written in 元 with two decimals; the fund sources are the 结项表's three rows
 * (村（社区）自筹 counted with 集体经济, as the 结项表 does), so planned and actual compare row by row.
 */
import { toLocalDate } from '../../../domain/calendar/index.js';
import { CATEGORY_LABELS, CLOSURE_FUND_ROWS, SUBCATEGORIES, type ClosureFundRow } from '../../../domain/categories.js';
import { closureBudgetFrom, type FundRows } from '../../../domain/forms/closure-form.js';
import type { ProjectState } from '../../../domain/lifecycle/index.js';
import type { Transactor } from '../../db/transactor.js';
import { AppError } from '../../errors.js';
import { parseProject } from '../cases/case.repository.js';
import { mapPublicProject } from './public.mapper.js';
import { countPublicized, forEachPublicized, publicizedFingerprint, townNames, type OpenDataFilter } from './open-data.repository.js';
import {
  OPEN_DATA_ATTRIBUTION,
  OPEN_DATA_MAX_PROJECTS,
  OPEN_DATA_TERMS,
  type OpenDataCategoryYear,
  type OpenDataProject,
  type OpenDataProjectsBody,
  type OpenDataQueryInput,
  type OpenDataSpendingBody,
  type OpenDataTownYear,
} from './open-data.schemas.js';

/** 分 as 元 with two decimals and no separator: 2950000 → "29500.00". */
export function yuanText(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not an amount in fen: ${fen}`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

const NO_MONEY: FundRows = { special: 0, collective: 0, social: 0 };

const total = (rows: FundRows): number => CLOSURE_FUND_ROWS.reduce((s, row) => s + rows[row], 0);

function add(a: FundRows, b: FundRows): FundRows {
  return Object.fromEntries(CLOSURE_FUND_ROWS.map((row) => [row, a[row] + b[row]])) as Record<ClosureFundRow, number>;
}

/** The consultation's fund sources on the 结项表's rows (what 预算投入 repeats). */
function plannedOf(state: ProjectState): FundRows {
  return state.agreement === null ? NO_MONEY : closureBudgetFrom(state.agreement.result.fundSources);
}

/** The 结项表's 实际投入, once the project is closed (R6.6: its results are public from then on). */
function actualOf(state: ProjectState): FundRows | null {
  const form = state.closure?.form;
  return state.closedAt === null || form === undefined ? null : form.actual;
}

/** Nothing of the answer depends on the present: the same data gives the same bytes, hence the same ETag. */
const EPOCH = new Date(0);

export function openDataRow(state: ProjectState, townName: string): OpenDataProject {
  const view = mapPublicProject(state, EPOCH);
  const basics = state.registration?.basics ?? null;
  const planned = plannedOf(state);
  const actual = actualOf(state);
  const sub = basics?.subcategory === null || basics?.subcategory === undefined ? undefined : SUBCATEGORIES[basics.subcategory];
  return {
    id: view.id,
    code: view.code,
    name: view.name,
    townName,
    communityName: view.communityName,
    category: basics === null ? null : CATEGORY_LABELS[basics.category],
    subcategory: sub?.label ?? null,
    handlingMode: view.handlingMode,
    status: view.status,
    year: state.year,
    plannedSpecialYuan: yuanText(planned.special),
    plannedCollectiveYuan: yuanText(planned.collective),
    plannedSocialYuan: yuanText(planned.social),
    plannedTotalYuan: yuanText(total(planned)),
    actualSpecialYuan: actual === null ? null : yuanText(actual.special),
    actualCollectiveYuan: actual === null ? null : yuanText(actual.collective),
    actualSocialYuan: actual === null ? null : yuanText(actual.social),
    actualTotalYuan: actual === null ? null : yuanText(total(actual)),
    publicityStartDate: state.publicity === null ? null : toLocalDate(new Date(state.publicity.startedAt)),
    publicityLastDay: state.publicity?.lastDay ?? null,
    closedDate: state.closedAt === null ? null : toLocalDate(new Date(state.closedAt)),
    beneficiaryCount: view.results?.beneficiaryCount ?? null,
    satisfactionPercent: view.satisfactionPercent,
  };
}

interface TownYearSums {
  townId: number;
  year: number;
  projects: number;
  inPublicity: number;
  closed: number;
  planned: FundRows;
  actual: FundRows;
}

interface CategorySums {
  year: number;
  category: string;
  subcategory: string | null;
  projects: number;
  closed: number;
  actualFen: number;
}

/** Town-and-year answers kept per filter (there are few: a year, a town, both or neither). */
const MEMO_ENTRIES = 64;

export class OpenDataService {
  /** The last answer per filter, with what it was computed from: reused while neither the projects nor the towns changed. */
  private readonly memo = new Map<string, { readonly from: string; readonly body: OpenDataSpendingBody }>();

  constructor(private readonly tx: Transactor) {}

  async projects(q: OpenDataQueryInput): Promise<OpenDataProjectsBody> {
    const { filter, towns } = await this.checked(q);
    const count = await countPublicized(this.tx.reader, filter);
    if (count > OPEN_DATA_MAX_PROJECTS) {
      throw new AppError(
        'EXPORT_TOO_LARGE',
        { limit: OPEN_DATA_MAX_PROJECTS, total: count },
        `符合条件的项目有 ${count} 个，超过单次下载上限 ${OPEN_DATA_MAX_PROJECTS} 个，请按年度（year）或镇（街道）（townId）分别下载`,
      );
    }
    const items: OpenDataProject[] = [];
    await forEachPublicized(this.tx.reader, filter, (rows) => {
      for (const row of rows) items.push(openDataRow(parseProject(row).state, towns.get(row.town_id) ?? ''));
    });
    return { ...this.envelope(q), count: items.length, items };
  }

  /**
   * Counts and money per town and year, and per year and category, summed as the states are read — once per change:
   * the portal's page asks for the same answer again and again, so it is kept per filter until a project of the filter
   * or a town's name changes (publicizedFingerprint).
   */
  async spending(q: OpenDataQueryInput): Promise<OpenDataSpendingBody> {
    const { filter, towns } = await this.checked(q);
    const key = `${q.year ?? ''}:${q.townId ?? ''}`;
    const from = `${await publicizedFingerprint(this.tx.reader, filter)}|${[...towns].map(([id, name]) => `${id}=${name}`).join(',')}`;
    const kept = this.memo.get(key);
    if (kept?.from === from) return kept.body;
    const body = await this.computeSpending(q, filter, towns);
    this.memo.delete(key);
    this.memo.set(key, { from, body });
    if (this.memo.size > MEMO_ENTRIES) this.memo.delete(this.memo.keys().next().value ?? key);
    return body;
  }

  private async computeSpending(q: OpenDataQueryInput, filter: OpenDataFilter, towns: ReadonlyMap<number, string>): Promise<OpenDataSpendingBody> {
    const byTownYear = new Map<string, TownYearSums>();
    const byCategory = new Map<string, CategorySums>();
    await forEachPublicized(this.tx.reader, filter, (rows) => {
      for (const row of rows) {
        const { state } = parseProject(row);
        const actual = actualOf(state);
        const closed = state.status === 'closed' ? 1 : 0;
        const key = `${state.year}:${row.town_id}`;
        const sums = byTownYear.get(key) ?? { townId: row.town_id, year: state.year, projects: 0, inPublicity: 0, closed: 0, planned: NO_MONEY, actual: NO_MONEY };
        sums.projects += 1;
        sums.inPublicity += state.status === 'inPublicity' ? 1 : 0;
        sums.closed += closed;
        sums.planned = add(sums.planned, plannedOf(state));
        if (actual !== null) sums.actual = add(sums.actual, actual);
        byTownYear.set(key, sums);

        const basics = state.registration?.basics;
        if (basics === undefined) continue;
        const subcategory = basics.subcategory === null ? null : (SUBCATEGORIES[basics.subcategory]?.label ?? null);
        const ck = `${state.year}:${basics.category}:${basics.subcategory ?? ''}`;
        const c = byCategory.get(ck) ?? { year: state.year, category: CATEGORY_LABELS[basics.category], subcategory, projects: 0, closed: 0, actualFen: 0 };
        c.projects += 1;
        c.closed += closed;
        c.actualFen += actual === null ? 0 : total(actual);
        byCategory.set(ck, c);
      }
    });
    const nameOf = (id: number): string => towns.get(id) ?? String(id);
    const items: OpenDataTownYear[] = [...byTownYear.values()]
      .sort((a, b) => a.year - b.year || nameOf(a.townId).localeCompare(nameOf(b.townId), 'zh-Hans-CN') || a.townId - b.townId)
      .map((s) => ({
        townId: s.townId,
        townName: nameOf(s.townId),
        year: s.year,
        projects: s.projects,
        inPublicity: s.inPublicity,
        underway: s.projects - s.inPublicity - s.closed,
        closed: s.closed,
        plannedSpecialYuan: yuanText(s.planned.special),
        plannedCollectiveYuan: yuanText(s.planned.collective),
        plannedSocialYuan: yuanText(s.planned.social),
        plannedTotalYuan: yuanText(total(s.planned)),
        actualSpecialYuan: yuanText(s.actual.special),
        actualCollectiveYuan: yuanText(s.actual.collective),
        actualSocialYuan: yuanText(s.actual.social),
        actualTotalYuan: yuanText(total(s.actual)),
      }));
    const categories: OpenDataCategoryYear[] = [...byCategory.values()]
      .sort((a, b) => a.year - b.year || b.projects - a.projects || b.actualFen - a.actualFen || `${a.category}${a.subcategory ?? ''}`.localeCompare(`${b.category}${b.subcategory ?? ''}`, 'zh-Hans-CN'))
      .map((c) => ({ year: c.year, category: c.category, subcategory: c.subcategory, projects: c.projects, closed: c.closed, actualTotalYuan: yuanText(c.actualFen) }));
    return { ...this.envelope(q), items, categories };
  }

  private envelope(q: OpenDataQueryInput): Pick<OpenDataProjectsBody, 'attribution' | 'terms' | 'filter'> {
    return { attribution: OPEN_DATA_ATTRIBUTION, terms: OPEN_DATA_TERMS, filter: { year: q.year ?? null, townId: q.townId ?? null } };
  }

  /** The filter, its town checked against the towns: an id that is not a town is a 400 naming the field. */
  private async checked(q: OpenDataQueryInput): Promise<{ filter: OpenDataFilter; towns: Map<number, string> }> {
    const towns = await townNames(this.tx.reader);
    if (q.townId !== undefined && !towns.has(q.townId)) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'townId', message: `没有编号为 ${q.townId} 的镇（街道），镇（街道）编号见 GET /api/public/units` }] });
    }
    return { filter: { year: q.year, townId: q.townId }, towns };
  }
}
