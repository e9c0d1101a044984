/**
 * `npm run bench:documents` (`npx tsx bench/documents.ts`): the official documents' benchmark of docs/performance.md
 * (its section "Official documents"). Every phase runs in a fresh child process of its own, so that each one's time
 * and peak memory are its own:
 *
 * - cold: the first 登记备案表 PDF of a process (the fonts read and parsed included), then a second one;
 * - warm: one document at a time after five renders of it, median / p95 / mean over BENCH_RENDERS renders: 登记备案表
 *   PDF and DOCX, 结项表 PDF with two photos, a 附件3 PDF of 30 sheets;
 * - batch: BENCH_DOCUMENTS 登记备案表 PDFs of as many different projects, one after another; heap used (after a full
 *   GC, outside the timing) and the process's VmRSS / VmHWM every 100 documents;
 * - parallel: the same batch split over two processes at once (the machine has two cores);
 * - api: GET /api/projects/:id/documents/registrationForm?format=pdf through the running system (a demo system in
 *   process, signed in, app.inject): the first request and the median of the next ones.
 *
 * The projects are walked by the lifecycle's own deciders (src/domain/lifecycle) with the sample forms of
 * src/domain/samples, varied per project: community, name, category, budget and fund sources, handling mode, source
 * channels, consultation forms and participants with their 其他 texts, head count, contact; the town path's
 * projects have co-reviewing departments' opinions, stamps and the town's decision.
 *
 *   tsx bench/documents.ts                        every phase, then the section of docs/performance.md
 *   tsx bench/documents.ts <phase> [args]          one phase, printing a JSON line: cold | warm | batch [from count] | api
 *
 * Environment: BENCH_DOCUMENTS (1000), BENCH_RENDERS (50), BENCH_COLD_RUNS (3), BENCH_API_REQUESTS (20),
 * BENCH_WRITE_DOC (1; 0 prints the section without writing it).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { buildWorkCalendar } from '../src/domain/calendar/index.js';
import {
  CONSULTATION_FORMS,
  HANDLING_MODES,
  PARTICIPANT_KINDS,
  type Category,
  type Channel,
  type ConsultationForm,
  type FundSource,
  type HandlingMode,
  type ParticipantKind,
  type ProposerKind,
  type SubcategoryCode,
} from '../src/domain/categories.js';
import type { ClosurePhoto, FormDocument } from '../src/domain/documents/index.js';
import { closureBudgetFrom } from '../src/domain/forms/closure-form.js';
import { decideProject, type ActorRole, type ProjectCommand, type ProjectState } from '../src/domain/lifecycle/index.js';
import { DEFAULT_RULES_CONFIG } from '../src/domain/rules-config.js';
import {
  closureForm,
  committeeMeeting,
  consultationRecord,
  consultationResult,
  registrationBasics,
  reviewPoints,
  stamp,
  surveySheets,
  type SampleSite,
} from '../src/domain/samples/forms.js';
import { generator } from './bench-support.js';
import { replaceDocSection } from './performance-doc.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SELF = path.join(ROOT, 'bench/documents.ts');
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? '1000');
const RENDERS = Number(process.env.BENCH_RENDERS ?? '50');
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? '3');
const API_REQUESTS = Number(process.env.BENCH_API_REQUESTS ?? '20');
const WRITE_DOC = process.env.BENCH_WRITE_DOC !== '0';
const SAMPLE_EVERY = 100;
const CREATED_AT = new Date('2026-12-01T02:00:00.000Z');

// ------------------------------------------------------------------------------------------------ projects


const TOWNS = ['东城街道', '南城街道', '莞城街道', '万江街道', '石龙镇', '虎门镇', '长安镇', '塘厦镇'] as const;
const COMMUNITIES = ['温塘', '桑园', '牛山', '余屋', '立新', '东泰', '火炼树', '鳌峙塘', '周屋', '柏洲边', '下桥', '花园', '岗贝', '西城', '新村', '白马'] as const;
const SUBJECTS: readonly { readonly category: Category; readonly subcategory: SubcategoryCode; readonly what: string; readonly content: string }[] = [
  { category: 'engineering', subcategory: 'E1', what: '路面修复工程', content: '修复破损路面，完善排水设施。' },
  { category: 'engineering', subcategory: 'E1', what: '排水管网疏通改造工程', content: '疏通并更换老化排水管道，解决雨季积水问题。' },
  { category: 'engineering', subcategory: 'E1', what: '路灯更换工程', content: '更换老化路灯为节能LED灯具，消除夜间照明盲区。' },
  { category: 'engineering', subcategory: 'E2', what: '小公园提升工程', content: '增设休闲座椅、健身器材及绿化，改善居民休闲环境。' },
  { category: 'engineering', subcategory: 'E3', what: '应急避难场所建设', content: '设置应急避难标识、储备物资柜及照明设施。' },
  { category: 'service', subcategory: 'S1', what: '长者饭堂助餐服务', content: '为辖区高龄、独居长者提供午餐助餐及送餐上门服务。' },
  { category: 'service', subcategory: 'S2', what: '青少年暑期托管服务', content: '开展暑期托管、课业辅导及安全教育活动。' },
  { category: 'service', subcategory: 'S3', what: '困境家庭关爱服务', content: '为困境家庭提供走访慰问、心理疏导及资源链接服务。' },
];
const IMPLEMENTERS = ['东莞市某某建设工程有限公司', '东莞市安居市政工程有限公司', '东莞市乐善社会工作服务中心', '东莞市邻里守望志愿服务协会'] as const;
const CONTACTS = [
  { name: '陈六', title: '社区居委会主任', phone: '0769-22223333' },
  { name: '林晓燕', title: '社区党委副书记', phone: '0769-22881234' },
  { name: '黄志强', title: '村委会副主任', phone: '13926881234' },
] as const;
const CHANNELS: readonly Channel[] = ['hotline12345', 'portal12345', 'wechatGuanjia', 'communitySelf', 'gridPatrol', 'leaderStation', 'communityPartyCenter'];
const PROPOSERS: readonly ProposerKind[] = ['masses', 'committee', 'representatives', 'residentOfficial', 'residentUnit', 'other'];
const DEPARTMENTS = [
  { departmentId: 31, departmentName: '财政分局' },
  { departmentId: 32, departmentName: '住房和城乡建设局' },
  { departmentId: 33, departmentName: '社会事务局' },
] as const;

export interface BenchProject {
  readonly state: ProjectState;
  readonly communityName: string;
  readonly townName: string;
}

const calendar = buildWorkCalendar([2026], []);

/** Project `n` of the batch (the same n, the same project), walked to a state its 登记备案表 prints at. */
export function benchProject(n: number): BenchProject {
  const random = generator(20_261_201 + n * 7919);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const some = <T>(items: readonly T[], lo: number, hi: number): T[] => {
    const want = between(lo, hi);
    const chosen = new Set<T>();
    while (chosen.size < want) chosen.add(pick(items));
    return items.filter((i) => chosen.has(i));
  };
  const townName = pick(TOWNS);
  const townId = 10 + TOWNS.indexOf(townName);
  const community = `${pick(COMMUNITIES)}${pick(['社区', '村'])}`;
  const communityId = 100 + n;
  const street = `${pick(['一', '二', '三', '四', '五', '六'])}巷${between(1, 40)}号至${between(41, 90)}号`;
  const site: SampleSite = { town: townName, community, place: `${community}${street.slice(0, 2)}`, street };
  const subject = pick(SUBJECTS);
  const cap = DEFAULT_RULES_CONFIG.capFen[subject.category];
  const townPath = random() < 0.4;
  // Budgets to the hundred yuan, so that 万元 prints with decimals.
  const budgetFen = townPath ? between(DEFAULT_RULES_CONFIG.smallPathMaxFen / 10_000 + 1, cap / 10_000) * 10_000 : between(50, DEFAULT_RULES_CONFIG.smallPathMaxFen / 10_000) * 10_000;
  const split = pick(['special', 'social', 'mixed'] as const);
  const part = Math.round((budgetFen * between(10, 40)) / 100 / 10_000) * 10_000;
  const fundSources: { source: FundSource; amountFen: number }[] =
    split === 'special'
      ? [{ source: 'special', amountFen: budgetFen }]
      : split === 'social'
        ? [
            { source: 'special', amountFen: budgetFen - part },
            { source: 'social', amountFen: part },
          ]
        : [
            { source: 'special', amountFen: budgetFen - 2 * part },
            { source: 'collective', amountFen: part },
            { source: 'selfRaised', amountFen: part },
          ];
  const handlingMode: HandlingMode = pick(HANDLING_MODES);
  const forms: ConsultationForm[] = some(CONSULTATION_FORMS, 1, 3);
  const participants: ParticipantKind[] = some(PARTICIPANT_KINDS, 2, 6);
  const demands = between(1, 3);
  const sources = Array.from({ length: demands }, (_, i) => ({ demandId: n * 10 + i + 1, channel: pick(CHANNELS), proposerKind: pick(PROPOSERS) }));
  const projectName = `${site.place}${subject.what}`;

  let state: ProjectState | null = null;
  const step = (command: ProjectCommand, at: string, role: ActorRole = 'community_staff', unitId: number | null = communityId): void => {
    const result = decideProject(state, command, { now: new Date(at), calendar, config: DEFAULT_RULES_CONFIG, actor: { userId: 7, role, unitId } });
    if (!result.ok) throw new Error(`project ${n} ${command.type}: ${result.violation.message} ${JSON.stringify(result.violation.details)}`);
    state = result.state;
  };
  step(
    {
      type: 'triageDemand',
      projectId: 1000 + n,
      townId,
      communityId,
      communityName: `${townName}${community}`,
      title: projectName,
      demandIds: sources.map((s) => s.demandId),
      sources,
      collection: 'daily',
      campaignId: null,
      year: 2026,
      meeting: committeeMeeting({ heldAt: '2026-09-22T02:00:00.000Z', minutesAttachmentIds: [501] }),
    },
    '2026-09-22T03:00:00.000Z',
  );
  step(
    {
      type: 'recordConsultation',
      consultation: consultationRecord(
        {
          heldAt: '2026-09-29T02:00:00.000Z',
          result: consultationResult(
            {
              budgetFen,
              implementationPeriod: { start: '2026-10-20', end: `2026-${pick(['11', '12'])}-${String(between(10, 28))}` },
              handlingMode,
              fundSources,
              content: subject.content,
              beneficiaries: `${site.street}及周边约${between(2, 30) * 50}名居民`,
              implementer: pick(IMPLEMENTERS),
            },
            site,
          ),
          minutesAttachmentIds: [601],
          signInAttachmentIds: [602],
          forms,
          formOther: forms.includes('other') ? pick(['楼栋长座谈会', '院落议事会', '“莞家议事厅”现场协商']) : null,
          participants,
          participantOther: participants.includes('other') ? pick(['辖区学校代表', '志愿者代表', '商户代表']) : null,
          headCount: between(12, 120),
          hostName: pick(['李四', '张伟', '何丽萍']),
          recorderName: pick(['王五', '刘洋', '钟敏']),
        },
        site,
      ),
    },
    '2026-09-29T03:00:00.000Z',
  );
  step(
    {
      type: 'submitRegistration',
      basics: registrationBasics(
        {
          budgetFen,
          projectName,
          category: subject.category,
          subcategory: subject.subcategory,
          content: subject.content,
          contact: pick(CONTACTS),
          overCapJustification: null,
        },
        site,
      ),
      recentSmallProjects: [],
    },
    '2026-09-30T02:00:00.000Z',
  );
  if (townPath) {
    const reviewers = some(DEPARTMENTS, 1, 3);
    step({ type: 'assignReviewers', reviewers }, '2026-09-30T03:00:00.000Z', 'town_staff', townId);
    const answered = reviewers.slice(0, between(random() < 0.2 ? 0 : 1, reviewers.length));
    for (const d of answered) {
      const points = reviewPoints(random() < 0.3 ? { budgetReasonable: { verdict: 'yes', comment: '预算基本合理，建议补充比价材料' } } : {});
      step({ type: 'recordDepartmentOpinion', departmentId: d.departmentId, points, opinion: pick(['同意', '同意实施', '原则同意，请按程序实施']) }, '2026-10-09T02:00:00.000Z', 'department_reviewer', d.departmentId);
      if (random() < 0.6) {
        step(
          { type: 'recordStamp', stamp: stamp({ departmentId: d.departmentId, departmentName: d.departmentName, stampedByName: pick(['钱八', '赵建明', '孙丽']), stampedOn: '2026-10-12', scanAttachmentId: 900 + d.departmentId }) },
          '2026-10-12T08:00:00.000Z',
          'department_reviewer',
          d.departmentId,
        );
      }
    }
    if (answered.length === reviewers.length && random() < 0.7) {
      step({ type: 'decideReview', decision: { outcome: 'specialFund', townOfficeName: `${townName}公共服务办`, points: reviewPoints() } }, '2026-10-13T02:00:00.000Z', 'town_staff', townId);
    }
  }
  if (state === null) throw new Error('no project');
  return { state, communityName: `${townName}${community}`, townName };
}

