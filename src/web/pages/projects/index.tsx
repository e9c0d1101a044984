/**
 * 项目: the projects within the user's jurisdiction, filtered (status, 村（社区）, overdue, category, handling mode,
 * the 超限 / 疑似拆分 / 测评例外 flags of R1.2 R1.3 R6.4, year, dates), sorted (number, budget, next deadline, opening
 * time) and paged by the server, all kept in the address; the town's annual plan and funds ledger of a year.
 */
import { CaseListPage } from '../cases/CaseListPage.js';
import { TownDocumentsButton } from './TownDocumentsButton.js';

export default function ProjectsPage() {
  return <CaseListPage kind="project" actions={() => <TownDocumentsButton />} />;
}
