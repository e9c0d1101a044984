/**
 * /api/calendar: the statutory holiday schedule per year (read by all, edited by the bureau) and a deadline preview.
 */
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { App } from '../../http/app-type.js';
import { NoQuery, errorResponses } from '../../http/schemas.js';

const Day = Type.Object(
  {
    date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')], { description: 'holiday 放假；workday 调休上班' }),
    name: Type.String({ minLength: 1, maxLength: 32 }),
  },
  { additionalProperties: false },
);
const YearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false });
const Warning = Type.Object({ code: Type.String(), year: Type.Integer(), message: Type.String() });

export function registerCalendarRoutes(app: App): void {
  const { calendar } = app.services;

  app.get(
    '/api/calendar/years',
    {
      config: { access: 'viewCalendar' },
      schema: {
        operationId: 'listCalendarYears',
        querystring: NoQuery,
        tags: ['工作日历'],
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({ year: Type.Integer(), source: Type.String(), updatedAt: Type.String(), holidays: Type.Integer(), workdays: Type.Integer() }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ items: await calendar.listYears(request.ctx) }),
  );

  app.get(
    '/api/calendar/years/:year',
    {
      config: { access: 'viewCalendar' },
      schema: {
        operationId: 'viewCalendar',
        querystring: NoQuery,
        tags: ['工作日历'],
        params: YearParams,
        response: {
          200: Type.Object({
            year: Type.Integer(),
            published: Type.Boolean({ description: '是否已录入该年国务院节假日安排' }),
            source: Type.Union([Type.String(), Type.Null()]),
            updatedAt: Type.Union([Type.String(), Type.Null()]),
            days: Type.Array(Day),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => calendar.getYear(request.ctx, request.params.year),
  );

  app.put(
    '/api/calendar/years/:year',
    {
      config: { access: 'editCalendar' },
      schema: {
        operationId: 'editCalendar',
        querystring: NoQuery,
        tags: ['工作日历'],
        summary: '录入或替换某年的节假日与调休安排',
        params: YearParams,
        body: Type.Object(
          { source: Type.String({ minLength: 1, maxLength: 200, description: '依据，如“国办发明电〔2026〕X号”' }), days: Type.Array(Day, { maxItems: 120 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await calendar.replaceYear(request.ctx, request.params.year, request.body.source, request.body.days);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/calendar/deadline',
    {
      config: { access: 'viewCalendar' },
      schema: {
        operationId: 'previewDeadline',
        tags: ['工作日历'],
        summary: '按工作日历计算期限（跨入未录入年份时给出“临时计算”提示）',
        querystring: Type.Object(
          {
            start: Type.String({ format: 'date-time' }),
            kind: Type.Union([Type.Literal('calendarDays'), Type.Literal('workingDays'), Type.Literal('calendarMonths'), Type.Literal('hours')]),
            amount: Type.Integer({ minimum: 0, maximum: 366 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ due: Type.String(), dueDate: Type.String(), provisional: Type.Boolean(), warnings: Type.Array(Warning) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const start = new Date(request.query.start);
      if (Number.isNaN(start.getTime())) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'start', message: '时间格式不正确' }] });
      const d = await calendar.deadline(request.ctx, request.query.kind, start, request.query.amount);
      return { due: d.due.toISOString(), dueDate: d.dueDate, provisional: d.provisional, warnings: [...d.warnings] };
    },
  );
}