/** A small-path project of the batch walked on to its filed 结项表 with its community's paper survey of 30 sheets. */
function closedProject(): ProjectState {
  for (let n = 0; ; n++) {
    const { state } = benchProject(n);
    // A 莞家直达 project would need its claim accepted first (R5.5).
    if (state.status !== 'registered' || state.agreement === null || state.registration === null || state.agreement.result.handlingMode === 'direct') continue;
    let s: ProjectState = state;
    const step = (command: ProjectCommand, at: string, role: ActorRole = 'community_staff'): void => {
      const result = decideProject(s, command, { now: new Date(at), calendar, config: DEFAULT_RULES_CONFIG, actor: { userId: 7, role, unitId: s.communityId } });
      if (!result.ok) throw new Error(`closure ${command.type}: ${result.violation.message} ${JSON.stringify(result.violation.details)}`);
      s = result.state;
    };
    step({ type: 'startPublicity', days: 5, channels: ['projectPortal', 'noticeBoard'] }, '2026-10-14T02:00:00.000Z');
    step({ type: 'endPublicity' }, '2026-10-19T16:05:00.000Z', 'system');
    step({ type: 'startImplementation' }, '2026-10-20T02:00:00.000Z');
    step({ type: 'completeImplementation' }, '2026-11-20T02:00:00.000Z');
    step({ type: 'recordPaperSurvey', responses: surveySheets(30, '2026-11-21', (i) => ({ respondentKey: `p${i}` })) }, '2026-11-21T02:00:00.000Z');
    step({ type: 'completeSurvey', exceptionReason: null }, '2026-11-22T02:00:00.000Z');
    const site: SampleSite = { town: '东城街道', community: s.communityName, place: state.registration.basics.projectName, street: state.registration.basics.location };
    step(
      {
        type: 'submitClosure',
        form: closureForm(
          {
            reportingUnit: `${s.communityName}居民委员会`,
            projectName: state.registration.basics.projectName,
            category: state.registration.basics.category,
            handlingMode: state.agreement.result.handlingMode,
            consultationDate: '2026-09-29',
            period: { start: '2026-10-20', end: '2026-11-20' },
            budget: closureBudgetFrom(state.agreement.result.fundSources),
            actual: closureBudgetFrom(state.agreement.result.fundSources),
            photoAttachmentIds: [701, 702],
            attachments: { stampedRegistrationIds: [711], agreementIds: [712], invoiceIds: [713] },
          },
          site,
        ),
      },
      '2026-11-23T02:00:00.000Z',
    );
    return s;
  }
}

