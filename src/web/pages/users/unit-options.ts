/**
 * Unit choices for an account: only the kinds of unit the chosen role may belong to (the server checks the same).
 */
import type { Role, UnitView } from '../../api/models.js';
import { ROLE_UNIT_KINDS, UNIT_KIND_LABELS } from '../../../domain/access/roles.js';

export interface UnitOption {
  readonly value: number;
  readonly label: string;
}

/** Every town has its 示例社区一: a community's label names its town. */
export function unitLabel(unit: UnitView, byId: ReadonlyMap<number, UnitView>): string {
  const town = unit.kind === 'community' && unit.townId !== null ? byId.get(unit.townId) : undefined;
  return town === undefined ? unit.name : `${town.name} · ${unit.name}`;
}

export function unitOptions(units: readonly UnitView[], role: Role | undefined): UnitOption[] {
  const kinds = role === undefined ? null : ROLE_UNIT_KINDS[role];
  const byId = new Map(units.map((u) => [u.id, u]));
  return units
    .filter((u) => kinds === null || kinds.includes(u.kind))
    .map((u) => {
      const label = unitLabel(u, byId);
      return { value: u.id, label: kinds !== null && kinds.length === 1 ? label : `${label}（${UNIT_KIND_LABELS[u.kind]}）` };
    });
}

export function unitFits(units: readonly UnitView[], unitId: number, role: Role): boolean {
  const unit = units.find((u) => u.id === unitId);
  return unit !== undefined && ROLE_UNIT_KINDS[role].includes(unit.kind);
}
