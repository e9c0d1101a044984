/**
 * The portal's raise of a need without an account: `GET /api/public/challenge` (the human check's question),
 * `POST /api/public/demands` (multipart: the JSON field `demand`, then up to six `photos`), and
 * `GET /api/public/units` (the towns and their communities to pick from, cacheable). The raise is limited per IP
 * here (`PUBLIC_RAISE_PER_IP_PER_MINUTE`, 429 with Retry-After, before the body is read) and per phone in the
 * service. The parts are read whole into memory, bounded by the limits given to the multipart reader (six photos of
 * PUBLIC_PHOTO_MAX_BYTES, a 16 KB field), before anything is checked or stored; a body of another type keeps the
 * app's 1 MB body limit.
 */
import type { FastifySchemaValidationError } from 'fastify';
import { AppError } from '../../errors.js';
import type { App } from '../../http/app-type.js';
import type { RequestContext } from '../../http/context.js';
import { NoQuery, errorResponses } from '../../http/schemas.js';
import { translateValidation } from '../../http/validation-messages.js';
import { createValidatorCompiler } from '../../http/validator.js';
import { createAttachmentStorage } from '../attachments/attachment-store.js';
import { findUnitsByKind } from '../org/org.repository.js';
import { sendCacheable } from './public-cache.js';
import { ChallengeService } from './public-challenge.js';
import { ChallengeResult, MAX_RAISE_PHOTOS, PublicUnits, RaiseDemandFields, RaiseDemandMultipart, RaiseResult, type RaiseDemandFieldsValue } from './public-raise.schemas.js';
import { PublicRaiseService, RetryLaterError, photoTooLarge, type RaisePhoto } from './public-raise.service.js';

const tags = ['公众'];
const errors = { ...errorResponses, 413: errorResponses[400], 415: errorResponses[400], 422: errorResponses[400], 429: errorResponses[400] };

/** The `demand` field is JSON of at most this many bytes. */
const MAX_FIELD_BYTES = 16 * 1024;

function asPublic(ctx: RequestContext): RequestContext {
  return { ...ctx, user: null };
}

/**
 * The `demand` field's JSON, checked against its schema as a body would be. A field sent as text holds the JSON
 * text; one sent with `Content-Type: application/json` arrives parsed by the multipart reader.
 */
function parseFields(raw: unknown): RaiseDemandFieldsValue {
  if (raw === undefined) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'demand', message: '未收到诉求内容（表单字段 demand）' }] });
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'demand', message: '诉求内容不是有效的 JSON' }] });
    }
  }
  if (!validateFields(value)) {
    const raw = (validateFields as unknown as { errors?: FastifySchemaValidationError[] | null }).errors ?? [];
    const fields = translateValidation(raw, 'demand').map((f) => ({ ...f, field: f.field === 'demand' ? f.field : `demand.${f.field}` }));
    throw new AppError('VALIDATION_FAILED', { fields });
  }
  return value as RaiseDemandFieldsValue;
}

const validateFields = createValidatorCompiler()({ schema: RaiseDemandFields, method: 'POST', url: '/api/public/demands', httpPart: 'body' }) as (value: unknown) => boolean;

