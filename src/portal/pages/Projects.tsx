/**
 * 公示与结果: projects in 公示 (公示中 / 已结束) and the results of closed ones (已办结), filtered by place, category
 * and a keyword, ten to a page, the filters kept in the address so that 返回 comes back to the same list.
 */
import { useState, type SyntheticEvent } from 'react';
import { client, type PublicProject, type QueryOf } from '../api.js';
import { daysLeft, publicityWindow } from '../format.js';
import { savedPlace, type Place } from '../prefs.js';
import { Link, navigate, useLocation } from '../router.js';
import { ErrorNotice, Loading, Page, useLoad } from '../ui.js';
import { CATEGORIES, CATEGORY_LABELS, SUBCATEGORIES, SUBCATEGORY_CODES } from '../../domain/categories.js';
import { PlacePicker } from './PlacePicker.js';

type CategoryFilter = NonNullable<QueryOf<'listPublicProjects'>['category']>;
const CATEGORY_KEYS: readonly CategoryFilter[] = [...CATEGORIES, ...SUBCATEGORY_CODES];
const isCategory = (v: string | null): v is CategoryFilter => v !== null && (CATEGORY_KEYS as readonly string[]).includes(v);

const PAGE = 10;

export type Phase = 'active' | 'ended' | 'closed';
const PHASES: readonly { key: Phase; label: string }[] = [
  { key: 'active', label: '公示中' },
  { key: 'ended', label: '公示已结束' },
  { key: 'closed', label: '已办结' },
];

export function phaseTag(p: PublicProject) {
  if (p.status === '已办结') return <span className="tag done">已办结</span>;
  if (p.publicityStatus === '公示中') return <span className="tag open">公示中</span>;
  if (p.publicityStatus === '已结束') return <span className="tag ended">公示已结束</span>;
  return null;
}

export function ProjectItems({ items, empty }: { items: readonly PublicProject[]; empty: string }) {
  if (items.length === 0) return <p className="card muted">{empty}</p>;
  const now = new Date();
  return (
    <ul className="plist">
      {items.map((p) => (
        <li key={p.id}>
          <Link to={`/projects/${p.id}`} className="pitem">
            <span className="name">{p.name}</span>
            <span className="meta">
              {phaseTag(p)}
              {p.publicityStatus === '已结束' && p.status !== '已办结' && `${p.status} · `}
              {p.communityName}
              {p.budgetWan !== null && ` · 预算 ${p.budgetWan} 万元`}
            </span>
            {p.category !== null && <span className="meta">{p.category}</span>}
            {p.publicity !== null && p.publicityStatus === '公示中' && (
              <span className="meta">
                公示期 {publicityWindow(p.publicity)}，还剩 {daysLeft(p.publicity.endsAt, now)} 天
              </span>
            )}
            {p.satisfactionPercent !== null && <span className="meta">群众满意率 {p.satisfactionPercent}%</span>}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function readPhase(q: URLSearchParams): Phase {
  const v = q.get('phase');
  return v === 'ended' || v === 'closed' ? v : 'active';
}

export function Projects() {
  const { query: q } = useLocation();
  const phase = readPhase(q);
  const keyword = q.get('keyword') ?? '';
  const rawCategory = q.get('category');
  const category = isCategory(rawCategory) ? rawCategory : null;
  const page = Math.max(0, Number(q.get('page') ?? '0') || 0);
  const [place, setPlace] = useState<Place | null>(savedPlace);
  const [typed, setTyped] = useState(keyword);

  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(q);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    const s = next.toString();
    navigate(`/projects${s === '' ? '' : `?${s}`}`, true);
  };

  const query: QueryOf<'listPublicProjects'> = {
    list: phase === 'closed' ? 'results' : 'publicity',
    ...(phase === 'closed' ? {} : { phase }),
    ...(place === null ? {} : place.communityId === null ? { townId: place.townId } : { communityId: place.communityId }),
    ...(keyword === '' ? {} : { keyword }),
    ...(category === null ? {} : { category }),
    limit: PAGE,
    offset: page * PAGE,
  };
  const { load, reload } = useLoad(() => client.GET('/api/public/projects', { params: { query } }), JSON.stringify(query));

  const search = (e: SyntheticEvent) => {
    e.preventDefault();
    go({ keyword: typed.trim() });
  };

  return (
    <Page title="公示与结果">
      <div role="group" aria-label="项目阶段" className="chips">
        {PHASES.map((p) => (
          <button key={p.key} type="button" className="chip" aria-pressed={phase === p.key} onClick={() => go({ phase: p.key === 'active' ? null : p.key })}>
            {p.label}
          </button>
        ))}
      </div>
      <PlacePicker place={place} onChange={setPlace} />
      <div className="field">
        <label htmlFor="cat">项目类别</label>
        <select id="cat" value={category ?? ''} onChange={(e) => go({ category: e.target.value })}>
          <option value="">全部类别</option>
          {CATEGORIES.map((c) => (
            <optgroup key={c} label={CATEGORY_LABELS[c]}>
              <option value={c}>全部{CATEGORY_LABELS[c]}</option>
              {SUBCATEGORY_CODES.filter((code) => SUBCATEGORIES[code].category === c).map((code) => (
                <option key={code} value={code}>
                  {SUBCATEGORIES[code].label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <form role="search" onSubmit={search} className="field" style={{ display: 'flex', gap: '0.5rem' }}>
        <label htmlFor="kw" className="sr-only">
          按项目名称查找
        </label>
        <input id="kw" type="search" placeholder="输入项目名称查找" value={typed} onChange={(e) => setTyped(e.target.value)} maxLength={50} />
        <button type="submit" className="btn primary">
          查找
        </button>
      </form>
      {load.state === 'loading' && <Loading />}
      {load.state === 'error' && <ErrorNotice error={load.error} retry={reload} />}
      {load.state === 'ready' && (
        <>
          <p className="muted" role="status">
            共 {load.data.total} 个项目{keyword !== '' && `（名称含“${keyword}”）`}
          </p>
          <ProjectItems items={load.data.items} empty={phase === 'closed' ? '没有找到已办结的项目。' : '没有找到符合条件的项目。'} />
          {load.data.total > PAGE && (
            <nav className="pager" aria-label="翻页">
              <button type="button" className="btn" disabled={page === 0} onClick={() => go({ page: page <= 1 ? null : String(page - 1) })}>
                上一页
              </button>
              <span>
                第 {page + 1} / {Math.ceil(load.data.total / PAGE)} 页
              </span>
              <button type="button" className="btn" disabled={(page + 1) * PAGE >= load.data.total} onClick={() => go({ page: String(page + 1) })}>
                下一页
              </button>
            </nav>
          )}
        </>
      )}
    </Page>
  );
}
