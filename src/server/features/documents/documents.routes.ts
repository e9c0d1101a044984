/**
 * A project's official documents: the list (forms at this stage, editions issued), a form rendered now (PDF or Word,
 * masked for the reader's role), 出具 (kept exactly, with its hash and edition), an issued file shown again, and the
 * 附件3 sheets with one-time QR codes. Files go with an RFC 6266 Content-Disposition: the Chinese name in
 * `filename*`, an ASCII one in `filename`.
 */
import type { FastifyReply } from 'fastify';
import type { App } from '../../http/app-type.js';
import { IdParams, NoQuery, errorResponses } from '../../http/schemas.js';
import { contentDisposition } from '../cases/case-export.js';
import type { DocumentFile } from './documents.service.js';
import { DocumentFileSchema, DocumentParams, DocumentsList, FormatQuery, IssueBody, IssueResult, SurveySheetsBody } from './documents.schemas.js';

const tags = ['文书'];

function sendFile(reply: FastifyReply, file: DocumentFile, disposition: 'attachment' | 'inline'): FastifyReply {
  const header = contentDisposition({ filename: file.filename, ascii: file.ascii });
  return reply
    .header('content-type', file.mime)
    .header('content-disposition', disposition === 'inline' ? header.replace(/^attachment/, 'inline') : header)
    .header('cache-control', 'no-store')
    .send(file.bytes);
}

export function registerDocumentRoutes(app: App): void {
  const { documents } = app.services;

  app.get(
    '/api/projects/:id/documents',
    {
      config: { access: 'viewCase' },
      schema: {
        operationId: 'listProjectDocuments',
        querystring: NoQuery,
        tags,
        summary: '项目在当前阶段可生成的文书（登记备案表、结项表、满意度测评情况）及已出具的各版',
        params: IdParams,
        response: { 200: DocumentsList, ...errorResponses },
      },
    },
    (request) => documents.list(request.ctx, request.params.id),
  );

  app.get(
    '/api/projects/:id/documents/:form',
    {
      config: { access: 'viewCase' },
      schema: {
        operationId: 'renderProjectDocument',
        tags,
        summary: '按当前数据生成文书（PDF 或 Word），个人信息按角色脱敏；不留存，记入审计',
        params: DocumentParams,
        querystring: FormatQuery,
        response: { 200: DocumentFileSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'pdf';
      const file = await documents.render(request.ctx, request.params.id, request.params.form, format);
      return sendFile(reply, file, format === 'pdf' ? 'inline' : 'attachment');
    },
  );

  app.post(
    '/api/projects/:id/documents/:form/issue',
    {
      config: { access: 'issueDocument' },
      schema: {
        operationId: 'issueDocument',
        querystring: NoQuery,
        tags,
        summary: '出具文书（打印盖章、张贴公示、报送归档）：原样留存文件及其 SHA-256；内容改变后再出具为新的一版',
        params: DocumentParams,
        body: IssueBody,
        response: { 200: IssueResult, 201: IssueResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await documents.issue(request.ctx, request.params.id, request.params.form, request.body.format);
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );

  app.get(
    '/api/issued-documents/:id',
    {
      config: { access: 'viewCase' },
      schema: {
        operationId: 'downloadIssuedDocument',
        querystring: NoQuery,
        tags,
        summary: '下载已出具的文书原件（与打印件逐字节相同；含个人信息，仅村（社区）、镇（街道）工作人员）',
        params: IdParams,
        response: { 200: DocumentFileSchema, ...errorResponses },
      },
    },
    async (request, reply) => sendFile(reply, await documents.issued(request.ctx, request.params.id), 'attachment'),
  );

  app.post(
    '/api/projects/:id/survey/sheets',
    {
      config: { access: 'recordPaperSurvey' },
      schema: {
        operationId: 'printSurveySheets',
        querystring: NoQuery,
        tags: ['项目'],
        summary: '打印满意度测评表（附件3）：每份一页，印有一次性测评二维码和短链接（R6.5）；链接只出现在这份 PDF 中',
        params: IdParams,
        body: SurveySheetsBody,
        response: { 200: DocumentFileSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const file = await documents.surveySheets(request.ctx, request.params.id, request.body.count, `${request.protocol}://${request.host}`);
      return sendFile(reply, file, 'attachment');
    },
  );
}
