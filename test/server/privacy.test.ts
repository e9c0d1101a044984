/**
 * R0.8 / R7.2 personal data over HTTP, on the demo cases: every case-reading route, read by each role, carries the
 * proposers', objectors' and claimants' names and phone numbers in full only to the roles that work the case
 * (its community, its town); departments, the bureau, supervisors and the public get them masked — in the details,
 * the timelines (the audit summaries and feedback texts), the lists, the overdue steps, the public portal and the
 * tracking page. Phone and ID numbers typed into free text reach the public masked; staff who work the case see them.
 * Every staff response is `Cache-Control: no-store`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemandState, ProjectState } from '../../src/domain/lifecycle/index.js';
import { DIALECTS } from '../support/dialects.js';
import { TestClock, createTestSystem, type TestSystem } from '../support/system.js';

const SEEDED_AT = '2026-10-20T03:00:00.000Z';
const MOBILE = /1[3-9]\d{9}/;

/** The demo accounts that read cases: those that work a case, and those that read it masked. */
const FULL_READERS = ['community', 'community2', 'village', 'town'] as const;
const MASKED_READERS = ['finance', 'bureau', 'supervisor'] as const;

interface Read {
  readonly label: string;
  readonly status: number;
  readonly body: string;
  readonly cacheControl: string | undefined;
}

async function demoStates(sys: TestSystem): Promise<{ demands: DemandState[]; projects: ProjectState[] }> {
  const db = sys.database.db;
  const demands = (await db.selectFrom('demand').select('state_json').where('status', '!=', 'reserved').orderBy('id').execute()).map(
    (r) => JSON.parse(r.state_json) as DemandState,
  );
  const projects = (await db.selectFrom('project').select('state_json').where('status', '!=', 'reserved').orderBy('id').execute()).map(
    (r) => JSON.parse(r.state_json) as ProjectState,
  );
  return { demands, projects };
}

/** Every personal name the demo cases hold: proposers, objectors, claimants (persons) and their contacts, signatures. */
function personalNames(demands: readonly DemandState[], projects: readonly ProjectState[]): string[] {
  const names = [
    ...demands.map((d) => d.proposer.name),
    ...projects.flatMap((p) => [
      ...p.objections.flatMap((o) => (o.raisedByName === null ? [] : [o.raisedByName])),
      ...p.claims.flatMap((c) => (c.claimant.kind === 'individual' ? [c.claimant.name, c.claimant.contactName] : [c.claimant.contactName])),
      ...p.survey.responses.flatMap((r) => (r.signature === null ? [] : [r.signature])),
    ]),
  ];
  return [...new Set(names.filter((n) => [...n].length >= 2))];
}

/**
 * The officials a project's records name (the consultation's host and recorder): a 两委 member who hosts the
 * meetings may also have proposed a demand (the demo's 梁志华, 叶少华). As a host his name is the record's, shown to
 * whoever reads the project; as a proposer it is masked — so project bodies are checked without these names, demand
 * bodies (where he is only a proposer) with them.
 */
function officialNames(projects: readonly ProjectState[]): Set<string> {
  return new Set(projects.flatMap((p) => p.consultations.flatMap((c) => [c.hostName, c.recorderName])));
}

/** What a body leaks: full mobile numbers (not counting digits inside an attachment's SHA-256) and the given full names. */
function leaks(body: string, names: readonly string[]): string[] {
  const text = body.replace(/\b[0-9a-f]{64}\b/g, '');
  return [...(text.match(new RegExp(MOBILE.source, 'g')) ?? []), ...names.filter((n) => text.includes(n))];
}

/** Every case-reading staff route, for one signed-in reader: lists (every page), overdue, each case's detail and timeline. */
async function staffReads(sys: TestSystem, cookie: string, demandIds: readonly number[], projectIds: readonly number[]): Promise<Read[]> {
  const out: Read[] = [];
  const get = async (url: string): Promise<void> => {
    const res = await sys.request('GET', url, { cookie });
    out.push({ label: `GET ${url}`, status: res.statusCode, body: res.body, cacheControl: res.headers['cache-control'] });
  };
  await get('/api/demands?limit=500');
  await get('/api/projects?limit=500');
  await get('/api/deadlines/overdue?limit=500');
  for (const id of demandIds) {
    await get(`/api/demands/${id}`);
    await get(`/api/demands/${id}/timeline`);
  }
  for (const id of projectIds) {
    await get(`/api/projects/${id}`);
    await get(`/api/projects/${id}/timeline`);
  }
  return out;
}

