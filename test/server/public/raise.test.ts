/**
 * R2.1 / R2.2 / R2.3 raising a need on the portal without an account: the demand enters through the lifecycle as
 * the public (channel “莞家政务”微信公众号), assigned at once with the 24-hour receipt clock, photos stored with it;
 * every refusal (consent, human check, photos, limits, text) stores nothing — no demand, photo, deadline, outbox or
 * audit row other than the refusal's own record.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { samplePdf, samplePng, sampleJpeg } from '../../support/files.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { fieldsOf, type ErrorJson } from '../fixtures.js';
import { COMMUNITY, unitOf } from './portal-flow.js';
import { PRIVACY_NOTICE_VERSION } from '../../../src/server/features/public/public-raise.schemas.js';

interface Challenge {
  question: string;
  token: string;
  expiresAt: string;
}

interface RaiseJson {
  trackingNumber: string;
  communityName: string;
  townName: string;
  submittedAt: string;
  photoCount: number;
  receiptDueAt: string;
  nextSteps: string[];
}

interface Photo {
  readonly name: string;
  readonly type: string;
  readonly bytes: Buffer;
}

/** The refusal's code (its message may be more precise than the catalogue's); the body. */
function expectError(res: LightMyRequestResponse, code: string): ErrorJson {
  const body = res.json<ErrorJson>();
  expect(body.error.code, res.body).toBe(code);
  expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
  return body;
}

/** The answer of a question such as “7 加 5 等于多少？”. */
function solve(question: string): string {
  const m = /^(\d+) (加|减) (\d+) 等于多少？$/.exec(question);
  if (m === null) throw new Error(`unexpected question ${question}`);
  const a = Number(m[1]);
  const b = Number(m[3]);
  return String(m[2] === '加' ? a + b : a - b);
}

function form(demand: unknown, photos: readonly Photo[] = [], demandType?: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----raise${Math.random().toString(16).slice(2)}`;
  const type = demandType === undefined ? '' : `Content-Type: ${demandType}\r\n`;
  const chunks: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="demand"\r\n${type}\r\n${JSON.stringify(demand)}\r\n`, 'utf8'),
  ];
  for (const p of photos) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="${p.name}"\r\nContent-Type: ${p.type}\r\n\r\n`, 'utf8'));
    chunks.push(p.bytes, Buffer.from('\r\n', 'utf8'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const png = (name = '现场.png'): Photo => ({ name, type: 'image/png', bytes: samplePng() });
const jpeg = (name = '现场.jpg'): Photo => ({ name, type: 'image/jpeg', bytes: sampleJpeg() });

let ipCounter = 1;
/** A fresh client address, so that one test's raises do not count against the next test's per-IP limit. */
const freshIp = (): string => `10.8.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

let phoneCounter = 0;
const freshPhone = (): string => `1390000${String(1000 + phoneCounter++).padStart(4, '0')}`;

async function challenge(sys: TestSystem, ip: string): Promise<{ token: string; answer: string }> {
  const res = await sys.app.inject({ method: 'GET', url: '/api/public/challenge', remoteAddress: ip });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  const c = res.json<Challenge>();
  return { token: c.token, answer: solve(c.question) };
}

function fields(communityId: number, ch: { token: string; answer: string }, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    communityId,
    location: '示例社区一3巷口',
    description: '3巷路灯坏了两个月，晚上很黑，老人出门容易摔倒。',
    name: '黄美玲',
    phone: freshPhone(),
    consent: { accepted: true, noticeVersion: PRIVACY_NOTICE_VERSION },
    challenge: ch,
    ...overrides,
  };
}

function post(sys: TestSystem, ip: string, demand: unknown, photos: readonly Photo[] = [], demandType?: string): Promise<LightMyRequestResponse> {
  const { payload, headers } = form(demand, photos, demandType);
  return sys.app.inject({ method: 'POST', url: '/api/public/demands', payload, headers, remoteAddress: ip });
}

interface Counts {
  demand: number;
  attachment: number;
  deadline: number;
  feedback: number;
  publication: number;
  auditOk: number;
}

