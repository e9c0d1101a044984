/**
 * A project's official documents over the API: the forms offered at each stage (a form before its stage is a clear
 * DOCUMENT_NOT_AVAILABLE), rendered as PDF and Word and read back (☑ for the chosen option, □ for the others), Chinese
 * file names by RFC 6266, masked for a reader who sees personal data masked (R0.8), every read audited; 出具 keeps the
 * exact bytes with their SHA-256 — the same content is the same edition, changed content the next —; the 附件3
 * sheets carry one-time links that work.
 */
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { docxText, pdfPageCount, pdfText } from '../../support/documents.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { at, basics, call, closeSmallProject, consult, consultationResult, cookieOf, ok, openProject, paperSheets, refused, register, step, unitOf } from '../cases/flow.js';

const BUDGET_FEN = 3_000_000;
const NAME = '文书测试九巷路面修复工程';
const CONTACT_PHONE = '13900002222';

interface DocumentsJson {
  forms: { form: string; available: boolean; reason: string | null; lastEdition: number | null; changedSinceLastEdition: boolean }[];
  issued: { id: number; form: string; format: string; edition: number; sha256: string; filename: string; issuedByName: string | null }[];
  issuedDownloadable: boolean;
}

interface IssueJson {
  document: { id: number; edition: number; sha256: string; format: string; filename: string; dataVersion: number };
  created: boolean;
}

