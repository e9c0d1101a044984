/**
 * The portal's pages by address: /m/ home, /m/raise, /m/track, /m/projects[/<id>], /m/survey, /m/survey/<token>,
 * /m/survey/project/<id>; anything else a plain "not found" page with the way home.
 */
import { useLocation } from './router.js';
import { Home } from './pages/Home.js';
import { ProjectDetail } from './pages/ProjectDetail.js';
import { Projects } from './pages/Projects.js';
import { Raise } from './pages/Raise.js';
import { Statistics } from './pages/Statistics.js';
import { SurveyByProject, SurveyByToken, SurveyIndex } from './pages/Survey.js';
import { Track } from './pages/Track.js';
import { Link } from './router.js';
import { Notice, Page } from './ui.js';

function NotFound() {
  return (
    <Page title="页面不存在">
      <Notice kind="warn" lead="没有找到这个页面">
        <p>链接可能不完整或已失效。</p>
        <Link to="/" className="btn block">
          回到首页
        </Link>
      </Notice>
    </Page>
  );
}

export function App() {
  const { path } = useLocation();
  const clean = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (clean === '/') return <Home />;
  if (clean === '/raise') return <Raise />;
  if (clean === '/track') return <Track />;
  if (clean === '/projects') return <Projects />;
  if (clean === '/survey') return <SurveyIndex />;
  if (clean === '/statistics') return <Statistics />;
  let m = /^\/projects\/(\d{1,15})$/.exec(clean);
  if (m?.[1] !== undefined) return <ProjectDetail key={m[1]} id={Number(m[1])} />;
  m = /^\/survey\/project\/(\d{1,15})$/.exec(clean);
  if (m?.[1] !== undefined) return <SurveyByProject key={m[1]} projectId={Number(m[1])} />;
  m = /^\/survey\/([^/]+)$/.exec(clean);
  if (m?.[1] !== undefined) return <SurveyByToken key={m[1]} token={m[1]} />;
  return <NotFound />;
}
