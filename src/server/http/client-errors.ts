/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers or URL over the size limit, a request that
 * does not finish in time, a request line or header that cannot be parsed): answered on the raw socket in the
 * catalogue's form, with the security headers, instead of Node's or Fastify's English bodies.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError, errorBody } from '../errors.js';

export function clientErrorOf(code: string | undefined): AppError {
  if (code === 'HPE_HEADER_OVERFLOW') return new AppError('HEADERS_TOO_LARGE');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new AppError('REQUEST_TIMEOUT');
  return new AppError('MALFORMED_REQUEST');
}

/** Fastify's `clientErrorHandler`: one answer, then the connection is closed. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const appError = clientErrorOf(error.code);
  const body = JSON.stringify(errorBody(appError));
  if (socket.writable) {
    socket.write(
      [
        `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status] ?? ''}`,
        'content-type: application/json; charset=utf-8',
        `content-length: ${Buffer.byteLength(body)}`,
        'cache-control: no-store',
        "content-security-policy: default-src 'none'; frame-ancestors 'none'",
        'x-content-type-options: nosniff',
        'x-frame-options: DENY',
        'connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  }
  socket.destroy(error);
}
