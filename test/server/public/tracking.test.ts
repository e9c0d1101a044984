/**
 * R2.2 the proposer tracks a demand with its tracking number and the phone given: the masked demand, its progress
 * in plain Chinese without staff names, and the feedbacks sent to it. A wrong number and a wrong phone get the
 * same 404; the failure is audited without either.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../../src/server/seed/accounts.seed.js';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { expectError } from '../fixtures.js';
import { acknowledge, anonymous, at, buildProjects, COMMUNITY, createDemand, ok, unitOf, type BuiltProject, type DemandView } from './portal-flow.js';

interface TrackingJson {
  demand: { trackingNumber: string; title: string; status: string; communityName: string; proposerName: string; proposerPhone: string | null; createdAt: string };
  timeline: { at: string; text: string }[];
  feedbacks: { at: string; kind: string; body: string }[];
}

const PROPOSER = { kind: 'masses', name: '黄美玲', phone: '13812345678' } as const;

for (const dialect of DIALECTS) {
  describe(`[${dialect}] public portal: tracking`, () => {
    let sys: TestSystem;
    let adopted: BuiltProject;
    let waiting: DemandView;
    let noPhone: DemandView;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      [adopted] = (await buildProjects(sys, [{ title: '查询测试三巷路面修复工程', proposer: PROPOSER }])) as [BuiltProject];
      const communityId = (await unitOf(sys, COMMUNITY)).id;
      at(sys, '2026-09-29T06:00:00.000Z');
      waiting = await acknowledge(sys, await createDemand(sys, { communityId, proposer: { ...PROPOSER, phone: '13922223333' }, title: '路灯不亮' }));
      noPhone = await createDemand(sys, { communityId, proposer: { kind: 'masses', name: '无电话', phone: null }, title: '无电话的诉求' });
      at(sys, '2026-09-30T02:00:00.000Z');
    });
    afterAll(async () => sys.close());

    it('R2.2 R0.8 the tracking number and the phone give the masked demand, its progress and its feedbacks', async () => {
      const res = await anonymous(sys, 'POST', '/api/public/track', { trackingNumber: adopted.demand.state.trackingNumber, phone: '138 1234 5678' });
      const t = ok(res).json<TrackingJson>();
      expect(res.headers['cache-control']).toBe('no-store');
      expect(t.demand).toMatchObject({
        trackingNumber: adopted.demand.state.trackingNumber,
        status: '已立项',
        communityName: '示例社区一',
        proposerName: '黄**',
        proposerPhone: '138****5678',
      });
      expect(t.timeline.map((s) => s.text)).toEqual([
        '项目公示，公示期至2026-10-08',
        '项目已登记备案',
        '城乡社区协商会议通过项目方案',
        '经村（社区）“两委”联席会议研究，诉求纳入“民生微实事”项目办理（项目：查询测试三巷路面修复工程）',
        '示例社区一已受理诉求',
        '诉求已登记，交由示例社区一办理',
      ]);
      expect(t.feedbacks.map((f) => f.kind)).toEqual(['受理反馈', '确认结果反馈']);
      expect(t.feedbacks[0]?.body).toContain(adopted.demand.state.trackingNumber);
      expect(res.body).not.toContain('13812345678');
      expect(res.body).not.toContain('黄美玲');
      // No staff names, no accounts.
      for (const account of DEMO_ACCOUNTS) {
        expect(res.body).not.toContain(account.displayName.split('（')[0] ?? account.displayName);
        expect(res.body).not.toContain(`"${account.username}"`);
      }
    });

    it('R2.2 a demand still being triaged shows its receipt; the number is read case-insensitively', async () => {
      const t = ok(await anonymous(sys, 'POST', '/api/public/track', { trackingNumber: waiting.state.trackingNumber.toLowerCase(), phone: '13922223333' })).json<TrackingJson>();
      expect(t.demand.status).toBe('已接收待研判');
      expect(t.timeline.map((s) => s.text)).toEqual(['示例社区一已受理诉求', '诉求已登记，交由示例社区一办理']);
      expect(t.feedbacks.map((f) => f.kind)).toEqual(['受理反馈']);
    });

    it('R2.2 a wrong phone, a wrong number, another demand\'s phone or a demand without phone: the same 404', async () => {
      const wrongPhone = await anonymous(sys, 'POST', '/api/public/track', { trackingNumber: adopted.demand.state.trackingNumber, phone: '13812345679' });
      const wrongNumber = await anonymous(sys, 'POST', '/api/public/track', { trackingNumber: 'MS20260928999999', phone: '13812345678' });
      const crossed = await anonymous(sys, 'POST', '/api/public/track', { trackingNumber: waiting.state.trackingNumber, phone: '13812345678' });
      const none = await anonymous(sys, 'POST', '/api/public/track', { trackingNumber: noPhone.state.trackingNumber, phone: '13812345678' });
      for (const res of [wrongPhone, wrongNumber, crossed, none]) expectError(res, 'TRACKING_NOT_FOUND');
      expect(new Set([wrongPhone, wrongNumber, crossed, none].map((r) => r.body)).size).toBe(1);

      const rows = await sys.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'trackDemand').execute();
      expect(rows).toHaveLength(4);
      expect(rows.every((r) => r.outcome === 'failure' && r.actor_user_id === null)).toBe(true);
      const text = JSON.stringify(rows);
      expect(text).not.toContain('1381234567');
      expect(text).not.toContain(adopted.demand.state.trackingNumber);
    });

    it('R2.2 the look-up is validated: both fields are required, nothing else is accepted', async () => {
      expectError(await anonymous(sys, 'POST', '/api/public/track', { trackingNumber: adopted.demand.state.trackingNumber }), 'VALIDATION_FAILED');
      expectError(await anonymous(sys, 'POST', '/api/public/track', { trackingNumber: "x' or 1=1 --", phone: '13812345678' }), 'VALIDATION_FAILED');
      expectError(
        await anonymous(sys, 'POST', '/api/public/track', { trackingNumber: adopted.demand.state.trackingNumber, phone: '13812345678', demandId: 1 }),
        'VALIDATION_FAILED',
      );
    });
  });
}
