/**
 * The lifecycle of 民生微实事 (R1–R7) as a pure domain core: the Demand and Project aggregates, their deciders,
 * events, deadline records, feedback templates, transitions tables and the generated documentation.
 *
 * How a service uses it: load the state (or null), call `decideDemand` / `decideProject` with the command and a
 * `DecideContext`; on `ok` persist `state` and turn `events` into audit records, outbox rows (feedbacks,
 * publications, notifications) and deadline rows in one transaction; on `!ok` report `violation`.
 * An adopted demand (`triageDemand` with outcome `adopt`) returns `projectOpenRequested`: the service then calls
 * `decideProject(null, openProjectCommand(demand, command), ctx)` in the same transaction. `mergeDemands` is applied
 * to every demand concerned and, when the primary is adopted, to its project.
 */
export * from './types.js';
export * from './statuses.js';
export * from './state-version.js';
export * from './events.js';
export * from './feedback-templates.js';
export * from './deadline-book.js';
export * from './transitions.js';
export * from './demand.js';
export * from './project-types.js';
export * from './project.js';
export * from './split-detection.js';
export * from './public-view.js';
export * from './lifecycle-doc.js';
