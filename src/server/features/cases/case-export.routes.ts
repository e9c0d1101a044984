/**
 * GET /api/demands/export and /api/projects/export: the list's filter (without paging) as an XLSX file of every
 * case it gives inside the reader's jurisdiction, masked as the list is (R0.8); supervisors read it too (R7.2). Each
 * export is audited with its filter and row count.
 */
import { Type } from 'typebox';
import type { App } from '../../http/app-type.js';
import { errorResponses } from '../../http/schemas.js';
import { caseWorkbook, collectListRows, contentDisposition, EXPORT_ROW_LIMIT, exportFilename, XLSX_MIME, type ExportKind } from './case-export.js';
import { CaseListQuery } from './case.schemas.js';
import { ProjectListQuery } from './project.schemas.js';

/** The list's query without its paging: every filter the list takes, the export takes too. */
const DemandExportQuery = Type.Object(Type.Omit(CaseListQuery, ['limit', 'offset']).properties, { additionalProperties: false });
const ProjectExportQuery = Type.Object(Type.Omit(ProjectListQuery, ['limit', 'offset']).properties, { additionalProperties: false });

const XlsxFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'XLSX 文件' });

const note = `列表的筛选条件（不分页），最多 ${EXPORT_ROW_LIMIT} 条，超过时为 EXPORT_TOO_LARGE；个人信息按角色脱敏（R0.8）`;

/** The file's bytes and the headers that send it: its type, its dated name, never kept by a cache. */
async function xlsxFile(kind: ExportKind, rows: Parameters<typeof caseWorkbook>[1], now: Date): Promise<{ headers: Record<string, string>; bytes: Buffer }> {
  return {
    bytes: await caseWorkbook(kind, rows, now),
    headers: { 'content-type': XLSX_MIME, 'content-disposition': contentDisposition(exportFilename(kind, now)), 'cache-control': 'no-store' },
  };
}

export function registerCaseExportRoutes(app: App): void {
  const { caseQueries, audit } = app.services;

  /** An export is a read of many people's cases at once: audited with its filter and how many rows left (R0.7). */
  const recordExport = (ctx: Parameters<typeof audit.recordAlone>[0], action: 'exportDemands' | 'exportProjects', filter: unknown, rows: number) =>
    audit.recordAlone(ctx, { action, details: { filter, rows } });

  app.get(
    '/api/demands/export',
    {
      config: { access: 'viewCase' },
      schema: {
        operationId: 'exportDemands',
        tags: ['诉求'],
        summary: '导出管辖范围内符合筛选条件的诉求（Excel）',
        description: note,
        querystring: DemandExportQuery,
        response: { 200: XlsxFile, ...errorResponses },
      },
    },
    async (request, reply) => {
      const rows = await collectListRows((paging) => caseQueries.listDemands(request.ctx, { ...request.query, ...paging }));
      const file = await xlsxFile('demand', rows, request.ctx.now);
      await recordExport(request.ctx, 'exportDemands', request.query, rows.length);
      return reply.headers(file.headers).send(file.bytes);
    },
  );

  app.get(
    '/api/projects/export',
    {
      config: { access: 'viewCase' },
      schema: {
        operationId: 'exportProjects',
        tags: ['项目'],
        summary: '导出管辖范围内符合筛选条件的项目（Excel，含超限、疑似拆分等标记）',
        description: note,
        querystring: ProjectExportQuery,
        response: { 200: XlsxFile, ...errorResponses },
      },
    },
    async (request, reply) => {
      const rows = await collectListRows((paging) => caseQueries.listProjects(request.ctx, { ...request.query, ...paging }));
      const file = await xlsxFile('project', rows, request.ctx.now);
      await recordExport(request.ctx, 'exportProjects', request.query, rows.length);
      return reply.headers(file.headers).send(file.bytes);
    },
  );
}
