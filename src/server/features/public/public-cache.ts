/**
 * Conditional and short-lived public caching of the portal's read routes (lists, a project, the units): a strong
 * ETag — the SHA-256 of the answer exactly as serialized by the route's response schema — `If-None-Match` → 304
 * without a body, and `Cache-Control: public, max-age=<n>`. Only for answers that hold no personal data unmasked
 * (the public views, R0.8); tracking and the raise stay `no-store`.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Seconds a browser or proxy may reuse a public list or project without asking again. */
export const PUBLIC_MAX_AGE_SECONDS = 30;

export function strongEtag(text: string): string {
  return `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
}

/** Whether an `If-None-Match` header matches the tag (weak comparison, as RFC 9110 §13.1.2 asks for GET). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((raw) => {
    const tag = raw.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

/** Sends `body` (200) or 304 when the client has it already, with the ETag and the public caching either way. */
export function sendCacheable(request: FastifyRequest, reply: FastifyReply, body: unknown, maxAge: number = PUBLIC_MAX_AGE_SECONDS): FastifyReply {
  const serialized = reply.serialize(body);
  const text = typeof serialized === 'string' ? serialized : JSON.stringify(body);
  const etag = strongEtag(text);
  void reply.header('etag', etag).header('cache-control', `public, max-age=${maxAge}`);
  if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.status(304).send();
  return reply.header('content-type', 'application/json; charset=utf-8').send(text);
}
