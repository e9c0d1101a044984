/**
 * Serving the built web app (dist/web): files are sent pre-compressed (brotli or gzip, written next to them by
 * `npm run build:web`, scripts/compress-web.ts) to a browser that accepts it. Vite names the files under `assets/`
 * by their content's hash, so they never change and are cached for a year (`immutable`); the shell (index.html) and
 * every client route that serves it are revalidated on each visit (`no-cache`), so a new release is seen at once.
 * The residents' portal is built into `m/` of the same directory and served at `/m/` with its own shell for its
 * client routes (`/m/track`, `/m/projects/12` …); the survey links printed on paper (`/survey/<token>`) lead there.
 */
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { App } from './app-type.js';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** Where the portal is served, and where its build lies below the web build. */
export const PORTAL_PREFIX = '/m';
export const PORTAL_DIR = 'm';

/** Whether a file of the web build is named by its content (Vite's `assets/name-hash.ext`, the portal's `m/assets/…`). */
export function isHashedAsset(root: string, file: string): boolean {
  const parts = path.relative(root, file).split(path.sep);
  return parts[0] === 'assets' || (parts[0] === PORTAL_DIR && parts[1] === 'assets');
}

/** The path of a request without its query string. */
function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** Whether a request is for the portal (`/m`, `/m/…`). */
export function isPortalPath(url: string): boolean {
  const p = pathOf(url);
  return p === PORTAL_PREFIX || p.startsWith(`${PORTAL_PREFIX}/`);
}

/** Whether a request is for a file of a build's `assets/` (the workbench's or the portal's): never a shell. */
export function isAssetPath(url: string): boolean {
  const p = pathOf(url);
  return p.startsWith('/assets/') || p.startsWith(`${PORTAL_PREFIX}/assets/`);
}

/**
 * The portal address of a survey link as printed on paper sheets and QR codes (`/survey/<token>`, R6.5), or null
 * for any other path. The token keeps its own characters only (base64url), so the target is always a portal path.
 */
export function legacySurveyTarget(url: string): string | null {
  const m = /^\/survey\/([A-Za-z0-9_-]{1,100})\/?$/.exec(pathOf(url));
  return m === null ? null : `${PORTAL_PREFIX}/survey/${m[1] ?? ''}`;
}

export async function registerWebAssets(app: App, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, file) => {
      res.setHeader('cache-control', isHashedAsset(root, file) ? IMMUTABLE : REVALIDATE);
      // The same URL answers in several encodings: caches must key on the request's Accept-Encoding.
      res.setHeader('vary', 'accept-encoding');
    },
  });
}

/** The shell, for a client-side route. */
export function sendShell(reply: FastifyReply): FastifyReply {
  return reply.type('text/html').header('cache-control', REVALIDATE).sendFile('index.html');
}

/** The portal's shell, for a client-side route of the portal. */
export function sendPortalShell(reply: FastifyReply): FastifyReply {
  return reply.type('text/html').header('cache-control', REVALIDATE).header('vary', 'accept-encoding').sendFile(`${PORTAL_DIR}/index.html`);
}
