/**
 * Schemas shared by many routes: the error body, paging, ids, versions.
 */
import { Type } from 'typebox';
import { ROLES, UNIT_KINDS } from '../../domain/access/roles.js';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: '稳定的错误代码，见 docs/errors.md' }),
      message: Type.String({ description: '中文说明' }),
      details: Type.Unknown(),
    }),
    requestId: Type.Optional(Type.String()),
  },
  { $id: undefined },
);

/** Standard error responses added to every operation's documentation. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
} as const;

/**
 * The largest value of an `integer` column on PostgreSQL. A larger id, version or offset is refused here as a
 * validation error; otherwise PostgreSQL refuses it as out of range and the request fails with a 500.
 */
export const MAX_DB_INTEGER = 2_147_483_647;

/** A record id in a path, query or body. */
export const Id = Type.Integer({ minimum: 1, maximum: MAX_DB_INTEGER });

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

/** The query string of a route that takes no query parameters: any parameter is refused as unknown. */
export const NoQuery = Type.Object({}, { additionalProperties: false });

export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_DB_INTEGER, default: 0 })),
};

export const Version = Type.Integer({ minimum: 1, maximum: MAX_DB_INTEGER, description: '读取时的版本号（乐观并发控制）' });

export const Mobile = Type.String({ pattern: '^1[3-9]\\d{9}$', description: '11 位手机号' });

export const RoleSchema = Type.Enum(ROLES, { description: '角色' });
export const UnitKindSchema = Type.Enum(UNIT_KINDS, { description: '单位类型' });
