/**
 * Schemas of the 12345 intake: a work order as the 12345 system sends it, and what it gets back.
 */
import { Type } from 'typebox';
import { Mobile } from '../../http/schemas.js';

export const INTAKE_CHANNELS = ['hotline12345', 'portal12345', 'wechatGuanjia'] as const;

export const IntakeHeaders = Type.Object({
  authorization: Type.Optional(Type.String({ description: 'Bearer <INTAKE_TOKEN>' })),
  'idempotency-key': Type.String({ minLength: 8, maxLength: 100, pattern: '^[\\x21-\\x7e]+$', description: '幂等键：重试时保持不变' }),
});

export const WorkOrderBody = Type.Object(
  {
    orderNumber: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: '12345 工单号' }),
    channel: Type.Union(
      INTAKE_CHANNELS.map((c) => Type.Literal(c)),
      { description: '来源渠道：12345热线 / 12345门户网站 / “莞家政务”公众号' },
    ),
    category: Type.String({ minLength: 1, maxLength: 50, description: '工单分类（文字）' }),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '标题；不填时由分类和内容生成' })),
    content: Type.String({ minLength: 1, maxLength: 1800, description: '诉求内容' }),
    address: Type.String({ minLength: 1, maxLength: 200, description: '诉求地点' }),
    community: Type.Object(
      {
        unitCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: '村（社区）统一代码' })),
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '村（社区）名称' })),
        townName: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: '所属镇（街道）名称' })),
      },
      { additionalProperties: false, description: '属地村（社区）：代码，或名称加镇（街道）名称' },
    ),
    proposer: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 32 }),
        phone: Type.Optional(Type.Union([Mobile, Type.Null()])),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const IntakeResult = Type.Object({
  demandId: Type.Integer(),
  trackingNumber: Type.String({ description: '诉求查询编号，回复给来电人' }),
  status: Type.String(),
  statusLabel: Type.String(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  createdAt: Type.String(),
  replayed: Type.Boolean({ description: '同一幂等键的重试：返回已登记的诉求' }),
});
