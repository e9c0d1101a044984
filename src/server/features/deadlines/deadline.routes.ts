/**
 * POST /api/deadlines/:id/reminders: 催办 a step by the level above (R7.2).
 */
import { Type } from 'typebox';
import type { App } from '../../http/app-type.js';
import { IdParams, NoQuery, errorResponses } from '../../http/schemas.js';

export function registerDeadlineRoutes(app: App): void {
  const { reminders } = app.services;
  app.post(
    '/api/deadlines/:id/reminders',
    {
      config: { access: 'sendReminder' },
      schema: {
        operationId: 'sendReminder',
        querystring: NoQuery,
        tags: ['期限'],
        summary: '催办：上一级对即将超期或已超期的环节发出催办（R7.2）',
        params: IdParams,
        body: Type.Object({ message: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ reminders: Type.Integer() }), ...errorResponses },
      },
    },
    (request) => reminders.remind(request.ctx, request.params.id, request.body.message),
  );
}
