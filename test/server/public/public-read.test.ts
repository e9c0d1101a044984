/**
 * R5.1 R6.6 the public lists and project page are cacheable — a strong ETag over the answer, `If-None-Match` → 304,
 * `Cache-Control: public, max-age=30` — and filter by town, community, category and 公示中 / 已结束 / 已办结 with
 * pagination; R2.2 a need raised on the portal is followed by its number and phone: the state in plain words, every
 * feedback, the deadlines ahead and the project once there is one.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { acknowledge as acknowledgeAs, call, triageAdopt } from '../cases/flow.js';
import { at, buildProjects, COMMUNITY, ok, unitOf, type BuiltProject } from './portal-flow.js';
import { PRIVACY_NOTICE_VERSION } from '../../../src/server/features/public/public-raise.schemas.js';

interface ListJson {
  total: number;
  items: {
    id: number;
    name: string;
    category: string | null;
    publicityStatus: string | null;
    contactPhone: string | null;
    plan: { fundSources: { label: string; amountWan: string }[]; implementer: string } | null;
    results: unknown;
  }[];
}

interface TrackJson {
  demand: { trackingNumber: string; status: string; proposerPhone: string | null };
  summary: string;
  feedbacks: { kind: string; body: string }[];
  deadlines: { step: string; text: string; dueAt: string; overdue: boolean }[];
  project: { id: number; code: string; name: string; status: string; published: boolean } | null;
}

const PHONE = '13711112222';

function get(sys: TestSystem, url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return sys.app.inject({ method: 'GET', url, headers });
}

function track(sys: TestSystem, trackingNumber: string, phone = PHONE): Promise<LightMyRequestResponse> {
  return sys.app.inject({ method: 'POST', url: '/api/public/track', payload: { trackingNumber, phone } });
}

/** Raises a need as a resident would: question, answer, multipart form. */
async function raise(sys: TestSystem, communityId: number, description: string): Promise<string> {
  const c = (await get(sys, '/api/public/challenge')).json<{ question: string; token: string }>();
  const m = /^(\d+) (加|减) (\d+)/.exec(c.question);
  const answer = m === null ? '' : String(m[2] === '加' ? Number(m[1]) + Number(m[3]) : Number(m[1]) - Number(m[3]));
  const demand = {
    communityId,
    location: '示例社区一5巷',
    description,
    name: '陈大文',
    phone: PHONE,
    consent: { accepted: true, noticeVersion: PRIVACY_NOTICE_VERSION },
    challenge: { token: c.token, answer },
  };
  const boundary = '----readtest';
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="demand"\r\n\r\n${JSON.stringify(demand)}\r\n--${boundary}--\r\n`;
  const res = await sys.app.inject({ method: 'POST', url: '/api/public/demands', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ trackingNumber: string }>().trackingNumber;
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] public reads: caching, filters, tracking a raised need`, () => {
    let sys: TestSystem;
    let built: BuiltProject[];
    let communityId: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      built = await buildProjects(sys, [
        { title: '读取测试五巷路灯修复工程', contact: { name: '李建国', title: '主任', phone: '13900001111' } },
        { title: '读取测试长者饭堂服务' },
      ]);
      communityId = (await unitOf(sys, COMMUNITY)).id;
    });
    afterAll(async () => sys.close());

    it('R5.1 the 公示 list carries a strong ETag and public short caching; If-None-Match gives 304 without a body', async () => {
      const first = ok(await get(sys, '/api/public/projects?limit=5'));
      expect(first.headers['cache-control']).toBe('public, max-age=30');
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
      const again = await get(sys, '/api/public/projects?limit=5', { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
      expect(again.headers['cache-control']).toBe('public, max-age=30');
      // Another page or filter is another answer.
      expect((await get(sys, '/api/public/projects?limit=1', { 'if-none-match': etag })).statusCode).toBe(200);
      // R0.8 the cached answer holds only masked data.
      const list = first.json<ListJson>();
      const lamp = list.items.find((i) => i.name === '读取测试五巷路灯修复工程');
      expect(lamp?.plan?.fundSources.length).toBeGreaterThan(0);
      expect(lamp?.plan?.fundSources[0]?.amountWan).toMatch(/^\d+(\.\d+)?$/);
      expect(lamp?.results).toBeNull();
      expect(list.items.find((i) => i.name === '读取测试五巷路灯修复工程')?.contactPhone).toBe('139****1111');
      expect(first.body).not.toContain('13900001111');
    });

    it('R5.1 a project page carries its ETag; a change of the project changes it', async () => {
      const id = built[0]?.projectId ?? 0;
      const first = ok(await get(sys, `/api/public/projects/${id}`));
      const etag = String(first.headers.etag);
      expect(first.headers['cache-control']).toBe('public, max-age=30');
      expect((await get(sys, `/api/public/projects/${id}`, { 'if-none-match': `W/${etag}, "other"` })).statusCode).toBe(304);
      // An objection changes the page.
      const script = '路灯位置应靠近巷口<script>alert("x")</script><img src=x onerror=alert(1)>';
      const objection = await sys.app.inject({ method: 'POST', url: `/api/public/projects/${id}/objections`, payload: { text: script } });
      expect(objection.statusCode, objection.body).toBe(201);
      const changed = await get(sys, `/api/public/projects/${id}`, { 'if-none-match': etag });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).not.toBe(etag);
      // Script in a text is data: sent back verbatim as JSON text, never as markup.
      expect(changed.headers['content-type']).toMatch(/^application\/json/);
      expect(changed.json<{ objections: { text: string }[] }>().objections.map((o) => o.text)).toContain(script);
      // Errors are not cached as public.
      const missing = await get(sys, '/api/public/projects/999999');
      expect(missing.statusCode).toBe(404);
      expect(missing.headers.etag).toBeUndefined();
    });

    it('R5.1 R6.6 filters: town, community, category, 公示中 / 已结束 / 已办结; pagination', async () => {
      const town = (await unitOf(sys, 'town')).id;
      const all = ok(await get(sys, `/api/public/projects?townId=${town}&communityId=${communityId}`)).json<ListJson>();
      expect(all.total).toBeGreaterThanOrEqual(2);
      const active = ok(await get(sys, '/api/public/projects?phase=active')).json<ListJson>();
      expect(active.items.every((i) => i.publicityStatus === '公示中')).toBe(true);
      const ended = ok(await get(sys, '/api/public/projects?phase=ended')).json<ListJson>();
      expect(ended.items.some((i) => built.some((b) => b.projectId === i.id))).toBe(false);
      const closed = ok(await get(sys, '/api/public/projects?list=results')).json<ListJson>();
      expect(closed.items.some((i) => built.some((b) => b.projectId === i.id))).toBe(false);
      const byCategory = ok(await get(sys, `/api/public/projects?category=engineering&communityId=${communityId}`)).json<ListJson>();
      expect(byCategory.items.length).toBeGreaterThan(0);
      expect(byCategory.items.every((i) => i.category?.startsWith('便民工程项目') === true)).toBe(true);
      const none = ok(await get(sys, `/api/public/projects?category=S7&communityId=${communityId}`)).json<ListJson>();
      expect(none.total).toBe(0);
      expect((await get(sys, '/api/public/projects?category=X9')).statusCode).toBe(400);
      const page1 = ok(await get(sys, '/api/public/projects?limit=1&offset=0')).json<ListJson>();
      const page2 = ok(await get(sys, '/api/public/projects?limit=1&offset=1')).json<ListJson>();
      expect(page1.items).toHaveLength(1);
      expect(page2.items[0]?.id).not.toBe(page1.items[0]?.id);
      expect(page1.total).toBe(page2.total);
    });

    it('R2.2 R2.3 R7.1 a need raised on the portal is followed: state in plain words, every feedback, deadlines ahead, the project', async () => {
      at(sys, '2026-09-29T05:00:00.000Z');
      const number = await raise(sys, communityId, '5巷的垃圾桶太少，经常满出来，希望增加。');
      const fresh = ok(await track(sys, number)).json<TrackJson>();
      expect(fresh.summary).toContain('等待受理');
      expect(fresh.demand.proposerPhone).toBe('137****2222');
      expect(fresh.feedbacks).toEqual([]);
      expect(fresh.deadlines.map((d) => d.step)).toEqual(['receipt']);
      expect(fresh.deadlines[0]?.dueAt).toBe('2026-09-30T05:00:00.000Z');
      expect(fresh.project).toBeNull();

      const row = await sys.database.db.selectFrom('demand').select(['id', 'version']).where('tracking_no', '=', number).executeTakeFirstOrThrow();
      at(sys, '2026-09-29T06:00:00.000Z');
      const acknowledged = await acknowledgeAs(sys, COMMUNITY, { id: row.id, version: row.version });
      const received = ok(await track(sys, number)).json<TrackJson>();
      expect(received.feedbacks.map((f) => f.kind)).toEqual(['受理反馈']);
      expect(received.deadlines.map((d) => d.step)).toEqual(['triage']);
      expect(received.summary).toContain('已受理');

      at(sys, '2026-09-29T08:00:00.000Z');
      const projectId = await triageAdopt(sys, COMMUNITY, acknowledged, '五巷增设垃圾桶', '2026-09-29T07:00:00.000Z');
      const adopted = ok(await track(sys, number)).json<TrackJson>();
      // R7.1 the confirmation result comes with the town's confirmation (R3.4 / R4.4), not with the adoption.
      expect(adopted.feedbacks.map((f) => f.kind)).toEqual(['受理反馈']);
      expect(adopted.project).toMatchObject({ id: projectId, name: '五巷增设垃圾桶', published: false });
      expect(adopted.summary).toContain('纳入');
      expect(adopted.deadlines.some((d) => d.step === 'consultation')).toBe(true);
      // Not publicized yet: the public page does not exist for it.
      expect((await get(sys, `/api/public/projects/${projectId}`)).statusCode).toBe(404);

      // A publicized project's proposer gets the link that opens.
      const publicized = built[0];
      if (publicized === undefined) throw new Error('no project built');
      const staffView = ok(await call(sys, COMMUNITY, 'GET', `/api/demands/${publicized.demand.id}`)).json<{ state: { trackingNumber: string; proposer: { phone: string | null } } }>();
      const phone = staffView.state.proposer.phone;
      if (phone === null) throw new Error('sample demand without phone');
      const linked = ok(await track(sys, staffView.state.trackingNumber, phone)).json<TrackJson>();
      expect(linked.project).toMatchObject({ id: publicized.projectId, published: true });
      expect(linked.feedbacks.map((f) => f.kind)).toEqual(['受理反馈', '确认结果反馈']);
      expect(linked.deadlines.some((d) => d.step === 'publicityWindow')).toBe(true);
      expect((await get(sys, `/api/public/projects/${publicized.projectId}`)).statusCode).toBe(200);
    });
  });
}
