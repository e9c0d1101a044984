/**
 * R0.8 the typed case views: only the fields `DemandDetail` / `ProjectDetail` list leave the server, each string
 * shown by its declared class for the reader's role; a detail carries its attachments (with the uploader) and the
 * cases linked to it; the timeline tells each action in Chinese words, never as a stored diff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemandDetail, ProjectDetail } from '../../../src/server/features/cases/case.mapper.js';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { acknowledge, at, call, createDemand, ok, triageAdopt, unitOf, uploadAttachment, type DemandView } from './flow.js';

interface Timeline {
  readonly events: readonly { readonly action: string; readonly actionLabel: string; readonly outcome: string; readonly summary: string }[];
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] typed case views`, () => {
    let sys: TestSystem;
    let demand: DemandView;
    let projectId: number;
    let photo: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      const communityId = (await unitOf(sys, 'community')).id;
      at(sys, '2026-09-28T02:00:00.000Z');
      demand = await createDemand(sys, 'community', {
        communityId,
        proposer: { kind: 'masses', name: '陈美玲', phone: '13712345678' },
        description: '路灯不亮，夜间出行不便，可联系13912345678',
      });
      photo = await uploadAttachment(sys, 'community', 'demands', demand.id, 'photo');
      demand = await acknowledge(sys, 'community', demand);
      projectId = await triageAdopt(sys, 'community', demand, '示例社区路灯维修', '2026-09-28T01:00:00.000Z');
    });
    afterAll(async () => sys.close());

    const detail = async (user: string): Promise<DemandDetail> => ok(await call(sys, user, 'GET', `/api/demands/${demand.id}`)).json<DemandDetail>();

    it('R0.8 community staff see the demand in full, with its photo, uploader and the project it became', async () => {
      const d = await detail('community');
      expect(d.state.proposer).toEqual({ kind: 'masses', name: '陈美玲', phone: '13712345678' });
      expect(d.state.description).toContain('13912345678');
      // The photo, then the 两委 meeting's minutes uploaded for the triage.
      expect(d.attachments.map((a) => a.kind)).toEqual(['photo', 'committeeMinutes']);
      expect(d.attachments[0]).toEqual(expect.objectContaining({ id: photo, ownerType: 'demand', ownerId: demand.id, kindLabel: expect.any(String) as unknown }));
      const stored = await sys.database.db.selectFrom('attachment').select(['size', 'sha256']).where('id', '=', photo).executeTakeFirstOrThrow();
      expect(d.attachments[0]?.size).toBe(stored.size);
      expect(d.attachments[0]?.sha256).toBe(stored.sha256);
      expect(d.attachments[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(d.attachments[0]?.uploadedBy).toMatch(/示例社区一/);
      expect(d.project).toEqual(expect.objectContaining({ id: projectId, status: 'awaitingConsultation' }));
      expect(d.project?.code).not.toBe('');
    });

    it('R0.8 a supervisor reads the same view with the name, the phone and numbers in free text masked', async () => {
      const d = await detail('supervisor');
      expect(d.state.proposer).toEqual({ kind: 'masses', name: '陈**', phone: '137****5678' });
      expect(d.state.description).toBe('路灯不亮，夜间出行不便，可联系139****5678');
      // Codes pass as they are.
      expect(d.state.trackingNumber).toBe((await detail('community')).state.trackingNumber);
    });

    it('R0.8 a field the state holds but the view does not list stays inside', async () => {
      const row = await sys.database.db.selectFrom('demand').select('state_json').where('id', '=', demand.id).executeTakeFirstOrThrow();
      const stored = JSON.parse(row.state_json) as Record<string, unknown>;
      await sys.database.db
        .updateTable('demand')
        .set({ state_json: JSON.stringify({ ...stored, internalNote: '不应外泄', proposer: { ...(stored.proposer as object), idNumber: '440104199001011234' } }) })
        .where('id', '=', demand.id)
        .execute();
      for (const user of ['community', 'supervisor']) {
        const res = await call(sys, user, 'GET', `/api/demands/${demand.id}`);
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toContain('不应外泄');
        expect(res.body).not.toContain('440104199001011234');
        expect(res.json<DemandDetail>().state).not.toHaveProperty('schemaVersion');
      }
      await sys.database.db.updateTable('demand').set({ state_json: row.state_json }).where('id', '=', demand.id).execute();
    });

    it('R2.6 the project lists the demand it answers and that demand’s attachments', async () => {
      const p = ok(await call(sys, 'community', 'GET', `/api/projects/${projectId}`)).json<ProjectDetail>();
      expect(p.demands).toEqual([expect.objectContaining({ id: demand.id, trackingNumber: demand.state.trackingNumber, status: 'adopted' })]);
      expect(p.attachments.map((a) => a.id)).toContain(photo);
      expect(p.code).toBe(p.code.trim());
      expect(p.state.committeeMeeting.heldAt).toBe('2026-09-28T01:00:00.000Z');
    });

    it('R7.2 the timeline tells each action in Chinese, masked for the reader', async () => {
      const staff = ok(await call(sys, 'community', 'GET', `/api/demands/${demand.id}/timeline`)).json<Timeline>();
      const created = staff.events.find((e) => e.action === 'createDemand');
      expect(created?.actionLabel).toBe('录入诉求');
      expect(created?.summary).toMatch(/^录入诉求：经.+录入，提议人陈美玲，交派/);
      const triage = staff.events.find((e) => e.action === 'triageDemand');
      expect(triage?.summary).toBe('两委联席会议研判：决定纳入“民生微实事”办理，立项“示例社区路灯维修”');
      for (const e of staff.events) expect(typeof e.summary).toBe('string');

      const supervisor = ok(await call(sys, 'supervisor', 'GET', `/api/demands/${demand.id}/timeline`)).json<Timeline>();
      expect(supervisor.events.find((e) => e.action === 'createDemand')?.summary).toContain('提议人陈**');
      expect(JSON.stringify(supervisor)).not.toContain('陈美玲');
    });
  });
}
