/**
 * /api/projects: every project action of the lifecycle (R3–R6) as one row of the action table below, one API
 * operation named after its action — consultation and its failure path (R3.1, R3.3), registration (R3.2–R3.5), town
 * review (R4.1–R4.5), publicity, objections and claims (R5.1–R5.5), implementation, closure and survey (R6.1–R6.6) —
 * plus the project lists, details and timelines, and the overdue steps the level above sees (R7.2).
 * Every row runs through `CaseService.projectAction`: the actor's jurisdiction on the project first (R0.8), then the
 * attachments its form cites, then the version the client read, then the command built from the state read.
 */
import { nextRecordId, type ProjectState } from '../../../domain/lifecycle/index.js';
import { AppError } from '../../errors.js';
import type { App } from '../../http/app-type.js';
import type { RequestContext } from '../../http/context.js';
import { IdParams, NoQuery, errorResponses } from '../../http/schemas.js';
import type { UnitView } from '../org/org.mapper.js';
import { defineProjectAction, registerCaseActions } from './case-actions.js';
import { ProjectDetail } from './case.mapper.js';
import { CaseList, Timeline, VersionBody } from './case.schemas.js';
import {
  AnswerBody,
  AssemblyVoteBody,
  AssignReviewersBody,
  ClaimBody,
  ClaimDecisionBody,
  ClaimParams,
  ClosureBody,
  CompleteSurveyBody,
  ConsultationBody,
  DepartmentOpinionBody,
  FeasibilityStudyBody,
  ObjectionBody,
  ObjectionParams,
  OverdueList,
  OverdueQuery,
  PaperSurveyBody,
  ProjectListQuery,
  PublicityBody,
  ReasonBody,
  RegistrationBody,
  ReviewDecisionBody,
  StampBody,
} from './project.schemas.js';

const tags = ['项目'];

const toIso = (instant: string): string => new Date(instant).toISOString();

