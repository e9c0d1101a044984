/**
 * The large city of bench/scale.ts: a decade of 东莞 at full size — 1,000,000 demands, 200,000 projects, the 33 towns,
 * 600 communities, about 2,000,000 deadline rows and the audit log to match — written by bulk inserts straight into
 * the real schema (migrated by the real migrator, first-start data and demo accounts by `startSystem`).
 *
 * The rows look like what the services write. Their states are real lifecycle states: a few dozen projects (with their
 * demands and deadline rows) are walked by the lifecycle's own decision functions (bench/seed-projects.ts) and kept in
 * the database, a handful of demand states (交派, 接收, 转现行政策, 不予采纳) are decided by `decideDemand`; every
 * other row is one of those states with its identity changed (ids, number, town, community, year, the demand and
 * project it links), so that every `state_json` parses and upgrades as the repositories read it. The columns the lists
 * and statistics read (status, town, community, entry time, year, budget, flags) come from that state, and entry times
 * run over ten years by id; each deadline row is its template's, moved by the same distance in time as its case. The
 * timestamps inside a state are its template's (not moved). Older cases are mostly finished: of the cases entered more
 * than a year ago, 97 % are in a final state. Each write has an audit record (an entry, each step) in the real shape and
 * one real hash chain (chain 1), written after the cases. Deterministic: the same scale gives the same rows.
 */
import { PROJECT_RESULT_COLUMNS } from '../src/server/db/project-results.js';
import { rebuildNextDeadlines } from '../src/server/db/next-deadline.js';
import { rebuildStatistics } from '../src/server/db/statistics-cells.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { buildWorkCalendar } from '../src/domain/calendar/index.js';
import { decideDemand, type DemandCommand, type DemandState, type ProjectState, type ProjectStatus } from '../src/domain/lifecycle/index.js';
import { DEFAULT_RULES_CONFIG } from '../src/domain/rules-config.js';
import { committeeMeeting } from '../src/domain/samples/forms.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase, type DatabaseHandle, type Dialect } from '../src/server/db/database.js';
import type { DeadlineRow, DemandRow, ProjectRow } from '../src/server/db/schema.js';
import { auditHash, canonicalAuditFields } from '../src/server/features/audit/audit-chain.js';
import { projectColumns, trackingNumberFor } from '../src/server/features/cases/case.repository.js';
import { startSystem } from '../src/server/system.js';
import { generator } from './bench-support.js';
import { seedBenchProjects, type SeedTarget } from './seed-projects.js';

export const FULL = { demands: 1_000_000, projects: 200_000, communities: 600, deadlines: 2_000_000 } as const;
export const BENCH_PASSWORD = 'Bench@Minsheng2026';
const DAY = 86_400_000;
const YEARS = 10;

export interface GenerationReport {
  readonly counts: Readonly<Record<string, number>>;
  readonly seconds: Readonly<Record<string, number>>;
  readonly databaseBytes: number | null;
}

/** The configuration both the generator and the measuring process start the system with. */
export function benchConfig(dataDir: string) {
  return loadConfig(
    { DEMO: 'true', DEMO_CASES: 'false', SERVE_WEB: 'false', DEMO_PASSWORD: BENCH_PASSWORD, DATA_DIR: dataDir, JOBS_ENABLED: 'false' },
    { loginRateLimitPerMinute: 1_000_000, publicRateLimitPerMinute: 1_000_000 },
  );
}

export function openBenchDatabase(dialect: Dialect, location: string): DatabaseHandle {
  return openDatabase(dialect === 'postgres' ? { databaseUrl: location, sqlitePath: '', poolSize: 10 } : { databaseUrl: null, sqlitePath: location });
}

/** The walked projects kept as templates: every state the lists see often, the town path and closure included. */
const TEMPLATE_TARGETS: readonly SeedTarget[] = [
  { target: 'awaitingConsultation', weight: 10 },
  { target: 'consulted', weight: 8 },
  { target: 'registered', weight: 8 },
  { target: 'underReview', weight: 8, townPath: true },
  { target: 'inPublicity', weight: 6 },
  { target: 'publicityEnded', weight: 8 },
  { target: 'implementing', weight: 20 },
  { target: 'closed', weight: 32 },
];
const TEMPLATE_PROJECTS = 80;