export function registerPublicRaiseRoutes(app: App): void {
  const { config, cases, audit, transactor } = app.services;
  const raise = new PublicRaiseService(transactor, cases, audit, createAttachmentStorage(config), new ChallengeService(config.publicChallengeSecret), {
    perPhonePerHour: config.publicRaisePerPhonePerHour,
    photoMaxBytes: config.publicPhotoMaxBytes,
  });
  const publicAccess = { access: 'public' as const, rateLimit: { max: config.publicRateLimitPerMinute, timeWindow: 60_000 } };

  app.get(
    '/api/public/challenge',
    {
      config: publicAccess,
      schema: {
        operationId: 'getPublicChallenge',
        querystring: NoQuery,
        tags,
        summary: '提交诉求前的验证题（中文算术题，10分钟内有效，限用一次）',
        security: [],
        response: { 200: ChallengeResult, ...errors },
      },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(raise.challenge(request.ctx.now)),
  );

  app.get(
    '/api/public/units',
    {
      config: publicAccess,
      schema: {
        operationId: 'listPublicUnits',
        querystring: NoQuery,
        tags,
        summary: '镇（街道）及其村（社区），供群众提交诉求时选择',
        security: [],
        response: { 200: PublicUnits, 304: { type: 'null', description: '未改变（If-None-Match 与 ETag 相同）' } as const, ...errors },
      },
    },
    async (request, reply) => {
      const [towns, communities] = await Promise.all([findUnitsByKind(transactor.reader, 'town'), findUnitsByKind(transactor.reader, 'community')]);
      const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name, 'zh-CN');
      const body = {
        towns: [...towns].sort(byName).map((t) => ({
          id: t.id,
          name: t.name,
          communities: communities
            .filter((c) => c.town_id === t.id)
            .sort(byName)
            .map((c) => ({ id: c.id, name: c.name })),
        })),
      };
      return sendCacheable(request, reply, body, 300);
    },
  );

  app.post(
    '/api/public/demands',
    {
      config: { access: 'public', rateLimit: { max: config.publicRaisePerIpPerMinute, timeWindow: 60_000 } },
      // The parts are read by the handler; the schema (for the document) sees an empty object.
      preValidation: (request, _reply, done) => {
        if (request.body === undefined || request.body === null) request.body = {};
        done();
      },
      schema: {
        operationId: 'raisePublicDemand',
        querystring: NoQuery,
        tags,
        summary: '群众提交诉求（无需登录，“莞家政务”微信公众号渠道）：即时交派所选村（社区），24小时内受理反馈（R2.1、R2.2、R2.3）',
        description:
          'multipart/form-data：字段 `demand` 为 JSON 文本（RaiseDemandFields），`photos` 为 0–6 张 JPG/PNG 照片。' +
          '须先 GET /api/public/challenge 取验证题，把令牌和答案放在 demand.challenge 中；令牌用一次即失效（答错也失效）。' +
          '须同意个人信息收集使用告知（demand.consent）。被拒绝的请求不保存任何内容。',
        security: [],
        consumes: ['multipart/form-data'],
        body: RaiseDemandMultipart,
        response: { 201: RaiseResult, ...errors },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      let demandValue: unknown = undefined;
      const photos: RaisePhoto[] = [];
      try {
        const parts = request.parts({
          limits: { files: MAX_RAISE_PHOTOS + 1, fileSize: config.publicPhotoMaxBytes, fields: 4, fieldSize: MAX_FIELD_BYTES, parts: MAX_RAISE_PHOTOS + 5 },
        });
        for await (const part of parts) {
          if (part.type === 'file') {
            if (part.fieldname !== 'photos') {
              part.file.resume();
              throw new AppError('VALIDATION_FAILED', { fields: [{ field: part.fieldname, message: '照片请用表单字段 photos 上传' }] });
            }
            photos.push({ filename: part.filename, bytes: await part.toBuffer() });
          } else if (part.fieldname === 'demand') {
            demandValue = part.value;
          }
        }
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') {
          throw photoTooLarge(photos.length, config.publicPhotoMaxBytes);
        }
        if (code === 'FST_FILES_LIMIT') throw new AppError('TOO_MANY_PHOTOS', { max: MAX_RAISE_PHOTOS });
        throw error;
      }
      const fields = parseFields(demandValue);
      try {
        const answer = await raise.raise(asPublic(request.ctx), fields, photos);
        return await reply.status(201).header('cache-control', 'no-store').send(answer);
      } catch (error) {
        if (error instanceof RetryLaterError) void reply.header('retry-after', String(error.retryAfterSeconds));
        throw error;
      }
    },
  );
}
