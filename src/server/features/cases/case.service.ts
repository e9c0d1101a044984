/**
 * Carries out every case action: checks role and jurisdiction (R0.8), loads the aggregate, asks the pure lifecycle
 * (`decideDemand` / `decideProject`) for the new state, and in ONE transaction saves it at the version the client
 * read (of two clerks acting at once, one wins and the other gets VERSION_CONFLICT), writes the audit record
 * (R0.7) and turns the events into deadline, feedback and publication rows. A refused command changes nothing and
 * is audited as a failure with the rule it broke.
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
import { AppError } from '../../errors.js';
import type { AccessGuard } from '../../http/access.js';
import type { RequestContext } from '../../http/context.js';
import type { AuditEntry, AuditService } from '../audit/audit.service.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { UnitDirectory } from '../org/unit-directory.js';
import { stateDiff } from './case-audit.js';
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
export type NewDemandInput = Omit<CreateCmd, 'type' | 'demandId' | 'trackingNumber' | 'townId' | 'communityName'>;

/** Who acts, for commands that do not come from a signed-in user. */
export type ActorKind = 'user' | 'public' | 'system';

export function violationError(v: Violation): AppError {
  const { errors, ...rest } = v.details ?? {};
  return new AppError(v.code, { rule: v.rule, ...(errors !== undefined ? { fields: errors } : {}), ...rest }, v.message);
}

const ref = (u: UnitRow): UnitRef => ({ id: u.id, kind: u.kind, path: u.path });

/** Who the audit names for a demand entered without a signed-in user: the system (an integration such as 12345). */
function auditActor(actor: 'user' | 'system'): AuditEntry['actor'] {
  return actor === 'user' ? undefined : { userId: null, username: 'system', role: 'system', unitId: null };
}

/** R2.2 an integration acts without a user and enters only the online channels' demands. */
function requireIntegration(ctx: RequestContext, input: NewDemandInput): void {
  if (ctx.user !== null || CHANNEL_INFO[input.channel].group !== 'online') {
    throw new AppError('FORBIDDEN_ROLE', { action: 'createDemand', rule: 'R2.2' }, '系统接口只能录入线上渠道（12345热线、门户网站、“莞家政务”公众号）的诉求');
  }
}

export class CaseService {
  private readonly events: CaseEventWriter;

  constructor(
    private readonly tx: Transactor,
    private readonly audit: AuditService,
    private readonly access: AccessGuard,
    private readonly calendar: CalendarService,
    private readonly units: UnitDirectory,
    private readonly rules: RulesConfig = DEFAULT_RULES_CONFIG,
  ) {
    this.events = new CaseEventWriter(audit);
  }

  // ------------------------------------------------------------------------------------------------ demands

  /**
   * R2.2 entry: assigned at once to the community where the need is, with a tracking number. `actor: 'system'` is
   * an integration (the 12345 intake, authenticated by its route): it acts without a user and may enter only demands
   * of the online channels (R2.2 "integrations enter the online ones"); the lifecycle's table names it too.
   */
  async createDemand(
    ctx: RequestContext,
    input: NewDemandInput,
    idempotencyKey: string | null = null,
    actor: 'user' | 'system' = 'user',
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
    const dctx = await this.decideContext(ctx, actor);
    return this.tx.run(async (trx) => {
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
      const command: CreateCmd = { type: 'createDemand', demandId: id, trackingNumber: trackingNumberFor(id, ctx.now), townId, communityName: community.name, ...input };
      const result = decideDemand(null, command, dctx);
      if (!result.ok) throw violationError(result.violation);
      await saveDemand(trx, result.state, 0, now);
      await this.afterDecision(trx, ctx, 'createDemand', 'demand', null, result.state, result.events, { communityId: community.id, townId }, command, undefined, auditActor(actor));
      return { state: result.state, version: 1, replayed: false };
    });
  }