/** Which project states the generated projects are in: entered within the last year, and before. */
const PROJECT_MIX_RECENT: Readonly<Partial<Record<ProjectStatus, number>>> = {
  awaitingConsultation: 12,
  consulted: 8,
  registered: 8,
  underReview: 10,
  inPublicity: 4,
  publicityEnded: 8,
  implementing: 25,
  closed: 25,
};
const PROJECT_MIX_OLD: Readonly<Partial<Record<ProjectStatus, number>>> = { closed: 97, implementing: 1, awaitingConsultation: 1, consulted: 1 };
type DemandShape = 'assigned' | 'acknowledged' | 'referred' | 'declined';
const DEMAND_MIX_RECENT: Readonly<Record<DemandShape, number>> = { assigned: 25, acknowledged: 25, referred: 25, declined: 25 };
const DEMAND_MIX_OLD: Readonly<Record<DemandShape, number>> = { assigned: 1, acknowledged: 2, referred: 49, declined: 48 };

/** The audited steps that bring a project to each state (one audit record each), after its demand's. */
const PROJECT_STEPS: Readonly<Partial<Record<ProjectStatus, readonly string[]>>> = {
  awaitingConsultation: ['openProject'],
  consulted: ['openProject', 'recordConsultation'],
  registered: ['openProject', 'recordConsultation', 'submitRegistration'],
  underReview: ['openProject', 'recordConsultation', 'submitRegistration'],
  inPublicity: ['openProject', 'recordConsultation', 'submitRegistration', 'startPublicity'],
  publicityEnded: ['openProject', 'recordConsultation', 'submitRegistration', 'startPublicity', 'endPublicity'],
  implementing: ['openProject', 'recordConsultation', 'submitRegistration', 'startPublicity', 'endPublicity', 'startImplementation'],
  closed: [
    'openProject',
    'recordConsultation',
    'submitRegistration',
    'startPublicity',
    'endPublicity',
    'startImplementation',
    'completeImplementation',
    'recordPaperSurvey',
    'completeSurvey',
    'submitClosure',
    'closeProject',
  ],
};
const DEMAND_STEPS: Readonly<Record<DemandShape | 'adopted', readonly string[]>> = {
  assigned: ['createDemand'],
  acknowledged: ['createDemand', 'acknowledgeDemand'],
  referred: ['createDemand', 'acknowledgeDemand', 'triageDemand'],
  declined: ['createDemand', 'acknowledgeDemand', 'triageDemand'],
  adopted: ['createDemand', 'acknowledgeDemand', 'triageDemand'],
};

// ------------------------------------------------------------------------------------------------ bulk writers

interface Column {
  readonly name: string;
  /** PostgreSQL array element type for unnest. */
  readonly pg: 'int8' | 'int4' | 'text';
}

const col = (name: string, type: Column['pg'] = 'text'): Column => ({ name, pg: type });

const DEMAND_COLUMNS = [
  col('id', 'int8'),
  col('tracking_no'),
  col('community_id', 'int4'),
  col('town_id', 'int4'),
  col('status'),
  col('channel'),
  col('title'),
  col('proposer_phone'),
  col('project_id', 'int4'),
  col('primary_demand_id', 'int4'),
  col('idempotency_key'),
  col('state_json'),
  col('version', 'int4'),
  col('created_at'),
  col('updated_at'),
];
const PROJECT_COLUMNS = [
  col('id', 'int8'),
  col('code'),
  col('community_id', 'int4'),
  col('town_id', 'int4'),
  col('status'),
  col('title'),
  col('category'),
  col('subcategory'),
  col('handling_mode'),
  col('location'),
  col('review_path'),
  col('budget_fen', 'int8'),
  col('over_cap', 'int4'),
  col('possible_split', 'int4'),
  col('survey_exception', 'int4'),
  col('collection_mode'),
  col('campaign_id', 'int4'),
  col('year', 'int4'),
  col('published', 'int4'),
  col('state_json'),
  col('version', 'int4'),
  col('created_at'),
  col('updated_at'),
  col('consulted_at'),
  ...PROJECT_RESULT_COLUMNS.map((name) => col(name, 'int8')),
];
const DEADLINE_COLUMNS = [
  col('aggregate'),
  col('aggregate_id', 'int4'),
  col('step'),
  col('rule'),
  col('owner'),
  col('community_id', 'int4'),
  col('town_id', 'int4'),
  col('started_at'),
  col('due_at'),
  col('due_date'),
  col('provisional', 'int4'),
  col('warnings_json'),
  col('status'),
  col('due_soon', 'int4'),
  col('overdue_at'),
  col('done_at'),
  col('late', 'int4'),
  col('reminders', 'int4'),
  col('last_reminded_at'),
];
const AUDIT_COLUMNS = [
  col('chain', 'int4'),
  col('seq', 'int4'),
  col('occurred_at'),
  col('request_id'),
  col('actor_user_id', 'int4'),
  col('actor_username'),
  col('actor_role'),
  col('actor_unit_id', 'int4'),
  col('ip'),
  col('action'),
  col('target_type'),
  col('target_id'),
  col('target_unit_id', 'int4'),
  col('outcome'),
  col('before_json'),
  col('after_json'),
  col('details_json'),
  col('prev_hash'),
  col('hash'),
];

