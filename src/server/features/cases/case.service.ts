/**
 * Carries out every case action. A demand or project action, whoever asks for it (a route of the action table in
 * case-actions.ts, the public portal, the 12345 intake, a job, the seeds), runs the same steps in `runAction`: load
 * the case (404 if missing) → role and jurisdiction (R0.8: outside it answers as missing) → the attachments the
 * body cites → the version the client read → the command built from the state read → the pure lifecycle
 * (`decideDemand` / `decideProject`) → ONE transaction that saves the new state only at that version (of two clerks
 * acting at once, one wins and the other gets VERSION_CONFLICT), turns the events into deadline, feedback and
 * publication rows and writes the audit record (R0.7). A refused command changes nothing: its transaction rolls
 * back and the refusal is then audited on its own as a failure naming the rule it broke — the same way for demands
 * and projects, for entries and merges too.
 */
import type { Action } from '../../../domain/access/actions.js';
import type { UnitRef } from '../../../domain/access/roles.js';
import { CHANNEL_INFO } from '../../../domain/categories.js';
import {
  decideDemand,
  decideProject,
  openProjectCommand,
  splitWindowStart,
  toSplitCandidate,
  type CommandActor,
  type DecideContext,
  type DemandCommand,
  type DemandState,
  type LifecycleEvent,
  type ProjectCommand,
  type ProjectState,
  type Violation,
} from '../../../domain/lifecycle/index.js';
import { DEFAULT_RULES_CONFIG, type RulesConfig } from '../../../domain/rules-config.js';
import type { Transactor, Tx as Trx } from '../../db/transactor.js';
import type { DemandRow, ProjectRow, UnitRow } from '../../db/schema.js';
import type { DecideResult } from '../../../domain/lifecycle/types.js';
import { AppError } from '../../errors.js';
import type { AccessGuard } from '../../http/access.js';
import type { RequestContext } from '../../http/context.js';
import type { AuditEntry, AuditService, AuditTarget } from '../audit/audit.service.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { UnitDirectory } from '../org/unit-directory.js';
import { collectionForDemand, enterLibraryInTransaction } from '../plans/plans.service.js';
import { stateDiff } from './case-audit.js';
import type { CaseCitation, CaseOwner, CitationChecker } from './case-citations.js';
import { CaseEventWriter, type EventScope } from './case-events.js';
import {
  findDemandByIdempotencyKey,
  findDemandRow,
  findProjectRow,
  findRecentSmallProjects,
  linkDemandToProject,
  parseDemand,
  parseProject,
  reserveDemand,
  reserveProject,
  saveDemand,
  saveProject,
  trackingNumberFor,
} from './case.repository.js';

type CreateCmd = Extract<DemandCommand, { type: 'createDemand' }>;
/** What an entry gives; the collection is not among it: R8.1 it follows from the channel and the town's campaign. */
export type NewDemandInput = Omit<CreateCmd, 'type' | 'demandId' | 'trackingNumber' | 'townId' | 'communityName' | 'collection'>;

/** A demand command on an existing demand (an entry creates one; a merge takes several: their own methods). */
export type DemandTransition = Exclude<DemandCommand, CreateCmd | { type: 'mergeDemands' }>;
/** Any command on one existing demand, as `demandCommand` has always taken them (a job's `markOverdue` included). */
type DemandCommandOnOne = Exclude<DemandCommand, CreateCmd>;

/** Who acts, for commands that do not come from a signed-in user. */
export type ActorKind = 'user' | 'public' | 'system';

/**
 * One action on one existing case. `action` is the command's type, and for a signed-in user also the access action
 * the policy checks; `command` builds the command from the state read, once role, jurisdiction, citations and
 * version have passed (it may read, e.g. the town's departments). `inTransaction` writes rows that must stand or fall
 * with the change (an online survey answer's own row, R6.5) in its transaction; throwing there undoes it.
 */
