/**
 * Renders a route's page only for users whose actions open it; anyone else gets a 403 page, never the page's requests.
 */
import { Button, Result, Spin } from 'antd';
import { Suspense } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../auth/session.js';
import { HOME_PATH, canOpen } from '../navigation.js';
import type { WorkbenchRoute } from '../routes.js';

export function RouteGuard({ route }: { readonly route: WorkbenchRoute }) {
  const { can } = useSession();
  const navigate = useNavigate();
  if (!canOpen(route, can)) {
    return (
      <Result
        status="403"
        title="无权访问"
        subTitle={`您的角色不能使用“${route.label}”。如确需使用，请联系安全管理员调整角色。`}
        extra={
          <Button type="primary" onClick={() => void navigate(HOME_PATH)}>
            返回工作台
          </Button>
        }
      />
    );
  }
  const { Page } = route;
  return (
    <Suspense
      fallback={
        <div className="msw-full-center" style={{ minHeight: 240 }}>
          <Spin description="正在加载…" />
        </div>
      }
    >
      <Page />
    </Suspense>
  );
}
