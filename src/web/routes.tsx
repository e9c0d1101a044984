/**
 * The workbench's route table: every page, its menu entry and the action that grants it (like ant-design-pro's
 * `access`). The menu, the page guard and the home page's shortcuts are all built from this one list.
 */
import {
  AuditOutlined,
  CalendarOutlined,
  ClusterOutlined,
  AlertOutlined,
  FileTextOutlined,
  FlagOutlined,
  HomeOutlined,
  KeyOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { Action } from './api/types.js';

export interface WorkbenchRoute {
  /** Absolute path inside the workbench. */
  readonly path: string;
  readonly label: string;
  readonly icon: ReactNode;
  /** The action whose grant opens the page; null: every signed-in user. */
  readonly access: Action | null;
  /** One line for the home page's shortcut card; omitted for pages without a shortcut. */
  readonly description?: string;
  readonly inMenu: boolean;
  readonly Page: LazyExoticComponent<ComponentType>;
}

export const HOME_PATH = '/';
export const LOGIN_PATH = '/login';
export const PASSWORD_PATH = '/password';

const HOME: WorkbenchRoute = {
  path: HOME_PATH,
  label: '工作台',
  icon: <HomeOutlined />,
  access: null,
  inMenu: true,
  Page: lazy(() => import('./pages/home/index.js')),
};

/** 诉求 and 项目, between 工作台 and the base-data pages. */
const CASE_ROUTES: readonly WorkbenchRoute[] = [
  {
    path: '/demands',
    label: '诉求',
    icon: <FileTextOutlined />,
    access: 'viewCase',
    description: '管辖范围内的群众诉求、办理状态与期限',
    inMenu: true,
    Page: lazy(() => import('./pages/demands/index.js')),
  },
  {
    path: '/projects',
    label: '项目',
    icon: <FlagOutlined />,
    access: 'viewCase',
    description: '管辖范围内的民生微实事项目、超限与疑似拆分标记',
    inMenu: true,
    Page: lazy(() => import('./pages/projects/index.js')),
  },
  {
    path: '/overdue',
    label: '逾期督办',
    icon: <AlertOutlined />,
    access: 'viewCase',
    description: '管辖范围内已超期的办理环节，上一级可以催办',
    inMenu: true,
    Page: lazy(() => import('./pages/overdue/index.js')),
  },
];

const BASE_DATA_ROUTES: readonly WorkbenchRoute[] = [
  {
    path: '/org',
    label: '组织架构',
    icon: <ClusterOutlined />,
    access: 'viewOrgTree',
    description: '查看管辖范围内的镇（街道）、村（社区）与职能部门',
    inMenu: true,
    Page: lazy(() => import('./pages/org/index.js')),
  },
  {
    path: '/calendar',
    label: '工作日历',
    icon: <CalendarOutlined />,
    access: 'viewCalendar',
    description: '法定节假日与调休安排，期限试算',
    inMenu: true,
    Page: lazy(() => import('./pages/calendar/index.js')),
  },
];

const ADMINISTRATION_ROUTES: readonly WorkbenchRoute[] = [
  {
    path: '/users',
    label: '用户管理',
    icon: <TeamOutlined />,
    access: 'listUsers',
    description: '账号的新增、修改、停用、重置密码与角色分配',
    inMenu: true,
    Page: lazy(() => import('./pages/users/index.js')),
  },
  {
    path: '/audit',
    label: '审计日志',
    icon: <AuditOutlined />,
    access: 'viewAuditLog',
    description: '查询操作记录，校验日志完整性',
    inMenu: true,
    Page: lazy(() => import('./pages/audit/index.js')),
  },
];

const OWN_ROUTES: readonly WorkbenchRoute[] = [
  {
    path: '/profile',
    label: '个人信息',
    icon: <UserOutlined />,
    access: 'viewProfile',
    description: '本人账号、角色、单位与管辖范围',
    inMenu: true,
    Page: lazy(() => import('./pages/profile/index.js')),
  },
  {
    path: PASSWORD_PATH,
    label: '修改密码',
    icon: <KeyOutlined />,
    access: 'changePassword',
    inMenu: false,
    Page: lazy(() => import('./pages/password/index.js')),
  },
];

export const WORKBENCH_ROUTES: readonly WorkbenchRoute[] = [HOME, ...CASE_ROUTES, ...BASE_DATA_ROUTES, ...ADMINISTRATION_ROUTES, ...OWN_ROUTES];

export function canOpen(route: WorkbenchRoute, can: (action: Action) => boolean): boolean {
  return route.access === null || can(route.access);
}

/** The route a path belongs to (exact, or the longest prefix for nested paths). */
export function routeOf(pathname: string): WorkbenchRoute | undefined {
  const exact = WORKBENCH_ROUTES.find((r) => r.path === pathname);
  if (exact !== undefined) return exact;
  return WORKBENCH_ROUTES.filter((r) => r.path !== HOME_PATH && pathname.startsWith(`${r.path}/`)).sort((a, b) => b.path.length - a.path.length)[0];
}