export interface CaseActionRequest<S, C extends { readonly type: string }> {
  readonly id: number;
  /** The version the client read; null for commands that act on whatever is current (jobs, the portal's survey). */
  readonly version: number | null;
  readonly action: C['type'];
  readonly actor?: ActorKind;
  /** The attachments the body cites, checked against the case's own (and, for a project, its demands'). */
  readonly citations?: readonly CaseCitation[];
  readonly command: (state: S) => C | Promise<C>;
  readonly inTransaction?: (trx: Trx, state: S) => Promise<void>;
}

/** What an action leaves: the new state at its new version (and, for a triage that adopts, the project it opened). */
export interface CaseActionResult<S> {
  readonly state: S;
  readonly version: number;
  readonly projectId: number | null;
}

/** Throws the refusal's error after noting it, so that it is audited once its transaction has rolled back. */
type Refuse = (violation: Violation, target: AuditTarget) => never;

/** What `runAction` needs to know of an aggregate: everything else about an action is the same for both. */
interface CaseKind<S extends DemandState | ProjectState, C extends { readonly type: string }> {
  readonly type: 'demand' | 'project';
  load(id: number): Promise<{ readonly state: S; readonly version: number; readonly communityId: number }>;
  /** Whose attachments the case's forms may cite. */
  owners(state: S): readonly CaseOwner[];
  /** The command completed with what is read outside the transaction (R2.5 target, R1.3 recent projects). */
  complete(ctx: RequestContext, state: S, command: C): Promise<C>;
  /** The command completed with what must be reserved in the transaction (the project a triage adopts). */
  reserve(trx: Trx, ctx: RequestContext, state: S, command: C): Promise<C>;
  decide(state: S, command: C, dctx: DecideContext): DecideResult<S>;
  save(trx: Trx, state: S, version: number, now: string): Promise<boolean>;
  /** What follows the saved change in its transaction; the id of a project it opened. */
  follow(trx: Trx, ctx: RequestContext, dctx: DecideContext, state: S, command: C, cache: Map<number, DemandState>, refuse: Refuse): Promise<number | null>;
}

export function violationError(v: Violation): AppError {
  const { errors, ...rest } = v.details ?? {};
  return new AppError(v.code, { rule: v.rule, ...(errors !== undefined ? { fields: errors } : {}), ...rest }, v.message);
}

const ref = (u: UnitRow): UnitRef => ({ id: u.id, kind: u.kind, path: u.path });

/** Who the audit names for a demand entered without a signed-in user: the system (an integration such as 12345). */
function auditActor(actor: ActorKind): AuditEntry['actor'] {
  return actor === 'system' ? { userId: null, username: 'system', role: 'system', unitId: null } : undefined;
}

/** R2.2 an integration acts without a user and enters only the online channels' demands. */
function requireIntegration(ctx: RequestContext, input: NewDemandInput): void {
  if (ctx.user !== null || CHANNEL_INFO[input.channel].group !== 'online') {
    throw new AppError('FORBIDDEN_ROLE', { action: 'createDemand', rule: 'R2.2' }, '系统接口只能录入线上渠道（12345热线、门户网站、“莞家政务”公众号）的诉求');
  }
}

export class CaseService {
  private readonly events: CaseEventWriter;
  private readonly demands: CaseKind<DemandState, DemandCommandOnOne>;
  private readonly projects: CaseKind<ProjectState, ProjectCommand>;

  constructor(
    private readonly tx: Transactor,
    private readonly audit: AuditService,
    private readonly access: AccessGuard,
    private readonly calendar: CalendarService,
    private readonly units: UnitDirectory,
    private readonly citations: CitationChecker,
    private readonly rules: RulesConfig = DEFAULT_RULES_CONFIG,
  ) {
    this.events = new CaseEventWriter(audit);
    this.demands = this.demandKind();
    this.projects = this.projectKind();
  }

  // ------------------------------------------------------------------------------------------------ actions