export function registerProjectRoutes(app: App): void {
  const { caseQueries, org } = app.services;

  /** The department (职能部门) `departmentId`, which must be one of the project's town; otherwise a field error. */
  async function townDepartment(ctx: RequestContext, state: ProjectState, departmentId: number, field: string): Promise<UnitView> {
    const unit = (await org.tree(ctx)).find((u) => u.id === departmentId);
    if (unit?.kind !== 'department' || unit.townId !== state.townId) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field, message: '须为本镇（街道）的职能部门' }] });
    }
    return unit;
  }

  // ------------------------------------------------------------------------------------------------ reading

  app.get(
    '/api/projects',
    {
      config: { access: 'viewCase' },
      schema: { operationId: 'listProjects', tags, summary: '管辖范围内的项目（可按超限、疑似拆分、测评例外筛选，R1.2 R1.3 R6.4）', querystring: ProjectListQuery, response: { 200: CaseList, ...errorResponses } },
    },
    (request) => caseQueries.listProjects(request.ctx, { ...request.query, limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }),
  );

  app.get(
    '/api/projects/:id',
    {
      config: { access: 'viewCase' },
      schema: { operationId: 'viewProject', querystring: NoQuery, tags, summary: '项目详情（个人信息按角色脱敏，R0.8）', params: IdParams, response: { 200: ProjectDetail, ...errorResponses } },
    },
    (request) => caseQueries.getProject(request.ctx, request.params.id),
  );

  app.get(
    '/api/projects/:id/timeline',
    {
      config: { access: 'viewCase' },
      schema: { operationId: 'viewProjectTimeline', querystring: NoQuery, tags, summary: '项目全过程记录与反馈（R7.2 监督）', params: IdParams, response: { 200: Timeline, ...errorResponses } },
    },
    (request) => caseQueries.timeline(request.ctx, 'project', request.params.id),
  );

  app.get(
    '/api/deadlines/overdue',
    {
      config: { access: 'viewCase' },
      schema: { operationId: 'listOverdueSteps', tags, summary: '管辖范围内已逾期的办理步骤，上一级可见（R7.2）', querystring: OverdueQuery, response: { 200: OverdueList, ...errorResponses } },
    },
    (request) => caseQueries.overdue(request.ctx, request.query.limit ?? 50, request.query.offset ?? 0),
  );

  registerCaseActions(app, [
    // ---------------------------------------------------------------------------------------------- consultation (R3)
    defineProjectAction({
      action: 'recordConsultation',
      method: 'POST',
      path: '/api/projects/:id/consultations',
      summary: '登记城乡社区协商会议及结果（10日内，R3.1；未通过转R3.3）',
      body: ConsultationBody,
      cites: ({ consultation: c }) => [
        { field: 'consultation.minutesAttachmentIds', ids: c.minutesAttachmentIds, kinds: ['consultationMinutes'] },
        { field: 'consultation.signInAttachmentIds', ids: c.signInAttachmentIds, kinds: ['signInSheet'] },
      ],
      command: ({ body: { consultation: c } }) => ({ type: 'recordConsultation', consultation: { ...c, heldAt: toIso(c.heldAt) } }),
    }),
    defineProjectAction({
      action: 'recordFeasibilityStudy',
      method: 'POST',
      path: '/api/projects/:id/feasibility-studies',
      summary: '协商未通过，登记可行性研究分析（R3.3）',
      body: FeasibilityStudyBody,
      cites: ({ study }) => [{ field: 'study.attachmentIds', ids: study.attachmentIds, kinds: ['feasibilityReport'] }],
      command: ({ body: { study } }) => ({ type: 'recordFeasibilityStudy', study }),
    }),
    defineProjectAction({
      action: 'recordAssemblyVote',
      method: 'POST',
      path: '/api/projects/:id/assembly-votes',
      summary: '登记村（居）民（代表）会议表决，过半数通过（R3.3）',
      body: AssemblyVoteBody,
      cites: ({ vote }) => [{ field: 'vote.minutesAttachmentIds', ids: vote.minutesAttachmentIds, kinds: ['voteMinutes'] }],
      command: ({ body: { vote } }) => ({ type: 'recordAssemblyVote', vote: { ...vote, heldAt: toIso(vote.heldAt) } }),
    }),
    defineProjectAction({
      action: 'terminateProject',
      method: 'POST',
      path: '/api/projects/:id/terminate',
      summary: '终止项目，原因反馈提议人（R3.3）',
      body: ReasonBody,
      command: ({ body }) => ({ type: 'terminateProject', reason: body.reason }),
    }),

    // ---------------------------------------------------------------------------------------------- registration and review (R3.2–R4.6)
    defineProjectAction({
      action: 'submitRegistration',
      method: 'POST',
      path: '/api/projects/:id/registration',
      summary: '提交登记备案表：5万元以下备案并反馈（R3.4），5万元以上或超限提交镇（街道）审核（R3.5，R1.2）',
      body: RegistrationBody,
      // R1.3 the service adds the community's recent small-path projects for the split check.
      command: ({ body }) => ({ type: 'submitRegistration', basics: body.basics, recentSmallProjects: [] }),
    }),
    defineProjectAction({
      action: 'returnRegistration',
      method: 'POST',
      path: '/api/projects/:id/registration/return',
      summary: '退回登记备案表修改，重新提交后重新计时（R4.5）',
      body: ReasonBody,
      command: ({ body }) => ({ type: 'returnRegistration', reason: body.reason }),
    }),
    defineProjectAction({
      action: 'assignReviewers',
      method: 'POST',
      path: '/api/projects/:id/reviewers',
      summary: '选择会审职能部门（财政、农林水务、住建、自然资源等，R4.1）',
      body: AssignReviewersBody,
      command: async ({ body, state, ctx }) => {
        const units = await Promise.all(body.departmentIds.map((departmentId, i) => townDepartment(ctx, state, departmentId, `departmentIds.${i}`)));
        // The department's short name (财政, 住建 …) is what the R4.4 sentence names.
        return { type: 'assignReviewers', reviewers: units.map((u) => ({ departmentId: u.id, departmentName: u.subkind ?? u.name })) };
      },
    }),
    defineProjectAction({
      action: 'recordDepartmentOpinion',
      method: 'POST',
      path: '/api/projects/:id/department-opinions',
      summary: '本部门填报审核意见：四项审核内容逐项结论与意见（R4.2）',
      body: DepartmentOpinionBody,
      command: ({ body, ctx }) => {
        const me = ctx.user;
        if (me === null) throw new AppError('UNAUTHENTICATED');
        // A department reviewer answers for their own unit only.
        return { type: 'recordDepartmentOpinion', departmentId: me.unit.id, points: body.points, opinion: body.opinion };
      },
    }),
    defineProjectAction({
      action: 'recordStamp',
      method: 'POST',
      path: '/api/projects/:id/stamps',
      summary: '登记部门在登记备案表上的盖章（人、时间、扫描件，R4.3）',
      body: StampBody,
      cites: ({ stamp }) => [{ field: 'stamp.scanAttachmentId', ids: [stamp.scanAttachmentId], kinds: ['stampScan'] }],
      command: async ({ body: { stamp }, state, ctx }) => {
        const unit = await townDepartment(ctx, state, stamp.departmentId, 'stamp.departmentId');
        return { type: 'recordStamp', stamp: { ...stamp, departmentName: unit.name } };
      },
    }),
    defineProjectAction({
      action: 'decideReview',
      method: 'POST',
      path: '/api/projects/:id/review-decision',
      summary: '镇（街道）审核确认：现行政策解决转交跟办部门（R4.3）或专项资金资助，生成审核意见（R4.4），反馈提议人',
      body: ReviewDecisionBody,
      command: async ({ body: { decision }, state, ctx }) => {
        if (decision.outcome === 'existingPolicy' && decision.followUp.departmentId !== null) {
          await townDepartment(ctx, state, decision.followUp.departmentId, 'decision.followUp.departmentId');
        }
        return { type: 'decideReview', decision };
      },
    }),

    // ---------------------------------------------------------------------------------------------- publicity and implementation (R5)
    defineProjectAction({
      action: 'startPublicity',
      method: 'POST',
      path: '/api/projects/:id/publicity',
      summary: '发起公示：镇（街道）在规定平台公示不少于5日（R5.1），5万元以下由村（社区）自行公示（R5.2）',
      body: PublicityBody,
      command: ({ body }) => ({ type: 'startPublicity', days: body.days ?? null, channels: body.channels }),
    }),
    defineProjectAction({
      action: 'raiseObjection',
      method: 'POST',
      path: '/api/projects/:id/objections',
      summary: '登记公示期内收到的异议，实施前须答复（R5.3）',
      body: ObjectionBody,
      command: ({ body, state }) => ({
        type: 'raiseObjection',
        objectionId: nextRecordId(state.objections),
        text: body.text,
        raisedByName: body.raisedByName,
        contactPhone: body.contactPhone,
      }),
    }),
    defineProjectAction({
      action: 'answerObjection',
      method: 'POST',
      path: '/api/projects/:id/objections/:objectionId/answer',
      summary: '答复异议（R5.3）',
      params: ObjectionParams,
      body: AnswerBody,
      command: ({ body, params }) => ({ type: 'answerObjection', objectionId: params.objectionId, answer: body.answer }),
    }),
    defineProjectAction({
      action: 'claimProject',
      method: 'POST',
      path: '/api/projects/:id/claims',
      summary: '登记莞家直达项目的认领申请（企业、社会组织或个人，R5.5）',
      body: ClaimBody,
      command: ({ body, state }) => ({ type: 'claimProject', claimId: nextRecordId(state.claims), claimant: body.claimant, note: body.note }),
    }),
    defineProjectAction({
      action: 'decideClaim',
      method: 'POST',
      path: '/api/projects/:id/claims/:claimId/decision',
      summary: '确认或不予确认认领，认领结果反馈提议人（R5.5，R7.1）',
      params: ClaimParams,
      body: ClaimDecisionBody,
      command: ({ body, params }) => ({ type: 'decideClaim', claimId: params.claimId, accepted: body.accepted, reason: body.reason }),
    }),
    defineProjectAction({
      action: 'startImplementation',
      method: 'POST',
      path: '/api/projects/:id/implementation/start',
      summary: '公示期满且异议均已答复后开始实施（R5.3，R5.4）',
      body: VersionBody,
      command: () => ({ type: 'startImplementation' }),
    }),
    defineProjectAction({
      action: 'completeImplementation',
      method: 'POST',
      path: '/api/projects/:id/implementation/complete',
      summary: '完成实施，5个工作日内填报结项表（R6.1）',
      body: VersionBody,
      command: () => ({ type: 'completeImplementation' }),
    }),

    // ---------------------------------------------------------------------------------------------- closure and survey (R6)
    defineProjectAction({
      action: 'submitClosure',
      method: 'POST',
      path: '/api/projects/:id/closure',
      summary: '提交结项表及附件：5万元以下附满意度测评（R6.2），5万元以上由镇（街道）测评（R6.3）',
      body: ClosureBody,
      cites: ({ form }) => {
        const a = form.attachments;
        return [
          { field: 'form.attachments.stampedRegistrationIds', ids: a.stampedRegistrationIds, kinds: ['stampedRegistration'] },
          { field: 'form.attachments.agreementIds', ids: a.agreementIds, kinds: ['agreement'] },
          { field: 'form.attachments.invoiceIds', ids: a.invoiceIds, kinds: ['invoice'] },
          { field: 'form.attachments.procurementFilingIds', ids: a.procurementFilingIds, kinds: ['procurementFiling'] },
          // R6.1 whether tender documents are required (only where tendering applied) is the domain's decision.
          { field: 'form.attachments.tenderDocumentIds', ids: a.tenderDocumentIds, kinds: ['tenderDocument'] },
          { field: 'form.attachments.supplierQualificationIds', ids: a.supplierQualificationIds, kinds: ['supplierQualification'] },
          { field: 'form.attachments.taxRegistrationIds', ids: a.taxRegistrationIds, kinds: ['taxRegistration'] },
          { field: 'form.photoAttachmentIds', ids: form.photoAttachmentIds, kinds: ['photo'] },
        ];
      },
      command: ({ body: { form } }) => ({ type: 'submitClosure', form }),
    }),
    defineProjectAction({
      action: 'recordPaperSurvey',
      method: 'POST',
      path: '/api/projects/:id/survey/paper',
      summary: '录入纸质满意度测评表（R6.5）',
      body: PaperSurveyBody,
      command: ({ body }) => ({ type: 'recordPaperSurvey', responses: body.responses.map((r) => ({ ...r, respondentKey: r.respondentKey ?? null })) }),
    }),
    defineProjectAction({
      action: 'completeSurvey',
      method: 'POST',
      path: '/api/projects/:id/survey/complete',
      summary: '完成满意度测评：不少于30人，不足的须经镇（街道）批准并说明理由（R6.4）',
      body: CompleteSurveyBody,
      command: ({ body }) => ({ type: 'completeSurvey', exceptionReason: body.exceptionReason }),
    }),
    defineProjectAction({
      action: 'closeProject',
      method: 'POST',
      path: '/api/projects/:id/close',
      summary: '办结项目：在原公示平台公示结果并反馈提议人（R6.6）',
      body: VersionBody,
      command: () => ({ type: 'closeProject' }),
    }),
  ]);
}