async function file(sys: TestSystem, user: string, url: string, method: 'GET' | 'POST' = 'GET', payload?: unknown): Promise<LightMyRequestResponse> {
  return sys.app.inject({ method, url, headers: { cookie: await cookieOf(sys, user) }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

for (const dialect of DIALECTS) {
  describe(`[${dialect}] a project's official documents`, () => {
    let sys: TestSystem;
    let projectId: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      const communityId = (await unitOf(sys, 'community')).id;
      at(sys, '2026-09-28T02:00:00.000Z');
      projectId = await openProject(sys, 'community', { communityId, title: NAME, heldAt: '2026-09-28T01:00:00.000Z' });
      at(sys, '2026-09-29T02:00:00.000Z');
      ok(await consult(sys, 'community', projectId, { heldAt: '2026-09-29T01:00:00.000Z', result: consultationResult(BUDGET_FEN) }));
    });
    afterAll(async () => sys.close());

    it('before registration no form exists: the list says why, and asking is DOCUMENT_NOT_AVAILABLE', async () => {
      const list = ok(await call(sys, 'community', 'GET', `/api/projects/${projectId}/documents`)).json<DocumentsJson>();
      expect(list.forms.map((f) => `${f.form} ${f.available}`)).toEqual(['registrationForm false', 'closureForm false', 'surveySummary false']);
      expect(list.forms[0]?.reason).toBe('村（社区）提交登记备案表后才能生成');
      const early = refused(await file(sys, 'community', `/api/projects/${projectId}/documents/registrationForm`), 409, 'DOCUMENT_NOT_AVAILABLE');
      expect(early.message).toBe('登记备案表：村（社区）提交登记备案表后才能生成');
    });

    it('R3.4 the 登记备案表 as PDF and Word: its fields, ☑ and □, a Chinese file name by RFC 6266, the read audited', async () => {
      at(sys, '2026-09-29T03:00:00.000Z');
      ok(await register(sys, 'community', projectId, basics(BUDGET_FEN, { projectName: NAME, contact: { name: '李建国', title: '主任', phone: CONTACT_PHONE } })));
      const pdf = await file(sys, 'community', `/api/projects/${projectId}/documents/registrationForm?format=pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['content-disposition']).toBe(
        `inline; filename="registrationForm-XM2026-${String(projectId).padStart(5, '0')}-2026-09-29.pdf"; filename*=UTF-8''${encodeURIComponent(`登记备案表-${NAME}-2026-09-29.pdf`)}`,
      );
      const text = (await pdfText(pdf.rawPayload)).join('\n');
      expect(text).toContain('东莞市“民生大莞家”服务项目“民生微实事”');
      expect(text).toContain(NAME);
      expect(text).toContain(CONTACT_PHONE);
      expect(text).toMatch(/☑\s*便民工程项目/u);
      expect(text).toMatch(/□\s*公益服务项目/u);

      const docx = await file(sys, 'community', `/api/projects/${projectId}/documents/registrationForm?format=docx`);
      expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      expect(docx.headers['content-disposition']).toMatch(/^attachment; filename="registrationForm-.*\.docx"; filename\*=UTF-8''/);
      const words = await docxText(docx.rawPayload);
      expect(words).toContain(NAME);
      expect(words).toMatch(/☑\s*便民工程项目/u);
      expect(words).toMatch(/□\s*公益服务项目/u);

      const audits = await sys.database.db.selectFrom('audit_log').select(['action', 'details_json']).where('action', '=', 'exportDocument').where('target_id', '=', String(projectId)).execute();
      expect(audits.map((a) => JSON.parse(a.details_json ?? '{}') as { form: string; format: string; masked: boolean }).map((d) => `${d.form} ${d.format} ${d.masked}`)).toEqual([
        'registrationForm pdf false',
        'registrationForm docx false',
      ]);
    });

    it('R0.8 a supervisor reads the same form with personal data masked', async () => {
      const pdf = await file(sys, 'supervisor', `/api/projects/${projectId}/documents/registrationForm`);
      expect(pdf.statusCode).toBe(200);
      const text = (await pdfText(pdf.rawPayload)).join('\n');
      expect(text).toContain(NAME);
      expect(text).not.toContain(CONTACT_PHONE);
      expect(text).toContain('139****2222');
    });

    it('出具 keeps the exact bytes: issued again it is the same edition; the Word file is the same edition; a supervisor may not download the unmasked original', async () => {
      const first = ok(await file(sys, 'community', `/api/projects/${projectId}/documents/registrationForm/issue`, 'POST', { format: 'pdf' }), 201).json<IssueJson>();
      expect(first).toMatchObject({ created: true, document: { edition: 1, format: 'pdf', filename: `登记备案表-${NAME}-2026-09-29.pdf` } });
      at(sys, '2026-09-30T02:00:00.000Z');
      const again = ok(await file(sys, 'community', `/api/projects/${projectId}/documents/registrationForm/issue`, 'POST', { format: 'pdf' }), 200).json<IssueJson>();
      expect(again).toEqual({ ...first, created: false });
      const word = ok(await file(sys, 'town', `/api/projects/${projectId}/documents/registrationForm/issue`, 'POST', { format: 'docx' }), 201).json<IssueJson>();
      // The same content: the same edition, and the edition's own date in its name.
      expect(word.document).toMatchObject({ edition: 1, format: 'docx', filename: `登记备案表-${NAME}-2026-09-29.docx` });

      const original = await file(sys, 'community', `/api/issued-documents/${first.document.id}`);
      expect(original.statusCode).toBe(200);
      expect(sha256(original.rawPayload)).toBe(first.document.sha256);
      expect(original.headers['content-disposition']).toContain(encodeURIComponent(`登记备案表-${NAME}-2026-09-29.pdf`));

      const denied = refused(await file(sys, 'supervisor', `/api/issued-documents/${first.document.id}`), 403, 'FORBIDDEN_ROLE');
      expect(denied.message).toContain('只有村（社区）和镇（街道）工作人员可以下载');
      refused(await file(sys, 'supervisor', `/api/projects/${projectId}/documents/registrationForm/issue`, 'POST', { format: 'pdf' }), 403, 'FORBIDDEN_ROLE');

      const list = ok(await call(sys, 'supervisor', 'GET', `/api/projects/${projectId}/documents`)).json<DocumentsJson>();
      expect(list.issuedDownloadable).toBe(false);
      expect(list.issued.map((d) => `${d.form} ${d.format} ${d.edition}`).sort()).toEqual(['registrationForm docx 1', 'registrationForm pdf 1']);
      expect(list.forms.find((f) => f.form === 'registrationForm')).toMatchObject({ available: true, lastEdition: 1, changedSinceLastEdition: false });
      const audits = await sys.database.db.selectFrom('audit_log').select('action').where('action', '=', 'issueDocument').where('target_id', '=', String(projectId)).execute();
      expect(audits).toHaveLength(2);
    });

    it('R6.5 once the project is closed its survey is over: no more sheets', async () => {
      const { project } = await closeSmallProject(sys, 'community', projectId, { from: '2026-09-30T03:00:00.000Z', actualFen: 2_950_000 });
      expect(project.status).toBe('closed');
      refused(await file(sys, 'community', `/api/projects/${projectId}/survey/sheets`, 'POST', { count: 2 }), 409, 'SURVEY_NOT_OPEN');
    });

    it('R6.1 the 结项表 once filed, and the survey summary; changed content is the next edition', async () => {
      const closure = await file(sys, 'community', `/api/projects/${projectId}/documents/closureForm`);
      expect(closure.statusCode).toBe(200);
      const text = (await pdfText(closure.rawPayload)).join('\n');
      expect(text).toContain('东莞市“民生大莞家”服务项目结项表');
      expect(text).toContain('2.95');
      const summary = ok(await file(sys, 'community', `/api/projects/${projectId}/documents/surveySummary/issue`, 'POST', { format: 'pdf' }), 201).json<IssueJson>();
      expect(summary.document.edition).toBe(1);
      const list = ok(await call(sys, 'community', 'GET', `/api/projects/${projectId}/documents`)).json<DocumentsJson>();
      expect(list.forms.map((f) => `${f.form} ${f.available} ${f.changedSinceLastEdition}`)).toEqual([
        'registrationForm true false',
        'closureForm true false',
        'surveySummary true false',
      ]);
    });
  });

  describe(`[${dialect}] R6.5 survey sheets and a changed form`, () => {
    let sys: TestSystem;
    let projectId: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      const communityId = (await unitOf(sys, 'community')).id;
      at(sys, '2026-09-28T02:00:00.000Z');
      projectId = await openProject(sys, 'community', { communityId, title: '测评表测试长者饭堂', heldAt: '2026-09-28T01:00:00.000Z' });
      at(sys, '2026-09-29T02:00:00.000Z');
      ok(await consult(sys, 'community', projectId, { heldAt: '2026-09-29T01:00:00.000Z', result: consultationResult(BUDGET_FEN) }));
      at(sys, '2026-09-29T03:00:00.000Z');
      ok(await register(sys, 'community', projectId, basics(BUDGET_FEN, { projectName: '测评表测试长者饭堂' })));
      const publicized = await step(sys, 'community', projectId, 'publicity', { days: null, channels: ['projectPortal', 'noticeBoard'] });
      const end = publicized.deadlines.find((d) => d.step === 'publicityWindow')?.due ?? '';
      at(sys, end);
      await sys.app.services.cases.projectCommand(
        { requestId: 'test', ip: '127.0.0.1', user: null, now: sys.clock.now() },
        projectId,
        null,
        { type: 'endPublicity' },
        'system',
      );
      at(sys, '2026-10-12T02:00:00.000Z');
      await step(sys, 'community', projectId, 'implementation/start');
      at(sys, '2026-10-19T02:00:00.000Z');
      await step(sys, 'community', projectId, 'implementation/complete');
    });
    afterAll(async () => sys.close());

    it('R6.5 three sheets: three pages, three distinct links, each opening the survey once', async () => {
      const res = await file(sys, 'community', `/api/projects/${projectId}/survey/sheets`, 'POST', { count: 3 });
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('满意度测评表-测评表测试长者饭堂-2026-10-19.pdf'));
      expect(await pdfPageCount(res.rawPayload)).toBe(3);
      const pages = await pdfText(res.rawPayload);
      const tokens = pages.map((p) => /\/survey\/([A-Za-z0-9_-]{16,})/.exec(p.replace(/\s+/g, ''))?.[1]);
      expect(new Set(tokens).size).toBe(3);
      for (const page of pages) expect(page).toContain('您参与评价的项目为：测评表测试长者饭堂项目。');
      for (const token of tokens) expect((await sys.app.inject({ method: 'GET', url: `/api/public/survey-links/${token ?? ''}` })).statusCode).toBe(200);
      const audit = await sys.database.db.selectFrom('audit_log').select('details_json').where('action', '=', 'issueSurveyTokens').where('target_id', '=', String(projectId)).execute();
      expect(audit.map((a) => JSON.parse(a.details_json ?? '{}') as { count: number })).toEqual([{ count: 3 }]);
    });

    it('the survey summary issued, then more sheets keyed in: the list says it changed, and issuing it again is edition 2', async () => {
      ok(await call(sys, 'community', 'POST', `/api/projects/${projectId}/survey/paper`, { version: (await versionOf(sys, projectId)), responses: paperSheets(10) }));
      const first = ok(await file(sys, 'community', `/api/projects/${projectId}/documents/surveySummary/issue`, 'POST', { format: 'pdf' }), 201).json<IssueJson>();
      expect(first.document.edition).toBe(1);
      ok(await call(sys, 'community', 'POST', `/api/projects/${projectId}/survey/paper`, { version: (await versionOf(sys, projectId)), responses: paperSheets(5) }));
      const list = ok(await call(sys, 'community', 'GET', `/api/projects/${projectId}/documents`)).json<DocumentsJson>();
      expect(list.forms.find((f) => f.form === 'surveySummary')).toMatchObject({ lastEdition: 1, changedSinceLastEdition: true });
      const second = ok(await file(sys, 'community', `/api/projects/${projectId}/documents/surveySummary/issue`, 'POST', { format: 'pdf' }), 201).json<IssueJson>();
      expect(second.document.edition).toBe(2);
      expect(second.document.sha256).not.toBe(first.document.sha256);
      expect(second.document.dataVersion).toBeGreaterThan(first.document.dataVersion);
    });
  });
}

async function versionOf(sys: TestSystem, id: number): Promise<number> {
  return ok(await call(sys, 'community', 'GET', `/api/projects/${id}`)).json<{ version: number }>().version;
}
