/**
 * R2.2–R2.4 a demand entered by the community is assigned, acknowledged within 24 hours with a receipt feedback,
 * and adopted by the 两委 meeting, which opens a project.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { multipart, samplePdf } from '../../support/files.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { demandReport } from '../../../src/domain/samples/forms.js';

for (const dialect of DIALECTS) {
  describe(`[${dialect}] demand intake`, () => {
    let sys: TestSystem;
    let community: string;
    let communityId: number;
    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      community = await sys.login('community');
      const me = (await sys.request('GET', '/api/session', { cookie: community })).json<{ unit: { id: number } }>();
      communityId = me.unit.id;
    });
    afterAll(async () => sys.close());

    it('R2.2 a demand gets a tracking number and a 24-hour receipt deadline; R2.3 acknowledging sends the receipt feedback; R2.4 adoption opens a project', async () => {
      const created = await sys.request('POST', '/api/demands', {
        cookie: community,
        body: {
          communityId,
          ...demandReport(),
        },
      });
      expect(created.statusCode).toBe(201);
      const demand = created.json<{ id: number; version: number; status: string; state: { trackingNumber: string }; deadlines: { step: string; due: string }[] }>();
      expect(demand.status).toBe('assigned');
      expect(demand.state.trackingNumber).toMatch(/^MS20260928\d{6}$/);
      expect(demand.deadlines).toEqual([expect.objectContaining({ step: 'receipt', due: '2026-09-29T02:00:00.000Z' })]);

      const ack = await sys.request('POST', `/api/demands/${demand.id}/acknowledge`, { cookie: community, body: { version: demand.version } });
      expect(ack.statusCode).toBe(200);
      const acked = ack.json<{ version: number; status: string }>();
      expect(acked.status).toBe('acknowledged');

      const stale = await sys.request('POST', `/api/demands/${demand.id}/acknowledge`, { cookie: community, body: { version: demand.version } });
      expect(stale.statusCode).toBe(409);

      // R2.4 the meeting's minutes are required: refused, nothing changes, and the refusal is on the record.
      const refused = await sys.request('POST', `/api/demands/${demand.id}/triage`, {
        cookie: community,
        body: {
          version: acked.version,
          meeting: { heldAt: '2026-09-28T01:00:00.000Z', summary: '两委联席会议同意纳入民生微实事', minutesAttachmentIds: [] },
          outcome: { kind: 'adopt', projectTitle: '示例社区一3巷路面修复' },
        },
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ error: { code: 'FORM_INVALID', details: { rule: 'R2.4' } } });

      const upload = multipart({ kind: 'committeeMinutes' }, { name: '两委会议纪要.pdf', type: 'application/pdf', bytes: samplePdf() });
      const up = await sys.app.inject({ method: 'POST', url: `/api/demands/${demand.id}/attachments`, headers: { cookie: community, 'content-type': upload.contentType }, payload: upload.payload });
      expect(up.statusCode).toBe(201);
      const minutes = up.json<{ id: number; kind: string; mime: string }>();
      expect(minutes).toMatchObject({ kind: 'committeeMinutes', mime: 'application/pdf' });

      const triage = await sys.request('POST', `/api/demands/${demand.id}/triage`, {
        cookie: community,
        body: {
          version: acked.version,
          meeting: { heldAt: '2026-09-28T01:00:00.000Z', summary: '两委联席会议同意纳入民生微实事', minutesAttachmentIds: [minutes.id] },
          outcome: { kind: 'adopt', projectTitle: '示例社区一3巷路面修复' },
        },
      });
      expect(triage.statusCode).toBe(200);
      const body = triage.json<{ projectId: number; demand: { status: string } }>();
      expect(body.demand.status).toBe('adopted');
      expect(body.projectId).toBeGreaterThan(0);

      const timeline = await sys.request('GET', `/api/demands/${demand.id}/timeline`, { cookie: community });
      const t = timeline.json<{ events: { action: string; outcome: string }[]; feedbacks: { kind: string; channel: string }[] }>();
      expect(t.events.map((e) => [e.action, e.outcome])).toEqual([
        ['triageDemand', 'success'],
        ['uploadAttachment', 'success'],
        ['triageDemand', 'failure'],
        ['acknowledgeDemand', 'success'],
        ['createDemand', 'success'],
      ]);
      expect(t.feedbacks.filter((f) => f.kind === 'receipt').map((f) => f.channel).sort()).toEqual(['hotline12345', 'portal']);
    });
  });
}
