/**
 * GET /api/health: the process is up and the database answers.
 */
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { App } from '../../http/app-type.js';
import { NoQuery } from '../../http/schemas.js';

export function registerHealthRoutes(app: App): void {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'getHealth',
        querystring: NoQuery,
        tags: ['系统'],
        summary: '健康检查（含数据库）',
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.String(), time: Type.String() }),
        },
      },
    },
    async () => {
      const { health, clock } = app.services;
      try {
        await health.checkDatabase();
      } catch (err) {
        app.log.error({ err }, 'health check: database unavailable');
        throw new AppError('DATABASE_UNAVAILABLE');
      }
      return { status: 'ok' as const, database: health.dialect, time: clock().toISOString() };
    },
  );
}