type Value = string | number | null;
type Row = Value[];

interface BulkWriter {
  insert(table: string, columns: readonly Column[], rows: readonly Row[]): Promise<void>;
  exec(text: string): Promise<void>;
  close(): Promise<void>;
}

function sqliteWriter(file: string): BulkWriter {
  const db = new SQLite(file);
  // A bulk load: nothing to lose if the machine stops (the database is rebuilt), so no fsync per commit.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const statements = new Map<string, SQLite.Statement>();
  return {
    insert(table, columns, rows) {
      const key = `${table}:${columns.length}`;
      let statement = statements.get(key);
      if (statement === undefined) {
        statement = db.prepare(`insert into ${table} (${columns.map((c) => c.name).join(', ')}) values (${columns.map(() => '?').join(', ')})`);
        statements.set(key, statement);
      }
      const s = statement;
      db.transaction(() => {
        for (const row of rows) s.run(row);
      })();
      return Promise.resolve();
    },
    exec(text) {
      db.exec(text);
      return Promise.resolve();
    },
    close() {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      return Promise.resolve();
    },
  };
}

async function postgresWriter(url: string): Promise<BulkWriter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async insert(table, columns, rows) {
      // One parameter per column, an array of the batch's values each: any batch size in one statement.
      const arrays = columns.map((_, i) => rows.map((r) => r[i] ?? null));
      const text = `insert into ${table} (${columns.map((c) => c.name).join(', ')}) select * from unnest(${columns.map((c, i) => `$${i + 1}::${c.pg}[]`).join(', ')})`;
      await client.query(text, arrays);
    },
    async exec(text) {
      await client.query(text);
    },
    async close() {
      await client.end();
    },
  };
}

// ------------------------------------------------------------------------------------------------ templates

interface DeadlineTemplate {
  readonly row: Omit<DeadlineRow, 'id' | 'aggregate_id' | 'community_id' | 'town_id'>;
  /** Instants of the row, ms after its case's entry. */
  readonly started: number;
  readonly due: number;
  readonly overdue: number | null;
  readonly done: number | null;
}

interface ProjectTemplate {
  readonly status: ProjectStatus;
  readonly project: ProjectState;
  readonly projectRow: ProjectRow;
  readonly demand: DemandState;
  readonly demandRow: DemandRow;
  readonly demandDeadlines: readonly DeadlineTemplate[];
  readonly projectDeadlines: readonly DeadlineTemplate[];
  /** The project's entry (openedAt) after its demand's entry, ms. */
  readonly openedAfter: number;
  readonly updatedAfter: number;
}

interface DemandTemplate {
  readonly shape: DemandShape;
  readonly state: DemandState;
  readonly deadlines: readonly DeadlineTemplate[];
  readonly updatedAfter: number;
}

function deadlineTemplate(row: Omit<DeadlineRow, 'id'>, origin: number): DeadlineTemplate {
  const at = (v: string | null): number | null => (v === null ? null : Date.parse(v) - origin);
  return { row, started: at(row.started_at) ?? 0, due: at(row.due_at) ?? 0, overdue: at(row.overdue_at), done: at(row.done_at) };
}

