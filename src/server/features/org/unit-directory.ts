/**
 * A per-process cache of units for the hot paths (every request resolves its user's unit and jurisdiction, every
 * case action its community). Units are only ever added, and a unit's id, kind and path never change, so a cached
 * entry cannot become wrong; names are refreshed after a minute.
 */
import type { Transactor } from '../../db/transactor.js';
import type { UnitRow } from '../../db/schema.js';
import { findCity, findUnit } from './org.repository.js';

const TTL_MS = 60_000;

export class UnitDirectory {
  private readonly units = new Map<number, { row: UnitRow; at: number }>();
  private cityId: number | null = null;

  constructor(private readonly tx: Transactor) {}

  async get(id: number): Promise<UnitRow | undefined> {
    const hit = this.units.get(id);
    if (hit !== undefined && Date.now() - hit.at < TTL_MS) return hit.row;
    const row = await findUnit(this.tx.reader, id);
    if (row !== undefined) this.units.set(id, { row, at: Date.now() });
    return row;
  }

  async city(): Promise<UnitRow | undefined> {
    if (this.cityId !== null) return this.get(this.cityId);
    const row = await findCity(this.tx.reader);
    if (row !== undefined) {
      this.cityId = row.id;
      this.units.set(row.id, { row, at: Date.now() });
    }
    return row;
  }
}
