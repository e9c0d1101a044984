/**
 * /api/projects: every project action of the lifecycle (R3–R6) as one API operation named after its action —
 * consultation and its failure path (R3.1, R3.3), registration (R3.2–R3.5), town review (R4.1–R4.5), publicity,
 * objections and claims (R5.1–R5.5), implementation, closure and survey (R6.1–R6.6) — plus the project lists,
 * details and timelines, and the overdue steps the level above sees (R7.2).
 * Each action checks the actor's jurisdiction on the project (R0.8), then the attachments its form cites, then hands
 * the command to `CaseService.projectCommand` at the version the client read.
 */
import type { Action } from '../../../domain/access/actions.js';
import { nextRecordId, type ProjectCommand, type ProjectState } from '../../../domain/lifecycle/index.js';
import { AppError } from '../../errors.js';
import type { App } from '../../http/app-type.js';
import type { RequestContext } from '../../http/context.js';
import { IdParams, NoQuery, errorResponses } from '../../http/schemas.js';
import type { AttachmentCitation } from '../attachments/attachment.service.js';
import type { UnitView } from '../org/org.mapper.js';
import { CaseView } from './case.mapper.js';
import { parseProject } from './case.repository.js';
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
const response = { 200: CaseView, ...errorResponses, 422: errorResponses[400] };

type Owner = { type: 'project' | 'demand'; id: number };

/** A project's attachments are its own and those of the demands it answers (R2.6). */
function ownersOf(state: ProjectState): Owner[] {
  return [{ type: 'project', id: state.id }, ...state.demandIds.map((id): Owner => ({ type: 'demand', id }))];
}

const toIso = (instant: string): string => new Date(instant).toISOString();

