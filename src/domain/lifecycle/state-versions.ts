/**
 * The shape versions of stored case state that the deciders write; `state-version.ts` upgrades older ones on read.
 * On their own so that the state types and constructors can name them without importing the upgrade steps.
 */

/** The shape of `DemandState` the deciders write. */
export const DEMAND_STATE_VERSION = 2;
/** The shape of `ProjectState` the deciders write. */
export const PROJECT_STATE_VERSION = 2;
