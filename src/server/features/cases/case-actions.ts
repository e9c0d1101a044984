/**
 * Case actions declared once. Each demand or project action is one row: its name (the access action the policy
 * checks, the operationId and the lifecycle command's type, all one word), its HTTP method and path, its Chinese
 * summary with the rule IDs, its body schema, the attachments the body cites, and how the command is built from the
 * body and the state read. `registerCaseActions` turns a table of rows into routes; every row runs the same steps in
 * `CaseService.demandAction` / `projectAction` (load → role and jurisdiction, R0.8 → citations → version → command →
 * decide → one transaction → the new state) and answers with the case's detail at its new version.
 */
import type { Static, TSchema } from 'typebox';
import type { Action } from '../../../domain/access/actions.js';
import type { DemandState, ProjectCommand, ProjectState } from '../../../domain/lifecycle/index.js';
import type { App } from '../../http/app-type.js';
import type { RequestContext } from '../../http/context.js';
import { IdParams, NoQuery, errorResponses } from '../../http/schemas.js';
import type { CaseCitation } from './case-citations.js';
import { DemandDetail, ProjectDetail } from './case.mapper.js';
import type { CaseActionResult, DemandTransition } from './case.service.js';

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The command of an action named `A` (an action's name is its command's type). */
type CommandOf<C extends { readonly type: string }, A extends C['type']> = Extract<C, { readonly type: A }>;

/** Project actions a signed-in user takes through the API (the jobs' `endPublicity` and `markOverdue` are not). */
export type ProjectActionName = Extract<ProjectCommand['type'], Action>;
/** Demand actions on an existing demand (entry and merge have routes of their own). */
export type DemandActionName = Extract<DemandTransition['type'], Action>;

/** What an action's command is built from: the validated request, and the case as read (inside the jurisdiction). */
export interface ActionInput<B extends TSchema, P extends TSchema, S> {
  readonly body: Static<B>;
  readonly params: Static<P>;
  readonly state: S;
  readonly ctx: RequestContext;
}

interface ActionRow<A extends string, S, C, B extends TSchema, P extends TSchema> {
  readonly action: A;
  readonly method: Method;
  readonly path: string;
  readonly summary: string;
  /** Path parameters; `IdParams` unless the path names more than the case (an objection, a claim). */
  readonly params?: P;
  /** The request body; it carries the `version` the client read. */
  readonly body: B;
  /** The attachments the body cites (field, ids, kinds), checked against the case's own. */
  readonly cites?: (body: Static<B>) => readonly CaseCitation[];
  readonly command: (input: ActionInput<B, P, S>) => C | Promise<C>;
}

export type ProjectActionRow<A extends ProjectActionName, B extends TSchema, P extends TSchema> = ActionRow<A, ProjectState, CommandOf<ProjectCommand, A>, B, P>;

export type DemandActionRow<A extends DemandActionName, B extends TSchema, P extends TSchema, R extends TSchema> = ActionRow<
  A,
  DemandState,
  CommandOf<DemandTransition, A>,
  B,
  P
> & {
  /** A response other than the demand's detail (the triage also names the project it opened). */
  readonly reply?: { readonly schema: R; readonly map: (demand: DemandDetail, result: CaseActionResult<DemandState>) => Static<R> };
};

/** A row of an action table, ready to be registered. */
export interface CaseAction {
  readonly action: Action;
  readonly method: Method;
  readonly path: string;
  readonly tags: readonly string[];
  readonly summary: string;
  readonly params: TSchema;
  readonly body: TSchema;
  readonly response: TSchema;
  readonly errors: Readonly<Record<string, TSchema>>;
  readonly handle: (app: App, ctx: RequestContext, body: unknown, params: unknown) => Promise<unknown>;
}

/** Every action body carries the version the client read (`VersionBody` and the bodies built on it). */
function versionOf(body: unknown): number {
  if (typeof body === 'object' && body !== null && 'version' in body && typeof body.version === 'number') return body.version;
  throw new Error('a case action body declares no version');
}

/** Every action path names its case as `:id`. */
function caseIdOf(params: unknown): number {
  if (typeof params === 'object' && params !== null && 'id' in params && typeof params.id === 'number') return params.id;
  throw new Error('a case action path names no :id');
}

/** A project action (R3–R6). It answers with the project's detail; a lifecycle refusal is also a 422. */
export function defineProjectAction<A extends ProjectActionName, B extends TSchema, P extends TSchema = typeof IdParams>(
  row: ProjectActionRow<A, B, P>,
): CaseAction {
  return {
    action: row.action,
    method: row.method,
    path: row.path,
    tags: ['项目'],
    summary: row.summary,
    params: row.params ?? IdParams,
    body: row.body,
    response: ProjectDetail,
    errors: { ...errorResponses, 422: errorResponses[400] },
    handle: async (app, ctx, rawBody, rawParams) => {
      // The schemas above validated both before the handler runs.
      const body = rawBody as Static<B>;
      const params = rawParams as Static<P>;
      const id = caseIdOf(rawParams);
      await app.services.cases.projectAction(ctx, {
        id,
        version: versionOf(rawBody),
        action: row.action,
        citations: row.cites?.(body) ?? [],
        command: (state) => row.command({ body, params, state, ctx }),
      });
      return app.services.caseQueries.getProject(ctx, id);
    },
  };
}

/** A demand action on an existing demand (R2.3–R2.5). It answers with the demand's detail unless the row says. */
export function defineDemandAction<A extends DemandActionName, B extends TSchema, P extends TSchema = typeof IdParams, R extends TSchema = typeof DemandDetail>(
  row: DemandActionRow<A, B, P, R>,
): CaseAction {
  return {
    action: row.action,
    method: row.method,
    path: row.path,
    tags: ['诉求'],
    summary: row.summary,
    params: row.params ?? IdParams,
    body: row.body,
    response: row.reply?.schema ?? DemandDetail,
    errors: errorResponses,
    handle: async (app, ctx, rawBody, rawParams) => {
      const body = rawBody as Static<B>;
      const params = rawParams as Static<P>;
      const id = caseIdOf(rawParams);
      const result = await app.services.cases.demandAction(ctx, {
        id,
        version: versionOf(rawBody),
        action: row.action,
        citations: row.cites?.(body) ?? [],
        command: (state) => row.command({ body, params, state, ctx }),
      });
      const demand = await app.services.caseQueries.getDemand(ctx, id);
      return row.reply === undefined ? demand : row.reply.map(demand, result);
    },
  };
}

/** Registers each row as one route: access and operationId are the action's name. */
export function registerCaseActions(app: App, table: readonly CaseAction[]): void {
  for (const a of table) {
    app.route({
      method: a.method,
      url: a.path,
      config: { access: a.action },
      schema: {
        operationId: a.action,
        querystring: NoQuery,
        tags: [...a.tags],
        summary: a.summary,
        params: a.params,
        body: a.body,
        response: { 200: a.response, ...a.errors },
      },
      handler: (request) => a.handle(app, request.ctx, request.body, request.params),
    });
  }
}