  /**
   * Any other demand action. R0.8 the actor's jurisdiction over the demand is decided first, before its version,
   * the target community or `check` (the route's checks of what the command cites) look at anything about it.
   */
  async demandCommand(
    ctx: RequestContext,
    id: number,
    version: number | null,
    command: Exclude<DemandCommand, CreateCmd>,
    actor: 'user' | 'system' = 'user',
    check?: (state: DemandState) => Promise<void>,
  ): Promise<{ state: DemandState; version: number; projectId: number | null }> {
    const action = command.type as Action;
    if (actor === 'system' && command.type !== 'markOverdue') throw new Error(`${command.type} is not a system command`);
    const row = await this.loadDemandRow(id);
    if (actor === 'user') await this.requireOnCommunity(ctx, action, row.community_id);
    const { state: before, version: current } = parseDemand(row);
    if (check !== undefined) await check(before);
    if (version !== null && version !== current) throw new AppError('VERSION_CONFLICT');
    if (command.type === 'reassignDemand') {
      // R2.5 the town reassigns within its own jurisdiction: both the current and the new community must be its.
      const target = await this.units.get(command.communityId);
      if (target?.kind !== 'community' || target.town_id !== before.townId) {
        throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'communityId', message: '只能交派到本镇（街道）的村（社区）' }] });
      }
      await this.access.require(ctx, action, ref(target));
    }
    const dctx = await this.decideContext(ctx, actor);
    let refusal: Violation | null = null;
    const run = this.tx.run(async (trx) => {
      let cmd = command;
      if (cmd.type === 'triageDemand' && cmd.outcome.kind === 'adopt') {
        const projectId = await reserveProject(trx, {
          communityId: before.communityId,
          townId: before.townId,
          title: cmd.outcome.projectTitle,
          year: before.year,
          now: ctx.now.toISOString(),
        });
        cmd = { ...cmd, outcome: { ...cmd.outcome, projectId } };
      }
      const result = decideDemand(before, cmd, dctx);
      if (!result.ok) {
        refusal = result.violation;
        throw violationError(result.violation);
      }
      if (!(await saveDemand(trx, result.state, current, ctx.now.toISOString()))) throw new AppError('VERSION_CONFLICT');
      const cache = new Map<number, DemandState>([[result.state.id, result.state]]);
      const scope = { communityId: result.state.communityId, townId: result.state.townId };
      await this.afterDecision(trx, ctx, action, 'demand', before, result.state, result.events, scope, cmd, cache);
      let projectId: number | null = null;
      if (cmd.type === 'triageDemand' && cmd.outcome.kind === 'adopt') {
        projectId = cmd.outcome.projectId;
        await this.openProject(trx, ctx, dctx, result.state, cmd, cache);
      }
      return { state: result.state, version: current + 1, projectId };
    });
    try {
      return await run;
    } catch (err) {
      // The refused command wrote nothing (its transaction rolled back); the refusal itself is on the record.
      if (refusal !== null) {
        const v: Violation = refusal;
        await this.audit.recordAlone(ctx, {
          action: command.type,
          outcome: 'failure',
          target: { type: 'demand', id, unitId: before.communityId },
          details: { rule: v.rule, code: v.code },
        });
      }
      throw err;
    }
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
    return this.tx.run(async (trx) => {
      const command = { type: 'mergeDemands' as const, primaryDemandId: primaryId, mergedDemandIds: mergedIds };
      const cache = new Map<number, DemandState>();
      let primary: DemandState | null = null;
      for (const r of rows) {
        const { state: before } = parseDemand(r);
        const result = decideDemand(before, command, dctx);
        if (!result.ok) throw violationError(result.violation);
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
        if (!result.ok) throw violationError(result.violation);
        if (!(await saveProject(trx, result.state, version, ctx.now.toISOString()))) throw new AppError('VERSION_CONFLICT', { projectId });
        for (const i of mergedIds) await linkDemandToProject(trx, i, projectId);
        await this.afterDecision(trx, ctx, 'mergeDemands', 'project', before, result.state, result.events, this.scopeOf(result.state), pcmd, cache);
      }
      return { primary };
    });
  }

  // ------------------------------------------------------------------------------------------------ projects

  /**
   * A project action by a signed-in user (`actor: 'user'`), a member of the public through the portal (objections,
   * claims, survey answers) or a job (`endPublicity`, `markOverdue`). `inTransaction` writes rows that must stand
   * or fall with the change (an online survey answer's own row, R6.5) in its transaction; throwing there undoes it.
   */
  async projectCommand(
    ctx: RequestContext,
    id: number,
    version: number | null,
    command: ProjectCommand,
    actor: ActorKind = 'user',
    inTransaction?: (trx: Trx, state: ProjectState) => Promise<void>,
  ): Promise<{ state: ProjectState; version: number }> {
    const row = await this.loadProjectRow(id);
    const { state: before, version: current } = parseProject(row);
    if (actor === 'user') await this.requireOnCommunity(ctx, command.type as Action, before.communityId);
    if (version !== null && version !== current) throw new AppError('VERSION_CONFLICT');
    const dctx = await this.decideContext(ctx, actor);
    let cmd = command;
    if (cmd.type === 'submitRegistration') {
      // R1.3 the community's small-path projects of the detection window, for the split check.
      const since = splitWindowStart(ctx.now, this.rules).toISOString();
      const recent = (await findRecentSmallProjects(this.tx.reader, before.communityId, since, before.id))
        .map((r) => toSplitCandidate(parseProject(r).state))
        .filter((c) => c !== null);
      cmd = { ...cmd, recentSmallProjects: recent };
    }
    const result = decideProject(before, cmd, dctx);
    if (!result.ok) {
      await this.audit.recordAlone(ctx, {
        action: command.type,
        outcome: 'failure',
        target: { type: 'project', id, unitId: before.communityId },
        details: { rule: result.violation.rule, code: result.violation.code },
      });
      throw violationError(result.violation);
    }
    return this.tx.run(async (trx) => {
      if (!(await saveProject(trx, result.state, current, ctx.now.toISOString()))) throw new AppError('VERSION_CONFLICT');
      if (inTransaction !== undefined) await inTransaction(trx, result.state);
      await this.afterDecision(trx, ctx, command.type, 'project', before, result.state, result.events, this.scopeOf(result.state), cmd);
      return { state: result.state, version: current + 1 };
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
    if (!result.ok) throw violationError(result.violation);
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