async function counts(sys: TestSystem): Promise<Counts> {
  const db = sys.database.db;
  const n = async (table: 'demand' | 'attachment' | 'deadline' | 'feedback' | 'publication'): Promise<number> =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
  const audit = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('outcome', '!=', 'failure')
    .executeTakeFirstOrThrow();
  return {
    demand: await n('demand'),
    attachment: await n('attachment'),
    deadline: await n('deadline'),
    feedback: await n('feedback'),
    publication: await n('publication'),
    auditOk: Number(audit.n),
  };
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] raising a need on the portal`, () => {
    let sys: TestSystem;
    let communityId: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect, { config: { publicRaisePerIpPerMinute: 5, publicRaisePerPhonePerHour: 3, publicPhotoMaxBytes: 64 * 1024 } });
      communityId = (await unitOf(sys, COMMUNITY)).id;
    });
    afterAll(async () => sys.close());

    /** Runs `attempt` and checks that it stored nothing but, at most, its refusal's audit record. */
    async function storesNothing(attempt: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
      const before = await counts(sys);
      const res = await attempt();
      expect(await counts(sys)).toEqual(before);
      return res;
    }

    it('R2.2 R2.3 a raise becomes a demand assigned at once to the chosen community, with the receipt clock, photos and audit', async () => {
      const ip = freshIp();
      const ch = await challenge(sys, ip);
      const phone = freshPhone();
      const res = await post(sys, ip, fields(communityId, ch, { phone }), [png(), jpeg()]);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.json<RaiseJson>();
      expect(body).toMatchObject({ communityName: '示例社区一', townName: '东城街道', photoCount: 2 });
      expect(body.trackingNumber).toMatch(/^MS\d{14}$/);
      // R2.3 24 hours of clock time (R0.6) from the assignment, which is the entry.
      expect(new Date(body.receiptDueAt).getTime() - new Date(body.submittedAt).getTime()).toBe(24 * 60 * 60 * 1000);
      expect(body.nextSteps.join('')).toContain('24小时');

      const row = await sys.database.db.selectFrom('demand').selectAll().where('tracking_no', '=', body.trackingNumber).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'assigned', channel: 'wechatGuanjia', community_id: communityId, proposer_phone: phone });
      // A title derived from the description.
      expect(row.title).toBe('3巷路灯坏了两个月，晚上很黑，老人出门容易摔倒。');
      const deadline = await sys.database.db.selectFrom('deadline').selectAll().where('aggregate', '=', 'demand').where('aggregate_id', '=', row.id).execute();
      expect(deadline.map((d) => d.step)).toContain('receipt');
      const photos = await sys.database.db.selectFrom('attachment').selectAll().where('owner_type', '=', 'demand').where('owner_id', '=', row.id).execute();
      expect(photos.map((p) => [p.kind, p.mime])).toEqual([
        ['photo', 'image/png'],
        ['photo', 'image/jpeg'],
      ]);
      const audit = await sys.database.db.selectFrom('audit_log').selectAll().where('target_type', '=', 'demand').where('target_id', '=', String(row.id)).orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['createDemand', 'consentPersonalData', 'uploadAttachment', 'uploadAttachment']);
      expect(JSON.parse(audit[1]?.details_json ?? 'null')).toMatchObject({ noticeVersion: PRIVACY_NOTICE_VERSION });
      // The public: no user, no role.
      expect(audit[0]).toMatchObject({ actor_user_id: null, actor_role: null, outcome: 'success' });

      // Staff see it in the community's list, as entered.
      const staff = await sys.login('community');
      const list = await sys.request('GET', `/api/demands/${row.id}`, { cookie: staff });
      expect(list.statusCode, list.body).toBe(200);
    });

    it('R2.2 the demand field may also be sent as an application/json part (a Blob in FormData)', async () => {
      const ip = freshIp();
      const res = await post(sys, ip, fields(communityId, await challenge(sys, ip)), [png()], 'application/json');
      expect(res.statusCode, res.body).toBe(201);
      const broken = await storesNothing(async () => {
        const { payload, headers } = form('x', [], 'text/plain');
        return sys.app.inject({ method: 'POST', url: '/api/public/demands', payload: Buffer.from(payload.toString('utf8').replace('"x"', '{"communityId": ')), headers, remoteAddress: ip });
      });
      expect(fieldsOf(expectError(broken, 'VALIDATION_FAILED')).map((f) => f.field)).toEqual(['demand']);
    });

    it('R2.2 refused without consent to the personal-data notice — nothing stored', async () => {
      const ip = freshIp();
      const ch = await challenge(sys, ip);
      const res = await storesNothing(() => post(sys, ip, fields(communityId, ch, { consent: undefined }), [png()]));
      expectError(res, 'CONSENT_REQUIRED');
      const ch2 = await challenge(sys, ip);
      expectError(await storesNothing(() => post(sys, ip, fields(communityId, ch2, { consent: { accepted: false, noticeVersion: PRIVACY_NOTICE_VERSION } }))), 'CONSENT_REQUIRED');
      const ch3 = await challenge(sys, ip);
      expectError(await storesNothing(() => post(sys, ip, fields(communityId, ch3, { consent: { accepted: true, noticeVersion: '2000-01' } }))), 'CONSENT_REQUIRED');
    });

    it('R2.2 a wrong answer, a reused token, a forged or expired one are refused — nothing stored', async () => {
      const ip = freshIp();
      const ch = await challenge(sys, ip);
      const wrong = String(Number(ch.answer) + 1);
      expectError(await storesNothing(() => post(sys, ip, fields(communityId, { token: ch.token, answer: wrong }))), 'CHALLENGE_FAILED');
      // A wrong answer used the token up: the right answer now is too late.
      expectError(await storesNothing(() => post(sys, ip, fields(communityId, ch))), 'CHALLENGE_EXPIRED');

      const ok = await challenge(sys, ip);
      expect((await post(sys, ip, fields(communityId, ok))).statusCode).toBe(201);
      expectError(await storesNothing(() => post(sys, ip, fields(communityId, ok))), 'CHALLENGE_EXPIRED');

      const forged = await challenge(sys, ip);
      const [nonce = '', , mac = ''] = forged.token.split('.');
      const later = `${nonce}.${Date.now() + 60 * 60 * 1000}.${mac}`;
      expectError(await storesNothing(() => post(sys, ip, fields(communityId, { token: later, answer: forged.answer }))), 'CHALLENGE_EXPIRED');
      expectError(await storesNothing(() => post(sys, freshIp(), fields(communityId, { token: 'abc', answer: '1' }))), 'CHALLENGE_EXPIRED');

      const stale = await challenge(sys, ip);
      sys.clock.advance(11 * 60 * 1000);
      expectError(await storesNothing(() => post(sys, freshIp(), fields(communityId, stale))), 'CHALLENGE_EXPIRED');
    });

    it('R2.2 photos: oversized, wrong type by content, a PDF, seven photos — refused, nothing stored', async () => {
      const ip = freshIp();
      const big: Photo = { name: '大图.png', type: 'image/png', bytes: Buffer.concat([samplePng(), Buffer.alloc(65 * 1024)]) };
      expectError(await storesNothing(async () => post(sys, ip, fields(communityId, await challenge(sys, ip)), [png(), big])), 'PHOTO_TOO_LARGE');
      const fake: Photo = { name: '照片.jpg', type: 'image/jpeg', bytes: Buffer.from('<script>alert(1)</script>', 'utf8') };
      expectError(await storesNothing(async () => post(sys, ip, fields(communityId, await challenge(sys, ip)), [fake])), 'PHOTO_TYPE_REFUSED');
      const ip2 = freshIp();
      const pdf: Photo = { name: '说明.pdf', type: 'application/pdf', bytes: samplePdf() };
      expectError(await storesNothing(async () => post(sys, ip2, fields(communityId, await challenge(sys, ip2)), [pdf])), 'PHOTO_TYPE_REFUSED');
      const seven = Array.from({ length: 7 }, (_, i) => png(`现场${i + 1}.png`));
      expectError(await storesNothing(async () => post(sys, ip2, fields(communityId, await challenge(sys, ip2)), seven)), 'TOO_MANY_PHOTOS');
      const eight = Array.from({ length: 8 }, (_, i) => png(`现场${i + 1}.png`));
      expectError(await storesNothing(async () => post(sys, ip2, fields(communityId, await challenge(sys, ip2)), eight)), 'TOO_MANY_PHOTOS');
      const ip3 = freshIp();
      const six = Array.from({ length: 6 }, (_, i) => png(`现场${i + 1}.png`));
      const res = await post(sys, ip3, fields(communityId, await challenge(sys, ip3)), six);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<RaiseJson>().photoCount).toBe(6);
    });

    it('R2.2 texts: control characters refused, a wrong community refused, the schema applies — nothing stored', async () => {
      const ip = freshIp();
      const bidi = await storesNothing(async () => post(sys, ip, fields(communityId, await challenge(sys, ip), { name: '黄\u202e美玲' })));
      expect(fieldsOf(expectError(bidi, 'VALIDATION_FAILED')).map((f) => f.field)).toEqual(['demand.name']);
      const ctrl = await storesNothing(async () => post(sys, ip, fields(communityId, await challenge(sys, ip), { description: '路灯坏了\u0007请尽快修理' })));
      expect(fieldsOf(expectError(ctrl, 'VALIDATION_FAILED')).map((f) => f.field)).toEqual(['demand.description']);
      const ip2 = freshIp();
      const town = (await unitOf(sys, 'town')).id;
      const wrongUnit = await storesNothing(async () => post(sys, ip2, fields(town, await challenge(sys, ip2))));
      expect(fieldsOf(expectError(wrongUnit, 'VALIDATION_FAILED')).map((f) => f.field)).toEqual(['demand.communityId']);
      const badPhone = await storesNothing(async () => post(sys, ip2, fields(communityId, await challenge(sys, ip2), { phone: '12345' })));
      expect(fieldsOf(expectError(badPhone, 'VALIDATION_FAILED')).map((f) => f.field)).toContain('demand.phone');
      const ip3 = freshIp();
      const extra = await storesNothing(async () => post(sys, ip3, fields(communityId, await challenge(sys, ip3), { role: 'town_staff' })));
      expectError(extra, 'VALIDATION_FAILED');
      const json = await storesNothing(() => sys.app.inject({ method: 'POST', url: '/api/public/demands', remoteAddress: freshIp(), payload: { communityId } }));
      expectError(json, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('R2.2 script in the texts is stored as text and comes back verbatim', async () => {
      const ip = freshIp();
      const phone = freshPhone();
      const script = '<script>alert("x")</script><img src=x onerror=alert(1)> & 路灯坏了';
      const res = await post(sys, ip, fields(communityId, await challenge(sys, ip), { phone, description: script, location: '<b>3巷</b>', title: '<i>路灯</i>' }));
      expect(res.statusCode, res.body).toBe(201);
      const { trackingNumber } = res.json<RaiseJson>();
      const row = await sys.database.db.selectFrom('demand').selectAll().where('tracking_no', '=', trackingNumber).executeTakeFirstOrThrow();
      const state = JSON.parse(row.state_json) as { description: string; location: string; title: string };
      expect(state).toMatchObject({ description: script, location: '<b>3巷</b>', title: '<i>路灯</i>' });
      const track = await sys.app.inject({ method: 'POST', url: '/api/public/track', remoteAddress: freshIp(), payload: { trackingNumber, phone } });
      expect(track.statusCode, track.body).toBe(200);
      expect(track.headers['content-type']).toMatch(/^application\/json/);
      expect(track.json<{ demand: { title: string } }>().demand.title).toBe('<i>路灯</i>');
    });

    it('R2.2 a phone raises a few needs an hour: beyond, 429 with Retry-After — nothing stored', async () => {
      const phone = freshPhone();
      for (let i = 0; i < 3; i++) {
        const ip = freshIp();
        expect((await post(sys, ip, fields(communityId, await challenge(sys, ip), { phone }))).statusCode).toBe(201);
      }
      const ip = freshIp();
      const ch = await challenge(sys, ip);
      const res = await storesNothing(() => post(sys, ip, fields(communityId, ch, { phone })));
      expectError(res, 'PHONE_RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(3600);
      // The token was not used by the refusal: the limit is checked first.
      sys.clock.advance(61 * 60 * 1000);
      const again = await post(sys, freshIp(), fields(communityId, await challenge(sys, freshIp()), { phone }));
      expect(again.statusCode, again.body).toBe(201);
    });

    it('R2.2 raises by one phone at the same moment cannot pass its limit together', async () => {
      const phone = freshPhone();
      const challenges = await Promise.all(Array.from({ length: 6 }, () => challenge(sys, freshIp())));
      const results = await Promise.all(challenges.map((ch) => post(sys, freshIp(), fields(communityId, ch, { phone }))));
      const created = results.filter((r) => r.statusCode === 201).length;
      expect(created).toBe(3);
      expect(results.filter((r) => r.statusCode === 429)).toHaveLength(6 - created);
      const rows = await sys.database.db.selectFrom('demand').select('id').where('proposer_phone', '=', phone).execute();
      expect(rows).toHaveLength(created);
    });

    it('R2.2 100 raises from one IP in a minute: the per-IP limit holds, 429 with Retry-After, nothing stored beyond it', async () => {
      const ip = freshIp();
      const challenges = await Promise.all(Array.from({ length: 100 }, () => challenge(sys, freshIp())));
      const before = await counts(sys);
      const results: LightMyRequestResponse[] = [];
      for (const ch of challenges) results.push(await post(sys, ip, fields(communityId, ch)));
      const created = results.filter((r) => r.statusCode === 201);
      const limited = results.filter((r) => r.statusCode === 429);
      expect(created).toHaveLength(5);
      expect(limited).toHaveLength(95);
      for (const r of limited) {
        expect(r.json<{ error: { code: string } }>().error.code).toBe('RATE_LIMITED');
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      }
      const after = await counts(sys);
      expect(after.demand - before.demand).toBe(5);
    });

    it('the towns and communities to pick from are listed, cacheable', async () => {
      const res = await sys.app.inject({ method: 'GET', url: '/api/public/units', remoteAddress: freshIp() });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ towns: { name: string; communities: { id: number; name: string }[] }[] }>();
      expect(body.towns.find((t) => t.name === '东城街道')?.communities.map((c) => c.id)).toContain(communityId);
      const etag = res.headers.etag;
      expect(typeof etag).toBe('string');
      const again = await sys.app.inject({ method: 'GET', url: '/api/public/units', remoteAddress: freshIp(), headers: { 'if-none-match': String(etag) } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
    });
  });
}
