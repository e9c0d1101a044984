/** 诉求: the demands within the user's jurisdiction. */
import { CaseListPage } from '../cases/CaseListPage.js';

export default function DemandsPage() {
  return <CaseListPage kind="demand" />;
}