  /** A demand action (R2.3–R2.5) by a signed-in user, through the steps of `runAction`. */
  demandAction(ctx: RequestContext, request: CaseActionRequest<DemandState, DemandTransition>): Promise<CaseActionResult<DemandState>> {
    return this.runAction(this.demands, ctx, request);
  }

  /** A project action (R3–R6) by a signed-in user, the public through the portal, or a job. */
  projectAction(ctx: RequestContext, request: CaseActionRequest<ProjectState, ProjectCommand>): Promise<CaseActionResult<ProjectState>> {
    return this.runAction(this.projects, ctx, request);
  }

  /**
   * Any demand action on an existing demand, as a command already built. `check` (the caller's checks of what the
   * command cites) runs once the demand is known to be in the actor's jurisdiction. A job (`actor: 'system'`) may
   * only mark a step overdue.
   */
  async demandCommand(
    ctx: RequestContext,
    id: number,
    version: number | null,
    command: DemandCommandOnOne,
    actor: 'user' | 'system' = 'user',
    check?: (state: DemandState) => Promise<void>,
  ): Promise<{ state: DemandState; version: number; projectId: number | null }> {
    if (actor === 'system' && command.type !== 'markOverdue') throw new Error(`${command.type} is not a system command`);
    return this.runAction(this.demands, ctx, {
      id,
      version,
      action: command.type,
      actor,
      command: async (state) => {
        if (check !== undefined) await check(state);
        return command;
      },
    });
  }

  /**
   * A project action as a command already built: by a signed-in user (`actor: 'user'`), a member of the public
   * through the portal (objections, claims, survey answers) or a job (`endPublicity`, `markOverdue`).
   */
  async projectCommand(
    ctx: RequestContext,
    id: number,
    version: number | null,
    command: ProjectCommand,
    actor: ActorKind = 'user',
    inTransaction?: (trx: Trx, state: ProjectState) => Promise<void>,
  ): Promise<{ state: ProjectState; version: number }> {
    const { state, version: next } = await this.runAction(this.projects, ctx, {
      id,
      version,
      action: command.type,
      actor,
      command: () => command,
      ...(inTransaction !== undefined ? { inTransaction } : {}),
    });
    return { state, version: next };
  }

  /**
   * The one path of every action on an existing case. R0.8 the actor's jurisdiction over the case is decided right
   * after it is loaded, before its version, its state, the attachments the body cites or the command look at
   * anything about it, so a wrong version, a bad citation and a case outside the jurisdiction answer alike.
   */
  private async runAction<S extends DemandState | ProjectState, C extends { readonly type: string }>(
    kind: CaseKind<S, C>,
    ctx: RequestContext,
    request: CaseActionRequest<S, C>,
  ): Promise<CaseActionResult<S>> {
    const actor = request.actor ?? 'user';
    const { state: before, version: current, communityId } = await kind.load(request.id);
    if (actor === 'user') await this.requireOnCommunity(ctx, request.action as Action, communityId);
    const citations = request.citations ?? [];
    if (citations.some((c) => c.ids.length > 0)) await this.citations.checkCitations(kind.owners(before), citations);
    if (request.version !== null && request.version !== current) throw new AppError('VERSION_CONFLICT');
    const built = await request.command(before);
    if (built.type !== request.action) throw new Error(`the ${request.action} action built a ${built.type} command`);
    const command = await kind.complete(ctx, before, built);
    const dctx = await this.decideContext(ctx, actor);
    const target: AuditTarget = { type: kind.type, id: request.id, unitId: communityId };
    return this.decideInTransaction(ctx, request.action, async (trx, refuse) => {
      const cmd = await kind.reserve(trx, ctx, before, command);
      const result = kind.decide(before, cmd, dctx);
      if (!result.ok) return refuse(result.violation, target);
      if (!(await kind.save(trx, result.state, current, ctx.now.toISOString()))) throw new AppError('VERSION_CONFLICT');
      if (request.inTransaction !== undefined) await request.inTransaction(trx, result.state);
      const cache = new Map<number, DemandState>();
      await this.afterDecision(trx, ctx, request.action, kind.type, before, result.state, result.events, this.scopeOf(result.state), cmd, cache);
      const projectId = await kind.follow(trx, ctx, dctx, result.state, cmd, cache, refuse);
      return { state: result.state, version: current + 1, projectId };
    });
  }