export function registerProjectRoutes(app: App): void {
  const { cases, caseQueries, attachments, org } = app.services;

  /**
   * Loads the project, checks `action` on its community (R0.8) before anything it cites is looked at, checks the
   * cited attachments, and carries out the command built from the state read.
   */
  async function act(
    ctx: RequestContext,
    id: number,
    version: number,
    action: Action,
    build: (state: ProjectState) => ProjectCommand | Promise<ProjectCommand>,
    citations: readonly AttachmentCitation[] = [],
  ): Promise<CaseView> {
    const row = await cases.loadProjectRow(id);
    await cases.requireOnCommunity(ctx, action, row.community_id);
    const { state } = parseProject(row);
    if (citations.some((c) => c.ids.length > 0)) await attachments.checkCitations(ownersOf(state), citations);
    await cases.projectCommand(ctx, id, version, await build(state));
    return caseQueries.getProject(ctx, id);
  }

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
      schema: { operationId: 'viewProject', querystring: NoQuery, tags, summary: '项目详情（个人信息按角色脱敏，R0.8）', params: IdParams, response: { 200: CaseView, ...errorResponses } },
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

  // ------------------------------------------------------------------------------------------------ consultation (R3)

  app.post(
    '/api/projects/:id/consultations',
    {
      config: { access: 'recordConsultation' },
      schema: { operationId: 'recordConsultation', querystring: NoQuery, tags, summary: '登记城乡社区协商会议及结果（10日内，R3.1；未通过转R3.3）', params: IdParams, body: ConsultationBody, response },
    },
    (request) => {
      const c = request.body.consultation;
      return act(
        request.ctx,
        request.params.id,
        request.body.version,
        'recordConsultation',
        () => ({ type: 'recordConsultation', consultation: { ...c, heldAt: toIso(c.heldAt) } }),
        [
          { field: 'consultation.minutesAttachmentIds', ids: c.minutesAttachmentIds, kinds: ['consultationMinutes'] },
          { field: 'consultation.signInAttachmentIds', ids: c.signInAttachmentIds, kinds: ['signInSheet'] },
        ],
      );
    },
  );

  app.post(
    '/api/projects/:id/feasibility-studies',
    {
      config: { access: 'recordFeasibilityStudy' },
      schema: { operationId: 'recordFeasibilityStudy', querystring: NoQuery, tags, summary: '协商未通过，登记可行性研究分析（R3.3）', params: IdParams, body: FeasibilityStudyBody, response },
    },
    (request) => {
      const { study } = request.body;
      return act(
        request.ctx,
        request.params.id,
        request.body.version,
        'recordFeasibilityStudy',
        () => ({ type: 'recordFeasibilityStudy', study }),
        [{ field: 'study.attachmentIds', ids: study.attachmentIds, kinds: ['feasibilityReport'] }],
      );
    },
  );

  app.post(
    '/api/projects/:id/assembly-votes',
    {
      config: { access: 'recordAssemblyVote' },
      schema: { operationId: 'recordAssemblyVote', querystring: NoQuery, tags, summary: '登记村（居）民（代表）会议表决，过半数通过（R3.3）', params: IdParams, body: AssemblyVoteBody, response },
    },
    (request) => {
      const { vote } = request.body;
      return act(
        request.ctx,
        request.params.id,
        request.body.version,
        'recordAssemblyVote',
        () => ({ type: 'recordAssemblyVote', vote: { ...vote, heldAt: toIso(vote.heldAt) } }),
        [{ field: 'vote.minutesAttachmentIds', ids: vote.minutesAttachmentIds, kinds: ['voteMinutes'] }],
      );
    },
  );

  app.post(
    '/api/projects/:id/terminate',
    {
      config: { access: 'terminateProject' },
      schema: { operationId: 'terminateProject', querystring: NoQuery, tags, summary: '终止项目，原因反馈提议人（R3.3）', params: IdParams, body: ReasonBody, response },
    },
    (request) =>
      act(request.ctx, request.params.id, request.body.version, 'terminateProject', () => ({ type: 'terminateProject', reason: request.body.reason })),
  );

  // ------------------------------------------------------------------------------------------------ registration and review (R3.2–R4.6)

  app.post(
    '/api/projects/:id/registration',
    {
      config: { access: 'submitRegistration' },
      schema: {
        operationId: 'submitRegistration',
        querystring: NoQuery,
        tags,
        summary: '提交登记备案表：5万元以下备案并反馈（R3.4），5万元以上或超限提交镇（街道）审核（R3.5，R1.2）',
        params: IdParams,
        body: RegistrationBody,
        response,
      },
    },
    (request) =>
      act(request.ctx, request.params.id, request.body.version, 'submitRegistration', () => ({
        type: 'submitRegistration',
        basics: request.body.basics,
        recentSmallProjects: [],
      })),
  );

  app.post(
    '/api/projects/:id/registration/return',
    {
      config: { access: 'returnRegistration' },
      schema: { operationId: 'returnRegistration', querystring: NoQuery, tags, summary: '退回登记备案表修改，重新提交后重新计时（R4.5）', params: IdParams, body: ReasonBody, response },
    },
    (request) =>
      act(request.ctx, request.params.id, request.body.version, 'returnRegistration', () => ({ type: 'returnRegistration', reason: request.body.reason })),
  );

  app.post(
    '/api/projects/:id/reviewers',
    {
      config: { access: 'assignReviewers' },
      schema: { operationId: 'assignReviewers', querystring: NoQuery, tags, summary: '选择会审职能部门（财政、农林水务、住建、自然资源等，R4.1）', params: IdParams, body: AssignReviewersBody, response },
    },
    (request) =>
      act(request.ctx, request.params.id, request.body.version, 'assignReviewers', async (state) => {
        const ids = request.body.departmentIds;
        const units = await Promise.all(ids.map((departmentId, i) => townDepartment(request.ctx, state, departmentId, `departmentIds.${i}`)));
        // The department's short name (财政, 住建 …) is what the R4.4 sentence names.
        return { type: 'assignReviewers', reviewers: units.map((u) => ({ departmentId: u.id, departmentName: u.subkind ?? u.name })) };
      }),
  );

  app.post(
    '/api/projects/:id/department-opinions',
    {
      config: { access: 'recordDepartmentOpinion' },
      schema: { operationId: 'recordDepartmentOpinion', querystring: NoQuery, tags, summary: '本部门填报审核意见：四项审核内容逐项结论与意见（R4.2）', params: IdParams, body: DepartmentOpinionBody, response },
    },
    (request) => {
      const me = request.ctx.user;
      if (me === null) throw new AppError('UNAUTHENTICATED');
      // A department reviewer answers for their own unit only.
      return act(request.ctx, request.params.id, request.body.version, 'recordDepartmentOpinion', () => ({
        type: 'recordDepartmentOpinion',
        departmentId: me.unit.id,
        points: request.body.points,
        opinion: request.body.opinion,
      }));
    },
  );

  app.post(
    '/api/projects/:id/stamps',
    {
      config: { access: 'recordStamp' },
      schema: { operationId: 'recordStamp', querystring: NoQuery, tags, summary: '登记部门在登记备案表上的盖章（人、时间、扫描件，R4.3）', params: IdParams, body: StampBody, response },
    },
    (request) => {
      const { stamp } = request.body;
      return act(
        request.ctx,
        request.params.id,
        request.body.version,
        'recordStamp',
        async (state) => {
          const unit = await townDepartment(request.ctx, state, stamp.departmentId, 'stamp.departmentId');
          return { type: 'recordStamp', stamp: { ...stamp, departmentName: unit.name } };
        },
        [{ field: 'stamp.scanAttachmentId', ids: [stamp.scanAttachmentId], kinds: ['stampScan'] }],
      );
    },
  );

  app.post(
    '/api/projects/:id/review-decision',
    {
      config: { access: 'decideReview' },
      schema: {
        operationId: 'decideReview',
        querystring: NoQuery,
        tags,
        summary: '镇（街道）审核确认：现行政策解决转交跟办部门（R4.3）或专项资金资助，生成审核意见（R4.4），反馈提议人',
        params: IdParams,
        body: ReviewDecisionBody,
        response,
      },
    },
    (request) => {
      const { decision } = request.body;
      return act(request.ctx, request.params.id, request.body.version, 'decideReview', async (state) => {
        if (decision.outcome === 'existingPolicy' && decision.followUp.departmentId !== null) {
          await townDepartment(request.ctx, state, decision.followUp.departmentId, 'decision.followUp.departmentId');
        }
        return { type: 'decideReview', decision };
      });
    },
  );

  // ------------------------------------------------------------------------------------------------ publicity and implementation (R5)

  app.post(
    '/api/projects/:id/publicity',
    {
      config: { access: 'startPublicity' },
      schema: {
        operationId: 'startPublicity',
        querystring: NoQuery,
        tags,
        summary: '发起公示：镇（街道）在规定平台公示不少于5日（R5.1），5万元以下由村（社区）自行公示（R5.2）',
        params: IdParams,
        body: PublicityBody,
        response,
      },
    },
    (request) =>
      act(request.ctx, request.params.id, request.body.version, 'startPublicity', () => ({
        type: 'startPublicity',
        days: request.body.days ?? null,
        channels: request.body.channels,
      })),
  );

  app.post(
    '/api/projects/:id/objections',
    {
      config: { access: 'raiseObjection' },
      schema: { operationId: 'raiseObjection', querystring: NoQuery, tags, summary: '登记公示期内收到的异议，实施前须答复（R5.3）', params: IdParams, body: ObjectionBody, response },
    },
    (request) =>
      act(request.ctx, request.params.id, request.body.version, 'raiseObjection', (state) => ({
        type: 'raiseObjection',
        objectionId: nextRecordId(state.objections),
        text: request.body.text,
        raisedByName: request.body.raisedByName,
        contactPhone: request.body.contactPhone,
      })),
  );

  app.post(
    '/api/projects/:id/objections/:objectionId/answer',
    {
      config: { access: 'answerObjection' },
      schema: { operationId: 'answerObjection', querystring: NoQuery, tags, summary: '答复异议（R5.3）', params: ObjectionParams, body: AnswerBody, response },
    },
    (request) =>
      act(request.ctx, request.params.id, request.body.version, 'answerObjection', () => ({
        type: 'answerObjection',
        objectionId: request.params.objectionId,
        answer: request.body.answer,
      })),
  );

  app.post(
    '/api/projects/:id/claims',
    {
      config: { access: 'claimProject' },
      schema: { operationId: 'claimProject', querystring: NoQuery, tags, summary: '登记莞家直达项目的认领申请（企业、社会组织或个人，R5.5）', params: IdParams, body: ClaimBody, response },
    },
    (request) =>
      act(request.ctx, request.params.id, request.body.version, 'claimProject', (state) => ({
        type: 'claimProject',
        claimId: nextRecordId(state.claims),
        claimant: request.body.claimant,
        note: request.body.note,
      })),
  );

  app.post(
    '/api/projects/:id/claims/:claimId/decision',
    {
      config: { access: 'decideClaim' },
      schema: { operationId: 'decideClaim', querystring: NoQuery, tags, summary: '确认或不予确认认领，认领结果反馈提议人（R5.5，R7.1）', params: ClaimParams, body: ClaimDecisionBody, response },
    },
    (request) =>
      act(request.ctx, request.params.id, request.body.version, 'decideClaim', () => ({
        type: 'decideClaim',
        claimId: request.params.claimId,
        accepted: request.body.accepted,
        reason: request.body.reason,
      })),
  );

  app.post(
    '/api/projects/:id/implementation/start',
    {
      config: { access: 'startImplementation' },
      schema: { operationId: 'startImplementation', querystring: NoQuery, tags, summary: '公示期满且异议均已答复后开始实施（R5.3，R5.4）', params: IdParams, body: VersionBody, response },
    },
    (request) => act(request.ctx, request.params.id, request.body.version, 'startImplementation', () => ({ type: 'startImplementation' })),
  );

  app.post(
    '/api/projects/:id/implementation/complete',
    {
      config: { access: 'completeImplementation' },
      schema: { operationId: 'completeImplementation', querystring: NoQuery, tags, summary: '完成实施，5个工作日内填报结项表（R6.1）', params: IdParams, body: VersionBody, response },
    },
    (request) => act(request.ctx, request.params.id, request.body.version, 'completeImplementation', () => ({ type: 'completeImplementation' })),
  );

  // ------------------------------------------------------------------------------------------------ closure and survey (R6)

  app.post(
    '/api/projects/:id/closure',
    {
      config: { access: 'submitClosure' },
      schema: {
        operationId: 'submitClosure',
        querystring: NoQuery,
        tags,
        summary: '提交结项表及附件：5万元以下附满意度测评（R6.2），5万元以上由镇（街道）测评（R6.3）',
        params: IdParams,
        body: ClosureBody,
        response,
      },
    },
    (request) => {
      const { form } = request.body;
      const a = form.attachments;
      return act(
        request.ctx,
        request.params.id,
        request.body.version,
        'submitClosure',
        () => ({ type: 'submitClosure', form }),
        [
          { field: 'form.attachments.stampedRegistrationIds', ids: a.stampedRegistrationIds, kinds: ['stampedRegistration'] },
          { field: 'form.attachments.agreementIds', ids: a.agreementIds, kinds: ['agreement'] },
          { field: 'form.attachments.invoiceIds', ids: a.invoiceIds, kinds: ['invoice'] },
          { field: 'form.attachments.procurementFilingIds', ids: a.procurementFilingIds, kinds: ['procurementFiling'] },
          // R6.1 whether tender documents are required (only where tendering applied) is the domain's decision.
          { field: 'form.attachments.tenderDocumentIds', ids: a.tenderDocumentIds, kinds: ['tenderDocument'] },
          { field: 'form.attachments.supplierQualificationIds', ids: a.supplierQualificationIds, kinds: ['supplierQualification'] },
          { field: 'form.attachments.taxRegistrationIds', ids: a.taxRegistrationIds, kinds: ['taxRegistration'] },
          { field: 'form.photoAttachmentIds', ids: form.photoAttachmentIds, kinds: ['photo'] },
        ],
      );
    },
  );

  app.post(
    '/api/projects/:id/survey/paper',
    {
      config: { access: 'recordPaperSurvey' },
      schema: { operationId: 'recordPaperSurvey', querystring: NoQuery, tags, summary: '录入纸质满意度测评表（R6.5）', params: IdParams, body: PaperSurveyBody, response },
    },
    (request) =>
      act(request.ctx, request.params.id, request.body.version, 'recordPaperSurvey', () => ({
        type: 'recordPaperSurvey',
        responses: request.body.responses.map((r) => ({ ...r, respondentKey: r.respondentKey ?? null })),
      })),
  );

  app.post(
    '/api/projects/:id/survey/complete',
    {
      config: { access: 'completeSurvey' },
      schema: {
        operationId: 'completeSurvey',
        querystring: NoQuery,
        tags,
        summary: '完成满意度测评：不少于30人，不足的须经镇（街道）批准并说明理由（R6.4）',
        params: IdParams,
        body: CompleteSurveyBody,
        response,
      },
    },
    (request) =>
      act(request.ctx, request.params.id, request.body.version, 'completeSurvey', () => ({
        type: 'completeSurvey',
        exceptionReason: request.body.exceptionReason,
      })),
  );

  app.post(
    '/api/projects/:id/close',
    {
      config: { access: 'closeProject' },
      schema: { operationId: 'closeProject', querystring: NoQuery, tags, summary: '办结项目：在原公示平台公示结果并反馈提议人（R6.6）', params: IdParams, body: VersionBody, response },
    },
    (request) => act(request.ctx, request.params.id, request.body.version, 'closeProject', () => ({ type: 'closeProject' })),
  );
}