/**
 * A site photo as the documents service prints it: a JPEG whose longer side is 1600 px (PRINT_PHOTO_MAX_EDGE, quality
 * 82 as publishableImage encodes it); drawn with texture, so that it compresses about as a phone's photo does.
 */
async function sitePhoto(seed: number): Promise<Buffer> {
  const base = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 150, g: 140 + seed * 10, b: 120 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .png()
    .toBuffer();
  return sharp(base).blur(1.5).modulate({ saturation: 0.6 }).jpeg({ quality: 82 }).toBuffer();
}

// ------------------------------------------------------------------------------------------------ measuring

interface Stats {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, median: round(at(50)), p95: round(at(95)), mean: round(mean), min: round(sorted[0] ?? 0), max: round(sorted[sorted.length - 1] ?? 0) };
}

const round = (v: number, digits = 1): number => Math.round(v * 10 ** digits) / 10 ** digits;
const mib = (bytes: number): number => round(bytes / 2 ** 20);

function procStatus(): { rssMiB: number; hwmMiB: number } {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? '0');
  return { rssMiB: round(kb('VmRSS') / 1024), hwmMiB: round(kb('VmHWM') / 1024) };
}

/** Pages of a PDF: its page objects. */
const pdfPages = (bytes: Buffer): number => bytes.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;

