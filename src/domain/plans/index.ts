/**
 * Annual collection and plan (R8) as a pure domain core: the Campaign, Allocation and AnnualPlan aggregates, their
 * deciders and the readings they rest on (policy.ts). How a service uses it: load the state, call the decider with
 * the command and a `PlanContext`; on `ok` persist `state` and turn `events` into audit records and outbox rows (the
 * bureau's notifications) in one transaction; on `!ok` report `violation`.
 */
export * from './decision.js';
export * from './policy.js';
export * from './campaign.js';
export * from './allocation.js';
export * from './annual-plan.js';
