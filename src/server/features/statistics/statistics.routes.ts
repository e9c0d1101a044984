/**
 * GET /api/statistics and /api/statistics/export: the statistics of the reader's jurisdiction (issue 12 point 4),
 * as JSON for the charts and as an XLSX file of the same numbers (statistics.service.ts).
 */
import { Type } from 'typebox';
import type { App } from '../../http/app-type.js';
import { errorResponses } from '../../http/schemas.js';
import { StatisticsQuery, StatisticsResponse } from './statistics.schemas.js';

const XlsxFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'XLSX 文件' });

const scopeNote =
  '范围与诉求、项目列表相同：村（社区）工作人员为本村（社区），镇（街道）工作人员为本镇（街道），市局和监督人员为全市或其管辖范围；' +
  '筛选的镇（街道）或村（社区）在管辖范围之外时没有记录（各项为 0）。';

export function registerStatisticsRoutes(app: App): void {
  const { statistics } = app.services;

  app.get(
    '/api/statistics',
    {
      config: { access: 'viewCase' },
      schema: {
        operationId: 'viewStatistics',
        tags: ['统计'],
        summary: '统计：项目和资金按镇街、村（社区）、类型、办理方式、状态，诉求按渠道、状态，各环节按时办结率，满意度，超限和拆分标记，预算与实际投入',
        description: `${scopeNote}每一项带有重现它的列表查询（drill），金额为整数分和万元文本。满意度和实际投入读自已结项项目（最新的最多 5000 个）。`,
        querystring: StatisticsQuery,
        response: { 200: StatisticsResponse, ...errorResponses },
      },
    },
    (request) => statistics.statistics(request.ctx, request.query),
  );

  app.get(
    '/api/statistics/export',
    {
      config: { access: 'viewCase' },
      schema: {
        operationId: 'exportStatistics',
        tags: ['统计'],
        summary: '导出统计（Excel，每张表一个工作表）',
        description: `${scopeNote}数字与 GET /api/statistics 相同；导出记入审计（导出文书）。`,
        querystring: StatisticsQuery,
        response: { 200: XlsxFile, ...errorResponses },
      },
    },
    async (request, reply) => {
      const file = await statistics.export(request.ctx, request.query);
      return reply.headers(file.headers).send(file.bytes);
    },
  );
}
