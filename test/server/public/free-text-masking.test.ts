/**
 * R0.8 personal data typed into free text: phone numbers (mobiles, landlines) and ID numbers in an objection, its
 * answer, a demand's title and the feedback texts reach the public masked — in the project view, the list and the
 * tracking page — while the community that works the case reads the original. Departments, the bureau and
 * supervisors read such numbers masked too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { uploadAttachment } from '../cases/flow.js';
import { acknowledge, anonymous, at, buildProjects, call, COMMUNITY, createDemand, getProject, ok, unitOf, type BuiltProject } from './portal-flow.js';

const OBJECTION = '请联系我：电话13912345678，王小明，身份证44190019900101123X，座机0769-12345678';
const OBJECTION_MASKED = '请联系我：电话139****5678，王**，身份证4419**********123X，座机0769-****5678';
const ANSWER = '已联系，如有疑问请致电+86 138-0000-1111或（0769）22830101';
const ANSWER_MASKED = '已联系，如有疑问请致电138****1111或0769-****0101';
const RAW = ['13912345678', '44190019900101123X', '0769-12345678', '138-0000-1111', '22830101', '13611112222', '13655556666'];

interface PublicProjectJson {
  id: number;
  objections: { text: string; answer: string | null; raisedBy: string | null }[];
}

function expectNoRawNumbers(body: string): void {
  for (const raw of RAW) expect(body, raw).not.toContain(raw);
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] free text on its way to the public`, () => {
    let sys: TestSystem;
    let road: BuiltProject;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      [road] = (await buildProjects(sys, [{ title: '脱敏测试三巷路面修复工程' }])) as [BuiltProject];
      at(sys, '2026-09-30T02:00:00.000Z');
    });
    afterAll(async () => sys.close());

    it('R0.8 an objection with a phone number, an ID number and a landline is shown masked to the public', async () => {
      const raised = await anonymous(sys, 'POST', `/api/public/projects/${road.projectId}/objections`, { text: OBJECTION, name: '王小明', phone: '13700001234' });
      expect(ok(raised, 201).json<{ project: PublicProjectJson }>().project.objections[0]).toMatchObject({ text: OBJECTION_MASKED, raisedBy: '王**' });
      expectNoRawNumbers(raised.body);

      const detail = ok(await anonymous(sys, 'GET', `/api/public/projects/${road.projectId}`));
      expect(detail.json<PublicProjectJson>().objections[0]?.text).toBe(OBJECTION_MASKED);
      expectNoRawNumbers(detail.body);
      const list = ok(await anonymous(sys, 'GET', `/api/public/projects?keyword=${encodeURIComponent('脱敏测试')}`));
      expect(list.json<{ items: PublicProjectJson[] }>().items[0]?.objections[0]?.text).toBe(OBJECTION_MASKED);
      expectNoRawNumbers(list.body);
    });

    it('R0.8 the answer to it likewise; the community reads both as written, the supervisor masked', async () => {
      const before = await getProject(sys, COMMUNITY, road.projectId);
      const objectionId = before.state.objections[0]?.id ?? 0;
      ok(await call(sys, COMMUNITY, 'POST', `/api/projects/${road.projectId}/objections/${objectionId}/answer`, { version: before.version, answer: ANSWER }));

      const pub = ok(await anonymous(sys, 'GET', `/api/public/projects/${road.projectId}`));
      expect(pub.json<PublicProjectJson>().objections[0]).toMatchObject({ text: OBJECTION_MASKED, answer: ANSWER_MASKED });
      expectNoRawNumbers(pub.body);

      const staff = await getProject(sys, COMMUNITY, road.projectId);
      expect(staff.state.objections[0]).toMatchObject({
        text: OBJECTION,
        answer: { text: ANSWER },
      });
      const supervisor = ok(await call(sys, 'supervisor', 'GET', `/api/projects/${road.projectId}`));
      expectNoRawNumbers(supervisor.body);
      const timeline = ok(await call(sys, 'supervisor', 'GET', `/api/projects/${road.projectId}/timeline`));
      expectNoRawNumbers(timeline.body);
      expect(timeline.body).not.toContain('王小明');
    });

    it('R0.8 the tracking page masks numbers in the title and in the feedback texts (a department contact typed in)', async () => {
      const communityId = (await unitOf(sys, COMMUNITY)).id;
      const created = await createDemand(sys, {
        communityId,
        title: '路灯不亮，请回电13611112222',
        proposer: { kind: 'masses', name: '赵文华', phone: '13800002222' },
      });
      const demand = await acknowledge(sys, created);
      const minutes = await uploadAttachment(sys, COMMUNITY, 'demands', demand.id, 'committeeMinutes');
      ok(
        await call(sys, COMMUNITY, 'POST', `/api/demands/${demand.id}/triage`, {
          version: demand.version,
          meeting: { heldAt: '2026-09-30T01:00:00.000Z', summary: '两委联席会议研究，按现行政策办理', minutesAttachmentIds: [minutes] },
          outcome: { kind: 'existingPolicy', departmentName: '东城街道城管', policyName: null, contactName: '钱志强', contactPhone: '13655556666' },
        }),
      );
      const track = ok(await anonymous(sys, 'POST', '/api/public/track', { trackingNumber: demand.state.trackingNumber, phone: '13800002222' }));
      const view = track.json<{ demand: { title: string; proposerName: string }; feedbacks: { body: string }[] }>();
      expect(view.demand).toMatchObject({ title: '路灯不亮，请回电136****2222', proposerName: '赵**' });
      expect(view.feedbacks.map((f) => f.body).join('\n')).toContain('联系电话：136****6666');
      expectNoRawNumbers(track.body);
      expect(track.body).not.toContain('13800002222');

      // The community reads its demand as entered.
      const staff = ok(await call(sys, COMMUNITY, 'GET', `/api/demands/${demand.id}`));
      expect(staff.json<{ state: { title: string } }>().state.title).toBe('路灯不亮，请回电13611112222');
      // Lists: the supervisor reads the title masked.
      const list = ok(await call(sys, 'supervisor', 'GET', `/api/demands?keyword=${encodeURIComponent('路灯不亮')}`));
      expect(list.json<{ items: { title: string }[] }>().items.map((i) => i.title)).toEqual(['路灯不亮，请回电136****2222']);
    });
  });
}
