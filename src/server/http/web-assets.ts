/**
 * Serving the built web app (dist/web): files are sent pre-compressed (brotli or gzip, written next to them by
 * `npm run build:web`, scripts/compress-web.ts) to a browser that accepts it. Vite names the files under `assets/`
 * by their content's hash, so they never change and are cached for a year (`immutable`); the shell (index.html) and
 * every client route that serves it are revalidated on each visit (`no-cache`), so a new release is seen at once.
 */
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { App } from './app-type.js';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** Whether a file of the web build is named by its content (Vite's `assets/name-hash.ext`). */
export function isHashedAsset(root: string, file: string): boolean {
  return path.relative(root, file).split(path.sep)[0] === 'assets';
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