function demandTemplates(townId: number, community: { id: number; name: string }): DemandTemplate[] {
  const calendar = buildWorkCalendar([], []);
  const origin = Date.parse('2026-03-02T01:30:00.000Z');
  const ctx = (ms: number) => ({ now: new Date(origin + ms), calendar, config: DEFAULT_RULES_CONFIG, actor: { userId: null, role: 'community_staff' as const, unitId: community.id } });
  const create: DemandCommand = {
    type: 'createDemand',
    demandId: 1,
    trackingNumber: trackingNumberFor(1, new Date(origin)),
    townId,
    communityId: community.id,
    communityName: community.name,
    channel: 'hotline12345',
    proposer: { kind: 'masses', name: '测试', phone: '13800000000' },
    title: '小区门口路灯不亮',
    description: '压测数据：晚上小区门口一段路没有照明',
    location: `${community.name}3巷`,
    collection: { mode: 'daily' },
  };
  const walk = (commands: readonly [number, DemandCommand][]): DemandState => {
    let state: DemandState | null = null;
    for (const [ms, command] of commands) {
      const r = decideDemand(state, command, ctx(ms));
      if (!r.ok) throw new Error(`${command.type}: ${r.violation.message}`);
      state = r.state;
    }
    if (state === null) throw new Error('no demand');
    return state;
  };
  const meeting = committeeMeeting({ heldAt: new Date(origin + 2 * DAY).toISOString(), minutesAttachmentIds: [1] });
  const ack: [number, DemandCommand] = [5 * 3_600_000, { type: 'acknowledgeDemand' }];
  const shapes: Record<DemandShape, DemandState> = {
    assigned: walk([[0, create]]),
    acknowledged: walk([[0, create], ack]),
    referred: walk([
      [0, create],
      ack,
      [
        2 * DAY + 3_600_000,
        {
          type: 'triageDemand',
          meeting,
          outcome: { kind: 'existingPolicy', departmentName: '东城街道城市管理和综合执法局', policyName: '城市照明设施维护', contactName: '王主任', contactPhone: '0769-22000000' },
        },
      ],
    ]),
    declined: walk([
      [0, create],
      ack,
      [2 * DAY + 3_600_000, { type: 'triageDemand', meeting, outcome: { kind: 'decline', reason: '该路段属市政道路，已列入市政维护计划。' } }],
    ]),
  };
  return (Object.entries(shapes) as [DemandShape, DemandState][]).map(([shape, state]) => ({
    shape,
    state,
    updatedAfter: (state.triage === null ? (state.acknowledgedAt === null ? origin : Date.parse(state.acknowledgedAt)) : Date.parse(state.triage.decidedAt)) - origin,
    deadlines: state.deadlines.map((d) =>
      deadlineTemplate(
        {
          aggregate: 'demand',
          aggregate_id: 0,
          step: d.step,
          rule: d.rule,
          owner: d.owner,
          community_id: 0,
          town_id: 0,
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
        },
        origin,
      ),
    ),
  }));
}

