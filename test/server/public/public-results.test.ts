/**
 * R6.6 a closed project's results on the portal: the 结项表 summary (implementer, period, beneficiaries, actual
 * spending per source, 项目成效) and its photos, served upright, scaled and without metadata (R0.8: no GPS position,
 * no phone model leaves), cacheable by ETag; before closing there are no results and no photos.
 */
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { multipart } from '../../support/files.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { at, basics, closeSmallProject, consult, consultationResult, cookieOf, ok, openProject, register, unitOf } from '../cases/flow.js';

const BUDGET_FEN = 3_000_000;
const ACTUAL_FEN = 2_860_000;

interface ResultsJson {
  status: string;
  results: {
    implementer: string;
    beneficiaryCount: number;
    actualTotalWan: string;
    actual: { label: string; amountWan: string }[];
    resultsText: string;
    photos: { url: string }[];
  } | null;
}

function get(sys: TestSystem, url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return sys.app.inject({ method: 'GET', url, headers });
}

/** A phone's photo: 64×32 stored sideways (EXIF orientation 6, to be turned 90°), with a GPS position and a model. */
function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 32, channels: 3, background: { r: 200, g: 60, b: 40 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'SecretPhone 12' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '23/1 1/1 0/1' } })
    .toBuffer();
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] R6.6 a closed project's results and photos on the portal`, () => {
    let sys: TestSystem;
    let projectId: number;
    let photoId: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      const communityId = (await unitOf(sys, 'community')).id;
      at(sys, '2026-09-28T02:00:00.000Z');
      projectId = await openProject(sys, 'community', { communityId, title: '成效照片测试七巷路面修复', heldAt: '2026-09-28T01:00:00.000Z' });
      at(sys, '2026-09-29T02:00:00.000Z');
      ok(await consult(sys, 'community', projectId, { heldAt: '2026-09-29T01:00:00.000Z', result: consultationResult(BUDGET_FEN) }));
      at(sys, '2026-09-29T03:00:00.000Z');
      ok(await register(sys, 'community', projectId, basics(BUDGET_FEN, { projectName: '成效照片测试七巷路面修复' })));
      const body = multipart({ kind: 'photo' }, { name: '修复后.jpg', type: 'image/jpeg', bytes: await phonePhoto() });
      const res = await sys.app.inject({
        method: 'POST',
        url: `/api/projects/${projectId}/attachments`,
        headers: { cookie: await cookieOf(sys, 'community'), 'content-type': body.contentType },
        payload: body.payload,
      });
      photoId = ok(res, 201).json<{ id: number }>().id;
    });
    afterAll(async () => sys.close());

    it('R6.6 before publicity the project is not public, nor its photos', async () => {
      expect((await get(sys, `/api/public/projects/${projectId}`)).statusCode).toBe(404);
      expect((await get(sys, `/api/public/projects/${projectId}/photos/1`)).statusCode).toBe(404);
    });

    it('R6.6 once closed: the 结项表 summary and the photos, upright, without EXIF, cached by ETag', async () => {
      await closeSmallProject(sys, 'community', projectId, { from: '2026-09-29T04:00:00.000Z', actualFen: ACTUAL_FEN, photoAttachmentIds: [photoId] });
      const project = ok(await get(sys, `/api/public/projects/${projectId}`)).json<ResultsJson>();
      expect(project.status).toBe('已办结');
      expect(project.results).toMatchObject({ actualTotalWan: '2.86', photos: [{ url: `/api/public/projects/${projectId}/photos/1` }] });
      expect(project.results?.actual.map((a) => `${a.label} ${a.amountWan}`)).toEqual(['“民生大莞家”专项资金投入 2.86']);

      const photo = await get(sys, `/api/public/projects/${projectId}/photos/1`);
      expect(photo.statusCode).toBe(200);
      expect(photo.headers['content-type']).toBe('image/jpeg');
      expect(photo.headers['cache-control']).toBe('public, max-age=3600');
      const meta = await sharp(photo.rawPayload).metadata();
      // Turned upright: the stored 64×32 was sideways, and no orientation or EXIF is left to turn it again.
      expect({ width: meta.width, height: meta.height, exif: meta.exif, orientation: meta.orientation }).toEqual({ width: 32, height: 64, exif: undefined, orientation: undefined });
      expect(photo.rawPayload.includes('SecretPhone')).toBe(false);

      const etag = String(photo.headers.etag);
      const again = await get(sys, `/api/public/projects/${projectId}/photos/1`, { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
    });

    it('R6.6 a photo beyond the form\'s, or of a project never published, is not found; a bad index is a 400', async () => {
      expect((await get(sys, `/api/public/projects/${projectId}/photos/2`)).statusCode).toBe(404);
      expect((await get(sys, '/api/public/projects/999999/photos/1')).statusCode).toBe(404);
      const bad = await get(sys, `/api/public/projects/${projectId}/photos/0`);
      expect(bad.statusCode).toBe(400);
      expect(bad.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    });
  });
}
