/**
 * Sign-in and the signed-in user's own session: POST/GET/DELETE /api/session, POST /api/session/password.
 */
import { Type } from 'typebox';
import type { App } from '../../http/app-type.js';
import { NoQuery, errorResponses } from '../../http/schemas.js';
import { UserView, mapSessionUser } from '../users/user.mapper.js';
import { SESSION_COOKIE } from './auth.service.js';

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export function registerAuthRoutes(app: App): void {
  const { auth, config } = app.services;
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.secureCookies,
  };

  app.post(
    '/api/session',
    {
      config: {
        access: 'public',
        rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 },
      },
      schema: {
        operationId: 'login',
        querystring: NoQuery,
        tags: ['账号'],
        summary: '登录',
        security: [],
        body: LoginBody,
        response: { 200: UserView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await auth.login(request.ctx, request.body.username, request.body.password, request.headers['user-agent'] ?? null);
      void reply.setCookie(SESSION_COOKIE, result.token, { ...cookieOptions, maxAge: config.sessionAbsoluteHours * 3600 });
      return mapSessionUser(result.user);
    },
  );

  app.get(
    '/api/session',
    {
      config: { access: 'viewProfile' },
      schema: { operationId: 'viewProfile', querystring: NoQuery, tags: ['账号'], summary: '当前用户', response: { 200: UserView, ...errorResponses } },
    },
    (request) => {
      const user = request.ctx.user;
      if (user === null) throw new Error('unreachable: access requires a user');
      return mapSessionUser(user);
    },
  );

  app.delete(
    '/api/session',
    {
      config: { access: 'authenticated' },
      schema: { operationId: 'logout', querystring: NoQuery, tags: ['账号'], summary: '退出登录', response: { 204: Type.Null(), ...errorResponses } },
    },
    async (request, reply) => {
      await auth.logout(request.ctx);
      void reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/session/password',
    {
      config: { access: 'changePassword' },
      schema: {
        operationId: 'changePassword',
        querystring: NoQuery,
        tags: ['账号'],
        summary: '修改密码',
        body: ChangePasswordBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await auth.changePassword(request.ctx, request.body.currentPassword, request.body.newPassword);
      return reply.status(204).send(null);
    },
  );
}
