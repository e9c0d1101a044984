/**
 * A town's yearly documents: GET /api/towns/:id/annual-plan (《镇（街道）年度“民生微实事”项目实施计划表》, R8.2) and
 * GET /api/towns/:id/funds-ledger (资金发放台账, R9.1), each for `year` as XLSX or PDF, with an RFC 6266 name.
 */
import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import type { App } from '../../http/app-type.js';
import { IdParams, errorResponses } from '../../http/schemas.js';
import { contentDisposition } from '../cases/case-export.js';
import type { DocumentFile } from './documents.service.js';
import { TOWN_DOCUMENT_FORMATS } from './town-documents.js';

const tags = ['文书'];

/** The year and the format; a year outside 2000–2100 or an unknown format is a 400 VALIDATION_FAILED. */
export const TownDocumentQuery = Type.Object(
  {
    year: Type.Integer({ minimum: 2000, maximum: 2100, description: '年度（如 2026）' }),
    format: Type.Optional(Type.Enum([...TOWN_DOCUMENT_FORMATS], { default: 'xlsx', description: 'xlsx（Excel，默认）或 pdf' })),
  },
  { additionalProperties: false },
);

const TownDocumentFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'XLSX 或 PDF 文件' });

function send(reply: FastifyReply, file: DocumentFile): FastifyReply {
  return reply.header('content-type', file.mime).header('content-disposition', contentDisposition(file)).header('cache-control', 'no-store').send(file.bytes);
}

export function registerTownDocumentRoutes(app: App): void {
  const { townDocuments } = app.services;

  app.get(
    '/api/towns/:id/annual-plan',
    {
      config: { access: 'viewCase' },
      schema: {
        operationId: 'exportAnnualPlan',
        tags,
        summary: '镇（街道）年度“民生微实事”项目实施计划表（R8.2，Excel 或 PDF）：本年度已备案或经镇（街道）确认的项目，集中征集在前',
        description: '含市民政局设定的市分配额度与差额（R8.3，未设定时留空待填）；年度项目库调整（R8.4）列入日常征集部分；Excel 的说明页载盖章及报送情况（R8.2）；记入审计',
        params: IdParams,
        querystring: TownDocumentQuery,
        response: { 200: TownDocumentFile, ...errorResponses },
      },
    },
    async (request, reply) => send(reply, await townDocuments.annualPlan(request.ctx, request.params.id, request.query.year, request.query.format ?? 'xlsx')),
  );

  app.get(
    '/api/towns/:id/funds-ledger',
    {
      config: { access: 'viewCase' },
      schema: {
        operationId: 'exportFundsLedger',
        tags,
        summary: '镇（街道）“民生微实事”资金发放台账（R9.1，Excel 或 PDF）：各项目按资金来源的批准金额与结项实际投入',
        description: '资金发放明细（发放日期、村（社区）、项目、金额、资金来源、凭证号）逐笔列入，带合计；Excel 的说明页载市分配额度、镇街配套资金及其发放；记入审计',
        params: IdParams,
        querystring: TownDocumentQuery,
        response: { 200: TownDocumentFile, ...errorResponses },
      },
    },
    async (request, reply) => send(reply, await townDocuments.fundsLedger(request.ctx, request.params.id, request.query.year, request.query.format ?? 'xlsx')),
  );
}
