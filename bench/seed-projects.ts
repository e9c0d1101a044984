/**
 * Fills a benchmark database with N projects in the demo town, spread over its communities, over a year of entry
 * dates and over seven states (待协商, 协商通过待备案, 已备案待公示, 镇（街道）审核中 — some 超限 —, 公示中, 公示期满待实施,
 * 实施中). Each project is walked there by the lifecycle's own decision functions, from its demand's entry through
 * `decideDemand` (entry, receipt, 两委 triage) and `decideProject` (consultation with a handling mode of
 * HANDLING_MODE_MIX, 登记备案表, publicity, the end of publicity, a 莞家直达 project's claim confirmed, implementation),
 * each step at a plausible instant before now by the role the rules give it. The demand
 * row, the project row and every deadline row the states keep are inserted in batches (a fixture for load, not a
 * demo: it bypasses the audit trail, the feedbacks and the attachments, whose ids the forms only cite).
 *
 *   import { seedBenchProjects } from './seed-projects.js';  await seedBenchProjects(db, dialect, 20_000);
 */
import { sql, type Insertable } from 'kysely';
import { addLocalDays, buildWorkCalendar, startOfLocalDay, toLocalDate } from '../src/domain/calendar/index.js';
import type { Category, HandlingMode, SubcategoryCode } from '../src/domain/categories.js';
import {
  decideDemand,
  decideProject,
  openProjectCommand,
  type ActorRole,
  type DemandCommand,
  type DemandState,
  type ProjectCommand,
  type ProjectState,
  type ProjectStatus,
} from '../src/domain/lifecycle/index.js';
import { DEFAULT_RULES_CONFIG } from '../src/domain/rules-config.js';
import { closureBudgetFrom } from '../src/domain/forms/closure-form.js';
import { closureForm, committeeMeeting, consultationRecord, consultationResult, registrationBasics, surveySheets } from '../src/domain/samples/forms.js';
import type { Db, Dialect } from '../src/server/db/database.js';
import { rebuildNextDeadlines } from '../src/server/db/next-deadline.js';
import type { DeadlineTable, DemandTable, ProjectTable } from '../src/server/db/schema.js';
import { projectColumns, trackingNumberFor } from '../src/server/features/cases/case.repository.js';
import { generator } from './bench-support.js';

/** The handling modes agreed at the consultations (R5.5), in these proportions: 莞家速递 6, 莞家驿站 2, 莞家直达 2. */
const HANDLING_MODE_MIX: readonly HandlingMode[] = ['express', 'express', 'express', 'express', 'express', 'express', 'station', 'station', 'direct', 'direct'];

/** A state the walk stops in, how often (a weight), and whether it goes the town's way (R3.5). */
export interface SeedTarget {
  readonly target: ProjectStatus;
  readonly weight: number;
  readonly townPath?: boolean;
}

/** Where the walk stops, and how often (weights out of 100). */
export const DEFAULT_TARGETS: readonly SeedTarget[] = [
  { target: 'awaitingConsultation', weight: 15 },
  { target: 'consulted', weight: 10 },
  { target: 'registered', weight: 10 },
  { target: 'underReview', weight: 15, townPath: true },
  { target: 'inPublicity', weight: 10 },
  { target: 'publicityEnded', weight: 10 },
  { target: 'implementing', weight: 30 },
];

const SUBJECTS: readonly { readonly category: Category; readonly subcategory: SubcategoryCode; readonly what: string }[] = [
  { category: 'engineering', subcategory: 'E1', what: '路面修复' },
  { category: 'engineering', subcategory: 'E1', what: '排水管网疏通' },
  { category: 'engineering', subcategory: 'E1', what: '路灯更换' },
  { category: 'service', subcategory: 'S1', what: '长者饭堂助餐服务' },
];


export interface SeededProjects {
  readonly townId: number;
  readonly communityIds: readonly number[];
  readonly count: number;
  readonly byStatus: Readonly<Partial<Record<ProjectStatus, number>>>;
}

/**
 * `targets` chooses the states and their weights (the default: the seven above). Besides those seven, `closed` walks a
 * small-path project on through completion, the community's paper survey of 30 sheets, the 结项表 and closure (R6.1–R6.6).
 */
