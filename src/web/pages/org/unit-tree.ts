/**
 * Turns the flat unit list into the jurisdiction tree (city → bureau and towns → communities and departments),
 * filters it by a name, and counts it.
 */
import type { UnitKind, UnitView } from '../../api/models.js';

export interface UnitNode {
  readonly unit: UnitView;
  readonly children: readonly UnitNode[];
}

const KIND_ORDER: Readonly<Record<UnitKind, number>> = { city: 0, bureau: 1, town: 2, community: 3, department: 4 };

export function buildForest(units: readonly UnitView[]): UnitNode[] {
  const byParent = new Map<number | null, UnitView[]>();
  const ids = new Set(units.map((u) => u.id));
  for (const unit of units) {
    // A unit whose parent lies outside what the user may see is a root of the user's view.
    const parent = unit.parentId !== null && ids.has(unit.parentId) ? unit.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), unit]);
  }
  const grow = (parent: number | null): UnitNode[] =>
    [...(byParent.get(parent) ?? [])]
      .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.id - b.id)
      .map((unit) => ({ unit, children: grow(unit.id) }));
  return grow(null);
}

/** Nodes whose name contains `keyword`, with their ancestors; and the keys to expand to show every match. */
export function filterForest(forest: readonly UnitNode[], keyword: string): { forest: UnitNode[]; expand: number[] } {
  const needle = keyword.trim();
  const expand: number[] = [];
  if (needle === '') return { forest: [...forest], expand };
  const visit = (node: UnitNode): UnitNode | null => {
    const children = node.children.map(visit).filter((c): c is UnitNode => c !== null);
    if (children.length > 0) expand.push(node.unit.id);
    if (children.length > 0 || node.unit.name.includes(needle)) return { unit: node.unit, children };
    return null;
  };
  return { forest: forest.map(visit).filter((n): n is UnitNode => n !== null), expand };
}

export interface UnitCounts {
  readonly towns: number;
  readonly communities: number;
  readonly sampleCommunities: number;
  readonly departments: number;
}

export function countUnits(units: readonly UnitView[]): UnitCounts {
  return {
    towns: units.filter((u) => u.kind === 'town').length,
    communities: units.filter((u) => u.kind === 'community').length,
    sampleCommunities: units.filter((u) => u.kind === 'community' && u.isSample).length,
    departments: units.filter((u) => u.kind === 'department').length,
  };
}
