/** 诉求详情 (/demands/:id): one demand on its own page. */
import { CasePage } from '../cases/CasePage.js';

export default function DemandDetailPage() {
  return <CasePage kind="demand" />;
}
