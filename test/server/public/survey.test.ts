/**
 * The online satisfaction survey (R6.2, R6.5): the questionnaire of 附件3 for the page, one-time links issued by the
 * community (only their hashes stored), one answer per phone number or per link — also when the same respondent
 * submits several times at once — and an answer the lifecycle refuses leaves nothing behind. The surveyed project
 * is then closed and appears in the results list (R6.6).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { expectError } from '../fixtures.js';
import {
  anonymous,
  at,
  buildProjects,
  call,
  closureForm,
  COMMUNITY,
  completeProjects,
  getProject,
  ok,
  paperSheets,
  refused,
  step,
  type BuiltProject,
} from './portal-flow.js';

const ANSWERS = {
  overall: 'verySatisfied',
  quality: 'satisfied',
  effect: 'satisfied',
  attitude: 'verySatisfied',
  efficiency: 'basicallySatisfied',
  closeness: 'satisfied',
  openness: 'satisfied',
};

interface Questionnaire {
  projectId: number;
  projectName: string;
  open: boolean;
  questions: { key: string; label: string; required: boolean }[];
  levels: { key: string; label: string }[];
}

interface IssuedJson {
  projectId: number;
  tokens: { token: string; link: string }[];
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] public portal: online survey`, () => {
    let sys: TestSystem;
    let surveyed: BuiltProject;
    let publicized: BuiltProject;
    let tokens: IssuedJson['tokens'] = [];

    const answer = (body: Record<string, unknown>, projectId = surveyed.projectId) =>
      anonymous(sys, 'POST', `/api/public/survey/${projectId}/responses`, { answers: ANSWERS, ...body });

    async function rowsOf(projectId: number): Promise<{ respondent_key: string; source: string; signature: string | null }[]> {
      return sys.database.db.selectFrom('survey_response').select(['respondent_key', 'source', 'signature']).where('project_id', '=', projectId).execute();
    }

    beforeAll(async () => {
      sys = await createTestSystem(dialect, { config: { surveySecret: 'test-survey-secret-0123456789abcdef0123' } });
      [surveyed, publicized] = (await buildProjects(sys, [{ title: '测评测试三巷路面修复工程' }, { title: '测评测试仍在公示的项目' }])) as [BuiltProject, BuiltProject];
      await completeProjects(sys, [surveyed.projectId]);
      at(sys, '2026-10-21T02:00:00.000Z');
    });
    afterAll(async () => sys.close());

    it('R6.5 the page gets the questionnaire of 附件3: project name, the eight questions and the five levels', async () => {
      const q = ok(await anonymous(sys, 'GET', `/api/public/survey/${surveyed.projectId}`)).json<Questionnaire>();
      expect(q).toMatchObject({ projectId: surveyed.projectId, projectName: '测评测试三巷路面修复工程', open: true });
      expect(q.questions.map((x) => x.label)).toEqual([
        '项目总体评价',
        '项目质量评价',
        '项目效果评价',
        '项目服务态度评价',
        '项目办理效率评价',
        '项目与您的需求贴近程度',
        '信息公开程度',
        '其他',
      ]);
      expect(q.questions.filter((x) => x.required).map((x) => x.key)).toEqual(['overall']);
      expect(q.levels.map((l) => l.label)).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
      expect(ok(await anonymous(sys, 'GET', `/api/public/survey/${publicized.projectId}`)).json<Questionnaire>().open).toBe(false);
    });

    it('R6.2 R6.5 the community issues one-time links; only their SHA-256 is stored; the town may not on the small path', async () => {
      const res = await call(sys, COMMUNITY, 'POST', `/api/projects/${surveyed.projectId}/survey/tokens`, { count: 3 });
      const issued = ok(res, 201).json<IssuedJson>();
      expect(res.headers['cache-control']).toBe('no-store');
      tokens = issued.tokens;
      expect(tokens).toHaveLength(3);
      for (const t of tokens) {
        expect(t.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(t.link).toBe(`/survey/${t.token}`);
      }
      const stored = await sys.database.db.selectFrom('survey_token').selectAll().where('project_id', '=', surveyed.projectId).execute();
      const hashes = tokens.map((t) => createHash('sha256').update(t.token).digest('hex'));
      expect(stored.map((r) => r.token_hash).sort()).toEqual([...hashes].sort());
      expect(JSON.stringify(stored)).not.toContain(tokens[0]?.token);
      const audit = await sys.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'issueSurveyTokens').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]?.details_json).not.toContain(tokens[0]?.token);

      const town = refused(await call(sys, 'town', 'POST', `/api/projects/${surveyed.projectId}/survey/tokens`, { count: 1 }), 403, 'FORBIDDEN_ROLE');
      expect(town.rule).toBe('R6.2');
      const notOpen = refused(await call(sys, COMMUNITY, 'POST', `/api/projects/${publicized.projectId}/survey/tokens`, { count: 1 }), 409, 'SURVEY_NOT_OPEN');
      expect(notOpen.rule).toBe('R6.2');
      expectError(await call(sys, COMMUNITY, 'POST', `/api/projects/${surveyed.projectId}/survey/tokens`, { count: 501 }), 'VALIDATION_FAILED');
      expectError(await anonymous(sys, 'POST', `/api/projects/${surveyed.projectId}/survey/tokens`, { count: 1 }), 'UNAUTHENTICATED');
    });

    it('R6.5 a link opens its project questionnaire; one answer per link: reusing it is refused', async () => {
      const [first] = tokens;
      if (first === undefined) throw new Error('no token');
      const page = ok(await anonymous(sys, 'GET', `/api/public/survey-links/${first.token}`)).json<Questionnaire>();
      expect(page.projectId).toBe(surveyed.projectId);

      const res = await answer({ token: first.token, suggestion: '希望加强后期维护', signature: '黄某' });
      expect(ok(res, 201).json<{ answeredOn: string }>().answeredOn).toBe('2026-10-21');
      expectError(await answer({ token: first.token }), 'SURVEY_TOKEN_INVALID');
      expectError(await anonymous(sys, 'GET', `/api/public/survey-links/${first.token}`), 'SURVEY_TOKEN_INVALID');
      expectError(await answer({ token: 'A'.repeat(43) }), 'SURVEY_TOKEN_INVALID');

      const used = await sys.database.db.selectFrom('survey_token').select('used_at').where('token_hash', '=', createHash('sha256').update(first.token).digest('hex')).executeTakeFirstOrThrow();
      expect(used.used_at).toBe('2026-10-21T02:00:00.000Z');
      const project = await getProject(sys, COMMUNITY, surveyed.projectId);
      expect(project.state.survey.responses).toEqual([
        expect.objectContaining({ source: 'online', suggestions: '希望加强后期维护', date: '2026-10-21' }),
      ]);
      // The respondent key (R6.5) is kept with the answer but never leaves the server.
      expect(project.state.survey.responses[0]).not.toHaveProperty('respondentKey');
      expect((await rowsOf(surveyed.projectId)).map((r) => r.respondent_key)).toEqual([expect.stringMatching(/^token:[0-9a-f]{64}$/)]);
    });

    it('R6.5 one answer per phone number: the second is refused; the phone is kept only as an HMAC', async () => {
      ok(await answer({ phone: '13812345678' }), 201);
      const again = refused(await answer({ phone: '13812345678', answers: { overall: 'dissatisfied' } }), 409, 'DUPLICATE_RESPONSE');
      expect(again.rule).toBe('R6.5');
      const rows = await rowsOf(surveyed.projectId);
      expect(rows).toHaveLength(2);
      const phoneRow = rows.find((r) => r.respondent_key.startsWith('phone:'));
      expect(phoneRow?.respondent_key).toMatch(/^phone:[0-9a-f]{64}$/);
      const stored = JSON.stringify(await sys.database.db.selectFrom('project').select('state_json').where('id', '=', surveyed.projectId).executeTakeFirstOrThrow());
      expect(stored).not.toContain('13812345678');
      expect(JSON.stringify(await sys.database.db.selectFrom('audit_log').selectAll().execute())).not.toContain('13812345678');
    });

    it('R6.5 the same respondent submitting five times at once: exactly one answer is kept', async () => {
      const results = await Promise.all(Array.from({ length: 5 }, () => answer({ phone: '13900002222' })));
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes).toEqual([201, 409, 409, 409, 409]);
      for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json<{ error: { code: string } }>().error.code).toBe('DUPLICATE_RESPONSE');
      const rows = await rowsOf(surveyed.projectId);
      expect(rows).toHaveLength(3);
      const project = await getProject(sys, COMMUNITY, surveyed.projectId);
      expect(project.state.survey.responses).toHaveLength(3);
      expect(new Set(rows.map((r) => r.respondent_key)).size).toBe(3);
    });

    it('R6.5 one link used twice at once: exactly one answer is kept', async () => {
      const token = tokens[1]?.token ?? '';
      const results = await Promise.all([answer({ token }), answer({ token }), answer({ token })]);
      expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
      // The others find the link used, or (having read it unused a moment earlier) the answer already in.
      for (const r of results.filter((x) => x.statusCode !== 201)) {
        expect(['400 SURVEY_TOKEN_INVALID', '409 DUPLICATE_RESPONSE']).toContain(`${r.statusCode} ${r.json<{ error: { code: string } }>().error.code}`);
      }
      expect((await rowsOf(surveyed.projectId)).filter((r) => r.respondent_key.startsWith('token:'))).toHaveLength(2);
    });

    it('R6.5 an answer the lifecycle refuses leaves nothing: no row, the link still unused', async () => {
      const refusedAnswer = await answer({ phone: '13655556666' }, publicized.projectId);
      expect(refusedAnswer.statusCode).toBe(409);
      expect(await rowsOf(publicized.projectId)).toEqual([]);

      // The link of the surveyed project does not open another project's survey.
      const token = tokens[2]?.token ?? '';
      expectError(await answer({ token }, publicized.projectId), 'SURVEY_TOKEN_INVALID');
      const unused = await sys.database.db.selectFrom('survey_token').select('used_at').where('token_hash', '=', createHash('sha256').update(token).digest('hex')).executeTakeFirstOrThrow();
      expect(unused.used_at).toBeNull();
    });

    it('R6.5 exactly one of a link token and a phone number; the overall rating is required', async () => {
      expectError(await answer({}), 'VALIDATION_FAILED');
      expectError(await answer({ phone: '13655556666', token: tokens[2]?.token ?? '' }), 'VALIDATION_FAILED');
      expectError(await anonymous(sys, 'POST', `/api/public/survey/${surveyed.projectId}/responses`, { phone: '13655556666', answers: { quality: 'satisfied' } }), 'VALIDATION_FAILED');
      expectError(await answer({ phone: '13655556666', answers: { overall: 'great' } }), 'VALIDATION_FAILED');
    });

    it('R6.6 the surveyed project, closed, is in the results list with its satisfaction rate; the survey is closed', async () => {
      await step(sys, COMMUNITY, surveyed.projectId, 'survey/paper', { responses: paperSheets(27) });
      await step(sys, COMMUNITY, surveyed.projectId, 'survey/complete', { exceptionReason: null });
      const form = await closureForm(sys, surveyed.projectId, '测评测试三巷路面修复工程');
      at(sys, '2026-10-21T03:00:00.000Z');
      await step(sys, COMMUNITY, surveyed.projectId, 'closure', { form });
      at(sys, '2026-10-22T02:00:00.000Z');
      await step(sys, COMMUNITY, surveyed.projectId, 'close');

      const results = ok(
        await anonymous(sys, 'GET', `/api/public/projects?list=results&keyword=${encodeURIComponent('测评测试')}`),
      ).json<{ total: number; items: { id: number; status: string; satisfactionPercent: string | null }[] }>();
      expect(results.items).toEqual([expect.objectContaining({ id: surveyed.projectId, status: '已办结', satisfactionPercent: '100' })]);
      expect(ok(await anonymous(sys, 'GET', `/api/public/survey/${surveyed.projectId}`)).json<Questionnaire>().open).toBe(false);
      refused(await answer({ phone: '13655556666' }), 409, 'INVALID_STATE');
    });
  });
}
