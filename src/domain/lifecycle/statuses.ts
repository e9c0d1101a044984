/**
 * The states of the two aggregates, with their Chinese labels and which of them end the aggregate's life.
 */

export const DEMAND_STATUSES = ['assigned', 'acknowledged', 'returned', 'adopted', 'referred', 'declined', 'merged'] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];

export const DEMAND_STATUS_LABELS: Readonly<Record<DemandStatus, string>> = {
  assigned: '已交派待接收',
  acknowledged: '已接收待研判',
  returned: '已退回待重新交派',
  adopted: '已立项',
  referred: '转现行政策办理',
  declined: '不予采纳',
  merged: '已合并',
};

/** No command but reading changes these. An adopted demand lives on through its project (and may absorb merges). */
export const DEMAND_TERMINAL: readonly DemandStatus[] = ['referred', 'declined', 'merged'];

export const PROJECT_STATUSES = [
  'awaitingConsultation',
  'consultationFailed',
  'feasibilityStudied',
  'consulted',
  'registered',
  'underReview',
  'registrationReturned',
  'transferred',
  'confirmed',
  'inPublicity',
  'publicityEnded',
  'implementing',
  'completed',
  'surveying',
  'closureFiled',
  'closed',
  'terminated',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** The statuses of a project once publicized, up to 办结 (R5.1: the 公示 list shows current and past notices). */
export const PUBLICIZED_STATUSES = ['inPublicity', 'publicityEnded', 'implementing', 'completed', 'surveying', 'closureFiled', 'closed'] as const satisfies readonly ProjectStatus[];

export const PROJECT_STATUS_LABELS: Readonly<Record<ProjectStatus, string>> = {
  awaitingConsultation: '待协商',
  consultationFailed: '协商未通过',
  feasibilityStudied: '已完成可行性研究分析',
  consulted: '协商通过待备案',
  registered: '已备案待公示（5万元以下）',
  underReview: '镇（街道）审核中',
  registrationReturned: '登记备案表已退回',
  transferred: '转现行政策办理',
  confirmed: '镇（街道）已确认待公示',
  inPublicity: '公示中',
  publicityEnded: '公示期满待实施',
  implementing: '实施中',
  completed: '已完成待结项',
  surveying: '镇（街道）满意度测评中',
  closureFiled: '已结项待办结',
  closed: '已办结',
  terminated: '已终止',
};

export const PROJECT_TERMINAL: readonly ProjectStatus[] = ['transferred', 'closed', 'terminated'];