export async function seedBenchProjects(db: Db, dialect: Dialect, count: number, targets: readonly SeedTarget[] = DEFAULT_TARGETS): Promise<SeededProjects> {
  const TARGETS = targets;
  if (TARGETS.length === 0) throw new Error('no target states');
  // The demo town account's own town, and every community under it.
  const town = await db
    .selectFrom('unit')
    .innerJoin('app_user', 'app_user.unit_id', 'unit.id')
    .selectAll('unit')
    .where('app_user.username', '=', 'town')
    .executeTakeFirstOrThrow();
  const communities = await db.selectFrom('unit').selectAll().where('kind', '=', 'community').where('town_id', '=', town.id).orderBy('id').execute();
  if (communities.length === 0) throw new Error('the demo town has no communities');
  const calendar = buildWorkCalendar([], []);
  const config = DEFAULT_RULES_CONFIG;
  const now = new Date();
  const today = toLocalDate(now);
  /** `hhmm` local time, `daysAgo` civil days before today. */
  const at = (daysAgo: number, hhmm: string): Date => {
    const [h, m] = hhmm.split(':').map(Number);
    return new Date(startOfLocalDay(addLocalDays(today, -daysAgo)).getTime() + ((h ?? 0) * 60 + (m ?? 0)) * 60_000);
  };
  const random = generator(20_261_201);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const totalWeight = TARGETS.reduce((s, t) => s + t.weight, 0);
  const targetOf = (): SeedTarget => {
    let r = random() * totalWeight;
    for (const t of TARGETS) {
      r -= t.weight;
      if (r < 0) return t;
    }
    return TARGETS[TARGETS.length - 1] as SeedTarget;
  };

  const maxDemand = await db.selectFrom('demand').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
  const maxProject = await db.selectFrom('project').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
  let demandId = maxDemand?.max ?? 0;
  let projectId = maxProject?.max ?? 0;
  const byStatus: Partial<Record<ProjectStatus, number>> = {};

  for (let done = 0; done < count; ) {
    const demands: Insertable<DemandTable>[] = [];
    const projects: Insertable<ProjectTable>[] = [];
    const deadlines: Insertable<DeadlineTable>[] = [];
    for (let i = 0; i < 200 && done < count; i++, done++) {
      demandId += 1;
      projectId += 1;
      const community = communities[done % communities.length] ?? communities[0];
      if (community === undefined) throw new Error('no community');
      const { target, townPath } = targetOf();
      const subject = pick(SUBJECTS);
      const mode = pick(HANDLING_MODE_MIX);
      const overCap = townPath === true && random() < 0.1;
      const cap = config.capFen[subject.category];
      const budgetFen = overCap
        ? cap + between(1, 20) * 10_000_00
        : townPath === true
          ? between(config.smallPathMaxFen / 100 + 1, cap / 100) * 100
          : between(5_000, config.smallPathMaxFen / 100) * 100;
      // A window still open needs a recent start; the other states are spread over the year.
      const start =
        target === 'inPublicity'
          ? between(11, 12)
          : target === 'publicityEnded' || target === 'implementing'
            ? between(30, 365)
            : target === 'closed'
              ? between(60, 365)
              : between(10, 365);
      // The 两委 meeting's minute of the afternoon: the projects of one day are opened at different instants.
      const triageMinute = between(0, 180);
      const place = `${community.name}${between(1, 40)}巷`;
      const title = `${place}${subject.what}`;
      const actor = (role: ActorRole, instant: Date) => ({
        now: instant,
        calendar,
        config,
        actor: { userId: null, role, unitId: role === 'community_staff' ? community.id : role === 'town_staff' ? town.id : null },
      });

      // R2.2 entry, R2.3 receipt, R2.4 (a) the 两委 meeting adopts it.
      const demandSteps: [Date, DemandCommand][] = [
        [
          at(start, '09:30'),
          {
            type: 'createDemand',
            demandId,
            trackingNumber: trackingNumberFor(demandId, at(start, '09:30')),
            townId: town.id,
            communityId: community.id,
            communityName: community.name,
            channel: pick(['hotline12345', 'portal12345', 'wechatGuanjia'] as const),
            proposer: { kind: 'masses', name: '测试', phone: '13800000000' },
            title: `${place}${subject.category === 'engineering' ? '设施损坏' : '服务需求'}`,
            description: '压测数据',
            location: place,
            collection: { mode: 'daily' },
          },
        ],
        [at(start, '15:00'), { type: 'acknowledgeDemand' }],
        [
          new Date(at(start - 2, '14:00').getTime() + triageMinute * 60_000),
          {
            type: 'triageDemand',
            meeting: committeeMeeting({ heldAt: new Date(at(start - 2, '12:30').getTime() + triageMinute * 60_000).toISOString(), minutesAttachmentIds: [1] }),
            outcome: { kind: 'adopt', projectId, projectTitle: title },
          },
        ],
      ];
      let demand: DemandState | null = null;
      let triagedAt = new Date(0);
      for (const [instant, command] of demandSteps) {
        const result = decideDemand(demand, command, actor('community_staff', instant));
        if (!result.ok) throw new Error(`demand ${command.type}: ${result.violation.message} ${JSON.stringify(result.violation.details)}`);
        demand = result.state;
        triagedAt = instant;
      }
      if (demand?.triage?.outcome.kind !== 'adopt') throw new Error('the triage adopted nothing');
      const triage = { meeting: demand.triage.meeting, outcome: demand.triage.outcome };

      let project: ProjectState | null = null;
      const decide = (role: ActorRole, instant: Date, command: ProjectCommand): void => {
        const result = decideProject(project, command, actor(role, instant));
        if (!result.ok) throw new Error(`project ${command.type}: ${result.violation.message} ${JSON.stringify(result.violation.details)}`);
        project = result.state;
      };
      decide('community_staff', triagedAt, openProjectCommand(demand, triage));
      const walk = (): ProjectState => {
        const reached = (): ProjectState => {
          if (project === null) throw new Error('no project');
          return project;
        };
        if (target === 'awaitingConsultation') return reached();
        // R3.1 the consultation, held the evening before it is recorded.
        const period = { start: addLocalDays(today, -start + 12), end: addLocalDays(today, -start + 72) };
        decide('community_staff', at(start - 7, '09:30'), {
          type: 'recordConsultation',
          consultation: consultationRecord({
            heldAt: at(start - 6, '19:30').toISOString(),
            result: consultationResult({ budgetFen, implementationPeriod: period, handlingMode: mode }),
            minutesAttachmentIds: [1],
            signInAttachmentIds: [2],
          }),
        });
        if (target === 'consulted') return reached();
        // R3.2 the 登记备案表: R3.4 small path, or R3.5 town path (R1.2 over the cap always goes to the town).
        decide('community_staff', at(start - 9, '10:00'), {
          type: 'submitRegistration',
          basics: registrationBasics({
            projectName: title,
            category: subject.category,
            subcategory: subject.subcategory,
            location: `东城街道${place}`,
            budgetFen,
            overCapJustification: overCap ? '该路段为片区唯一通行道路，须一次性整体修复，分期实施将重复开挖、增加总投入。' : null,
          }),
          recentSmallProjects: [],
        });
        if (target === 'registered' || target === 'underReview') return reached();
        // R5.2 the community publicizes for the default days; the job ends the window; implementation follows.
        decide('community_staff', at(start - 10, '09:00'), { type: 'startPublicity', days: null, channels: ['projectPortal', 'noticeBoard'] });
        if (target === 'inPublicity') return reached();
        const endsAt = reached().publicity?.endsAt;
        if (endsAt === undefined) throw new Error('no publicity');
        const ended = new Date(Date.parse(endsAt) + 5 * 60_000);
        decide('system', ended, { type: 'endPublicity' });
        if (target === 'publicityEnded') return reached();
        if (mode === 'direct') {
          // R5.5 a 莞家直达 project is implemented by its claimant, claimed and confirmed before it starts.
          const claimant = { kind: 'enterprise', name: '东莞市某某物业服务有限公司', contactName: '陈先生', contactPhone: '13900000000' } as const;
          decide('community_staff', new Date(ended.getTime() + 3_600_000), { type: 'claimProject', claimId: 1, claimant, note: '' });
          decide('community_staff', new Date(ended.getTime() + 3 * 3_600_000), { type: 'decideClaim', claimId: 1, accepted: true, reason: null });
        }
        const started = new Date(ended.getTime() + 9 * 3_600_000);
        decide('community_staff', started, { type: 'startImplementation' });
        if (target === 'implementing') return reached();
        // R6.2 the small path: completion, the community's survey (30 sheets, R6.4), the 结项表 (R6.1) and closure.
        const completed = new Date(started.getTime() + 20 * 86_400_000);
        decide('community_staff', completed, { type: 'completeImplementation' });
        const surveyed = new Date(completed.getTime() + 86_400_000);
        decide('community_staff', surveyed, { type: 'recordPaperSurvey', responses: surveySheets(30, toLocalDate(surveyed)) });
        decide('community_staff', new Date(surveyed.getTime() + 3_600_000), { type: 'completeSurvey', exceptionReason: null });
        const done = reached();
        if (done.registration === null || done.agreement === null) throw new Error('no registration');
        decide(
          'community_staff',
          new Date(surveyed.getTime() + 86_400_000),
          {
            type: 'submitClosure',
            form: closureForm(
              {
                reportingUnit: `${community.name}居民委员会`,
                projectName: done.registration.basics.projectName,
                category: subject.category,
                handlingMode: done.agreement.result.handlingMode,
                consultationDate: toLocalDate(new Date(done.agreement.agreedAt)),
                period: { start: toLocalDate(started), end: toLocalDate(completed) },
                budget: closureBudgetFrom(done.agreement.result.fundSources),
                actual: closureBudgetFrom(done.agreement.result.fundSources),
                photoAttachmentIds: [3, 4],
                attachments: { stampedRegistrationIds: [5], agreementIds: [6], invoiceIds: [7] },
              },
              { town: '东城街道', community: community.name, place, street: place },
            ),
          },
        );
        decide('community_staff', new Date(surveyed.getTime() + 3 * 86_400_000), { type: 'closeProject' });
        return reached();
      };
      const state = walk();
      if (state.status !== target) throw new Error(`project walked to ${state.status}, not ${target}`);
      byStatus[state.status] = (byStatus[state.status] ?? 0) + 1;

      const openedAt = state.openedAt;
      demands.push({
        id: demand.id,
        tracking_no: demand.trackingNumber,
        community_id: community.id,
        town_id: town.id,
        status: demand.status,
        channel: demand.channel,
        title: demand.title,
        proposer_phone: '13800000000',
        project_id: state.id,
        primary_demand_id: null,
        idempotency_key: null,
        state_json: JSON.stringify(demand),
        version: 3,
        created_at: at(start, '09:30').toISOString(),
        updated_at: openedAt,
      });
      // The row as saveProject writes it (case.repository.ts).
      const updatedAt = [state.closedAt, state.implementationStartedAt, state.publicity?.endedAt, state.publicity?.startedAt, state.registeredAt, state.agreement?.agreedAt, openedAt].find(
        (v): v is string => typeof v === 'string',
      );
      projects.push({
        id: state.id,
        ...projectColumns(state),
        state_json: JSON.stringify(state),
        version: 1,
        created_at: openedAt,
        updated_at: updatedAt ?? openedAt,
      });
      for (const [aggregate, records] of [
        ['demand', demand.deadlines],
        ['project', state.deadlines],
      ] as const) {
        for (const d of records) {
          deadlines.push({
            aggregate,
            aggregate_id: aggregate === 'demand' ? demand.id : state.id,
            step: d.step,
            rule: d.rule,
            owner: d.owner,
            community_id: community.id,
            town_id: town.id,
            started_at: d.startedAt,
            due_at: d.due,
            due_date: d.dueDate,
            provisional: d.provisional ? 1 : 0,
            warnings_json: d.warnings.length === 0 ? null : JSON.stringify(d.warnings),
            status: d.doneAt !== null ? 'done' : d.cancelledAt !== null ? 'cancelled' : 'open',
            due_soon: 0,
            overdue_at: d.overdueNotifiedAt,
            done_at: d.doneAt,
            late: d.doneAt !== null && d.doneAt > d.due ? 1 : 0,
            reminders: 0,
            last_reminded_at: null,
          });
        }
      }
    }
    // Explicit ids keep the states' ids and the rows' ids equal.
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < demands.length; i += 100) await trx.insertInto('demand').values(demands.slice(i, i + 100)).execute();
      for (let i = 0; i < projects.length; i += 100) await trx.insertInto('project').values(projects.slice(i, i + 100)).execute();
      for (let i = 0; i < deadlines.length; i += 200) await trx.insertInto('deadline').values(deadlines.slice(i, i + 200)).execute();
    });
  }
  // Written in bulk, not through the repositories: the cases' next deadlines from their deadline rows.
  await rebuildNextDeadlines(db);
  if (dialect === 'postgres') {
    await sql`SELECT setval(pg_get_serial_sequence('demand', 'id'), ${demandId})`.execute(db);
    await sql`SELECT setval(pg_get_serial_sequence('project', 'id'), ${projectId})`.execute(db);
    // What autovacuum does within a minute of such a load; SQLite keeps no statistics unless asked (the system never asks).
    await sql`ANALYZE`.execute(db);
  }
  return { townId: town.id, communityIds: communities.map((c) => c.id), count, byStatus };
}
