/**
 * R7.1 in `OUTBOX_MODE=log` a feedback to the outside world is only written to the development log: the case's
 * timeline says `logged`, not `delivered`; the portal's feedback, shown inside the system, is `delivered`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';

for (const dialect of DIALECTS) {
  describe(`[${dialect}] delivery status in log mode`, () => {
    let sys: TestSystem;
    let dataDir: string;
    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-logged-'));
      sys = await createTestSystem(dialect, { config: { dataDir } });
    });
    afterAll(async () => {
      await sys.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('R7.1 an SMS feedback written to the development log reads logged in the timeline; the portal one delivered', async () => {
      const community = await sys.login('community');
      const me = (await sys.request('GET', '/api/session', { cookie: community })).json<{ unit: { id: number } }>();
      const created = await sys.request('POST', '/api/demands', {
        cookie: community,
        body: {
          communityId: me.unit.id,
          channel: 'gridPatrol',
          proposer: { kind: 'masses', name: '周国平', phone: '13922223333' },
          title: '示例社区一公园路灯不亮',
          description: '公园东侧三盏路灯不亮。',
          location: '示例社区一小公园',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const demand = created.json<{ id: number; version: number }>();
      const ack = await sys.request('POST', `/api/demands/${demand.id}/acknowledge`, { cookie: community, body: { version: demand.version } });
      expect(ack.statusCode, ack.body).toBe(200);

      await sys.app.services.delivery.deliverDue(sys.clock.now());
      const timeline = (await sys.request('GET', `/api/demands/${demand.id}/timeline`, { cookie: community })).json<{ feedbacks: { channel: string; status: string }[] }>();
      expect(timeline.feedbacks.map((f) => [f.channel, f.status]).sort()).toEqual([
        ['portal', 'delivered'],
        ['sms', 'logged'],
      ]);
      expect(fs.readFileSync(path.join(dataDir, 'outbox', 'sms.log'), 'utf8')).toContain('"channel":"sms"');
    });
  });
}
