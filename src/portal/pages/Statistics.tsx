/**
 * /m/statistics 城市的钱办了哪些事: the open data's counts and money by town and year (GET
 * /api/public/open-data/spending-by-town.json) for the year chosen — projects publicized and closed, money planned
 * and spent in 万元 per town and per fund source, the kinds of projects done most — and every year so far, with the
 * files to download. Bars are plain CSS, drawn beside the numbers they show (the numbers are the text; the bars are
 * hidden from screen readers).
 */
import './statistics.css';
import { client, type ResponseOf } from '../api.js';
import { navigate, useLocation } from '../router.js';
import { ErrorNotice, Loading, Page, useLoad } from '../ui.js';

type Spending = ResponseOf<'listOpenDataSpendingByTown'>;
type TownYear = Spending['items'][number];

/** "1475000.00" 元 → 分, exactly (the open data always writes two decimals). */
export function fenOf(yuan: string): number {
  const [whole = '0', cents = '00'] = yuan.split('.');
  return Number(whole) * 100 + Number(cents.padEnd(2, '0').slice(0, 2));
}

/** 分 → 万元 with two decimals, rounded half up: 2860050 → "2.86", 199400000 → "199.40". */
export function wanText(fen: number): string {
  const hundredths = Math.round(fen / 10_000);
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

const SOURCES = [
  { key: 'Special', label: '“民生大莞家”专项资金' },
  { key: 'Collective', label: '村（社区）集体经济（含自筹）' },
  { key: 'Social', label: '社会投入（捐赠）' },
] as const;

type MoneyKey = `${'planned' | 'actual'}${'Special' | 'Collective' | 'Social' | 'Total'}Yuan`;

interface Totals {
  projects: number;
  closed: number;
  fen: Record<MoneyKey, number>;
}

function sum(rows: readonly TownYear[]): Totals {
  const keys: MoneyKey[] = (['planned', 'actual'] as const).flatMap((p) => (['Special', 'Collective', 'Social', 'Total'] as const).map((s): MoneyKey => `${p}${s}Yuan`));
  const fen = Object.fromEntries(keys.map((k) => [k, rows.reduce((s, r) => s + fenOf(r[k]), 0)])) as Record<MoneyKey, number>;
  return { projects: rows.reduce((s, r) => s + r.projects, 0), closed: rows.reduce((s, r) => s + r.closed, 0), fen };
}

/** A bar as wide as `value` is of `max`, with its words and number above it. */
function Bar({ label, value, max, text, tone = 'plan' }: { label: string; value: number; max: number; text: string; tone?: 'plan' | 'spent' | 'count' }) {
  const width = max <= 0 ? 0 : Math.max(value > 0 ? 1.5 : 0, (value / max) * 100);
  return (
    <div className="srow">
      <div className="slabel">
        <span>{label}</span>
        <strong>{text}</strong>
      </div>
      <div className="strack" aria-hidden="true">
        <span className={`sfill ${tone}`} style={{ width: `${width}%` }} />
      </div>
    </div>
  );
}

function readYear(q: URLSearchParams, years: readonly number[]): number | null {
  const y = Number(q.get('year'));
  if (years.includes(y)) return y;
  return years.length === 0 ? null : (years[years.length - 1] ?? null);
}

export function Statistics() {
  const { query: q } = useLocation();
  const { load, reload } = useLoad(() => client.GET('/api/public/open-data/spending-by-town.json'), 'all');
  return (
    <Page title="项目与资金">
      <h2 className="section-title stitle">城市的钱办了哪些事</h2>
      <p>各镇（街道）公示的“民生微实事”项目有多少、办结了多少、花了多少钱，都在这里，数据也可以下载。</p>
      {load.state === 'loading' && <Loading />}
      {load.state === 'error' && <ErrorNotice error={load.error} retry={reload} />}
      {load.state === 'ready' && <Figures data={load.data} query={q} />}
    </Page>
  );
}

function Figures({ data, query }: { data: Spending; query: URLSearchParams }) {
  const years = [...new Set(data.items.map((r) => r.year))].sort((a, b) => a - b);
  const year = readYear(query, years);
  if (year === null) {
    return <p className="card muted">目前还没有公示的项目。项目公示后，这里会列出各镇（街道）办了多少事、花了多少钱。</p>;
  }
  const rows = data.items.filter((r) => r.year === year);
  const t = sum(rows);
  const towns = [...rows].sort((a, b) => fenOf(b.plannedTotalYuan) - fenOf(a.plannedTotalYuan) || b.projects - a.projects);
  const townMax = Math.max(0, ...towns.map((r) => fenOf(r.plannedTotalYuan)));
  const sourceMax = Math.max(0, ...SOURCES.map((s) => t.fen[`planned${s.key}Yuan`]));
  const categories = data.categories.filter((c) => c.year === year).slice(0, 5);
  const categoryMax = Math.max(0, ...categories.map((c) => c.projects));
  const byYear = years.map((y) => ({ year: y, ...sum(data.items.filter((r) => r.year === y)) })).reverse();
  const yearMax = Math.max(0, ...byYear.map((y) => y.fen.plannedTotalYuan));
  const files = `year=${year}`;
  return (
    <>
      <div role="group" aria-label="选择年度" className="chips">
        {[...years].reverse().map((y) => (
          <button key={y} type="button" className="chip" aria-pressed={y === year} onClick={() => navigate(`/statistics?year=${y}`, true)}>
            {y}年
          </button>
        ))}
      </div>

      <section className="card" aria-labelledby="st-total">
        <h2 id="st-total">{year}年，全市</h2>
        <dl className="sbig">
          <div>
            <dt>公示的项目</dt>
            <dd data-testid="total-projects">{t.projects} 个</dd>
          </div>
          <div>
            <dt>已经办结</dt>
            <dd data-testid="total-closed">{t.closed} 个</dd>
          </div>
          <div>
            <dt>计划投入</dt>
            <dd data-testid="total-planned">{wanText(t.fen.plannedTotalYuan)} 万元</dd>
          </div>
          <div>
            <dt>办结项目已花</dt>
            <dd data-testid="total-spent">{wanText(t.fen.actualTotalYuan)} 万元</dd>
          </div>
        </dl>
        <p className="muted">“计划投入”是公示项目协商定下的钱；“已花”是已办结项目结项表上实际花的钱，项目办结后才算进去。</p>
      </section>

      <section className="card" aria-labelledby="st-towns">
        <h2 id="st-towns">各镇（街道）</h2>
        <ul className="slist">
          {towns.map((r) => (
            <li key={r.townId} data-testid={`town-${r.townId}`}>
              <h3>{r.townName}</h3>
              <p className="muted">
                公示项目 {r.projects} 个，已办结 {r.closed} 个
              </p>
              <Bar label="计划投入" value={fenOf(r.plannedTotalYuan)} max={townMax} text={`${wanText(fenOf(r.plannedTotalYuan))} 万元`} />
              <Bar label="已花" value={fenOf(r.actualTotalYuan)} max={townMax} text={`${wanText(fenOf(r.actualTotalYuan))} 万元`} tone="spent" />
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="st-sources">
        <h2 id="st-sources">钱从哪里来</h2>
        <ul className="slist">
          {SOURCES.map((s) => (
            <li key={s.key} data-testid={`source-${s.key}`}>
              <h3>{s.label}</h3>
              <Bar label="计划投入" value={t.fen[`planned${s.key}Yuan`]} max={sourceMax} text={`${wanText(t.fen[`planned${s.key}Yuan`])} 万元`} />
              <Bar label="已花" value={t.fen[`actual${s.key}Yuan`]} max={sourceMax} text={`${wanText(t.fen[`actual${s.key}Yuan`])} 万元`} tone="spent" />
            </li>
          ))}
        </ul>
      </section>

      {categories.length > 0 && (
        <section className="card" aria-labelledby="st-cats">
          <h2 id="st-cats">办得最多的事</h2>
          <ol className="slist">
            {categories.map((c) => (
              <li key={`${c.category}${c.subcategory ?? ''}`}>
                <Bar label={c.subcategory ?? c.category} value={c.projects} max={categoryMax} text={`${c.projects} 个项目`} tone="count" />
                <p className="muted">
                  {c.closed === 0 ? `${c.category}，还没有办结的` : `${c.category}，已办结 ${c.closed} 个，已花 ${wanText(fenOf(c.actualTotalYuan))} 万元`}
                </p>
              </li>
            ))}
          </ol>
        </section>
      )}

      <section className="card" aria-labelledby="st-years">
        <h2 id="st-years">历年情况</h2>
        <ul className="slist">
          {byYear.map((y) => (
            <li key={y.year} data-testid={`year-${y.year}`}>
              <h3>{y.year}年</h3>
              <p className="muted">
                公示项目 {y.projects} 个，已办结 {y.closed} 个
              </p>
              <Bar label="计划投入" value={y.fen.plannedTotalYuan} max={yearMax} text={`${wanText(y.fen.plannedTotalYuan)} 万元`} />
              <Bar label="已花" value={y.fen.actualTotalYuan} max={yearMax} text={`${wanText(y.fen.actualTotalYuan)} 万元`} tone="spent" />
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="st-files">
        <h2 id="st-files">下载数据</h2>
        <p>每个项目一行的明细，和各镇（街道）的汇总。CSV 文件可以用 Excel 或 WPS 打开。</p>
        <div className="sfiles">
          <a className="btn block" href={`/api/public/open-data/projects.csv?${files}`} download>
            {year}年项目明细（CSV）
          </a>
          <a className="btn block" href={`/api/public/open-data/spending-by-town.csv?${files}`} download>
            {year}年各镇（街道）汇总（CSV）
          </a>
          <a className="btn block" href={`/api/public/open-data/projects.json?${files}`}>
            {year}年项目明细（JSON）
          </a>
          <a className="btn block" href="/api/public/open-data/spending-by-town.json">
            历年各镇（街道）汇总（JSON）
          </a>
        </div>
        <p className="muted">
          数据来源：{data.attribution}。{data.terms}
        </p>
      </section>
    </>
  );
}
