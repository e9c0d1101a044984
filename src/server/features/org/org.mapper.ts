/**
 * What leaves the server about units.
 */
import { Type, type Static } from 'typebox';
import { UnitKindSchema } from '../../http/schemas.js';
import type { UnitRow } from '../../db/schema.js';

export const UnitView = Type.Object({
  id: Type.Integer(),
  kind: UnitKindSchema,
  subkind: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  townId: Type.Union([Type.Integer(), Type.Null()]),
  isSample: Type.Boolean({ description: '演示数据' }),
});
export type UnitView = Static<typeof UnitView>;

export function mapUnit(row: UnitRow): UnitView {
  return {
    id: row.id,
    kind: row.kind,
    subkind: row.subkind,
    name: row.name,
    code: row.code,
    parentId: row.parent_id,
    townId: row.town_id,
    isSample: row.is_sample === 1,
  };
}
