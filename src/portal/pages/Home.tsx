/**
 * /m/ home: the four things a resident comes for as big tiles, and the projects near them (the town and community
 * they choose, remembered on the phone; until then the latest in 公示).
 */
import { client } from '../api.js';
import { savedPlace } from '../prefs.js';
import { Link } from '../router.js';
import { ErrorNotice, Loading, Page, useLoad } from '../ui.js';
import { PlacePicker } from './PlacePicker.js';
import { ProjectItems } from './Projects.js';
import { useState } from 'react';

const TILES = [
  { to: '/raise', icon: '提', title: '我要提需求', hint: '身边的小事、急事，告诉社区' },
  { to: '/track', icon: '查', title: '查询办理进度', hint: '凭查询编号和手机号' },
  { to: '/projects', icon: '公', title: '公示与结果', hint: '看项目公示、办结结果' },
  { to: '/survey', icon: '评', title: '满意度测评', hint: '给办完的项目打分' },
] as const;

export function Home() {
  const [place, setPlace] = useState(savedPlace);
  const query = {
    list: 'publicity' as const,
    limit: 5,
    ...(place === null ? {} : place.communityId === null ? { townId: place.townId } : { communityId: place.communityId }),
  };
  const { load, reload } = useLoad(() => client.GET('/api/public/projects', { params: { query } }), JSON.stringify(query));
  return (
    <Page title="民生微实事" back={false}>
      <section className="hero" aria-label="说明" style={{ margin: '-0.75rem -0.75rem 0' }}>
        <h2>“民生大莞家” 居民服务</h2>
        <p>有需求就说，办到哪一步随时查，花了多少钱、办得好不好都公开。</p>
      </section>
      <nav className="tiles" aria-label="我要办">
        {TILES.map((t) => (
          <Link key={t.to} to={t.to} className="tile">
            <span className="icon" aria-hidden="true">
              {t.icon}
            </span>
            <strong>{t.title}</strong>
            <span className="hint">{t.hint}</span>
          </Link>
        ))}
      </nav>
      <Link to="/statistics" className="btn block">城市的钱办了哪些事</Link>
      <h2 className="section-title">{place === null ? '最新公示的项目' : `${place.communityName ?? place.townName}的项目`}</h2>
      <PlacePicker place={place} onChange={setPlace} />
      {load.state === 'loading' && <Loading />}
      {load.state === 'error' && <ErrorNotice error={load.error} retry={reload} />}
      {load.state === 'ready' && (
        <>
          <ProjectItems items={load.data.items} empty={place === null ? '目前没有公示中的项目。' : '这里目前没有公示的项目。'} />
          <Link to="/projects" className="btn block">
            查看全部公示与结果
          </Link>
        </>
      )}
      <p className="foot">
        紧急情况请拨打 110、119、120、122；涉及诉讼、仲裁、信访的事项请按相应途径办理。
        <br />
        东莞市“民生大莞家”服务项目
      </p>
    </Page>
  );
}