async function projectTemplates(handle: DatabaseHandle): Promise<ProjectTemplate[]> {
  const db = handle.db;
  const projects = await db.selectFrom('project').selectAll().orderBy('id').execute();
  const demands = await db.selectFrom('demand').selectAll().orderBy('id').execute();
  const deadlines = await db.selectFrom('deadline').selectAll().orderBy('id').execute();
  const out: ProjectTemplate[] = [];
  for (const projectRow of projects) {
    const demandRow = demands.find((d) => d.project_id === projectRow.id);
    if (demandRow === undefined) continue;
    const demandOrigin = Date.parse(demandRow.created_at);
    const strip = ({ id: _id, ...rest }: DeadlineRow): Omit<DeadlineRow, 'id'> => rest;
    out.push({
      status: projectRow.status as ProjectStatus,
      project: JSON.parse(projectRow.state_json) as ProjectState,
      projectRow,
      demand: JSON.parse(demandRow.state_json) as DemandState,
      demandRow,
      demandDeadlines: deadlines.filter((d) => d.aggregate === 'demand' && d.aggregate_id === demandRow.id).map((d) => deadlineTemplate(strip(d), demandOrigin)),
      projectDeadlines: deadlines.filter((d) => d.aggregate === 'project' && d.aggregate_id === projectRow.id).map((d) => deadlineTemplate(strip(d), demandOrigin)),
      openedAfter: Date.parse(projectRow.created_at) - demandOrigin,
      updatedAfter: Date.parse(projectRow.updated_at) - demandOrigin,
    });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ the city

interface Community {
  readonly id: number;
  readonly name: string;
  readonly townId: number;
}

/** Communities up to `total`, spread over the 33 towns (the demo's sample ones first). */
async function fillCommunities(handle: DatabaseHandle, total: number, createdAt: string): Promise<Community[]> {
  const db = handle.db;
  const towns = await db.selectFrom('unit').selectAll().where('kind', '=', 'town').orderBy('id').execute();
  const existing = await db.selectFrom('unit').selectAll().where('kind', '=', 'community').orderBy('id').execute();
  let missing = total - existing.length;
  for (let round = 1; missing > 0; round++) {
    await db.transaction().execute(async (trx) => {
      for (const town of towns) {
        if (missing <= 0) break;
        const village = round % 3 === 0;
        const name = `${town.name.replace(/(街道|镇|功能区)$/, '')}${village ? `第${round}村` : `第${round}社区`}`;
        const inserted = await trx
          .insertInto('unit')
          .values({ kind: 'community', subkind: village ? '村' : '社区', name, code: null, parent_id: town.id, path: '/', town_id: town.id, is_sample: 1, created_at: createdAt })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.updateTable('unit').set({ path: `${town.path}${inserted.id}/` }).where('id', '=', inserted.id).execute();
        missing -= 1;
      }
    });
  }
  const all = await db.selectFrom('unit').select(['id', 'name', 'town_id']).where('kind', '=', 'community').orderBy('id').execute();
  return all.map((c) => ({ id: c.id, name: c.name, townId: c.town_id ?? 0 }));
}

function weighted<K extends string>(random: () => number, mix: Readonly<Partial<Record<K, number>>>): K {
  const entries = Object.entries(mix) as [K, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [k, w] of entries) {
    r -= w;
    if (r < 0) return k;
  }
  return (entries[entries.length - 1] as [K, number])[0];
}

const iso = (ms: number): string => new Date(ms).toISOString();
const localDate = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

export async function generateCity(dialect: Dialect, location: string, scale: number, log: (line: string) => void): Promise<GenerationReport> {
  const seconds: Record<string, number> = {};
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    const r = await f();
    seconds[name] = Math.round((Date.now() - t) / 100) / 10;
    log(`  ${name}: ${seconds[name]} s`);
    return r;
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-scale-data-'));
  const now = Date.now();
  const N = { demands: Math.round(FULL.demands * scale), projects: Math.round(FULL.projects * scale), deadlines: Math.round(FULL.deadlines * scale) };

  // The real start: migrations, the 33 towns, the demo accounts and their sample communities; then the walked templates.
  const handle = openBenchDatabase(dialect, location);
  const { communities, templates, demandShapes } = await timed('start, templates and communities', async () => {
    const app = await startSystem(benchConfig(dataDir), handle, { logger: false, announce: () => undefined });
    await app.close();
    await seedBenchProjects(handle.db, dialect, TEMPLATE_PROJECTS, TEMPLATE_TARGETS);
    const templates = await projectTemplates(handle);
    const communities = await fillCommunities(handle, FULL.communities, iso(now - YEARS * 365 * DAY));
    const first = communities[0] ?? { id: 0, name: '', townId: 0 };
    return { communities, templates, demandShapes: demandTemplates(first.townId, first) };
  });
  const existing = await handle.db.selectFrom('demand').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const existingProjects = await handle.db.selectFrom('project').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const head = await handle.db.selectFrom('audit_head').select(['last_seq', 'last_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const actors = await handle.db.selectFrom('app_user').innerJoin('unit', 'unit.id', 'app_user.unit_id').select(['app_user.id', 'app_user.username', 'app_user.role', 'unit.id as unit_id']).execute();
  await handle.close();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const byStatus = new Map<ProjectStatus, ProjectTemplate[]>();
  for (const t of templates) byStatus.set(t.status, [...(byStatus.get(t.status) ?? []), t]);
  const shapeOf = new Map(demandShapes.map((d) => [d.shape, d]));
  const communityActor = actors.find((a) => a.username === 'community');

  // Deadline rows: every open one is kept; done and cancelled ones with the share that brings the total near N.deadlines.
  const demandsOnly = Math.max(0, N.demands - N.projects);
  const mixShare = (mix: Readonly<Partial<Record<string, number>>>, k: string): number => (mix[k] ?? 0) / Object.values(mix).reduce<number>((s, w) => s + (w ?? 0), 0);
  const recentShare = 1 / YEARS;
  let expectOpen = 0;
  let expectDone = 0;
  for (const d of demandShapes) {
    const share = recentShare * mixShare(DEMAND_MIX_RECENT, d.shape) + (1 - recentShare) * mixShare(DEMAND_MIX_OLD, d.shape);
    for (const row of d.deadlines) {
      if (row.row.status === 'open') expectOpen += share * demandsOnly;
      else expectDone += share * demandsOnly;
    }
  }
  for (const [status, list] of byStatus) {
    const share = recentShare * mixShare(PROJECT_MIX_RECENT, status) + (1 - recentShare) * mixShare(PROJECT_MIX_OLD, status);
    for (const t of list) {
      for (const row of [...t.demandDeadlines, ...t.projectDeadlines]) {
        const n = (share * N.projects) / list.length;
        if (row.row.status === 'open') expectOpen += n;
        else expectDone += n;
      }
    }
  }
  const keepDone = Math.max(0, Math.min(1, (N.deadlines - expectOpen) / Math.max(1, expectDone)));
  log(`  deadline rows expected: ${Math.round(expectOpen)} open, ${Math.round(expectDone)} done or cancelled, keeping ${(keepDone * 100).toFixed(1)} % of the latter`);

  const writer = dialect === 'sqlite' ? sqliteWriter(location) : await postgresWriter(location);
  const counts: Record<string, number> = { towns: 33, communities: communities.length };
  let demandCount = 0;
  let projectCount = 0;
  let deadlineCount = 0;
  const random = generator(20_261_202);
  const span = YEARS * 365 * DAY;
  const startMs = now - span - 30 * DAY;
  const firstDemandId = existing.n + 1;
  const firstProjectId = existingProjects.n + 1;
  /** The writes to audit, in id order of the cases: [occurredAt, action, type, id, unit, after]. */
  const auditFile = path.join(os.tmpdir(), `msw-scale-audit-${process.pid}.tsv`);
  const audit = fs.openSync(auditFile, 'w');
  let auditLines = 0;
  let auditBuffer: string[] = [];
  const auditWrite = (occurredAt: number, action: string, type: 'demand' | 'project', id: number, unitId: number, status: string): void => {
    auditBuffer.push(`${iso(occurredAt)}\t${action}\t${type}\t${id}\t${unitId}\t${status}\n`);
    auditLines += 1;
    if (auditBuffer.length >= 10_000) {
      fs.writeSync(audit, auditBuffer.join(''));
      auditBuffer = [];
    }
  };

  await timed('demands, projects and deadlines', async () => {
    const BATCH = 5_000;
    let projectId = firstProjectId - 1;
    // One demand in every N.demands / N.projects is adopted and opens a project; the others stay demands.
    const adoptEvery = N.projects === 0 ? Infinity : N.demands / N.projects;
    let nextAdopt = 0;
    for (let from = 0; from < N.demands; from += BATCH) {
      const demandRows: Row[] = [];
      const projectRows: Row[] = [];
      const deadlineRows: Row[] = [];
      for (let i = from; i < Math.min(N.demands, from + BATCH); i++) {
        const demandId = firstDemandId + i;
        const created = startMs + Math.floor((i / N.demands) * span) + Math.floor(random() * 3_600_000);
        const recent = now - created < 365 * DAY;
        const community = communities[Math.floor(random() * communities.length)] ?? communities[0];
        if (community === undefined) throw new Error('no community');
        const adopt = i >= nextAdopt && projectId - firstProjectId + 1 < N.projects;
        const deadline = (aggregate: 'demand' | 'project', aggregateId: number, t: DeadlineTemplate): void => {
          if (t.row.status !== 'open' && random() >= keepDone) return;
          deadlineRows.push([
            aggregate,
            aggregateId,
            t.row.step,
            t.row.rule,
            t.row.owner,
            community.id,
            community.townId,
            iso(created + t.started),
            iso(created + t.due),
            localDate(created + t.due),
            t.row.provisional,
            t.row.warnings_json,
            t.row.status,
            0,
            t.overdue === null ? null : iso(created + t.overdue),
            t.done === null ? null : iso(created + t.done),
            t.row.late,
            0,
            null,
          ]);
        };
        const tracking = trackingNumberFor(demandId, new Date(created));
        if (adopt) {
          nextAdopt += adoptEvery;
          projectId += 1;
          const status = weighted(random, recent ? PROJECT_MIX_RECENT : PROJECT_MIX_OLD);
          const list = byStatus.get(status) ?? templates;
          const t = list[Math.floor(random() * list.length)] ?? templates[0];
          if (t === undefined) throw new Error('no project template');
          const year = new Date(created + t.openedAfter + 8 * 3_600_000).getUTCFullYear();
          const demand = {
            ...t.demand,
            id: demandId,
            trackingNumber: tracking,
            townId: community.townId,
            communityId: community.id,
            communityName: community.name,
            year,
            triage: t.demand.triage === null ? null : { ...t.demand.triage, outcome: { ...t.demand.triage.outcome, projectId } },
          } as DemandState;
          const project = {
            ...t.project,
            id: projectId,
            townId: community.townId,
            communityId: community.id,
            communityName: community.name,
            year,
            demandIds: [demandId],
            sources: t.project.sources.map((s) => ({ ...s, demandId })),
          } as ProjectState;
          const columns = projectColumns(project);
          demandRows.push([
            demandId,
            tracking,
            community.id,
            community.townId,
            demand.status,
            demand.channel,
            demand.title,
            t.demandRow.proposer_phone,
            projectId,
            null,
            null,
            JSON.stringify(demand),
            t.demandRow.version,
            iso(created),
            iso(created + t.openedAfter),
          ]);
          projectRows.push([
            projectId,
            columns.code,
            columns.community_id,
            columns.town_id,
            columns.status,
            columns.title,
            columns.category,
            columns.subcategory,
            columns.handling_mode,
            columns.location,
            columns.review_path,
            columns.budget_fen,
            columns.over_cap,
            columns.possible_split,
            columns.survey_exception,
            columns.collection_mode,
            columns.campaign_id,
            columns.year,
            columns.published,
            JSON.stringify(project),
            t.projectRow.version,
            iso(created + t.openedAfter),
            iso(created + t.updatedAfter),
            columns.consulted_at === null ? null : iso(created + (Date.parse(columns.consulted_at) - Date.parse(t.demandRow.created_at))),
            ...PROJECT_RESULT_COLUMNS.map((name) => columns[name]),
          ]);
          for (const d of t.demandDeadlines) deadline('demand', demandId, d);
          for (const d of t.projectDeadlines) deadline('project', projectId, d);
          const steps = DEMAND_STEPS.adopted;
          steps.forEach((action, k) => auditWrite(created + k * 3_600_000, action, 'demand', demandId, community.id, k === steps.length - 1 ? 'adopted' : k === 0 ? 'assigned' : 'acknowledged'));
          const projectSteps = PROJECT_STEPS[t.status] ?? ['openProject'];
          const stepMs = Math.max(60_000, Math.floor((t.updatedAfter - t.openedAfter) / Math.max(1, projectSteps.length - 1)));
          projectSteps.forEach((action, k) => auditWrite(created + t.openedAfter + k * stepMs, action, 'project', projectId, community.id, k === projectSteps.length - 1 ? t.status : ''));
        } else {
          const shape = weighted(random, recent ? DEMAND_MIX_RECENT : DEMAND_MIX_OLD);
          const t = shapeOf.get(shape);
          if (t === undefined) throw new Error('no demand template');
          const state = {
            ...t.state,
            id: demandId,
            trackingNumber: tracking,
            townId: community.townId,
            communityId: community.id,
            communityName: community.name,
            year: new Date(created + 8 * 3_600_000).getUTCFullYear(),
            assignments: t.state.assignments.map((a) => ({ ...a, communityId: community.id, communityName: community.name })),
          } as DemandState;
          const channel = (['hotline12345', 'portal12345', 'wechatGuanjia'] as const)[i % 3] ?? 'hotline12345';
          demandRows.push([
            demandId,
            tracking,
            community.id,
            community.townId,
            state.status,
            channel,
            state.title,
            '13800000000',
            null,
            null,
            null,
            JSON.stringify({ ...state, channel }),
            DEMAND_STEPS[shape].length,
            iso(created),
            iso(created + t.updatedAfter),
          ]);
          for (const d of t.deadlines) deadline('demand', demandId, d);
          const steps = DEMAND_STEPS[shape];
          steps.forEach((action, k) => auditWrite(created + k * 3_600_000, action, 'demand', demandId, community.id, k === steps.length - 1 ? state.status : ''));
        }
      }
      await writer.insert('demand', DEMAND_COLUMNS, demandRows);
      if (projectRows.length > 0) await writer.insert('project', PROJECT_COLUMNS, projectRows);
      for (let k = 0; k < deadlineRows.length; k += 10_000) await writer.insert('deadline', DEADLINE_COLUMNS, deadlineRows.slice(k, k + 10_000));
      demandCount += demandRows.length;
      projectCount += projectRows.length;
      deadlineCount += deadlineRows.length;
      if ((from / BATCH) % 20 === 0) log(`    ${demandCount} demands, ${projectCount} projects, ${deadlineCount} deadline rows, RSS ${Math.round(process.memoryUsage.rss() / 1048576)} MiB`);
    }
    fs.writeSync(audit, auditBuffer.join(''));
    auditBuffer = [];
    fs.closeSync(audit);
  });

  // The audit log: one record per write, in the real shape and one real hash chain (chain 1), continuing its head.
  const auditCount = await timed('audit log', async () => {
    if (dialect === 'postgres') await writer.exec('alter table audit_log disable trigger audit_head_follow');
    let seq = head.last_seq;
    let prev = head.last_hash;
    const text = fs.readFileSync(auditFile, 'utf8');
    fs.rmSync(auditFile, { force: true });
    let batch: Row[] = [];
    let start = 0;
    let written = 0;
    while (start < text.length) {
      const end = text.indexOf('\n', start);
      const line = text.slice(start, end === -1 ? text.length : end);
      start = end === -1 ? text.length : end + 1;
      const [occurredAt = '', action = '', type = '', id = '', unit = '', status = ''] = line.split('\t');
      seq += 1;
      const actor = action === 'endPublicity' ? null : communityActor;
      const fields = canonicalAuditFields({
        chain: 1,
        seq,
        occurred_at: occurredAt,
        request_id: `bench-${type}-${id}-${action}`,
        actor_user_id: actor?.id ?? null,
        actor_username: actor?.username ?? 'system',
        actor_role: actor?.role ?? 'system',
        actor_unit_id: actor?.unit_id ?? null,
        ip: actor === null ? null : '10.20.30.40',
        action,
        target_type: type,
        target_id: id,
        target_unit_id: Number(unit),
        outcome: 'success' as const,
        before_json: null,
        after_json: status === '' ? null : JSON.stringify({ status }),
        details_json: null,
        prev_hash: prev,
      });
      const hash = auditHash(fields);
      prev = hash;
      batch.push([
        fields.chain,
        fields.seq,
        fields.occurred_at,
        fields.request_id,
        fields.actor_user_id,
        fields.actor_username,
        fields.actor_role,
        fields.actor_unit_id,
        fields.ip,
        fields.action,
        fields.target_type,
        fields.target_id,
        fields.target_unit_id,
        fields.outcome,
        fields.before_json,
        fields.after_json,
        fields.details_json,
        fields.prev_hash,
        hash,
      ]);
      if (batch.length >= 10_000) {
        await writer.insert('audit_log', AUDIT_COLUMNS, batch);
        written += batch.length;
        batch = [];
      }
    }
    if (batch.length > 0) await writer.insert('audit_log', AUDIT_COLUMNS, batch);
    written += batch.length;
    await writer.exec(`update audit_head set last_seq = ${seq}, last_hash = '${prev}' where id = 1`);
    if (dialect === 'postgres') await writer.exec('alter table audit_log enable trigger audit_head_follow');
    return written;
  });
  log(`  ${auditLines} audit records written`);

  // The rows above were written in bulk, not through the repositories: their statistics cells and the cases' next
  // deadlines are computed once, set-wise.
  await timed('statistics cells and next deadlines', async () => {
    const cells = openBenchDatabase(dialect, location);
    await rebuildStatistics(cells.db);
    await rebuildNextDeadlines(cells.db);
    await cells.close();
  });

  await timed('statistics (ANALYZE) and sequences', async () => {
    if (dialect === 'postgres') {
      await writer.exec(`select setval(pg_get_serial_sequence('demand', 'id'), (select max(id) from demand))`);
      await writer.exec(`select setval(pg_get_serial_sequence('project', 'id'), (select max(id) from project))`);
      // What autovacuum does within a minute of such a load.
      await writer.exec('vacuum analyze');
    } else {
      // What `PRAGMA optimize` at the system's next start does for tables this large (database.ts), done once here in full.
      await writer.exec('analyze');
    }
  });
  await writer.close();

  const totals = openBenchDatabase(dialect, location);
  for (const table of ['demand', 'project', 'deadline', 'audit_log'] as const) {
    const r = await totals.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = r.n;
  }
  let databaseBytes: number | null = null;
  if (dialect === 'postgres') {
    const r = await sql<{ size: string }>`select pg_database_size(current_database())::text as size`.execute(totals.db);
    databaseBytes = Number(r.rows[0]?.size ?? 0);
  } else {
    databaseBytes = fs.statSync(location).size;
  }
  await totals.close();
  log(`  rows: ${JSON.stringify(counts)} (generated ${demandCount} demands, ${projectCount} projects, ${deadlineCount} deadline rows, ${auditCount} audit records)`);
  return { counts, seconds, databaseBytes };
}
