/**
 * Renders docs/errors.md from the error catalogue, so the document and the code cannot disagree.
 */
import { ERROR_CATALOGUE } from '../errors.js';

export function renderErrorDoc(): string {
  const rows = Object.entries(ERROR_CATALOGUE).map(([code, e]) => `| \`${code}\` | ${e.status} | ${e.message} |`);
  return [
    '# Error catalogue',
    '',
    'Generated from `src/server/errors.ts` by `npm run docs`; a test fails when this file and the code differ.',
    '',
    'Every error response has the shape `{ "error": { "code", "message", "details" } }`. `code` is stable and',
    'meant for programs; `message` is the Chinese text shown to people; `details` carries `fields: [{ field, message }]`',
    'for field-level problems, or other structured context. A 500 also carries `requestId` for the log.',
    '',
    '| code | HTTP | message |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
