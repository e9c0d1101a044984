/**
 * The documents generated from code are up to date: run `npm run docs` after changing the error catalogue or a
 * route's schema (docs/errors.md, docs/openapi.json and the web's API types generated from it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPENAPI_PATH, renderApiSchema, renderOpenApiDoc, SCHEMA_PATH } from '../../scripts/generate-docs.js';
import { renderErrorDoc } from '../../src/server/docs/error-doc.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const onDisk = (relative: string) => fs.readFileSync(path.join(ROOT, relative), 'utf8');
const HINT = 'run `npm run docs`';

describe('generated documents', () => {
  it('docs/errors.md matches the error catalogue', () => {
    expect(onDisk('docs/errors.md')).toBe(renderErrorDoc());
  });

  it(`${OPENAPI_PATH} is the document the app serves, and ${SCHEMA_PATH} is generated from it`, async () => {
    const openApi = await renderOpenApiDoc();
    expect(onDisk(OPENAPI_PATH), `${OPENAPI_PATH} is stale: ${HINT}`).toBe(openApi);
    expect(onDisk(SCHEMA_PATH), `${SCHEMA_PATH} is stale: ${HINT}`).toBe(await renderApiSchema(openApi));
  }, 30_000);
});
