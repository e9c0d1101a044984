/**
 * Versions of the stored state of the two aggregates. A state is kept as JSON (`state_json`) and read back by later
 * code, so every state carries the `schemaVersion` of its shape and is upgraded on every read.
 *
 * Version 1 is the JSON written before states carried the field: a state without `schemaVersion` is version 1.
 * Version 2 adds only the field itself. The deciders always write the current version.
 *
 * To change the shape of a state: raise its `*_STATE_VERSION`, and add the step from the previous version to
 * `DEMAND_STEPS` / `PROJECT_STEPS` (keyed by the version it upgrades from; it returns the state in the next
 * version's shape, the chain stamps `schemaVersion`). Old rows are never rewritten in place: each is upgraded when
 * read and saved at the current version by its next command. The frozen fixtures of
 * test/domain/lifecycle/fixtures/state-v1/ must keep upgrading; add frozen fixtures of the version being left.
 */
import type { DemandState } from './demand.js';
import type { ProjectState } from './project-types.js';
import { DEMAND_STATE_VERSION, PROJECT_STATE_VERSION } from './state-versions.js';
import { DEMAND_STATUSES, PROJECT_STATUSES } from './statuses.js';

export { DEMAND_STATE_VERSION, PROJECT_STATE_VERSION };

/** A stored state that cannot be read as a current one: not a state of the aggregate, or written by newer code. */
export class StateVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateVersionError';
  }
}

type Json = Readonly<Record<string, unknown>>;
/** Upgrades a state of version n (its key) to version n + 1. */
type Steps = Readonly<Record<number, (state: Json) => Json>>;

const DEMAND_STEPS: Steps = {
  // 1 → 2: the unversioned state; version 2 only adds `schemaVersion`.
  1: (state) => state,
};

const PROJECT_STEPS: Steps = {
  // 1 → 2: the unversioned state; version 2 only adds `schemaVersion`.
  1: (state) => state,
};

/** Reads a stored demand state (parsed JSON) of any known version as a current `DemandState`. */
export function upgradeDemandState(json: unknown): DemandState {
  return upgrade('demand', json, DEMAND_STATE_VERSION, DEMAND_STEPS, DEMAND_STATUSES) as unknown as DemandState;
}

/** Reads a stored project state (parsed JSON) of any known version as a current `ProjectState`. */
export function upgradeProjectState(json: unknown): ProjectState {
  return upgrade('project', json, PROJECT_STATE_VERSION, PROJECT_STEPS, PROJECT_STATUSES) as unknown as ProjectState;
}

function upgrade(aggregate: 'demand' | 'project', json: unknown, current: number, steps: Steps, statuses: readonly string[]): Json {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new StateVersionError(`Stored ${aggregate} state is not a JSON object`);
  }
  let state = json as Json;
  const what = `Stored ${aggregate} state${typeof state.id === 'number' ? ` ${state.id}` : ''}`;
  if (state.aggregate !== aggregate) throw new StateVersionError(`${what} is not a ${aggregate} state (aggregate ${JSON.stringify(state.aggregate)})`);
  const stored = state.schemaVersion ?? 1;
  if (typeof stored !== 'number' || !Number.isInteger(stored) || stored < 1) {
    throw new StateVersionError(`${what} has an invalid schemaVersion ${JSON.stringify(stored)}`);
  }
  if (stored > current) {
    throw new StateVersionError(
      `${what} has schemaVersion ${stored}, newer than the ${current} this code knows: it was written by a newer release; run that release or a later one`,
    );
  }
  for (let version = stored; version < current; version += 1) {
    const step = steps[version];
    if (step === undefined) throw new StateVersionError(`No upgrade of ${aggregate} state from schemaVersion ${version}`);
    state = { ...step(state), schemaVersion: version + 1 };
  }
  if (typeof state.id !== 'number' || typeof state.status !== 'string' || !statuses.includes(state.status)) {
    throw new StateVersionError(`${what} has no valid id and status (status ${JSON.stringify(state.status)})`);
  }
  return state;
}
