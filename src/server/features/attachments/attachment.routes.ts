/**
 * Uploading attachments to a demand or a project (multipart: `kind` field, then the file), listing and downloading.
 */
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { App } from '../../http/app-type.js';
import { IdParams, NoQuery, errorResponses } from '../../http/schemas.js';
import { ATTACHMENT_KINDS, isAttachmentKind } from '../../../domain/attachment-kinds.js';

const DownloadQuery = Type.Object(
  { disposition: Type.Optional(Type.Enum(['attachment', 'inline'], { description: 'inline：PDF 与 JPG/PNG 图片在浏览器中打开；其他类型总是下载' })) },
  { additionalProperties: false },
);

/** The types a browser shows itself (a PDF viewer, an image), never as a page of the system's origin. */
const PREVIEWABLE_MIMES: ReadonlySet<string> = new Set(['application/pdf', 'image/jpeg', 'image/png']);

export const AttachmentSchema = Type.Object({
  id: Type.Integer(),
  ownerType: Type.String(),
  ownerId: Type.Integer(),
  kind: Type.Enum(ATTACHMENT_KINDS),
  kindLabel: Type.String(),
  filename: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Type.String(),
});

export function registerAttachmentRoutes(app: App): void {
  const { attachments } = app.services;

  for (const ownerType of ['demand', 'project'] as const) {
    const base = ownerType === 'demand' ? '/api/demands/:id/attachments' : '/api/projects/:id/attachments';
    const noun = ownerType === 'demand' ? 'Demand' : 'Project';
    app.post(
      base,
      {
        config: { access: 'uploadAttachment' },
        schema: {
          operationId: `uploadAttachmentTo${noun}`,
          querystring: NoQuery,
          tags: ['附件'],
          summary: `上传附件（multipart：先 kind 字段，后 file；PDF/JPG/PNG/DOCX/XLSX，≤ 20 MB）`,
          consumes: ['multipart/form-data'],
          params: IdParams,
          response: { 201: AttachmentSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const file = await request.file();
        if (file === undefined) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'file', message: '未收到文件' }] });
        const kindField = file.fields.kind;
        const kind = kindField !== undefined && !Array.isArray(kindField) && kindField.type === 'field' ? String(kindField.value) : '';
        if (!isAttachmentKind(kind)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'kind', message: '请选择附件类型（须在文件之前提交）' }] });
        const bytes = await file.toBuffer();
        const view = await attachments.upload(request.ctx, { type: ownerType, id: request.params.id }, kind, file.filename, bytes);
        return reply.status(201).send(view);
      },
    );
    app.get(
      base,
      {
        config: { access: 'viewCase' },
        schema: { operationId: `list${noun}Attachments`, querystring: NoQuery, tags: ['附件'], params: IdParams, response: { 200: Type.Object({ items: Type.Array(AttachmentSchema) }), ...errorResponses } },
      },
      async (request) => ({ items: await attachments.list(request.ctx, { type: ownerType, id: request.params.id }) }),
    );
  }

  app.get(
    '/api/attachments/:id',
    {
      config: { access: 'downloadAttachment' },
      schema: {
        operationId: 'downloadAttachment',
        summary: '下载附件；PDF 与图片可在浏览器中预览（disposition=inline）',
        querystring: DownloadQuery,
        tags: ['附件'],
        params: IdParams,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: '文件内容' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { view, bytes } = await attachments.download(request.ctx, request.params.id);
      // Shown in the browser only for the types it renders without running anything of the file's (PDF, images).
      const inline = request.query.disposition === 'inline' && PREVIEWABLE_MIMES.has(view.mime);
      return reply
        .header('content-type', view.mime)
        .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(view.filename)}`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );
}
