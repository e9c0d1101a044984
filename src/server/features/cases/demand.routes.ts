/**
 * /api/demands: entering demands (R2.2, with an Idempotency-Key for machine intake), receipt (R2.3), return and
 * reassignment (R2.5), triage by the 两委 meeting (R2.4) as rows of the action table below, merging (R2.6), lists,
 * the open demands of a community like one being entered (R2.6), details and timelines. Entry (no demand yet) and
 * merge (several demands) have routes of their own; like the rows, they are audited, refusals included, by
 * `CaseService`.
 */
import { Type } from 'typebox';
import { DEMAND_STATUSES } from '../../../domain/lifecycle/statuses.js';
import type { App } from '../../http/app-type.js';
import { Id, IdParams, NoQuery, Version, errorResponses } from '../../http/schemas.js';
import { defineDemandAction, registerCaseActions } from './case-actions.js';
import { DemandDetail } from './case.mapper.js';
import { CaseList, CaseListQuery, NewDemandBody, Text, Timeline, TriageBody, VersionBody } from './case.schemas.js';

const tags = ['诉求'];

const SimilarDemandList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      trackingNumber: Type.String(),
      title: Type.String(),
      location: Type.String(),
      status: Type.Enum(DEMAND_STATUSES),
      statusLabel: Type.String(),
      createdAt: Type.String(),
      version: Type.Integer(),
      score: Type.Number({ description: '相近程度 0–1' }),
    }),
  ),
});

/** The triage's answer: the demand, and the project a meeting that adopts it opened (R2.4 a). */
const TriageReply = Type.Object({ demand: DemandDetail, projectId: Type.Union([Type.Integer(), Type.Null()]) });

export function registerDemandRoutes(app: App): void {
  const { cases, caseQueries, org } = app.services;

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
        response: { 201: DemandDetail, 200: DemandDetail, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await cases.createDemand(request.ctx, request.body, request.headers['idempotency-key'] ?? null);
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
    '/api/demands/similar',
    {
      config: { access: 'viewCase' },
      schema: {
        operationId: 'findSimilarDemands',
        tags,
        summary: '同一村（社区）尚未办结的相似诉求（录入时提示，可合并，R2.6）',
        description: '按标题（及地点）的相近程度，最多 5 件，最相近的在前；只在调用者管辖范围内查找',
        querystring: Type.Object(
          {
            communityId: Id,
            title: Type.String({ minLength: 1, maxLength: 100, description: '正在录入的诉求标题' }),
            location: Type.Optional(Type.String({ maxLength: 200, description: '诉求地点' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: SimilarDemandList, ...errorResponses },
      },
    },
    (request) => caseQueries.similarDemands(request.ctx, request.query),
  );

  app.get(
    '/api/demands/:id',
    {
      config: { access: 'viewCase' },
      schema: { operationId: 'viewDemand', querystring: NoQuery, tags, params: IdParams, response: { 200: DemandDetail, ...errorResponses } },
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

  registerCaseActions(app, [
    defineDemandAction({
      action: 'acknowledgeDemand',
      method: 'POST',
      path: '/api/demands/:id/acknowledge',
      summary: '接收诉求（24小时内，发送受理反馈，R2.3）',
      body: VersionBody,
      command: () => ({ type: 'acknowledgeDemand' }),
    }),
    defineDemandAction({
      action: 'returnDemand',
      method: 'POST',
      path: '/api/demands/:id/return',
      summary: '退回镇（街道）重新交派（R2.5）',
      body: Type.Object({ version: Version, reason: Text(500) }, { additionalProperties: false }),
      command: ({ body }) => ({ type: 'returnDemand', reason: body.reason }),
    }),
    defineDemandAction({
      action: 'reassignDemand',
      method: 'POST',
      path: '/api/demands/:id/reassign',
      summary: '重新交派到另一村（社区），24小时接收时限重新起算（R2.5）',
      body: Type.Object({ version: Version, communityId: Id }, { additionalProperties: false }),
      // R2.5 the service checks that the new community is one of the demand's town, and the actor's.
      command: async ({ body }) => ({ type: 'reassignDemand', communityId: body.communityId, communityName: await org.unitName(body.communityId) }),
    }),
    defineDemandAction({
      action: 'triageDemand',
      method: 'POST',
      path: '/api/demands/:id/triage',
      summary: '“两委”联席会议研判：立项 / 现行政策解决 / 不予采纳（R2.4）',
      body: TriageBody,
      cites: ({ meeting }) => [{ field: 'meeting.minutesAttachmentIds', ids: meeting.minutesAttachmentIds, kinds: ['committeeMinutes'] }],
      command: ({ body: { meeting, outcome } }) => ({
        type: 'triageDemand',
        meeting: { heldAt: new Date(meeting.heldAt).toISOString(), summary: meeting.summary, minutesAttachmentIds: meeting.minutesAttachmentIds },
        // R2.4 (a) the service reserves the adopted project's id in the action's transaction.
        outcome: outcome.kind === 'adopt' ? { kind: 'adopt', projectTitle: outcome.projectTitle, projectId: 0 } : outcome,
      }),
      reply: { schema: TriageReply, map: (demand, result) => ({ demand, projectId: result.projectId }) },
    }),
  ]);

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
        response: { 200: DemandDetail, ...errorResponses },
      },
    },
    async (request) => {
      const versions = Object.fromEntries(request.body.demands.map((d) => [d.id, d.version]));
      await cases.mergeDemands(request.ctx, request.body.primaryDemandId, versions);
      return caseQueries.getDemand(request.ctx, request.body.primaryDemandId);
    },
  );
}