/** Every public route that shows a case: both lists, each project, each questionnaire, each demand tracked by its proposer. */
async function publicReads(sys: TestSystem, demands: readonly DemandState[], projectIds: readonly number[]): Promise<Read[]> {
  const out: Read[] = [];
  const push = (label: string, res: Awaited<ReturnType<TestSystem['request']>>): void => {
    out.push({ label, status: res.statusCode, body: res.body, cacheControl: res.headers['cache-control'] });
  };
  for (const list of ['publicity', 'results']) push(`GET /api/public/projects?list=${list}`, await sys.request('GET', `/api/public/projects?list=${list}&limit=100`));
  for (const id of projectIds) {
    push(`GET /api/public/projects/${id}`, await sys.request('GET', `/api/public/projects/${id}`));
    push(`GET /api/public/survey/${id}`, await sys.request('GET', `/api/public/survey/${id}`));
  }
  for (const d of demands) {
    if (d.proposer.phone === null) continue;
    push(`POST /api/public/track ${d.trackingNumber}`, await sys.request('POST', '/api/public/track', { body: { trackingNumber: d.trackingNumber, phone: d.proposer.phone } }));
  }
  return out;
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] personal data by reader`, () => {
    let sys: TestSystem;
    let dataDir: string;
    let demands: DemandState[];
    let projects: ProjectState[];
    let names: string[];
    /** The names to look for in a body read from `route`. */
    let namesFor: (route: string) => string[];
    const cookies = new Map<string, string>();
    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-privacy-'));
      sys = await createTestSystem(dialect, { clock: new TestClock(SEEDED_AT), config: { demoCases: true, dataDir } });
      ({ demands, projects } = await demoStates(sys));
      names = personalNames(demands, projects);
      const officials = officialNames(projects);
      const notOfficial = names.filter((n) => !officials.has(n));
      namesFor = (route) => (/^GET \/api\/projects\/\d+/.test(route) ? notOfficial : names);
      for (const u of [...FULL_READERS, ...MASKED_READERS]) cookies.set(u, await sys.login(u));
    }, 180_000);
    afterAll(async () => {
      await sys.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('has demo cases with personal data to look for', () => {
      expect(demands.length).toBeGreaterThan(5);
      expect(names).toContain('李秀英');
      expect(names.length).toBeGreaterThan(demands.length);
    });

    it('R0.8 community and town staff of a case read its personal data in full, with no-store', async () => {
      const seen = new Set<string>();
      for (const u of FULL_READERS) {
        const reads = await staffReads(sys, cookies.get(u) ?? '', demands.map((d) => d.id), projects.map((p) => p.id));
        for (const r of reads.filter((x) => x.status === 200)) {
          expect(r.cacheControl, r.label).toBe('no-store');
          for (const n of names) if (r.body.includes(n)) seen.add(n);
        }
      }
      // The walk reads the data it looks for: every proposer's full name is shown to someone who works the case.
      expect(demands.map((d) => d.proposer.name).filter((n) => !seen.has(n))).toEqual([]);
    });

    for (const u of MASKED_READERS) {
      it(`R0.8 R7.2 ${u}: no full name or phone number of a proposer, objector or claimant in any case it reads`, async () => {
        const reads = await staffReads(sys, cookies.get(u) ?? '', demands.map((d) => d.id), projects.map((p) => p.id));
        const ok = reads.filter((r) => r.status === 200);
        // It reads every case of its town (R7.2), timelines included.
        expect(ok.filter((r) => r.label.endsWith('/timeline')).length).toBeGreaterThan(10);
        const leaked = ok.map((r) => ({ route: r.label, leaks: leaks(r.body, namesFor(r.label)) })).filter((r) => r.leaks.length > 0);
        expect(leaked).toEqual([]);
        for (const r of ok) expect(r.cacheControl, r.label).toBe('no-store');
      });
    }

    it('R0.8 the public portal and the tracking page: no full name or phone number', async () => {
      const reads = await publicReads(sys, demands, projects.map((p) => p.id));
      const ok = reads.filter((r) => r.status === 200);
      expect(ok.filter((r) => r.label.startsWith('POST /api/public/track')).length).toBeGreaterThan(5);
      expect(ok.filter((r) => r.label.startsWith('GET /api/public/projects/')).length).toBeGreaterThan(5);
      const leaked = ok.map((r) => ({ route: r.label, leaks: leaks(r.body, namesFor(r.label)) })).filter((r) => r.leaks.length > 0);
      expect(leaked).toEqual([]);
    });

    it('R0.8 the supervisor reads the proposer masked in the detail and in the timeline alike', async () => {
      const d = demands.find((x) => x.proposer.name === '李秀英');
      if (d === undefined) throw new Error('demo demand of 李秀英 missing');
      const cookie = cookies.get('supervisor') ?? '';
      const detail = await sys.request('GET', `/api/demands/${d.id}`, { cookie });
      expect(detail.json<{ state: { proposer: { name: string } } }>().state.proposer.name).toBe('李**');
      const timeline = await sys.request('GET', `/api/demands/${d.id}/timeline`, { cookie });
      expect(timeline.statusCode).toBe(200);
      const created = timeline.json<{ events: { action: string; summary: unknown }[] }>().events.at(-1);
      expect(JSON.stringify(created?.summary)).toContain('李**');
      expect(timeline.body).not.toContain('李秀英');
    });
  });
}
