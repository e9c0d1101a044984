/**
 * The app factory: `buildApp()` wires plugins, the request context, access enforcement, the error catalogue and
 * every feature's routes. It does not listen; `main.ts` does, tests use `app.inject()`.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyError, type FastifyReply, type FastifySchemaValidationError, type FastifyServerOptions } from 'fastify';
import helmet from 'helmet';
import { authorize } from '../domain/access/policy.js';
import { MAX_MONEY_FEN, MAX_MONEY_LABEL } from '../domain/money.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { AppError, errorBody, type FieldError } from './errors.js';
import type { App } from './http/app-type.js';
import { registerCacheControl } from './http/cache-control.js';
import { clientErrorHandler } from './http/client-errors.js';
import { systemClock, type Clock } from './http/context.js';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, isRouteAccess } from './http/route-config.js';
import { NoQuery } from './http/schemas.js';
import { isWellFormedText, storableText } from './http/unicode.js';
import { translateValidation } from './http/validation-messages.js';
import { sharedSerializerFactory } from './http/serializer.js';
import { createValidatorCompiler } from './http/validator.js';
import { registerAttachmentRoutes } from './features/attachments/attachment.routes.js';
import { registerAuditRoutes } from './features/audit/audit.routes.js';
import { SESSION_COOKIE } from './features/auth/auth.service.js';
import { registerAuthRoutes } from './features/auth/auth.routes.js';
import { registerCalendarRoutes } from './features/calendar/calendar.routes.js';
import { registerDemandRoutes } from './features/cases/demand.routes.js';
import { registerProjectRoutes } from './features/cases/project.routes.js';
import { registerCaseExportRoutes } from './features/cases/case-export.routes.js';
import { registerDocumentRoutes } from './features/documents/documents.routes.js';
import { registerTownDocumentRoutes } from './features/documents/town-documents.routes.js';
import { registerFundsRoutes } from './features/funds/funds.routes.js';
import { registerPlanRoutes } from './features/plans/plans.routes.js';
import { registerTodoRoutes } from './features/cases/todo.routes.js';
import { registerDeadlineRoutes } from './features/deadlines/deadline.routes.js';
import { registerHealthRoutes } from './features/health/health.routes.js';
import { registerIntakeRoutes } from './features/intake/intake.routes.js';
import { registerOrgRoutes } from './features/org/org.routes.js';
import { registerPublicRoutes } from './features/public/public.routes.js';
import { registerOpenDataRoutes } from './features/public/open-data.routes.js';
import { registerStatisticsRoutes } from './features/statistics/statistics.routes.js';
import { registerUserRoutes } from './features/users/user.routes.js';
import { PORTAL_DIR, isAssetPath, isPortalPath, legacySurveyTarget, registerWebAssets, sendPortalShell, sendShell } from './http/web-assets.js';
import { createServices, type Services } from './services.js';

export interface BuildOptions {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly clock?: Clock;
  /** The built web app to serve (default dist/web). */
  readonly webRoot?: string;
  /** Pino options, or false for silence (tests). */
  readonly logger?: FastifyServerOptions['logger'];
}

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export async function buildApp(options: BuildOptions): Promise<App> {
  const { config, database } = options;
  const clock = options.clock ?? systemClock;
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      // JSON logs without personal data: no IPs, no headers, no query strings, no bodies.
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url.split('?')[0], id: req.id }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    genReqId: () => randomUUID(),
    // One serializer per response schema, shared by the routes that answer with it (http/serializer.ts).
    schemaController: { compilersFactory: { buildSerializer: sharedSerializerFactory() } },
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    // Node's parser refuses some requests before Fastify sees them (431, 408, 400): answer those in the catalogue's
    // form too.
    clientErrorHandler,
    // During shutdown a request still arriving gets the catalogue's 503 (the onRequest hook below), not Fastify's.
    return503OnClosing: false,
    // A malformed URL or an over-long path parameter is refused by the router, before the hooks that set the
    // security headers: answer in the catalogue's form, with those headers.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const appError =
        error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new AppError('VALIDATION_FAILED', { fields: [{ field: 'url', message: '地址格式不正确或路径参数过长' }] })
          : new AppError('INTERNAL');
      void reply
        .status(appError.status)
        .headers({
          'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'cache-control': 'no-store',
        })
        .send(errorBody(appError));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Bodies are validated strictly; query strings and path parameters are converted from text, numbers only from
  // decimal digits (http/validator.ts).
  app.setValidatorCompiler(createValidatorCompiler());
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  // The API speaks JSON, and multipart for uploads. A cross-site HTML form can post only text/plain, urlencoded or
  // multipart bodies: refusing the first two keeps such forms away from every JSON route, on top of SameSite=Strict.
  app.removeContentTypeParser('text/plain');

  const services = createServices(config, database, clock);
  app.decorate('services', services);
  // Repeated security events still being counted get their summary record before the database closes.
  app.addHook('onClose', async () => {
    await services.audit.flushAggregates(clock(), true);
  });
  app.decorateRequest('ctx', null as never);

  // "No route without a policy": registering an API route that does not declare its access fails at start-up.
  // Nor without a query string schema: an unknown query parameter is refused like an unknown body field.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const access = route.config?.access;
    if (!isRouteAccess(access)) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access (config.access)`);
    }
    if (access !== 'public' && access !== 'authenticated' && route.schema?.operationId === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} has no operationId`);
    }
    if (route.schema?.querystring === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no query string schema (schema.querystring)`);
    }
  });

  // Security headers, built once: helmet's middleware sets them on the raw response of every request.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd injects its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.secureCookies ? undefined : false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (err) => done(err instanceof Error ? err : undefined));
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError('RATE_LIMITED'),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: '民生微实事信息管理系统 API', version: '0.1.0', description: '东莞市“民生大莞家”服务项目“民生微实事”' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  // The document the web client is generated from, at a stable address.
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true, querystring: NoQuery } }, () => app.swagger());

  app.addHook('onRequest', async (request) => {
    if (closing) throw new AppError('SHUTTING_DOWN');
    const base = { requestId: request.id, ip: request.ip, user: null, now: clock() };
    request.ctx = base;
    const token = request.cookies[SESSION_COOKIE];
    if (token !== undefined && token !== '') {
      request.ctx = { ...base, user: await services.auth.authenticate(base, token) };
    }
  });

  // Access is decided before the body is read or validated: an anonymous caller or a role without the action gets
  // 401 / 403 (and the denial is audited) whatever it sent, and never learns the route's schema from a 400.
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    const user = request.ctx.user;
    if (user === null) {
      throw new AppError(request.cookies[SESSION_COOKIE] ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    }
    if (user.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(access)) throw new AppError('PASSWORD_CHANGE_REQUIRED');
    if (access === 'authenticated') return;
    // The role check; the jurisdiction check on the target is the service's, once it has loaded the target.
    const decision = authorize(user, access, null);
    if (!decision.allowed) {
      await services.audit.recordAlone(request.ctx, {
        action: 'accessDenied',
        outcome: 'denied',
        details: { attempted: access, code: decision.code, route: request.routeOptions.url },
      });
      throw new AppError(decision.code, { action: access });
    }
  });

  // PostgreSQL text cannot hold U+0000, and a lone UTF-16 surrogate is stored as U+FFFD by both databases' drivers,
  // so what was checked, hashed or answered would not be what is stored: refuse both in any input (params, query,
  // body keys and values) as a validation error, on both databases alike.
  app.addHook('preValidation', (request, _reply, done) => {
    const bad = unstorableText({ ...asRecord(request.params), ...asRecord(request.query) }) ?? unstorableText(request.body);
    done(bad === null ? undefined : new AppError('VALIDATION_FAILED', { fields: [{ field: bad.field === '' ? 'body' : bad.field, message: bad.message }] }));
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const appError = toAppError(error, request.routeOptions.config.access === undefined ? undefined : 'body');
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.status(appError.status).header('cache-control', 'no-store').send({
      ...errorBody(appError),
      ...(appError.status >= 500 ? { requestId: request.id } : {}),
    });
  });

  registerCacheControl(app);
  registerHealthRoutes(app);
  registerAuthRoutes(app);
  registerUserRoutes(app);
  registerOrgRoutes(app);
  registerCalendarRoutes(app);
  registerAuditRoutes(app);
  registerDemandRoutes(app);
  registerProjectRoutes(app);
  registerCaseExportRoutes(app);
  registerDocumentRoutes(app);
  registerTownDocumentRoutes(app);
  registerFundsRoutes(app);
  registerPlanRoutes(app);
  registerTodoRoutes(app);
  registerAttachmentRoutes(app);
  registerDeadlineRoutes(app);
  registerPublicRoutes(app);
  registerOpenDataRoutes(app);
  registerStatisticsRoutes(app);
  registerIntakeRoutes(app);

  const webRoot = options.webRoot ?? WEB_DIST;
  const serveWeb = config.serveWeb && fs.existsSync(path.join(webRoot, 'index.html'));
  if (serveWeb) await registerWebAssets(app, webRoot);
  const servePortal = serveWeb && fs.existsSync(path.join(webRoot, PORTAL_DIR, 'index.html'));
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && !isAssetPath(request.url);
    // The survey links on paper sheets and QR codes (R6.5) open the portal's survey page.
    const survey = isPage && servePortal ? legacySurveyTarget(request.url) : null;
    if (survey !== null) return reply.redirect(survey, 302);
    if (isPage && servePortal && isPortalPath(request.url)) return sendPortalShell(reply);
    if (isPage && serveWeb && !isPortalPath(request.url)) {
      // The web app routes on the client: every non-API path serves its shell. A missing asset is a 404, not the
      // shell: a browser would otherwise run HTML as a script.
      return sendShell(reply);
    }
    return reply.status(404).header('cache-control', 'no-store').send(errorBody(new AppError('ROUTE_NOT_FOUND')));
  });

  return app;
}

function toAppError(error: FastifyError | AppError, context: string | undefined): AppError {
  if (error instanceof AppError) return error;
  if (error.validation !== undefined) {
    const fields = translateValidation(error.validation, error.validationContext ?? context);
    // R0.1 an amount past the money ceiling is a refusal of the amount (422, as the domain answers a sum past it),
    // not a malformed request; the schemas carry the ceiling as the `maximum` of every money field.
    const money = moneyCeilingFields(error.validation, error.validationContext ?? context);
    if (money !== null) return new AppError('MONEY_INVALID', { rule: 'R0.1', fields: money });
    return new AppError('VALIDATION_FAILED', { fields });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('INVALID_JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    default:
      break;
  }
  // A multipart body that cannot be read (no boundary, cut short) is the sender's fault, not the server's.
  if (/^Multipart: |unexpected end of multipart data/i.test(error.message) || error.code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new AppError('VALIDATION_FAILED', { fields: [{ field: 'file', message: '上传内容不完整或格式有误' }] });
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return new AppError('RATE_LIMITED');
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (status === 404) return new AppError('NOT_FOUND');
  if (status >= 400 && status < 500) return new AppError('VALIDATION_FAILED', { fields: [{ field: context ?? 'request', message: '请求不符合要求' }] });
  return new AppError('INTERNAL');
}

/**
 * The fields of a refusal that is only about amounts past the money ceiling, or null. A nullable part of a body
 * (`anyOf: [null, object]`) adds the alternatives' own errors at the part's path: those are not refusals of their own.
 */
function moneyCeilingFields(errors: FastifySchemaValidationError[], context: string | undefined): FieldError[] | null {
  const isMoney = (e: FastifySchemaValidationError): boolean => e.keyword === 'maximum' && e.params.limit === MAX_MONEY_FEN;
  const money = errors.filter(isMoney);
  if (money.length === 0) return null;
  const wraps = (e: FastifySchemaValidationError): boolean =>
    (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'type') && money.some((m) => m.instancePath.startsWith(`${e.instancePath}/`));
  if (!errors.every((e) => isMoney(e) || wraps(e))) return null;
  return translateValidation(money, context).map((f) => ({ ...f, message: `金额不能超过${MAX_MONEY_LABEL}` }));
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** Why a string cannot be stored as it is, null when it can. */
function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return '不能包含空字符';
  if (!isWellFormedText(text)) return '包含无效的字符（不是有效的 Unicode 文本）';
  return null;
}

/**
 * The first string (or key) holding U+0000 or a lone surrogate: its path ('' for the value itself) and the
 * problem; null when there is none. Iterative: a deeply nested body must not overflow the stack.
 */
function unstorableText(root: unknown): { field: string; message: string } | null {
  const pending: { value: unknown; path: string }[] = [{ value: root, path: '' }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value, path } = item;
    if (typeof value === 'string') {
      const message = textProblem(value);
      if (message !== null) return { field: path, message };
      continue;
    }
    if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) continue;
    for (const [key, v] of Object.entries(value)) {
      // A key is named by its well-formed form, so the answer itself can be encoded.
      const child = path === '' ? storableText(key) : `${path}.${storableText(key)}`;
      const message = textProblem(key);
      if (message !== null) return { field: child, message };
      pending.push({ value: v, path: child });
    }
  }
  return null;
}
