/** Rows written before states carried `schemaVersion` are read through the domain's upgrade chain. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMAND_STATE_VERSION, PROJECT_STATE_VERSION, StateVersionError } from '../../../src/domain/lifecycle/index.js';
import type { DemandRow, ProjectRow } from '../../../src/server/db/schema.js';
import { parseDemand, parseProject } from '../../../src/server/features/cases/case.repository.js';

function stored(name: string): string {
  return readFileSync(new URL(`../../domain/lifecycle/fixtures/state-v1/${name}.json`, import.meta.url), 'utf8');
}

describe('Reading stored case state', () => {
  it('upgrades an unversioned row to the current schemaVersion and keeps the row version', () => {
    const demand = parseDemand({ state_json: stored('demand-acknowledged'), version: 3 } as DemandRow);
    expect(demand).toMatchObject({ version: 3, state: { status: 'acknowledged', schemaVersion: DEMAND_STATE_VERSION } });
    const project = parseProject({ state_json: stored('project-inPublicity'), version: 7 } as ProjectRow);
    expect(project).toMatchObject({ version: 7, state: { status: 'inPublicity', schemaVersion: PROJECT_STATE_VERSION } });
  });

  it('refuses a row written by newer code', () => {
    const newer = JSON.stringify({ ...(JSON.parse(stored('project-closed')) as object), schemaVersion: PROJECT_STATE_VERSION + 1 });
    expect(() => parseProject({ state_json: newer, version: 1 } as ProjectRow)).toThrow(StateVersionError);
  });
});
