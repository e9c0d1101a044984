/**
 * 我要提需求: placeholder until the public operation that creates a demand is in the API document. The page says so
 * and offers the other ways to raise a need, so a resident is never left at a dead end.
 */
import { Link } from '../router.js';
import { Notice, Page } from '../ui.js';

export function Raise() {
  return (
    <Page title="我要提需求">
      <Notice kind="warn" lead="网上提需求即将开通">
        <p>目前可以通过以下方式反映需求，社区会在24小时内受理：</p>
        <ul>
          <li>拨打 12345 政务服务便民热线</li>
          <li>到所在村（社区）党群服务中心当面反映</li>
          <li>告诉您所在网格的网格员</li>
        </ul>
      </Notice>
      <Link to="/track" className="btn block">
        已经提过？查询办理进度
      </Link>
    </Page>
  );
}
