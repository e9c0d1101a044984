/**
 * Schemas of raising a need on the portal without an account (R2.1, R2.2): the human check's question, the fields
 * of the raise (sent as the JSON text of the multipart field `demand`, photos as `photos` files), what the raise
 * answers, and the town → community list the form picks from.
 */
import { Type, type Static } from 'typebox';
import { Id, Mobile } from '../../http/schemas.js';

/** At most this many photos with one raise. */
export const MAX_RAISE_PHOTOS = 6;

/** The version of the personal-data notice the portal shows; a raise must name the version it consented to. */
export const PRIVACY_NOTICE_VERSION = '2026-12';

export const ChallengeResult = Type.Object({
  question: Type.String({ description: '验证题（中文算术题），例如“7 加 5 等于多少？”' }),
  token: Type.String({ description: '与答案一同提交；签名保护，限用一次' }),
  expiresAt: Type.String({ description: '验证题的有效期至（ISO 时间）' }),
});

export const RaiseDemandFields = Type.Object(
  {
    communityId: Id,
    location: Type.String({ minLength: 1, maxLength: 200, description: '诉求地点（如：某某路口、某小区门口）' }),
    description: Type.String({ minLength: 5, maxLength: 1000, description: '诉求内容' }),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: '标题；不填时取诉求内容的前 30 个字' })),
    name: Type.String({ minLength: 1, maxLength: 32, description: '姓名或称呼' }),
    phone: Mobile,
    consent: Type.Optional(
      Type.Object(
        {
          accepted: Type.Boolean({ description: '已阅读并同意《个人信息收集使用告知》；须为 true，否则 CONSENT_REQUIRED' }),
          noticeVersion: Type.String({ minLength: 1, maxLength: 20, description: `所同意告知的版本号（当前 ${PRIVACY_NOTICE_VERSION}）` }),
        },
        { additionalProperties: false },
      ),
    ),
    challenge: Type.Object(
      {
        token: Type.String({ minLength: 1, maxLength: 200 }),
        answer: Type.String({ minLength: 1, maxLength: 8, description: '验证题的答案（数字）' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type RaiseDemandFieldsValue = Static<typeof RaiseDemandFields>;

/**
 * The multipart body as the OpenAPI document describes it. Fastify validates only an empty object against it (the
 * multipart parser leaves no body; the route puts `{}` there): the route reads the parts and checks `demand`
 * against `RaiseDemandFields` itself.
 */
export const RaiseDemandMultipart = {
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        properties: {
          demand: RaiseDemandFields,
          photos: Type.Array(Type.String({ format: 'binary' }), { maxItems: MAX_RAISE_PHOTOS, description: `现场照片，JPG 或 PNG，最多 ${MAX_RAISE_PHOTOS} 张` }),
        },
      },
      encoding: { demand: { contentType: 'application/json' } },
    },
  },
} as const;

export const RaiseResult = Type.Object({
  trackingNumber: Type.String({ description: '诉求查询编号：凭此编号和手机号查询办理进度' }),
  communityName: Type.String({ description: '已交派的村（社区）' }),
  townName: Type.String(),
  submittedAt: Type.String(),
  photoCount: Type.Integer(),
  receiptDueAt: Type.String({ description: '村（社区）受理反馈的期限（交派后24小时，R2.3）' }),
  nextSteps: Type.Array(Type.String(), { description: '接下来会发生什么（按先后）' }),
});

export const PublicUnits = Type.Object({
  towns: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      communities: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
    }),
  ),
});
