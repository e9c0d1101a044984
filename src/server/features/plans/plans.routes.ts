/**
 * The annual collection and plan (R8): campaigns (R8.1), allocations (R8.3), each town's library and plan with its
 * stamp, submission and adjustments (R8.2–R8.4), every town's plan for the bureau, and what the towns reported.
 */
import type { App } from '../../http/app-type.js';
import { AppError } from '../../errors.js';
import { IdParams, NoQuery, errorResponses } from '../../http/schemas.js';
import { AttachmentSchema } from '../attachments/attachment.routes.js';
import {
  AdjustLibraryBody,
  AnnualPlanViewSchema,
  BureauReportList,
  CampaignList,
  CampaignListQuery,
  CampaignViewSchema,
  CloseCampaignBody,
  OpenCampaignBody,
  PlanOverview,
  ReportListQuery,
  SetAllocationBody,
  SubmitPlanBody,
  TownYearParams,
  YearQuery,
} from './plans.schemas.js';

const tags = ['年度计划'];

export function registerPlanRoutes(app: App): void {
  const { plans } = app.services;

  app.get(
    '/api/campaigns',
    {
      config: { access: 'viewCase' },
      schema: { operationId: 'listCampaigns', tags, summary: '集中征集活动及各村（社区）征集进度（R8.1）', querystring: CampaignListQuery, response: { 200: CampaignList, ...errorResponses } },
    },
    async (request) => ({ items: await plans.listCampaigns(request.ctx, request.query) }),
  );

  app.post(
    '/api/towns/:id/campaigns',
    {
      config: { access: 'openCampaign' },
      schema: {
        operationId: 'openCampaign',
        tags,
        summary: '发起年度集中征集活动（R8.1：每年一次，1月31日前结束）',
        params: IdParams,
        querystring: NoQuery,
        body: OpenCampaignBody,
        response: { 201: CampaignViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await plans.openCampaign(request.ctx, request.params.id, { ...request.body, closesOn: request.body.closesOn ?? null })),
  );

  app.post(
    '/api/campaigns/:id/close',
    {
      config: { access: 'openCampaign' },
      schema: { operationId: 'closeCampaign', tags, summary: '提前结束集中征集活动（须说明理由）', params: IdParams, querystring: NoQuery, body: CloseCampaignBody, response: { 200: CampaignViewSchema, ...errorResponses } },
    },
    (request) => plans.closeCampaign(request.ctx, request.params.id, request.body.version, request.body.reason),
  );

  app.get(
    '/api/annual-plans',
    {
      config: { access: 'viewCase' },
      schema: { operationId: 'listAnnualPlans', tags, summary: '管辖范围内各镇（街道）的年度实施计划：报送状态、额度、差额、调整（R8.2–R8.4）', querystring: YearQuery, response: { 200: PlanOverview, ...errorResponses } },
    },
    async (request) => ({ items: await plans.overview(request.ctx, request.query.year) }),
  );

  app.get(
    '/api/towns/:id/annual-plans/:year',
    {
      config: { access: 'viewCase' },
      schema: { operationId: 'getAnnualPlan', tags, summary: '镇（街道）年度项目库与实施计划：与市分配额度的差额、盖章报送、年度调整', params: TownYearParams, querystring: NoQuery, response: { 200: AnnualPlanViewSchema, ...errorResponses } },
    },
    (request) => plans.planView(request.ctx, request.params.id, request.params.year),
  );

  app.put(
    '/api/towns/:id/allocations/:year',
    {
      config: { access: 'setAllocation' },
      schema: {
        operationId: 'setAllocation',
        tags,
        summary: '设定或调整市分配经费额度（R8.3，市民政局；调整须说明理由，历次额度留存）',
        params: TownYearParams,
        querystring: NoQuery,
        body: SetAllocationBody,
        response: { 200: AnnualPlanViewSchema, ...errorResponses },
      },
    },
    (request) => plans.setAllocation(request.ctx, request.params.id, request.params.year, request.body),
  );

  app.post(
    '/api/towns/:id/annual-plans/:year/stamp-scan',
    {
      config: { access: 'submitAnnualPlan' },
      schema: {
        operationId: 'uploadPlanStampScan',
        tags,
        summary: '上传年度实施计划的盖章扫描件（multipart：file；PDF/JPG/PNG，≤ 20 MB）',
        consumes: ['multipart/form-data'],
        params: TownYearParams,
        querystring: NoQuery,
        response: { 201: AttachmentSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      const file = await request.file();
      if (file === undefined) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'file', message: '未收到文件' }] });
      const view = await plans.uploadStampScan(request.ctx, request.params.id, file.filename, await file.toBuffer());
      return reply.status(201).send(view);
    },
  );

  app.post(
    '/api/towns/:id/annual-plans/:year/submit',
    {
      config: { access: 'submitAnnualPlan' },
      schema: {
        operationId: 'submitAnnualPlan',
        tags,
        summary: '盖章后报送年度实施计划（R8.2：2月底前；R8.3：不得少于市分配额度）',
        params: TownYearParams,
        querystring: NoQuery,
        body: SubmitPlanBody,
        response: { 200: AnnualPlanViewSchema, ...errorResponses },
      },
    },
    (request) => plans.submitPlan(request.ctx, request.params.id, request.params.year, request.body),
  );

  app.post(
    '/api/towns/:id/annual-plans/:year/adjustments',
    {
      config: { access: 'adjustLibrary' },
      schema: {
        operationId: 'adjustLibrary',
        tags,
        summary: '调整年度项目库：纳入日常收集或新增项目（R8.4：镇街配套资金，说明理由并报市民政局）',
        params: TownYearParams,
        querystring: NoQuery,
        body: AdjustLibraryBody,
        response: { 200: AnnualPlanViewSchema, ...errorResponses },
      },
    },
    (request) => plans.adjustLibrary(request.ctx, request.params.id, request.params.year, request.body),
  );

  app.get(
    '/api/bureau-reports',
    {
      config: { access: 'viewCase' },
      schema: { operationId: 'listBureauReports', tags, summary: '各镇（街道）报市民政局的事项：年度计划报送、项目库调整、超核定金额发放', querystring: ReportListQuery, response: { 200: BureauReportList, ...errorResponses } },
    },
    async (request) => ({ items: await plans.reports(request.ctx, request.query) }),
  );
}
