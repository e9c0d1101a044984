/**
 * The app's outer shell: Chinese locale and theme, antd's message/modal context, the session, and the router
 * (登录 outside the workbench frame, every route-table page inside it).
 */
import { App as AntApp, ConfigProvider } from 'antd';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { SessionProvider } from './auth/session.js';
import { RouteGuard } from './layout/RouteGuard.js';
import { WorkbenchLayout } from './layout/WorkbenchLayout.js';
import { zhCN } from './locale.js';
import LoginPage from './pages/login/index.js';
import NotFoundPage from './pages/not-found/index.js';
import { HOME_PATH, LOGIN_PATH } from './navigation.js';
import { WORKBENCH_ROUTES } from './routes.js';

const workbenchChildren: RouteObject[] = [
  ...WORKBENCH_ROUTES.map((route): RouteObject =>
    route.path === HOME_PATH
      ? { index: true, element: <RouteGuard route={route} /> }
      : { path: route.path.slice(1), element: <RouteGuard route={route} /> },
  ),
  { path: '*', element: <NotFoundPage /> },
];

const router = createBrowserRouter([
  { path: LOGIN_PATH, element: <LoginPage /> },
  { path: '/', element: <WorkbenchLayout />, children: workbenchChildren },
]);

const theme = {
  token: {
    // A darker blue than antd's default keeps text on white above 4.5:1; the brand red stays for the mark.
    colorPrimary: '#1558b0',
    // WCAG AA (4.5:1 on white and on the tags' pale fills): antd's default greys, greens, oranges and reds are
    // lighter (secondary text #8c8c8c is 3.4:1, placeholders #bfbfbf 1.8:1, a success tag 2.2:1).
    colorTextSecondary: '#595959',
    colorTextTertiary: '#595959',
    colorTextDescription: '#595959',
    colorTextPlaceholder: '#6b6b6b',
    colorLink: '#1558b0',
    colorInfo: '#1558b0',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    colorError: '#c41d1d',
    // The pale fills stay antd's: derived from the darker colours above they would be dark too.
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
    colorErrorBg: '#fff2f0',
    colorErrorBorder: '#ffccc7',
    fontSize: 14,
    borderRadius: 6,
  },
};

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={theme}>
      <AntApp>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
