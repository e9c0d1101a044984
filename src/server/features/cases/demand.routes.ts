/**
 * /api/demands: entering demands (R2.2, with an Idempotency-Key for machine intake), receipt (R2.3), return and
 * reassignment (R2.5), merging (R2.6), triage by the 两委 meeting (R2.4), lists, details and timelines.
 */
import { Type } from 'typebox';
import type { App } from '../../http/app-type.js';
import { Id, IdParams, NoQuery, Version, errorResponses } from '../../http/schemas.js';
import { CaseView } from './case.mapper.js';
import { CaseList, CaseListQuery, NewDemandBody, Text, Timeline, TriageBody, VersionBody } from './case.schemas.js';

const tags = ['诉求'];

export function registerDemandRoutes(app: App): void {
  const { cases, caseQueries } = app.services;

  app.post(
    '/api/demands',
    {
      config: { access: 'createDemand' },
      schema: {
        operationId: 'createDemand',
        querystring: NoQuery,
        tags,
        summary: '录入诉求，即时交派属地村（社区）（R2.2）',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 128 })) }),
        body: NewDemandBody,
        response: { 201: CaseView, 200: CaseView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { campaign, ...rest } = request.body;
      const collection = campaign === undefined ? { mode: 'daily' as const } : { mode: 'centralized' as const, ...campaign };
      const result = await cases.createDemand(request.ctx, { ...rest, collection }, request.headers['idempotency-key'] ?? null);
      const view = await caseQueries.demandView(request.ctx, result.state, result.version);
      return reply.status(result.replayed ? 200 : 201).send(view);
    },
  );

  app.get(
    '/api/demands',
    {
      config: { access: 'viewCase' },
      schema: { operationId: 'listDemands', tags, summary: '管辖范围内的诉求', querystring: CaseListQuery, response: { 200: CaseList, ...errorResponses } },
    },
    (request) => caseQueries.listDemands(request.ctx, { ...request.query, limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }),
  );

  app.get(
    '/api/demands/:id',
    {
      config: { access: 'viewCase' },
      schema: { operationId: 'viewDemand', querystring: NoQuery, tags, params: IdParams, response: { 200: CaseView, ...errorResponses } },
    },
    (request) => caseQueries.getDemand(request.ctx, request.params.id),
  );

  app.get(
    '/api/demands/:id/timeline',
    {
      config: { access: 'viewCase' },
      schema: { operationId: 'viewDemandTimeline', querystring: NoQuery, tags, params: IdParams, response: { 200: Timeline, ...errorResponses } },
    },
    (request) => caseQueries.timeline(request.ctx, 'demand', request.params.id),
  );

  app.post(
    '/api/demands/:id/acknowledge',
    {
      config: { access: 'acknowledgeDemand' },
      schema: { operationId: 'acknowledgeDemand', querystring: NoQuery, tags, summary: '接收诉求（24小时内，发送受理反馈，R2.3）', params: IdParams, body: VersionBody, response: { 200: CaseView, ...errorResponses } },
    },
    async (request) => {
      await cases.demandCommand(request.ctx, request.params.id, request.body.version, { type: 'acknowledgeDemand' });
      return caseQueries.getDemand(request.ctx, request.params.id);
    },
  );

  app.post(
    '/api/demands/:id/return',
    {
      config: { access: 'returnDemand' },
      schema: {
        operationId: 'returnDemand',
        querystring: NoQuery,
        tags,
        summary: '退回镇（街道）重新交派（R2.5）',
        params: IdParams,
        body: Type.Object({ version: Version, reason: Text(500) }, { additionalProperties: false }),
        response: { 200: CaseView, ...errorResponses },
      },
    },
    async (request) => {
      await cases.demandCommand(request.ctx, request.params.id, request.body.version, { type: 'returnDemand', reason: request.body.reason });
      return caseQueries.getDemand(request.ctx, request.params.id);
    },
  );

  app.post(
    '/api/demands/:id/reassign',
    {
      config: { access: 'reassignDemand' },
      schema: {
        operationId: 'reassignDemand',
        querystring: NoQuery,
        tags,
        summary: '重新交派到另一村（社区），24小时接收时限重新起算（R2.5）',
        params: IdParams,
        body: Type.Object({ version: Version, communityId: Id }, { additionalProperties: false }),
        response: { 200: CaseView, ...errorResponses },
      },
    },
    async (request) => {
      const { communityId, version } = request.body;
      const target = await app.services.org.unitName(communityId);
      await cases.demandCommand(request.ctx, request.params.id, version, { type: 'reassignDemand', communityId, communityName: target });
      return caseQueries.getDemand(request.ctx, request.params.id);
    },
  );

  app.post(
    '/api/demands/:id/triage',
    {
      config: { access: 'triageDemand' },
      schema: {
        operationId: 'triageDemand',
        querystring: NoQuery,
        tags,
        summary: '“两委”联席会议研判：立项 / 现行政策解决 / 不予采纳（R2.4）',
        params: IdParams,
        body: TriageBody,
        response: { 200: Type.Object({ demand: CaseView, projectId: Type.Union([Type.Integer(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (request) => {
      const { version, meeting, outcome } = request.body;
      const o = outcome.kind === 'adopt' ? { kind: 'adopt' as const, projectTitle: outcome.projectTitle, projectId: 0 } : outcome;
      // R0.8 the cited minutes are looked at only once the demand is known to be in the actor's jurisdiction.
      const checkMinutes = (): Promise<void> =>
        app.services.attachments.checkCitations(
          [{ type: 'demand', id: request.params.id }],
          [{ field: 'meeting.minutesAttachmentIds', ids: meeting.minutesAttachmentIds, kinds: ['committeeMinutes'] }],
        );
      const result = await cases.demandCommand(
        request.ctx,
        request.params.id,
        version,
        {
          type: 'triageDemand',
          meeting: { heldAt: new Date(meeting.heldAt).toISOString(), summary: meeting.summary, minutesAttachmentIds: meeting.minutesAttachmentIds },
          outcome: o,
        },
        'user',
        checkMinutes,
      );
      return { demand: await caseQueries.getDemand(request.ctx, request.params.id), projectId: result.projectId };
    },
  );

  app.post(
    '/api/demands/merge',
    {
      config: { access: 'mergeDemands' },
      schema: {
        operationId: 'mergeDemands',
        querystring: NoQuery,
        tags,
        summary: '合并同一需求的诉求，各提议人均收到每次反馈（R2.6）',
        body: Type.Object(
          {
            primaryDemandId: Id,
            demands: Type.Array(Type.Object({ id: Id, version: Version }, { additionalProperties: false }), { minItems: 2, maxItems: 50 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: CaseView, ...errorResponses },
      },
    },
    async (request) => {
      const versions = Object.fromEntries(request.body.demands.map((d) => [d.id, d.version]));
      await cases.mergeDemands(request.ctx, request.body.primaryDemandId, versions);
      return caseQueries.getDemand(request.ctx, request.body.primaryDemandId);
    },
  );
}
