/**
 * The workbench's navigation: every page's path, menu entry and the action that grants it (like ant-design-pro's
 * `access`). The menu, the page guard and the home page's shortcuts are all built from this one list; routes.tsx
 * gives each entry its page. Pages import their paths from here, never from routes.tsx, which imports them.
 */
import {
  AccountBookOutlined,
  AuditOutlined,
  CalendarOutlined,
  ClusterOutlined,
  AlertOutlined,
  BarChartOutlined,
  FileTextOutlined,
  FlagOutlined,
  HomeOutlined,
  KeyOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Action } from '../domain/access/actions.js';

export interface WorkbenchEntry {
  /** Absolute path inside the workbench. */
  readonly path: string;
  readonly label: string;
  readonly icon: ReactNode;
  /** The action whose grant opens the page; null: every signed-in user. */
  readonly access: Action | null;
  /** One line for the home page's shortcut card; omitted for pages without a shortcut. */
  readonly description?: string;
  readonly inMenu: boolean;
}

export const HOME_PATH = '/';
export const LOGIN_PATH = '/login';
export const PASSWORD_PATH = '/password';

const HOME = {
  path: HOME_PATH,
  label: '工作台',
  icon: <HomeOutlined />,
  access: null,
  inMenu: true,
} as const satisfies WorkbenchEntry;

/** 待我会审: a department reviewer's inbox (pages/reviews). */
export const REVIEWS_PATH = '/reviews';

/** 待我会审 (for department reviewers), 诉求 and 项目, between 工作台 and the base-data pages. */
const CASE_ENTRIES = [
  {
    path: REVIEWS_PATH,
    label: '待我会审',
    icon: <SolutionOutlined />,
    // Held by department reviewers only (R4.2).
    access: 'recordDepartmentOpinion',
    description: '街道送本部门会审的项目：阅看登记备案表，逐项填写审核意见',
    inMenu: true,
  },
  {
    path: '/demands',
    label: '诉求',
    icon: <FileTextOutlined />,
    access: 'viewCase',
    description: '管辖范围内的群众诉求、办理状态与期限',
    inMenu: true,
  },
  {
    path: '/projects',
    label: '项目',
    icon: <FlagOutlined />,
    access: 'viewCase',
    description: '管辖范围内的民生微实事项目、超限与疑似拆分标记',
    inMenu: true,
  },
  {
    path: '/overdue',
    label: '逾期督办',
    icon: <AlertOutlined />,
    access: 'viewCase',
    description: '管辖范围内已超期的办理环节，上一级可以催办',
    inMenu: true,
  },
  {
    path: '/statistics',
    label: '统计分析',
    icon: <BarChartOutlined />,
    access: 'viewCase',
    description: '管辖范围内项目、资金、办理时效与满意度的统计图表，可下钻到清单',
    inMenu: true,
  },
  { path: '/funds', label: '资金台账', icon: <AccountBookOutlined />, access: 'viewCase', description: '镇（街道）资金发放台账、专用账户余额，自查及绩效评价导出', inMenu: true },
  { path: '/plans', label: '年度计划', icon: <ScheduleOutlined />, access: 'viewCase', description: '年度集中征集、年度项目库与实施计划报送，市分配经费额度与差额', inMenu: true },
] as const satisfies readonly WorkbenchEntry[];

/** A case on its own page, opened from a list, the to-do or a link; the menu marks its list. */
const CASE_PAGE_ENTRIES = [
  { path: '/demands/:id', label: '诉求详情', icon: <FileTextOutlined />, access: 'viewCase', inMenu: false },
  { path: '/projects/:id', label: '项目详情', icon: <FlagOutlined />, access: 'viewCase', inMenu: false },
] as const satisfies readonly WorkbenchEntry[];

const BASE_DATA_ENTRIES = [
  {
    path: '/org',
    label: '组织架构',
    icon: <ClusterOutlined />,
    access: 'viewOrgTree',
    description: '查看管辖范围内的镇（街道）、村（社区）与职能部门',
    inMenu: true,
  },
  {
    path: '/calendar',
    label: '工作日历',
    icon: <CalendarOutlined />,
    access: 'viewCalendar',
    description: '法定节假日与调休安排，期限试算',
    inMenu: true,
  },
] as const satisfies readonly WorkbenchEntry[];

const ADMINISTRATION_ENTRIES = [
  {
    path: '/users',
    label: '用户管理',
    icon: <TeamOutlined />,
    access: 'listUsers',
    description: '账号的新增、修改、停用、重置密码与角色分配',
    inMenu: true,
  },
  {
    path: '/audit',
    label: '审计日志',
    icon: <AuditOutlined />,
    access: 'viewAuditLog',
    description: '查询操作记录，校验日志完整性',
    inMenu: true,
  },
] as const satisfies readonly WorkbenchEntry[];

const OWN_ENTRIES = [
  {
    path: '/profile',
    label: '个人信息',
    icon: <UserOutlined />,
    access: 'viewProfile',
    description: '本人账号、角色、单位与管辖范围',
    inMenu: true,
  },
  {
    path: PASSWORD_PATH,
    label: '修改密码',
    icon: <KeyOutlined />,
    access: 'changePassword',
    inMenu: false,
  },
] as const satisfies readonly WorkbenchEntry[];

const ENTRIES = [HOME, ...CASE_ENTRIES, ...CASE_PAGE_ENTRIES, ...BASE_DATA_ENTRIES, ...ADMINISTRATION_ENTRIES, ...OWN_ENTRIES] as const;

/** The path of every workbench page: routes.tsx must give each one its page. */
export type WorkbenchPath = (typeof ENTRIES)[number]['path'];

export const WORKBENCH_ENTRIES: readonly (WorkbenchEntry & { readonly path: WorkbenchPath })[] = ENTRIES;

export function canOpen(entry: Pick<WorkbenchEntry, 'access'>, can: (action: Action) => boolean): boolean {
  return entry.access === null || can(entry.access);
}

/** The entry a path belongs to (exact, or the longest prefix for nested paths). */
export function entryOf(pathname: string): WorkbenchEntry | undefined {
  const exact = WORKBENCH_ENTRIES.find((r) => r.path === pathname);
  if (exact !== undefined) return exact;
  return WORKBENCH_ENTRIES.filter((r) => r.path !== HOME_PATH && pathname.startsWith(`${r.path}/`)).sort((a, b) => b.path.length - a.path.length)[0];
}
