/**
 * The workbench frame: side menu from the route table, a header with who is signed in (name, role, unit) and
 * 退出登录, and the page. Sends visitors without a session to 登录, and users who must change their password to 修改密码.
 */
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App as AntApp, Avatar, Button, Flex, Layout, Menu, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession } from '../auth/session.js';
import { LOGIN_PATH, PASSWORD_PATH, entryOf } from '../navigation.js';
import { menuItems } from './menu.js';

const { Sider, Header, Content, Footer } = Layout;

export function WorkbenchLayout() {
  const { user, can, logout } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [collapsed, setCollapsed] = useState(false);
  const [leaving, setLeaving] = useState(false);

  if (user === undefined) {
    return (
      <div className="msw-full-center">
        <Spin size="large" description="正在加载…" />
      </div>
    );
  }
  if (user === null) {
    const here = `${location.pathname}${location.search}`;
    const target = here === '/' ? LOGIN_PATH : `${LOGIN_PATH}?redirect=${encodeURIComponent(here)}`;
    return <Navigate to={target} replace />;
  }
  const forced = user.mustChangePassword;
  if (forced && location.pathname !== PASSWORD_PATH) return <Navigate to={PASSWORD_PATH} replace />;

  const selected = entryOf(location.pathname)?.path;

  const signOut = async () => {
    setLeaving(true);
    try {
      await logout();
      void navigate(LOGIN_PATH, { replace: true });
      void message.success('已退出登录');
    } finally {
      setLeaving(false);
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={208}
        breakpoint="lg"
        theme="dark"
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <div className="msw-brand" title="民生微实事 · 莞家">
          <span className="msw-brand-mark">莞</span>
          {collapsed ? null : <span>民生微实事 · 莞家</span>}
        </div>
        {forced ? null : (
          <Menu
            theme="dark"
            mode="inline"
            aria-label="主菜单"
            selectedKeys={selected !== undefined ? [selected] : []}
            items={menuItems(can)}
            onClick={({ key }) => void navigate(key)}
          />
        )}
      </Sider>
      <Layout>
        <Header className="msw-header">
          <Typography.Text type="secondary" ellipsis className="msw-header-system">
            东莞市“民生大莞家”服务项目信息管理系统
          </Typography.Text>
          <Flex align="center" gap={12} wrap={false}>
            <Avatar size="small" icon={<UserOutlined />} style={{ background: '#c8102e' }} />
            <Typography.Text strong data-testid="current-user" className="msw-header-nowrap">
              {user.displayName}
            </Typography.Text>
            <Tag color="blue" style={{ marginInlineEnd: 0 }} className="msw-header-secondary">
              {user.roleLabel}
            </Tag>
            <Typography.Text type="secondary" className="msw-header-nowrap msw-header-secondary">
              {user.unit.name}
            </Typography.Text>
            <Button icon={<LogoutOutlined />} loading={leaving} onClick={() => void signOut()}>
              退出登录
            </Button>
          </Flex>
        </Header>
        <Content className="msw-content">
          <Outlet />
        </Content>
        <Footer style={{ textAlign: 'center', padding: '16px 24px', color: '#595959' }}>东莞市民政局 · 民生微实事信息管理系统</Footer>
      </Layout>
    </Layout>
  );
}
