/**
 * /api/public: the portal's API without sign-in, every route rate-limited per IP — the 公示 and results lists and
 * the project page (R5.1, R6.6, through `publicProjectView` only, R0.8), demand tracking (R2.2), objections (R5.3),
 * claims (R5.5) and the online satisfaction survey (R6.5); raising a need is in public-raise.routes.ts. Also the
 * staff route that issues one-time survey links.
 * A signed-in member of staff using the portal acts as the public here: the sign-in is not used.
 */
import { Type } from 'typebox';
import type { App } from '../../http/app-type.js';
import type { RequestContext } from '../../http/context.js';
import { IdParams, NoQuery, errorResponses } from '../../http/schemas.js';
import { matchesIfNoneMatch, sendCacheable } from './public-cache.js';
import { registerPublicRaiseRoutes } from './public-raise.routes.js';
import {
  ClaimBody,
  ClaimResult,
  IssueTokensBody,
  IssuedTokens,
  ObjectionBody,
  ObjectionResult,
  PhotoParams,
  ProjectIdParams,
  PublicProject,
  PublicProjectList,
  PublicProjectQuery,
  QuestionnaireSchema,
  SurveyAnswerBody,
  SurveyAnswerResult,
  TokenParams,
  TrackBody,
  TrackingResult,
} from './public.schemas.js';

const tags = ['公众'];
/** A closed project's photos do not change: an hour of caching spares a phone's data plan. */
const PHOTO_MAX_AGE_SECONDS = 3600;
const errors = { ...errorResponses, 422: errorResponses[400], 429: errorResponses[400] };
const notModified = { type: 'null', description: '未改变（If-None-Match 与 ETag 相同）' } as const;

/** The public acts without an account, whoever is signed in on the same browser. */
function asPublic(ctx: RequestContext): RequestContext {
  return { ...ctx, user: null };
}