function emit(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// ------------------------------------------------------------------------------------------------ phases (children)

interface ColdResult {
  readonly importMs: number;
  readonly buildMs: number;
  readonly firstMs: number;
  readonly secondMs: number;
  /** From the process's start (Node, tsx) to the first PDF's bytes. */
  readonly sinceStartMs: number;
  readonly bytes: number;
  readonly pages: number;
  readonly hwmMiB: number;
}

async function coldPhase(): Promise<void> {
  let t = performance.now();
  const { renderPdf } = await import('../src/server/features/documents/render-pdf.js');
  const { registrationFormDocument } = await import('../src/domain/documents/index.js');
  const importMs = performance.now() - t;
  t = performance.now();
  const p = benchProject(0);
  const document = registrationFormDocument({ project: p.state, communityName: p.communityName, townName: p.townName });
  const buildMs = performance.now() - t;
  t = performance.now();
  const bytes = await renderPdf(document, { createdAt: CREATED_AT });
  const firstMs = performance.now() - t;
  const sinceStartMs = performance.now();
  const q = benchProject(1);
  t = performance.now();
  await renderPdf(registrationFormDocument({ project: q.state, communityName: q.communityName, townName: q.townName }), { createdAt: CREATED_AT });
  const secondMs = performance.now() - t;
  const result: ColdResult = { importMs: round(importMs), buildMs: round(buildMs), firstMs: round(firstMs), secondMs: round(secondMs), sinceStartMs: round(sinceStartMs), bytes: bytes.length, pages: pdfPages(bytes), hwmMiB: procStatus().hwmMiB };
  emit(result);
}

interface WarmCase {
  readonly name: string;
  readonly stats: Stats;
  readonly bytes: number;
  readonly pages: number;
}

async function warmPhase(): Promise<void> {
  const { renderPdf } = await import('../src/server/features/documents/render-pdf.js');
  const { renderDocx } = await import('../src/server/features/documents/render-docx.js');
  const { registrationFormDocument, closureFormDocument, surveySheetsDocument } = await import('../src/domain/documents/index.js');
  const p = benchProject(0);
  const registration = registrationFormDocument({ project: p.state, communityName: p.communityName, townName: p.townName });
  const photoBytes = [await sitePhoto(0), await sitePhoto(1)];
  const photos: ClosurePhoto[] = [
    { data: photoBytes[0] ?? Buffer.alloc(0), mime: 'image/jpeg', caption: '施工前现场照片' },
    { data: photoBytes[1] ?? Buffer.alloc(0), mime: 'image/jpeg', caption: '完工后现场照片' },
  ];
  const closure = closureFormDocument({ project: closedProject(), photos });
  const sheets = surveySheetsDocument({
    projectName: registration.title.replace(/^登记备案表-/u, ''),
    sheets: Array.from({ length: 30 }, (_, i) => {
      const token = `K7${String(i).padStart(2, '0')}QX${(i * 7919).toString(36).toUpperCase().padStart(4, '0')}`;
      return { token, link: `https://msw.dg.gov.cn/s/${token}` };
    }),
  });
  const cases: { name: string; render: () => Promise<Buffer> }[] = [
    { name: '登记备案表 PDF', render: () => renderPdf(registration, { createdAt: CREATED_AT }) },
    { name: '登记备案表 DOCX', render: () => renderDocx(registration, { createdAt: CREATED_AT }) },
    { name: `结项表 PDF, two ${Math.round((photoBytes[0]?.length ?? 0) / 1024)} KB / ${Math.round((photoBytes[1]?.length ?? 0) / 1024)} KB JPEG photos (1600 × 1200)`, render: () => renderPdf(closure, { createdAt: CREATED_AT }) },
    { name: '附件3 PDF, 30 sheets with their QR codes', render: () => renderPdf(sheets, { createdAt: CREATED_AT }) },
  ];
  const out: WarmCase[] = [];
  for (const c of cases) {
    let bytes: Buffer = Buffer.alloc(0);
    for (let i = 0; i < 5; i++) bytes = await c.render();
    const times: number[] = [];
    for (let i = 0; i < RENDERS; i++) {
      const t = performance.now();
      await c.render();
      times.push(performance.now() - t);
    }
    out.push({ name: c.name, stats: stats(times), bytes: bytes.length, pages: c.name.includes('DOCX') ? 0 : pdfPages(bytes) });
  }
  emit(out);
}

interface MemorySample {
  readonly documents: number;
  readonly heapUsedMiB: number;
  readonly rssMiB: number;
  readonly hwmMiB: number;
}

interface BatchResult {
  readonly from: number;
  readonly count: number;
  readonly distinctBytes: number;
  /** Building the projects' states (the lifecycle's deciders), before timing. */
  readonly statesMs: number;
  /** Building each document and rendering its PDF, the first (fonts loaded) included. */
  readonly totalMs: number;
  readonly firstMs: number;
  readonly buildMs: number;
  readonly perDocument: Stats;
  /** The process's CPU time (user + system) over the timed loop: what the documents cost whatever the machine's other load. */
  readonly cpuMs: number;
  readonly samples: readonly MemorySample[];
  readonly bytes: number;
}

async function batchPhase(from: number, count: number): Promise<void> {
  const { renderPdf } = await import('../src/server/features/documents/render-pdf.js');
  const { registrationFormDocument } = await import('../src/domain/documents/index.js');
  const gc = (globalThis as { gc?: () => void }).gc;
  let t = performance.now();
  const projects = Array.from({ length: count }, (_, i) => benchProject(from + i));
  const statesMs = performance.now() - t;
  const sample = (documents: number): MemorySample => {
    gc?.();
    return { documents, heapUsedMiB: mib(process.memoryUsage().heapUsed), ...procStatus() };
  };
  const samples: MemorySample[] = [sample(0)];
  const times: number[] = [];
  const hashes = new Set<string>();
  let totalMs = 0;
  let buildMs = 0;
  let bytes = 0;
  let cpuMs = 0;
  for (let i = 0; i < projects.length; i++) {
    const p = projects[i];
    if (p === undefined) continue;
    const cpu = process.cpuUsage();
    t = performance.now();
    const document: FormDocument = registrationFormDocument({ project: p.state, communityName: p.communityName, townName: p.townName });
    const built = performance.now();
    const pdf = await renderPdf(document, { createdAt: CREATED_AT });
    const took = performance.now() - t;
    const used = process.cpuUsage(cpu);
    cpuMs += (used.user + used.system) / 1000;
    buildMs += built - t;
    totalMs += took;
    times.push(took);
    bytes += pdf.length;
    // What tells the documents apart: their lengths and a few bytes from the middle (hashing each would add its cost).
    hashes.add(`${pdf.length}:${pdf.subarray(pdf.length >> 1, (pdf.length >> 1) + 64).toString('hex')}`);
    if ((i + 1) % SAMPLE_EVERY === 0 || i + 1 === projects.length) samples.push(sample(i + 1));
  }
  const result: BatchResult = {
    from,
    count,
    distinctBytes: hashes.size,
    statesMs: round(statesMs),
    totalMs: round(totalMs),
    firstMs: round(times[0] ?? 0),
    buildMs: round(buildMs),
    perDocument: stats(times),
    cpuMs: round(cpuMs),
    samples,
    bytes,
  };
  emit(result);
}

interface ApiResult {
  readonly status: number;
  readonly firstMs: number;
  readonly next: Stats;
  readonly bytes: number;
  readonly contentDisposition: string;
}

async function apiPhase(): Promise<void> {
  const { loadConfig } = await import('../src/server/config.js');
  const { openDatabase } = await import('../src/server/db/database.js');
  const { startSystem } = await import('../src/server/system.js');
  const password = 'Bench@Minsheng2026';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-bench-documents-'));
  const database = openDatabase({ databaseUrl: null, sqlitePath: path.join(dir, 'bench.sqlite') });
  const config = loadConfig({ DEMO: 'true', SERVE_WEB: 'false', JOBS_ENABLED: 'false', DATA_DIR: dir, DEMO_PASSWORD: password }, { loginRateLimitPerMinute: 1_000_000 });
  const app = await startSystem(config, database, { logger: false, announce: () => undefined });
  try {
    const login = await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'community', password } });
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const list = (await app.inject({ method: 'GET', url: '/api/projects?limit=100', headers: { cookie } })).json<{ items: { id: number; status: string }[] }>();
    const registered = list.items.find((p) => ['registered', 'underReview', 'confirmed', 'inPublicity', 'publicityEnded', 'implementing'].includes(p.status));
    if (registered === undefined) throw new Error('the demo has no registered project');
    const url = `/api/projects/${registered.id}/documents/registrationForm?format=pdf`;
    const once = async (): Promise<{ ms: number; status: number; bytes: number; disposition: string }> => {
      const t = performance.now();
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      const ms = performance.now() - t;
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return { ms, status: res.statusCode, bytes: res.rawPayload.length, disposition: res.headers['content-disposition'] ?? '' };
    };
    const first = await once();
    const times: number[] = [];
    for (let i = 0; i < API_REQUESTS; i++) times.push((await once()).ms);
    const result: ApiResult = { status: first.status, firstMs: round(first.ms), next: stats(times), bytes: first.bytes, contentDisposition: first.disposition };
    emit(result);
  } finally {
    await app.close();
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------------ orchestration

/** Runs one phase in a fresh process and returns its JSON line, with the wall time of the whole child. */
async function child(args: readonly string[], nodeFlags: readonly string[] = []): Promise<{ result: unknown; wallMs: number }> {
  const t = performance.now();
  const proc = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', SELF, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${String(code)}`);
  const line = out.trim().split('\n').pop() ?? '';
  return { result: JSON.parse(line) as unknown, wallMs: performance.now() - t };
}

const loadNow = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' / ');

