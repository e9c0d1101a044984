/**
 * /api/units: the jurisdiction tree, adding units, importing communities (multipart CSV / XLSX).
 */
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { App } from '../../http/app-type.js';
import { Id, NoQuery, errorResponses } from '../../http/schemas.js';
import { UnitView } from './org.mapper.js';

const ImportReport = Type.Object({
  accepted: Type.Integer(),
  rejected: Type.Array(Type.Object({ rowNumber: Type.Integer(), name: Type.String(), reasons: Type.Array(Type.String()) })),
  created: Type.Array(UnitView),
});

export function registerOrgRoutes(app: App): void {
  const { org } = app.services;

  app.get(
    '/api/units',
    {
      config: { access: 'viewOrgTree' },
      schema: {
        operationId: 'viewOrgTree',
        querystring: NoQuery,
        tags: ['组织架构'],
        summary: '管辖范围内的组织架构（平铺，按 parentId 组树）',
        response: { 200: Type.Object({ items: Type.Array(UnitView) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await org.tree(request.ctx) }),
  );

  app.post(
    '/api/units',
    {
      config: { access: 'createUnit' },
      schema: {
        operationId: 'createUnit',
        querystring: NoQuery,
        tags: ['组织架构'],
        summary: '新增村（社区）或职能部门',
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal('community'), Type.Literal('department')]),
            parentId: Id,
            name: Type.String({ minLength: 1, maxLength: 50 }),
            subkind: Type.String({ minLength: 1, maxLength: 32, description: '村/社区；部门简称' }),
            code: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z-]{0,32}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: UnitView, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await org.createUnit(request.ctx, request.body)),
  );

  app.post(
    '/api/units/import',
    {
      config: { access: 'importCommunities' },
      schema: {
        operationId: 'importCommunities',
        querystring: NoQuery,
        tags: ['组织架构'],
        summary: '从 CSV 或 XLSX 导入村（社区）：列 名称、所属镇街、类型（村/社区）、编码',
        consumes: ['multipart/form-data'],
        response: { 200: ImportReport, ...errorResponses },
      },
    },
    async (request) => {
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      const file = await request.file();
      if (file === undefined) throw new AppError('IMPORT_INVALID_FILE', { reason: '未收到文件' });
      const buffer = await file.toBuffer();
      return org.importCommunities(request.ctx, buffer, file.filename);
    },
  );
}