export function registerPublicRoutes(app: App): void {
  const { publicPortal, config } = app.services;
  const publicAccess = { access: 'public' as const, rateLimit: { max: config.publicRateLimitPerMinute, timeWindow: 60_000 } };
  registerPublicRaiseRoutes(app);

  app.get(
    '/api/public/projects',
    {
      config: publicAccess,
      schema: {
        operationId: 'listPublicProjects',
        tags,
        summary: '项目公示（公示中 / 已结束）与办结结果公开（已办结）列表，可按镇街、村（社区）、类别、关键词筛选，分页（R5.1、R6.6）',
        description: '带强 ETag；If-None-Match 相同时 304。Cache-Control: public, max-age=30。',
        security: [],
        querystring: PublicProjectQuery,
        response: { 200: PublicProjectList, 304: notModified, ...errors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const list = await publicPortal.listProjects(request.ctx, {
        kind: q.list ?? 'publicity',
        phase: q.phase,
        townId: q.townId,
        communityId: q.communityId,
        category: q.category,
        keyword: q.keyword,
        limit: q.limit ?? 20,
        offset: q.offset ?? 0,
      });
      return sendCacheable(request, reply, list);
    },
  );

  app.get(
    '/api/public/projects/:id',
    {
      config: publicAccess,
      schema: {
        operationId: 'viewPublicProject',
        querystring: NoQuery,
        tags,
        summary: '公示项目详情（个人信息已脱敏；未公示的项目不可见）',
        description: '带强 ETag；If-None-Match 相同时 304。Cache-Control: public, max-age=30。',
        security: [],
        params: IdParams,
        response: { 200: PublicProject, 304: notModified, ...errors },
      },
    },
    async (request, reply) => sendCacheable(request, reply, await publicPortal.getProject(request.ctx, request.params.id)),
  );

  app.get(
    '/api/public/projects/:id/photos/:n',
    {
      config: publicAccess,
      schema: {
        operationId: 'viewPublicResultPhoto',
        querystring: NoQuery,
        tags,
        summary: '已办结项目结项表“项目成效”的第 n 张照片（已按拍摄方向摆正、缩至长边 1280 像素，去除拍摄位置等元数据，R6.6）',
        description: '带强 ETag；If-None-Match 相同时 304。Cache-Control: public, max-age=3600。',
        security: [],
        params: PhotoParams,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'JPG 或 PNG 图片' }), 304: notModified, ...errors },
      },
    },
    async (request, reply) => {
      const photo = await publicPortal.resultPhoto(request.params.id, request.params.n);
      void reply.header('etag', photo.etag).header('cache-control', `public, max-age=${PHOTO_MAX_AGE_SECONDS}`);
      if (matchesIfNoneMatch(request.headers['if-none-match'], photo.etag)) return reply.status(304).send(null);
      return reply.header('content-type', photo.mime).header('content-disposition', 'inline').send(await photo.read());
    },
  );

  app.post(
    '/api/public/track',
    {
      config: publicAccess,
      schema: {
        operationId: 'trackDemand',
        querystring: NoQuery,
        tags,
        summary: '凭诉求编号和手机号查询办理进度与反馈（R2.2）',
        security: [],
        body: TrackBody,
        response: { 200: TrackingResult, ...errors },
      },
    },
    async (request, reply) => {
      const view = await publicPortal.track(asPublic(request.ctx), request.body.trackingNumber, request.body.phone);
      return reply.header('cache-control', 'no-store').send(view);
    },
  );

  app.post(
    '/api/public/projects/:id/objections',
    {
      config: publicAccess,
      schema: {
        operationId: 'raisePublicObjection',
        querystring: NoQuery,
        tags,
        summary: '公示期内对项目提出异议（R5.3）',
        security: [],
        params: IdParams,
        body: ObjectionBody,
        response: { 201: ObjectionResult, ...errors },
      },
    },
    async (request, reply) => {
      const { text, name, phone } = request.body;
      const result = await publicPortal.raiseObjection(asPublic(request.ctx), request.params.id, { text, name: name ?? null, phone: phone ?? null });
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/api/public/projects/:id/claims',
    {
      config: publicAccess,
      schema: {
        operationId: 'claimPublicProject',
        querystring: NoQuery,
        tags,
        summary: '企业、社会组织或爱心人士认领“莞家直达”项目（R5.5）',
        security: [],
        params: IdParams,
        body: ClaimBody,
        response: { 201: ClaimResult, ...errors },
      },
    },
    async (request, reply) => {
      const result = await publicPortal.claimProject(asPublic(request.ctx), request.params.id, request.body);
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/api/public/survey/:projectId',
    {
      config: publicAccess,
      schema: {
        operationId: 'viewPublicSurvey',
        querystring: NoQuery,
        tags,
        summary: '满意度测评表（附件3）：项目名称、测评项目与满意度等级',
        security: [],
        params: ProjectIdParams,
        response: { 200: QuestionnaireSchema, ...errors },
      },
    },
    (request) => publicPortal.questionnaire(request.params.projectId),
  );

  app.get(
    '/api/public/survey-links/:token',
    {
      config: publicAccess,
      schema: {
        operationId: 'viewSurveyLink',
        querystring: NoQuery,
        tags,
        summary: '打开一次性测评链接：返回该链接所属项目的测评表；已使用或无效的链接不可用',
        security: [],
        params: TokenParams,
        response: { 200: QuestionnaireSchema, ...errors },
      },
    },
    (request) => publicPortal.questionnaireForToken(request.params.token),
  );

  app.post(
    '/api/public/survey/:projectId/responses',
    {
      config: publicAccess,
      schema: {
        operationId: 'submitPublicSurveyResponse',
        querystring: NoQuery,
        tags,
        summary: '在线提交满意度测评，每人限一份：凭一次性链接令牌或手机号（R6.5）',
        security: [],
        params: ProjectIdParams,
        body: SurveyAnswerBody,
        response: { 201: SurveyAnswerResult, ...errors },
      },
    },
    async (request, reply) => {
      const { token, phone, answers, suggestion, signature } = request.body;
      const result = await publicPortal.submitSurvey(asPublic(request.ctx), request.params.projectId, {
        token: token ?? null,
        phone: phone ?? null,
        answers,
        suggestion: suggestion === undefined || suggestion.trim() === '' ? null : suggestion,
        signature: signature === undefined || signature.trim() === '' ? null : signature,
      });
      return reply.status(201).send(result);
    },
  );

  // Staff: the links are paper sheets handed out online, so whoever keys in paper sheets at this stage issues them.
  app.post(
    '/api/projects/:id/survey/tokens',
    {
      config: { access: 'recordPaperSurvey' },
      schema: {
        operationId: 'issueSurveyTokens',
        querystring: NoQuery,
        tags: ['项目'],
        summary: '生成一次性满意度测评链接（仅此一次显示；系统只保存其摘要，R6.5）',
        params: IdParams,
        body: IssueTokensBody,
        response: { 201: IssuedTokens, ...errors },
      },
    },
    async (request, reply) => {
      const result = await publicPortal.issueSurveyTokens(request.ctx, request.params.id, request.body.count);
      return reply.status(201).header('cache-control', 'no-store').send(result);
    },
  );
}
