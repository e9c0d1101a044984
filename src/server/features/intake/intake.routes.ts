/**
 * /api/intake/12345/demands: the 12345 system delivers its work orders here (R2.2). No sign-in: the route is
 * `public` to the sign-in layer and authenticates the caller itself by `Authorization: Bearer <INTAKE_TOKEN>`
 * before the body is read; with INTAKE_TOKEN unset every call is refused with 401. `Idempotency-Key` is required.
 * Rate-limited per IP (INTAKE_RATE_LIMIT a minute) before the token is looked at: beyond the limit, 429 without an
 * audit record, so that guessing tokens can neither go on nor fill the audit log.
 */
import type { App } from '../../http/app-type.js';
import { NoQuery, errorResponses } from '../../http/schemas.js';
import { IntakeHeaders, IntakeResult, WorkOrderBody } from './intake.schemas.js';

export function registerIntakeRoutes(app: App): void {
  const { intake, config } = app.services;
  // Before the token check: a limited caller is refused without being authenticated or audited.
  const limit = app.rateLimit({ max: config.intakeRateLimitPerMinute, timeWindow: 60_000 });

  app.post(
    '/api/intake/12345/demands',
    {
      config: { access: 'public' },
      onRequest: [
        limit,
        async (request, reply) => {
          try {
            await intake.authenticate({ ...request.ctx, user: null }, request.headers.authorization, request.routeOptions.url ?? '');
          } catch (error) {
            void reply.header('www-authenticate', 'Bearer realm="intake12345"');
            throw error;
          }
        },
      ],
      schema: {
        operationId: 'intakeDemand12345',
        querystring: NoQuery,
        tags: ['系统对接'],
        summary: '接收12345工单，录入诉求并即时交派属地村（社区）（R2.2）；同一幂等键重试返回同一诉求',
        description: '以 `Authorization: Bearer <INTAKE_TOKEN>` 认证（未配置 INTAKE_TOKEN 时一律 401）；须带 `Idempotency-Key`。',
        security: [],
        headers: IntakeHeaders,
        body: WorkOrderBody,
        response: { 201: IntakeResult, 200: IntakeResult, ...errorResponses, 422: errorResponses[400], 429: errorResponses[400] },
      },
    },
    async (request, reply) => {
      // The integration acts as the system, never as whoever may be signed in on the calling machine.
      const ctx = { ...request.ctx, user: null };
      const result = await intake.receive(ctx, request.body, request.headers['idempotency-key']);
      return reply.status(result.replayed ? 200 : 201).header('cache-control', 'no-store').send(result);
    },
  );
}
