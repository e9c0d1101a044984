/**
 * First start: the city, its 33 towns (shared/data → src/server/seed/dongguan-towns.json), the bureau, each town's
 * default departments and the published holiday schedules. Real structure, loaded in every mode, once.
 */
import { randomUUID } from 'node:crypto';
import type { Transactor } from '../db/transactor.js';
import type { UnitRow } from '../db/schema.js';
import type { RequestContext } from '../http/context.js';
import type { AuditService } from '../features/audit/audit.service.js';
import { findCity, findUnitsByKind, insertUnit } from '../features/org/org.repository.js';
import towns from './dongguan-towns.json' with { type: 'json' };

export const DEFAULT_DEPARTMENTS = ['财政', '农林水务', '住建', '自然资源'] as const;

export function systemContext(now: Date): RequestContext {
  return { requestId: `system-${randomUUID()}`, ip: 'localhost', user: null, now };
}

export interface FoundationSeedResult {
  readonly created: boolean;
  readonly city: UnitRow;
  readonly towns: readonly UnitRow[];
}

export async function seedFoundation(
  tx: Transactor,
  audit: AuditService,
  ctx: RequestContext,
  departments: readonly string[] = DEFAULT_DEPARTMENTS,
): Promise<FoundationSeedResult> {
  const existing = await findCity(tx.reader);
  if (existing !== undefined) return { created: false, city: existing, towns: await findUnitsByKind(tx.reader, 'town') };
  const createdAt = ctx.now.toISOString();
  return tx.run(async (trx) => {
    const city = await insertUnit(trx, { kind: 'city', subkind: null, name: towns.city, code: '4419', parent: null, isSample: false, createdAt });
    await insertUnit(trx, { kind: 'bureau', subkind: '民政局', name: '东莞市民政局', code: null, parent: city, isSample: false, createdAt });
    const townRows: UnitRow[] = [];
    for (const t of towns.towns) {
      const town = await insertUnit(trx, { kind: 'town', subkind: t.kind, name: t.name, code: null, parent: city, isSample: false, createdAt });
      townRows.push(town);
      for (const d of departments) {
        await insertUnit(trx, { kind: 'department', subkind: d, name: `${t.name}${d}`, code: null, parent: town, isSample: false, createdAt });
      }
    }
    await audit.record(trx, ctx, {
      action: 'createUnit',
      target: { type: 'unit', id: city.id, unitId: city.id },
      details: { seed: 'foundation', towns: townRows.length, departmentsPerTown: departments },
    });
    return { created: true, city, towns: townRows };
  });
}
