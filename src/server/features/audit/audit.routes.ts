/**
 * /api/audit: the audit administrator reads the log and verifies its hash chain.
 */
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { App } from '../../http/app-type.js';
import { Id, NoQuery, Paging, errorResponses } from '../../http/schemas.js';

const Outcome = Type.Union([Type.Literal('success'), Type.Literal('denied'), Type.Literal('failure')]);

const AuditRecord = Type.Object({
  id: Type.Integer({ description: '记录号：写入的先后顺序' }),
  chain: Type.Integer({ description: '所属哈希链' }),
  seq: Type.Integer({ description: '在所属哈希链中的序号' }),
  occurredAt: Type.String(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  actor: Type.Object({
    userId: Type.Union([Type.Integer(), Type.Null()]),
    username: Type.Union([Type.String(), Type.Null()]),
    role: Type.Union([Type.String(), Type.Null()]),
    unitId: Type.Union([Type.Integer(), Type.Null()]),
  }),
  ip: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  target: Type.Object({
    type: Type.Union([Type.String(), Type.Null()]),
    id: Type.Union([Type.String(), Type.Null()]),
    unitId: Type.Union([Type.Integer(), Type.Null()]),
  }),
  outcome: Outcome,
  before: Type.Unknown(),
  after: Type.Unknown(),
  details: Type.Unknown(),
  hash: Type.String(),
});

/** A `date-time` the format check lets through but Date cannot read (a leap second, 23:59:60) is a validation error. */
function instant(field: string, value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new AppError('VALIDATION_FAILED', { fields: [{ field, message: '时间格式不正确' }] });
  return date.toISOString();
}

export function registerAuditRoutes(app: App): void {
  const { audit, access } = app.services;

  app.get(
    '/api/audit',
    {
      config: { access: 'viewAuditLog' },
      schema: {
        operationId: 'viewAuditLog',
        tags: ['审计'],
        querystring: Type.Object(
          {
            action: Type.Optional(Type.String({ maxLength: 64 })),
            actorUserId: Type.Optional(Id),
            targetType: Type.Optional(Type.String({ maxLength: 32 })),
            targetId: Type.Optional(Type.String({ maxLength: 64 })),
            outcome: Type.Optional(Outcome),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            ...Paging,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(AuditRecord) }), ...errorResponses },
      },
    },
    async (request) => {
      await access.require(request.ctx, 'viewAuditLog', null);
      const q = request.query;
      return audit.list({
        ...q,
        ...(q.from !== undefined ? { from: instant('from', q.from) } : {}),
        ...(q.to !== undefined ? { to: instant('to', q.to) } : {}),
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      });
    },
  );

  app.post(
    '/api/audit/verify',
    {
      config: { access: 'verifyAuditChain' },
      schema: {
        operationId: 'verifyAuditChain',
        querystring: NoQuery,
        tags: ['审计'],
        summary: '校验审计日志哈希链，指出断链位置',
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            checked: Type.Integer(),
            chains: Type.Integer(),
            breaks: Type.Array(Type.Object({ chain: Type.Integer(), seq: Type.Integer(), reason: Type.String(), message: Type.String() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      await access.require(request.ctx, 'verifyAuditChain', null);
      const report = await audit.verify();
      await audit.recordAlone(request.ctx, {
        action: 'verifyAuditChain',
        outcome: report.ok ? 'success' : 'failure',
        details: { checked: report.checked, breaks: report.breaks.length },
      });
      return { ...report, breaks: [...report.breaks] };
    },
  );
}
