/**
 * R0.8 nothing a signed-in user reads is kept by a browser or a proxy cache: every /api response of a route that is
 * not public gets `Cache-Control: no-store`, unless the route set its own. Staff responses carry personal data in
 * full (community and town staff) and what one account may see is not what the next user of the machine may.
 * Public routes keep their own caching.
 */
import type { App } from './app-type.js';

export function registerCacheControl(app: App): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const access = request.routeOptions.config.access;
    if (access !== undefined && access !== 'public' && request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
      void reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}
