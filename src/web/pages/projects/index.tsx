/** 项目: the projects within the user's jurisdiction, with the 超限 / 疑似拆分 flags (R1.2, R1.3). */
import { CaseListPage } from '../cases/CaseListPage.js';

export default function ProjectsPage() {
  return <CaseListPage kind="project" />;
}