interface Report {
  readonly date: string;
  readonly cpu: string;
  readonly loadStart: string;
  readonly loadEnd: string;
  readonly cold: readonly ColdResult[];
  readonly warm: readonly WarmCase[];
  readonly batch: BatchResult;
  readonly parallel: { readonly wallMs: number; readonly parts: readonly BatchResult[] };
  readonly api: ApiResult;
}

const ms = (v: number): string => `${v.toLocaleString('en', { maximumFractionDigits: 1 })} ms`;
const s = (v: number): string => `${(v / 1000).toFixed(1)} s`;
const met = (ok: boolean): string => (ok ? 'met' : '**missed**');

function renderSection(r: Report): string {
  const registrationWarm = r.warm.find((w) => w.name === '登记备案表 PDF');
  const b = r.batch;
  const heap = b.samples.map((x) => x.heapUsedMiB);
  const afterFirst = b.samples.filter((x) => x.documents >= SAMPLE_EVERY);
  const heapLater = afterFirst.map((x) => x.heapUsedMiB);
  const rssLater = afterFirst.map((x) => x.rssMiB);
  const last = b.samples[b.samples.length - 1];
  const coldFirst = r.cold.map((c) => c.firstMs);
  return [
    '## Official documents',
    '',
    `Measured by \`npm run bench:documents\` (bench/documents.ts; the same as \`npx tsx bench/documents.ts\`) on ${r.date}:`,
    `${os.cpus().length} × ${r.cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. The two cores are shared with other work on the`,
    `machine: load average ${r.loadStart} (1 / 5 / 15 min) at the start of the run, ${r.loadEnd} at its end, so every`,
    'figure here is slower than on an idle machine by an unknown and varying amount.',
    '',
    '**Method.** Each phase runs in a fresh Node process (`node --import tsx`). The projects are walked to their',
    'states by the lifecycle\'s own deciders with the sample forms of src/domain/samples, each project different:',
    'town and community, name and category, budget to the hundred yuan with one to three fund sources, handling mode,',
    'one to three source channels, one to three consultation forms and two to six kinds of participants (with their',
    '其他 texts), head count and contact; four in ten go the town\'s way, with one to three co-reviewing departments\'',
    'opinions, some stamped, some with the town\'s decision. A document is built by the domain\'s pure builder',
    '(`registrationFormDocument` …) and rendered by `renderPdf` / `renderDocx` of src/server/features/documents as the',
    'server renders it (pdfmake, Noto Sans SC and DejaVu Sans embedded as subsets). Heap used is read after a full GC',
    '(`--expose-gc`, outside the timing); VmRSS and VmHWM (the peak resident set) from /proc/self/status.',
    '',
    '### One document',
    '',
    `The first 登记备案表 PDF of a fresh process, ${r.cold.length} processes: importing the renderer and the domain, building the`,
    'state and the document, the first render (reading and parsing the fonts included: Noto Sans SC regular and bold,',
    '10 MB each, and DejaVu Sans), then a second 登记备案表 of another project in the same process.',
    '',
    '| process | import | state + document | **first PDF** | second PDF | process start → first PDF | PDF | peak RSS |',
    '|---|---|---|---|---|---|---|---|',
    ...r.cold.map((c, i) => `| ${i + 1} | ${ms(c.importMs)} | ${ms(c.buildMs)} | **${ms(c.firstMs)}** | ${ms(c.secondMs)} | ${ms(c.sinceStartMs)} | ${Math.round(c.bytes / 1024)} KB, ${c.pages} pages | ${c.hwmMiB} MiB |`),
    '',
    `Warm: one document rendered ${RENDERS} times after five renders of it, in one process.`,
    '',
    '| document | median | p95 | mean | min – max | output |',
    '|---|---|---|---|---|---|',
    ...r.warm.map((w) => `| ${w.name} | **${ms(w.stats.median)}** | ${ms(w.stats.p95)} | ${ms(w.stats.mean)} | ${ms(w.stats.min)} – ${ms(w.stats.max)} | ${Math.round(w.bytes / 1024)} KB${w.pages > 0 ? `, ${w.pages} pages` : ''} |`),
    '',
    `Through the API: \`GET /api/projects/:id/documents/registrationForm?format=pdf\` of a demo system in process (embedded`,
    'SQLite, signed in as the demo community clerk, `app.inject`, so no network): session, access policy, the project',
    'loaded and parsed, the document built, rendered, audited (`exportDocument`) and sent with its RFC 6266 file name.',
    `The first request of the process ${ms(r.api.firstMs)} (the fonts loaded in it); the next ${r.api.next.n}: median ${ms(r.api.next.median)}, p95 ${ms(r.api.next.p95)} (${Math.round(r.api.bytes / 1024)} KB).`,
    '',
    `### ${b.count.toLocaleString('en')} in a batch`,
    '',
    `${b.count.toLocaleString('en')} 登记备案表 PDFs of ${b.count.toLocaleString('en')} different projects, one after another in one fresh process (the first`,
    `one loading the fonts), ${b.distinctBytes.toLocaleString('en')} different files, ${mib(b.bytes)} MiB in all. Building the states beforehand took`,
    `${s(b.statesMs)} and is not counted; building the documents is (${ms(b.buildMs)} in all).`,
    '',
    `- **Total ${s(b.totalMs)}**, ${ms(b.totalMs / b.count)} per document on average (first ${ms(b.firstMs)}; median ${ms(b.perDocument.median)}, p95 ${ms(b.perDocument.p95)}, max ${ms(b.perDocument.max)}).`,
    `  The process's CPU time over the loop (user + system, all its threads, V8's parallel GC included) was ${s(b.cpuMs)},`,
    `  ${ms(b.cpuMs / b.count)} per document: the figure the machine's other load changes least.`,
    `- **Two processes at once** (${r.parallel.parts.map((p) => p.count).join(' + ')}, each loading the fonts): ${s(r.parallel.wallMs)} from the start of the first to`,
    `  the end of the last, both processes' start-up and state building included (their render loops ${r.parallel.parts.map((p) => s(p.totalMs)).join(' and ')}; per document ${r.parallel.parts.map((p) => ms(p.perDocument.median)).join(' and ')} at the median).`,
    '  Concurrency within one process is not measured: pdfmake lays a document out and writes it synchronously on the',
    '  event loop, so documents of one process can only take turns.',
    '',
    'Memory every 100 documents (heap used after a full GC; resident set and its peak so far):',
    '',
    '| documents | heap used | VmRSS | VmHWM |',
    '|---|---|---|---|',
    ...b.samples.map((x) => `| ${x.documents} | ${x.heapUsedMiB} MiB | ${x.rssMiB} MiB | ${x.hwmMiB} MiB |`),
    '',
    `From document 100 on, heap used stays within ${Math.min(...heapLater)}–${Math.max(...heapLater)} MiB and the resident set within`,
    `${Math.min(...rssLater)}–${Math.max(...rssLater)} MiB (heap ${Math.min(...heap)} MiB before the first document, the fonts not yet loaded); peak ${last?.hwmMiB ?? 0} MiB.`,
    '',
    '### Against the aims',
    '',
    '| aim | measured | |',
    '|---|---|---|',
    `| ≤ 150 ms per document | warm 登记备案表 PDF median ${ms(registrationWarm?.stats.median ?? 0)}, p95 ${ms(registrationWarm?.stats.p95 ?? 0)}; batch mean ${ms(b.totalMs / b.count)}; first of a process ${ms(Math.min(...coldFirst))}–${ms(Math.max(...coldFirst))} | ${met((registrationWarm?.stats.p95 ?? Infinity) <= 150 && b.totalMs / b.count <= 150)} (warm); ${met(Math.max(...coldFirst) <= 150)} (first of a process) |`,
    `| 1,000 in ≤ 30 s | ${s(b.totalMs)} in one process (${b.count.toLocaleString('en')}; ${s(b.cpuMs)} of CPU); ${s(r.parallel.wallMs)} in two | ${met(b.count >= 1000 && b.totalMs <= 30_000)} |`,
    `| memory flat | heap ${Math.min(...heapLater)}–${Math.max(...heapLater)} MiB, RSS ${Math.min(...rssLater)}–${Math.max(...rssLater)} MiB from document 100 to ${b.count} | ${met(Math.max(...heapLater) - Math.min(...heapLater) <= 20)} |`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const loadStart = loadNow();
  process.stdout.write(`load average ${loadStart}\n`);
  const cold: ColdResult[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const result = (await child(['cold'])).result as ColdResult;
    process.stdout.write(`cold ${i + 1}: ${JSON.stringify(result)}\n`);
    cold.push(result);
  }
  const warm = (await child(['warm'])).result as WarmCase[];
  for (const w of warm) process.stdout.write(`warm ${w.name}: ${JSON.stringify(w.stats)} ${w.bytes} bytes\n`);
  const batch = (await child(['batch', '0', String(DOCUMENTS)], ['--expose-gc'])).result as BatchResult;
  process.stdout.write(`batch: ${ms(batch.totalMs)} for ${batch.count} (${ms(batch.totalMs / batch.count)} each, CPU ${ms(batch.cpuMs / batch.count)}), ${JSON.stringify(batch.perDocument)}\n`);
  for (const x of batch.samples) process.stdout.write(`  after ${x.documents}: heap ${x.heapUsedMiB} MiB, rss ${x.rssMiB} MiB, hwm ${x.hwmMiB} MiB\n`);
  const half = Math.ceil(DOCUMENTS / 2);
  const t = performance.now();
  const parts = await Promise.all([child(['batch', '0', String(half)], ['--expose-gc']), child(['batch', String(half), String(DOCUMENTS - half)], ['--expose-gc'])]);
  const parallel = { wallMs: round(performance.now() - t), parts: parts.map((p) => p.result as BatchResult) };
  process.stdout.write(`two processes: ${ms(parallel.wallMs)} wall, loops ${parallel.parts.map((p) => ms(p.totalMs)).join(', ')}\n`);
  const api = (await child(['api'])).result as ApiResult;
  process.stdout.write(`api: ${JSON.stringify(api)}\n`);
  const loadEnd = loadNow();
  process.stdout.write(`load average ${loadEnd}\n`);
  const report: Report = { date: new Date().toISOString().slice(0, 10), cpu: os.cpus()[0]?.model ?? 'unknown CPU', loadStart, loadEnd, cold, warm, batch, parallel, api };
  const section = renderSection(report);
  if (WRITE_DOC) replaceDocSection(path.join(ROOT, 'docs/performance.md'), 'documents', section, '## Official documents');
  process.stdout.write(`\n${section}`);
}

const [phase, a, b] = process.argv.slice(2);
// Run as a script, not when imported (benchProject is usable elsewhere).
const runAsScript = process.argv[1] !== undefined && path.resolve(process.argv[1]) === SELF;
switch (runAsScript ? phase : 'imported') {
  case 'imported':
    break;
  case undefined:
    await main();
    break;
  case 'cold':
    await coldPhase();
    break;
  case 'warm':
    await warmPhase();
    break;
  case 'batch':
    await batchPhase(Number(a ?? '0'), Number(b ?? String(DOCUMENTS)));
    break;
  case 'api':
    await apiPhase();
    break;
  default:
    throw new Error(`unknown phase ${phase}: cold | warm | batch [from count] | api`);
}
