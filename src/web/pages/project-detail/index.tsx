/** 项目详情 (/projects/:id): one project on its own page, its official forms laid out as read views. */
import { CasePage } from '../cases/CasePage.js';

export default function ProjectDetailPage() {
  return <CasePage kind="project" />;
}
