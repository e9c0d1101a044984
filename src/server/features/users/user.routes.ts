/**
 * /api/users: account administration (system administrator) and roles and unlocking (security administrator).
 */
import { Type } from 'typebox';
import type { App } from '../../http/app-type.js';
import { Id, IdParams, Mobile, NoQuery, Paging, RoleSchema, Version, errorResponses } from '../../http/schemas.js';
import { UserRecord } from './user.mapper.js';

const Username = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{2,31}$', description: '3–32 位字母、数字、下划线、点或横线，字母开头' });
const DisplayName = Type.String({ minLength: 1, maxLength: 32 });
const WithOneTimePassword = Type.Object({
  user: UserRecord,
  oneTimePassword: Type.String({ description: '一次性初始密码，仅显示这一次，首次登录须修改' }),
});

export function registerUserRoutes(app: App): void {
  const { users } = app.services;

  app.get(
    '/api/users',
    {
      config: { access: 'listUsers' },
      schema: {
        operationId: 'listUsers',
        tags: ['用户管理'],
        querystring: Type.Object(
          { role: Type.Optional(RoleSchema), unitId: Type.Optional(Id), keyword: Type.Optional(Type.String({ maxLength: 32 })), ...Paging },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(UserRecord) }), ...errorResponses },
      },
    },
    (request) => users.list(request.ctx, { ...request.query, limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }),
  );

  app.post(
    '/api/users',
    {
      config: { access: 'createUser' },
      schema: {
        operationId: 'createUser',
        querystring: NoQuery,
        tags: ['用户管理'],
        body: Type.Object(
          { username: Username, displayName: DisplayName, role: RoleSchema, unitId: Id, phone: Type.Optional(Mobile) },
          { additionalProperties: false },
        ),
        response: { 201: WithOneTimePassword, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await users.create(request.ctx, request.body)),
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: 'updateUser' },
      schema: {
        operationId: 'updateUser',
        querystring: NoQuery,
        tags: ['用户管理'],
        params: IdParams,
        body: Type.Object(
          {
            version: Version,
            displayName: Type.Optional(DisplayName),
            unitId: Type.Optional(Id),
            phone: Type.Optional(Type.Union([Mobile, Type.Null()])),
            disabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: UserRecord, ...errorResponses },
      },
    },
    (request) => users.update(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/users/:id/password-reset',
    {
      config: { access: 'resetUserPassword' },
      schema: {
        operationId: 'resetUserPassword',
        querystring: NoQuery,
        tags: ['用户管理'],
        params: IdParams,
        body: Type.Object({ version: Version }, { additionalProperties: false }),
        response: { 200: WithOneTimePassword, ...errorResponses },
      },
    },
    (request) => users.resetPassword(request.ctx, request.params.id, request.body.version),
  );

  app.put(
    '/api/users/:id/role',
    {
      config: { access: 'assignRole' },
      schema: {
        operationId: 'assignRole',
        querystring: NoQuery,
        tags: ['用户管理'],
        params: IdParams,
        body: Type.Object(
          { version: Version, role: RoleSchema, unitId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: { 200: UserRecord, ...errorResponses },
      },
    },
    (request) => users.assignRole(request.ctx, request.params.id, request.body.version, request.body.role, request.body.unitId),
  );

  app.post(
    '/api/users/:id/unlock',
    {
      config: { access: 'unlockUser' },
      schema: { operationId: 'unlockUser', querystring: NoQuery, tags: ['用户管理'], params: IdParams, response: { 200: UserRecord, ...errorResponses } },
    },
    (request) => users.unlock(request.ctx, request.params.id),
  );
}
