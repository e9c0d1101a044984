/**
 * Fills a benchmark database with N assigned demands in the demo community, each a real state produced by the
 * lifecycle's own `decideDemand`, inserted in batches (a fixture for load, not a demo: it bypasses the audit trail).
 */
import { buildWorkCalendar } from '../src/domain/calendar/index.js';
import { decideDemand } from '../src/domain/lifecycle/index.js';
import { DEFAULT_RULES_CONFIG } from '../src/domain/rules-config.js';
import { sql, type Insertable } from 'kysely';
import type { Db, Dialect } from '../src/server/db/database.js';
import type { DemandTable } from '../src/server/db/schema.js';

export async function seedBenchDemands(db: Db, dialect: Dialect, count: number): Promise<{ communityId: number; townId: number; firstId: number; lastId: number }> {
  // The demo community account's own community, so that account can act on every seeded demand.
  const community = await db
    .selectFrom('unit')
    .innerJoin('app_user', 'app_user.unit_id', 'unit.id')
    .selectAll('unit')
    .where('app_user.username', '=', 'community')
    .executeTakeFirstOrThrow();
  const townId = community.town_id ?? 0;
  const calendar = buildWorkCalendar([], []);
  const start = await db.selectFrom('demand').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
  let id = start?.max ?? 0;
  const firstId = id + 1;
  const now = new Date();
  for (let done = 0; done < count; ) {
    const batch: Insertable<DemandTable>[] = [];
    for (let i = 0; i < 500 && done < count; i++, done++) {
      id += 1;
      const result = decideDemand(
        null,
        {
          type: 'createDemand',
          demandId: id,
          trackingNumber: `BENCH${String(id).padStart(9, '0')}`,
          townId,
          communityId: community.id,
          communityName: community.name,
          channel: 'hotline12345',
          proposer: { kind: 'masses', name: '测试', phone: '13800000000' },
          title: `压测诉求 ${id}`,
          description: '压测数据',
          location: '示例社区一',
          collection: { mode: 'daily' },
        },
        { now, calendar, config: DEFAULT_RULES_CONFIG, actor: { userId: null, role: 'community_staff', unitId: community.id } },
      );
      if (!result.ok) throw new Error(result.violation.message);
      const iso = now.toISOString();
      batch.push({
        id,
        tracking_no: result.state.trackingNumber,
        community_id: community.id,
        town_id: townId,
        status: result.state.status,
        channel: 'hotline12345',
        title: result.state.title,
        proposer_phone: '13800000000',
        project_id: null,
        primary_demand_id: null,
        idempotency_key: null,
        state_json: JSON.stringify(result.state),
        version: 1,
        created_at: iso,
        updated_at: iso,
      });
    }
    // Explicit ids keep the states' ids and the rows' ids equal.
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < batch.length; i += 100) await trx.insertInto('demand').values(batch.slice(i, i + 100)).execute();
    });
  }
  if (dialect === 'postgres') await sql`SELECT setval(pg_get_serial_sequence('demand', 'id'), ${id})`.execute(db);
  return { communityId: community.id, townId, firstId, lastId: id };
}
