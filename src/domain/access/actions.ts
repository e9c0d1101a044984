/**
 * Every action a user can take, named as in GLOSSARY.md (case actions) or as a clear CRUD name (administration).
 * These names are the API operationIds and the audit-log action names.
 */

export const CASE_ACTIONS = [
  'createDemand',
  'acknowledgeDemand',
  'returnDemand',
  'reassignDemand',
  'mergeDemands',
  'triageDemand',
  'recordConsultation',
  'recordFeasibilityStudy',
  'recordAssemblyVote',
  'terminateProject',
  'submitRegistration',
  'returnRegistration',
  'assignReviewers',
  'recordDepartmentOpinion',
  'recordStamp',
  'decideReview',
  'startPublicity',
  'raiseObjection',
  'answerObjection',
  'claimProject',
  'decideClaim',
  'startImplementation',
  'completeImplementation',
  'submitClosure',
  'submitSurveyResponse',
  'recordPaperSurvey',
  'completeSurvey',
  'closeProject',
  'uploadAttachment',
  'downloadAttachment',
  'issueDocument',
  'sendReminder',
  'viewCase',
] as const;

export const PLAN_ACTIONS = [
  'openCampaign',
  'submitAnnualPlan',
  'adjustLibrary',
  'setAllocation',
  'recordDisbursement',
  'setMatchingFund',
] as const;

export const ADMIN_ACTIONS = [
  'viewProfile',
  'changePassword',
  'viewOrgTree',
  'createUnit',
  'importCommunities',
  'viewCalendar',
  'editCalendar',
  'listUsers',
  'createUser',
  'updateUser',
  'resetUserPassword',
  'assignRole',
  'unlockUser',
  'viewAuditLog',
  'verifyAuditChain',
] as const;

export const ACTIONS = [...CASE_ACTIONS, ...PLAN_ACTIONS, ...ADMIN_ACTIONS] as const;
export type Action = (typeof ACTIONS)[number];

/** Security events recorded in the audit log besides actions. */
export const SECURITY_EVENTS = ['login', 'loginFailed', 'logout', 'lockout', 'sessionExpired', 'accessDenied'] as const;
export type SecurityEvent = (typeof SECURITY_EVENTS)[number];

/**
 * What else the audit log records: the system's own steps on a case (R5.1 公示期满, R7.2 逾期, R1.2/R1.3 标记, R4.6 入库)
 * and operations audited under a name of their own (one-time survey links, list exports, a resident's progress query, a
 * delivery retried, a resident's consent to the personal-data notice when raising a need, a document read or printed).
 */
export const RECORDED_EVENTS = [
  'endPublicity',
  'markOverdue',
  'flagRaised',
  'libraryEntryRequested',
  'issueSurveyTokens',
  'exportDemands',
  'exportProjects',
  'trackDemand',
  'retryDelivery',
  'consentPersonalData',
  'exportDocument',
] as const;
export type RecordedEvent = (typeof RECORDED_EVENTS)[number];

export const RECORDED_EVENT_LABELS: Readonly<Record<RecordedEvent, string>> = {
  endPublicity: '公示期满',
  markOverdue: '逾期登记',
  flagRaised: '系统标记',
  libraryEntryRequested: '申请纳入项目库',
  issueSurveyTokens: '发放测评二维码',
  exportDemands: '导出诉求清单',
  exportProjects: '导出项目清单',
  trackDemand: '查询办理进度',
  retryDelivery: '重新投递反馈',
  consentPersonalData: '同意个人信息收集使用告知',
  exportDocument: '导出文书',
};

export const ACTION_LABELS: Readonly<Record<Action | SecurityEvent, string>> = {
  createDemand: '录入诉求',
  acknowledgeDemand: '接收诉求',
  returnDemand: '退回诉求',
  reassignDemand: '重新交派',
  mergeDemands: '合并诉求',
  triageDemand: '两委联席会议研判',
  recordConsultation: '登记协商会议',
  recordFeasibilityStudy: '登记可行性研究分析',
  recordAssemblyVote: '登记村（居）民会议表决',
  terminateProject: '终止项目',
  submitRegistration: '提交登记备案表',
  returnRegistration: '退回登记备案表',
  assignReviewers: '指定会审部门',
  recordDepartmentOpinion: '填报部门审核意见',
  recordStamp: '登记盖章',
  decideReview: '镇街审核确认',
  startPublicity: '发起公示',
  raiseObjection: '提出异议',
  answerObjection: '答复异议',
  claimProject: '认领项目',
  decideClaim: '确认认领',
  startImplementation: '开始实施',
  completeImplementation: '完成实施',
  submitClosure: '提交结项表',
  submitSurveyResponse: '提交满意度测评',
  recordPaperSurvey: '录入纸质测评表',
  completeSurvey: '完成满意度测评',
  closeProject: '办结项目',
  uploadAttachment: '上传附件',
  downloadAttachment: '下载附件',
  issueDocument: '出具文书',
  sendReminder: '催办',
  viewCase: '查看诉求与项目',
  openCampaign: '发起集中征集',
  submitAnnualPlan: '报送年度实施计划',
  adjustLibrary: '调整年度项目库',
  setAllocation: '设定市分配经费额度',
  recordDisbursement: '登记资金发放',
  setMatchingFund: '设定镇街配套资金',
  viewProfile: '查看个人信息',
  changePassword: '修改密码',
  viewOrgTree: '查看组织架构',
  createUnit: '新增单位',
  importCommunities: '导入村（社区）',
  viewCalendar: '查看工作日历',
  editCalendar: '编辑工作日历',
  listUsers: '查看用户',
  createUser: '新增用户',
  updateUser: '修改用户',
  resetUserPassword: '重置用户密码',
  assignRole: '分配角色',
  unlockUser: '解除锁定',
  viewAuditLog: '查看审计日志',
  verifyAuditChain: '校验审计日志',
  login: '登录',
  loginFailed: '登录失败',
  logout: '退出登录',
  lockout: '账号锁定',
  sessionExpired: '会话过期',
  accessDenied: '拒绝访问',
};