  /**
   * Runs `work` in one transaction. A lifecycle refusal (`refuse`) rolls it back, so the refused command wrote
   * nothing; the refusal itself is then put on the record on its own: outcome failure, the rule and code it broke.
   */
  private async decideInTransaction<T>(
    ctx: RequestContext,
    action: string,
    work: (trx: Trx, refuse: Refuse) => Promise<T>,
    who?: AuditEntry['actor'],
  ): Promise<T> {
    const refused: { violation?: Violation; target?: AuditTarget } = {};
    const refuse: Refuse = (violation, target) => {
      refused.violation = violation;
      refused.target = target;
      throw violationError(violation);
    };
    try {
      return await this.tx.run((trx) => work(trx, refuse));
    } catch (err) {
      const { violation, target } = refused;
      if (violation !== undefined && target !== undefined) {
        await this.audit.recordAlone(ctx, {
          ...(who !== undefined ? { actor: who } : {}),
          action,
          outcome: 'failure',
          target,
          details: { rule: violation.rule, code: violation.code },
        });
      }
      throw err;
    }
  }

  private demandKind(): CaseKind<DemandState, DemandCommandOnOne> {
    return {
      type: 'demand',
      load: async (id) => {
        const row = await this.loadDemandRow(id);
        return { ...parseDemand(row), communityId: row.community_id };
      },
      owners: (state) => [{ type: 'demand', id: state.id }],
      complete: async (ctx, before, command) => {
        if (command.type === 'reassignDemand') {
          // R2.5 the town reassigns within its own jurisdiction: both the current and the new community must be its.
          const target = await this.units.get(command.communityId);
          if (target?.kind !== 'community' || target.town_id !== before.townId) {
            throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'communityId', message: '只能交派到本镇（街道）的村（社区）' }] });
          }
          await this.access.require(ctx, 'reassignDemand', ref(target));
        }
        return command;
      },
      reserve: async (trx, ctx, before, command) => {
        if (command.type !== 'triageDemand' || command.outcome.kind !== 'adopt') return command;
        // R2.4 (a) the project the meeting adopts gets its id now: the lifecycle names it in the demand's state.
        const projectId = await reserveProject(trx, {
          communityId: before.communityId,
          townId: before.townId,
          title: command.outcome.projectTitle,
          year: before.year,
          now: ctx.now.toISOString(),
        });
        return { ...command, outcome: { ...command.outcome, projectId } };
      },
      decide: (state, command, dctx) => decideDemand(state, command, dctx),
      save: (trx, state, version, now) => saveDemand(trx, state, version, now),
      follow: async (trx, ctx, dctx, state, command, cache, refuse) => {
        if (command.type !== 'triageDemand' || command.outcome.kind !== 'adopt') return null;
        await this.openProject(trx, ctx, dctx, state, command, cache, refuse);
        return command.outcome.projectId;
      },
    };
  }

  private projectKind(): CaseKind<ProjectState, ProjectCommand> {
    return {
      type: 'project',
      load: async (id) => {
        const row = await this.loadProjectRow(id);
        return { ...parseProject(row), communityId: row.community_id };
      },
      // A project's attachments are its own and those of the demands it answers (R2.6).
      owners: (state) => [{ type: 'project', id: state.id }, ...state.demandIds.map((id): CaseOwner => ({ type: 'demand', id }))],
      complete: async (ctx, before, command) => {
        if (command.type !== 'submitRegistration') return command;
        // R1.3 the community's small-path projects of the detection window, for the split check.
        const since = splitWindowStart(ctx.now, this.rules).toISOString();
        const recent = (await findRecentSmallProjects(this.tx.reader, before.communityId, since, before.id))
          .map((r) => toSplitCandidate(parseProject(r).state))
          .filter((c) => c !== null);
        return { ...command, recentSmallProjects: recent };
      },
      reserve: (_trx, _ctx, _state, command) => Promise.resolve(command),
      decide: (state, command, dctx) => decideProject(state, command, dctx),
      save: (trx, state, version, now) => saveProject(trx, state, version, now),
      follow: () => Promise.resolve(null),
    };
  }

  // ------------------------------------------------------------------------------------------------ demands

  /**
   * R2.2 entry: assigned at once to the community where the need is, with a tracking number. `actor: 'system'` is
   * an integration (the 12345 intake, authenticated by its route): it acts without a user and may enter only demands
   * of the online channels (R2.2 "integrations enter the online ones"); the lifecycle's table names it too.
   * `actor: 'public'` is the portal's raise (public/public-raise.service.ts): the same, audited without a user.
   * `inTransaction` writes rows that stand or fall with the entry (the portal's photos).
   */
  async createDemand(
    ctx: RequestContext,
    input: NewDemandInput,
    idempotencyKey: string | null = null,
    actor: ActorKind = 'user',
    inTransaction?: (trx: Trx, state: DemandState) => Promise<void>,
  ): Promise<{ state: DemandState; version: number; replayed: boolean }> {
    const community = await this.units.get(input.communityId);
    if (community?.kind !== 'community' || community.town_id === null) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'communityId', message: '请选择诉求所在的村（社区）' }] });
    }
    if (actor === 'user') await this.access.require(ctx, 'createDemand', ref(community));
    else requireIntegration(ctx, input);
    if (idempotencyKey !== null) {
      const existing = await findDemandByIdempotencyKey(this.tx.reader, idempotencyKey);
      if (existing !== undefined) return { ...this.replay(existing, input), replayed: true };
    }
    const townId = community.town_id;
    // R8.1 / R2.1 the campaign channel enters into the town's open campaign (refused after its close); others are daily.
    const collection = await collectionForDemand(this.tx, townId, input.channel, ctx.now);
    const dctx = await this.decideContext(ctx, actor);
    const who = auditActor(actor);
    return this.decideInTransaction(
      ctx,
      'createDemand',
      async (trx, refuse) => {
        const now = ctx.now.toISOString();
        const id = await reserveDemand(trx, {
          communityId: community.id,
          townId,
          channel: input.channel,
          title: input.title.slice(0, 200),
          proposerPhone: input.proposer.phone,
          idempotencyKey,
          now,
        });
        const command: CreateCmd = { type: 'createDemand', demandId: id, trackingNumber: trackingNumberFor(id, ctx.now), townId, communityName: community.name, ...input, collection };
        const result = decideDemand(null, command, dctx);
        // The reserved id is rolled back with the refusal; the record names the community the entry was for.
        if (!result.ok) return refuse(result.violation, { type: 'demand', id: 'new', unitId: community.id });
        await saveDemand(trx, result.state, 0, now);
        await this.afterDecision(trx, ctx, 'createDemand', 'demand', null, result.state, result.events, { communityId: community.id, townId }, command, undefined, who);
        if (inTransaction !== undefined) await inTransaction(trx, result.state);
        return { state: result.state, version: 1, replayed: false };
      },
      who,
    );
  }

  /** R2.6 merge duplicates into a primary demand; if the primary is already a project, into the project too. */
  async mergeDemands(ctx: RequestContext, primaryId: number, versions: Readonly<Record<number, number>>): Promise<{ primary: DemandState }> {
    const ids = Object.keys(versions).map(Number);
    const mergedIds = ids.filter((i) => i !== primaryId);
    if (!ids.includes(primaryId) || mergedIds.length === 0) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'versions', message: '须包含主诉求及至少一件被合并诉求的版本号' }] });
    }
    const rows = await Promise.all(ids.map((i) => this.loadDemandRow(i)));
    for (const r of rows) await this.requireOnCommunity(ctx, 'mergeDemands', r.community_id);
    const dctx = await this.decideContext(ctx, 'user');
    return this.decideInTransaction(ctx, 'mergeDemands', async (trx, refuse) => {
      const command = { type: 'mergeDemands' as const, primaryDemandId: primaryId, mergedDemandIds: mergedIds };
      const cache = new Map<number, DemandState>();
      let primary: DemandState | null = null;
      for (const r of rows) {
        const { state: before } = parseDemand(r);
        const result = decideDemand(before, command, dctx);
        if (!result.ok) return refuse(result.violation, { type: 'demand', id: r.id, unitId: r.community_id });
        const v = versions[r.id] ?? -1;
        if (!(await saveDemand(trx, result.state, v, ctx.now.toISOString()))) throw new AppError('VERSION_CONFLICT', { demandId: r.id });
        cache.set(r.id, result.state);
        await this.afterDecision(trx, ctx, 'mergeDemands', 'demand', before, result.state, result.events, { communityId: r.community_id, townId: r.town_id }, command, cache);
        if (r.id === primaryId) primary = result.state;
      }
      if (primary === null) throw new Error('primary demand missing after merge');
      const projectId = primary.triage?.outcome.kind === 'adopt' ? primary.triage.outcome.projectId : null;
      if (projectId !== null) {
        const projectRow = await findProjectRow(trx, projectId);
        if (projectRow === undefined) throw new Error(`project ${projectId} missing`);
        const { state: before, version } = parseProject(projectRow);
        const sources = mergedIds.map((i) => {
          const d = cache.get(i);
          if (d === undefined) throw new Error(`merged demand ${i} missing`);
          return { demandId: i, channel: d.channel, proposerKind: d.proposer.kind };
        });
        const pcmd: ProjectCommand = { type: 'mergeDemands', primaryDemandId: primaryId, mergedDemandIds: mergedIds, sources };
        const result = decideProject(before, pcmd, dctx);
        if (!result.ok) return refuse(result.violation, { type: 'project', id: projectId, unitId: before.communityId });
        if (!(await saveProject(trx, result.state, version, ctx.now.toISOString()))) throw new AppError('VERSION_CONFLICT', { projectId });
        for (const i of mergedIds) await linkDemandToProject(trx, i, projectId);
        await this.afterDecision(trx, ctx, 'mergeDemands', 'project', before, result.state, result.events, this.scopeOf(result.state), pcmd, cache);
      }
      return { primary };
    });
  }

  // ------------------------------------------------------------------------------------------------ reading

  async loadDemandRow(id: number): Promise<DemandRow> {
    const row = await findDemandRow(this.tx.reader, id);
    if (row === undefined || row.status === 'reserved') throw new AppError('NOT_FOUND');
    return row;
  }

  async loadProjectRow(id: number): Promise<ProjectRow> {
    const row = await findProjectRow(this.tx.reader, id);
    if (row === undefined || row.status === 'reserved') throw new AppError('NOT_FOUND');
    return row;
  }

  /**
   * The community a case belongs to, checked against the actor (R0.8) before anything else about the case. A case
   * outside the actor's jurisdiction answers as a missing one (404 NOT_FOUND): the actor could not know of it, so
   * neither its existence nor its version, state or attachments may show. The denial is audited all the same.
   */
  async requireOnCommunity(ctx: RequestContext, action: Action, communityId: number): Promise<UnitRow> {
    const community = await this.units.get(communityId);
    if (community === undefined) throw new Error(`community ${communityId} missing`);
    try {
      await this.access.require(ctx, action, ref(community));
    } catch (err) {
      if (err instanceof AppError && err.code === 'FORBIDDEN_SCOPE') throw new AppError('NOT_FOUND');
      throw err;
    }
    return community;
  }

  async decideContext(ctx: RequestContext, actor: ActorKind): Promise<DecideContext> {
    const user = ctx.user;
    const who: CommandActor =
      actor === 'user' && user !== null
        ? { userId: user.userId, role: user.role, unitId: user.unit.id }
        : { userId: null, role: actor === 'system' ? 'system' : 'public', unitId: null };
    return { now: ctx.now, calendar: await this.calendar.calendar(), config: this.rules, actor: who };
  }

  // ------------------------------------------------------------------------------------------------ internals

  private scopeOf(state: ProjectState | DemandState): EventScope {
    return { communityId: state.communityId, townId: state.townId };
  }

  private async openProject(
    trx: Trx,
    ctx: RequestContext,
    dctx: DecideContext,
    demand: DemandState,
    triage: Extract<DemandCommand, { type: 'triageDemand' }>,
    cache: Map<number, DemandState>,
    refuse: Refuse,
  ): Promise<void> {
    if (triage.outcome.kind !== 'adopt') return;
    const mergedSources = [];
    for (const linked of demand.linkedDemandIds) {
      const row = await findDemandRow(trx, linked);
      if (row === undefined) continue;
      const d = parseDemand(row).state;
      cache.set(d.id, d);
      mergedSources.push({ demandId: d.id, channel: d.channel, proposerKind: d.proposer.kind });
      await linkDemandToProject(trx, d.id, triage.outcome.projectId);
    }
    const command = openProjectCommand(demand, { meeting: triage.meeting, outcome: triage.outcome }, mergedSources);
    const result = decideProject(null, command, dctx);
    if (!result.ok) return refuse(result.violation, { type: 'project', id: triage.outcome.projectId, unitId: demand.communityId });
    await saveProject(trx, result.state, 0, ctx.now.toISOString());
    await this.afterDecision(trx, ctx, 'triageDemand', 'project', null, result.state, result.events, this.scopeOf(result.state), command, cache);
  }

  private async afterDecision(
    trx: Trx,
    ctx: RequestContext,
    action: string,
    aggregate: 'demand' | 'project',
    before: object | null,
    after: DemandState | ProjectState,
    events: readonly LifecycleEvent[],
    scope: EventScope,
    command: unknown,
    cache = new Map<number, DemandState>(),
    who?: AuditEntry['actor'],
  ): Promise<void> {
    if (after.aggregate === 'demand') cache.set(after.id, after);
    await this.events.apply(trx, ctx, events, scope, cache, before === null);
    // R4.6 / R8.2 a confirmed centralized project enters its town's annual library in the same transaction.
    if (after.aggregate === 'project' && events.some((e) => e.type === 'libraryEntryRequested')) await enterLibraryInTransaction(trx, this.audit, ctx, after);
    // The action's own audit record comes last: appending takes the chain head's lock, held until commit, so
    // taking it last keeps concurrent writers waiting for the shortest time.
    const diff = stateDiff(before, after);
    await this.audit.record(trx, ctx, {
      ...(who !== undefined ? { actor: who } : {}),
      action,
      target: { type: aggregate, id: after.id, unitId: scope.communityId },
      before: diff.before,
      after: diff.after,
      // A creation's command is its `after`; a transition's command carries what the state does not (reasons, points).
      details: before === null ? { events: events.map((e) => e.type) } : { command, events: events.map((e) => e.type) },
    });
  }

  private replay(row: DemandRow, input: NewDemandInput): { state: DemandState; version: number } {
    const { state, version } = parseDemand(row);
    if (state.title !== input.title || state.description !== input.description || state.communityId !== input.communityId) {
      throw new AppError('IDEMPOTENCY_MISMATCH');
    }
    return { state, version };
  }
}
