/**
 * Every API route declares the action it performs; a route without one cannot be registered.
 */
import type { Action } from '../../domain/access/actions.js';
import { ACTIONS } from '../../domain/access/actions.js';
import type { RequestContext } from './context.js';

/**
 * - an `Action`: signed-in users whose role grants it (jurisdiction checked by the service on the target);
 * - `authenticated`: any signed-in user (the user's own session, e.g. `getSession`);
 * - `public`: no sign-in (login, health, the public portal's reads).
 */
export type RouteAccess = Action | 'authenticated' | 'public';

const ACTION_SET: ReadonlySet<string> = new Set(ACTIONS);

export function isRouteAccess(value: unknown): value is RouteAccess {
  return typeof value === 'string' && (value === 'authenticated' || value === 'public' || ACTION_SET.has(value));
}

/** Actions a user who must change the password may still take. */
export const ALLOWED_BEFORE_PASSWORD_CHANGE: ReadonlySet<RouteAccess> = new Set<RouteAccess>([
  'authenticated',
  'changePassword',
  'viewProfile',
]);

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    ctx: RequestContext;
  }
}
