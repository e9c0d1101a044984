/**
 * The jurisdiction tree (R0.8): the city, its 33 towns, each town's four default departments and, in demo mode, the
 * sample communities marked as such; each user sees the units above them and their own subtree only; communities
 * are imported from CSV (UTF-8 with BOM, Chinese headers) or XLSX with a per-row report of what was refused and why,
 * in Chinese; an unreadable file creates nothing; and the bureau adds departments.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import towns from '../../src/server/seed/dongguan-towns.json' with { type: 'json' };
import { DIALECTS } from '../support/dialects.js';
import { createTestSystem, type TestSystem } from '../support/system.js';
import { auditRows, CHINESE, cookieJar, expectError, fieldsOf, lastAuditId, parseJson, unitNamed, upload } from './fixtures.js';

interface UnitView {
  id: number;
  kind: string;
  subkind: string | null;
  name: string;
  code: string | null;
  parentId: number | null;
  townId: number | null;
  isSample: boolean;
}

interface ImportReport {
  accepted: number;
  rejected: { rowNumber: number; name: string; reasons: string[] }[];
  created: UnitView[];
}

const DEPARTMENTS = ['财政', '农林水务', '住建', '自然资源'];
const SAMPLES = ['示例社区一', '示例社区二', '示例村'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function xlsx(rows: readonly (readonly (string | number | null)[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('村（社区）');
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] organisation`, () => {
    let sys: TestSystem;
    let as: (username: string) => Promise<string>;

    const tree = async (username: string): Promise<UnitView[]> => {
      const res = await sys.request('GET', '/api/units', { cookie: await as(username) });
      expect(res.statusCode).toBe(200);
      return res.json<{ items: UnitView[] }>().items;
    };
    const unitCount = async (): Promise<number> => (await sys.database.db.selectFrom('unit').select('id').execute()).length;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      as = cookieJar(sys);
    });
    afterAll(async () => sys.close());

    it('holds the city, the bureau, the 33 towns and the four departments of each town', async () => {
      const units = await tree('bureau');
      const city = units.filter((u) => u.kind === 'city');
      expect(city.map((u) => [u.name, u.parentId])).toEqual([['东莞市', null]]);
      expect(units.filter((u) => u.kind === 'bureau').map((u) => u.name)).toEqual(['东莞市民政局']);
      const townUnits = units.filter((u) => u.kind === 'town');
      expect(towns.towns).toHaveLength(33);
      expect(townUnits.map((t) => t.name).sort()).toEqual(towns.towns.map((t) => t.name).sort());
      for (const t of townUnits) {
        expect(t.parentId).toBe(city[0]?.id);
        expect(t.subkind).toBe(towns.towns.find((x) => x.name === t.name)?.kind);
        const departments = units.filter((u) => u.kind === 'department' && u.parentId === t.id);
        expect(departments.map((d) => [d.subkind, d.name, d.townId]).sort(), t.name).toEqual(DEPARTMENTS.map((d) => [d, `${t.name}${d}`, t.id]).sort());
      }
      expect(units).toHaveLength(1 + 1 + 33 + 33 * 4 + 33 * 3);
    });

    it('in demo mode every town has the three sample communities, marked as samples, and nothing else is', async () => {
      const units = await tree('sysadmin');
      for (const t of units.filter((u) => u.kind === 'town')) {
        const communities = units.filter((u) => u.kind === 'community' && u.parentId === t.id);
        expect(communities.map((c) => c.name).sort(), t.name).toEqual([...SAMPLES].sort());
        for (const c of communities) expect([c.isSample, c.townId]).toEqual([true, t.id]);
      }
      expect(units.filter((u) => u.kind !== 'community').every((u) => !u.isSample)).toBe(true);
    });

    it('R0.8 a community’s staff see their community and the units above it, nothing else', async () => {
      const units = await tree('community');
      expect(units.map((u) => u.name).sort()).toEqual(['东城街道', '东莞市', '示例社区一'].sort());
    });

    it('R0.8 town staff, the town’s supervisor and its department reviewers see the town’s subtree and no other town', async () => {
      const east = await unitNamed(sys, '东城街道');
      for (const username of ['town', 'supervisor', 'finance']) {
        const units = await tree(username);
        expect(units.map((u) => u.name).sort(), username).toEqual(
          ['东莞市', '东城街道', ...DEPARTMENTS.map((d) => `东城街道${d}`), ...SAMPLES].sort(),
        );
        expect(units.filter((u) => u.kind === 'town').map((u) => u.id)).toEqual([east.id]);
      }
    });

    it('R0.8 the bureau adds a department to a town, audited; town staff may not', async () => {
      const east = await unitNamed(sys, '东城街道');
      const body = { kind: 'department', parentId: east.id, name: '东城街道教育', subkind: '教育' };
      expectError(await sys.request('POST', '/api/units', { cookie: await as('town'), body }), 'FORBIDDEN_ROLE');
      const bureau = await as('bureau');
      const before = await lastAuditId(sys);
      const res = await sys.request('POST', '/api/units', { cookie: bureau, body });
      expect(res.statusCode).toBe(201);
      const created = res.json<UnitView>();
      expect(created).toMatchObject({ kind: 'department', subkind: '教育', name: '东城街道教育', parentId: east.id, townId: east.id, isSample: false });
      expect((await tree('town')).map((u) => u.name)).toContain('东城街道教育');
      expect((await tree('community')).map((u) => u.name)).not.toContain('东城街道教育');
      const rows = await auditRows(sys, before);
      expect(rows.map((r) => [r.action, r.actor_username, r.target_id])).toEqual([['createUnit', 'bureau', String(created.id)]]);
      expect(parseJson(rows[0]?.after_json ?? null)).toMatchObject({ name: '东城街道教育', kind: 'department' });
      expectError(await sys.request('POST', '/api/units', { cookie: bureau, body }), 'DUPLICATE');
      const city = await unitNamed(sys, '东莞市');
      expectError(await sys.request('POST', '/api/units', { cookie: bureau, body: { ...body, parentId: city.id, name: '市教育' } }), 'VALIDATION_FAILED');
    });

    it('imports communities from a CSV with a BOM and Chinese headers, reporting each refused row in Chinese', async () => {
      const csv =
        '\uFEFF名称,所属镇街,类型,编码\r\n' +
        '新基社区,东城街道,社区,441900001\r\n' + // 2 accepted
        '鳌峙塘村,东城,村,441900002\r\n' + // 3 accepted: the town by its short name
        '不存在村,火星镇,村,441900003\r\n' + // 4 unknown town
        '怪类型,东城街道,小区,441900004\r\n' + // 5 invalid kind
        '新基社区,东城街道,社区,441900005\r\n' + // 6 duplicate name in the file
        '示例社区一,东城街道,社区,\r\n' + // 7 already in the town
        '重码社区,东城街道,社区,441900001\r\n' + // 8 duplicate code in the file
        '市码社区,东城街道,社区,4419\r\n' + // 9 code already used (the city's)
        ',东城街道,社区,\r\n' + // 10 no name
        '\r\n' +
        '坏编码村,南城街道,村,44 19\r\n'; // 12 invalid code
      const before = await unitCount();
      const res = await upload(sys, '/api/units/import', await as('town'), { filename: '村社区名单.csv', contentType: 'text/csv', content: csv });
      expect(res.statusCode).toBe(200);
      const report = res.json<ImportReport>();
      expect(report.accepted).toBe(2);
      const east = await unitNamed(sys, '东城街道');
      expect(report.created.map((u) => [u.name, u.subkind, u.code, u.parentId, u.townId, u.kind, u.isSample])).toEqual([
        ['新基社区', '社区', '441900001', east.id, east.id, 'community', false],
        ['鳌峙塘村', '村', '441900002', east.id, east.id, 'community', false],
      ]);
      expect(report.rejected).toEqual([
        { rowNumber: 4, name: '不存在村', reasons: ['镇街“火星镇”不存在'] },
        { rowNumber: 5, name: '怪类型', reasons: ['类型须为“村”或“社区”'] },
        { rowNumber: 6, name: '新基社区', reasons: ['文件中重复'] },
        { rowNumber: 7, name: '示例社区一', reasons: ['该镇街已有同名村（社区）'] },
        { rowNumber: 8, name: '重码社区', reasons: ['编码在文件中重复'] },
        { rowNumber: 9, name: '市码社区', reasons: ['编码已被使用'] },
        { rowNumber: 10, name: '', reasons: ['名称为空'] },
        { rowNumber: 12, name: '坏编码村', reasons: ['镇街“南城街道”不在您的管辖范围内', '编码只能含字母、数字和横线，最多 32 位'] },
      ]);
      for (const r of report.rejected) for (const reason of r.reasons) expect(reason).toMatch(CHINESE);
      expect(await unitCount()).toBe(before + 2);
      expect((await tree('town')).map((u) => u.name)).toEqual(expect.arrayContaining(['新基社区', '鳌峙塘村']));
    });

    it('R0.8 town staff importing into another town get the row refused as outside their jurisdiction', async () => {
      const before = await unitCount();
      const csv = '名称,所属镇街,类型\n越界社区,南城街道,社区\n本镇新村,东城街道,村\n';
      const res = await upload(sys, '/api/units/import', await as('town'), { filename: 'x.csv', contentType: 'text/csv', content: csv });
      const report = res.json<ImportReport>();
      expect(report.rejected).toEqual([{ rowNumber: 2, name: '越界社区', reasons: ['镇街“南城街道”不在您的管辖范围内'] }]);
      expect(report.created.map((u) => u.name)).toEqual(['本镇新村']);
      expect(await unitCount()).toBe(before + 1);
      expect(await sys.database.db.selectFrom('unit').select('id').where('name', '=', '越界社区').executeTakeFirst()).toBeUndefined();
      expectError(await upload(sys, '/api/units/import', await as('community'), { filename: 'x.csv', contentType: 'text/csv', content: csv }), 'FORBIDDEN_ROLE');
    });

    it('imports communities from a real XLSX workbook, numeric codes included, audited', async () => {
      const file = await xlsx([
        ['村（社区）名称', '所属镇（街道）', '类型', '编码'],
        ['虎门新村', '虎门镇', '村', 441900201],
        ['长安社区', '长安镇', '社区', 'CA-01'],
        ['无名镇村', '无名镇', '村', null],
        ['松山湖社区', '松山湖', '小区', null],
      ]);
      const bureau = await as('bureau');
      const before = await lastAuditId(sys);
      const res = await upload(sys, '/api/units/import', bureau, { filename: '名单.xlsx', contentType: XLSX_TYPE, content: file });
      expect(res.statusCode).toBe(200);
      const report = res.json<ImportReport>();
      expect(report.created.map((u) => [u.name, u.code])).toEqual([
        ['虎门新村', '441900201'],
        ['长安社区', 'CA-01'],
      ]);
      expect((await unitNamed(sys, '虎门新村')).town_id).toBe((await unitNamed(sys, '虎门镇')).id);
      expect(report.rejected).toEqual([
        { rowNumber: 4, name: '无名镇村', reasons: ['镇街“无名镇”不存在'] },
        { rowNumber: 5, name: '松山湖社区', reasons: ['类型须为“村”或“社区”'] },
      ]);
      const rows = await auditRows(sys, before);
      expect(rows.map((r) => [r.action, r.actor_username])).toEqual([['importCommunities', 'bureau']]);
      expect(parseJson(rows[0]?.details_json ?? null)).toEqual({ filename: '名单.xlsx', accepted: 2, rejected: 2 });
    });

    it('an unreadable file is refused whole with IMPORT_INVALID_FILE and creates nothing', async () => {
      const cookie = await as('bureau');
      const before = await unitCount();
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37) % 256))]);
      const files = [
        { filename: 'photo.csv', contentType: 'text/csv', content: png },
        { filename: 'photo.png', contentType: 'image/png', content: png },
        { filename: 'broken.xlsx', contentType: XLSX_TYPE, content: Buffer.concat([Buffer.from('PK\u0003\u0004'), png]) },
        { filename: 'plain.xlsx', contentType: XLSX_TYPE, content: '名称,所属镇街,类型\n甲村,东城街道,村\n' },
        { filename: 'old.xls', contentType: 'application/vnd.ms-excel', content: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
        { filename: 'gbk.csv', contentType: 'text/csv', content: Buffer.from([0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xcb, 0xf9, 0xca, 0xf4]) },
        { filename: 'letter.csv', contentType: 'text/csv', content: '尊敬的领导：\n您好！\n' },
        { filename: 'empty.csv', contentType: 'text/csv', content: '' },
      ];
      for (const f of files) {
        const res = await upload(sys, '/api/units/import', cookie, f);
        const body = expectError(res, 'IMPORT_INVALID_FILE');
        expect((body.error.details as { reason: string }).reason, f.filename).toMatch(CHINESE);
      }
      expect(await unitCount()).toBe(before);
    });

    it('R0.7 a name holding a NUL, a line break or a bidi override is refused row by row and never stored', async () => {
      const before = await unitCount();
      const csv = '名称,所属镇街,类型,编码\n空\u0000字符村,东城街道,村,\n"换行\n社区",东城街道,社区,\n\u202e区社反,东城街道,社区,\n正常村,东\u0000城街道,村,A\u0000B\n';
      const res = await upload(sys, '/api/units/import', await as('bureau'), { filename: 'x.csv', contentType: 'text/csv', content: csv });
      expect(res.statusCode).toBe(200);
      const report = res.json<ImportReport>();
      expect(report.accepted).toBe(0);
      expect(report.rejected.map((r) => [r.rowNumber, r.reasons])).toEqual([
        [2, ['名称含有换行或不可见字符']],
        [3, ['名称含有换行或不可见字符']],
        // A quoted cell spanning two lines is one row, as a spreadsheet shows it.
        [4, ['名称含有换行或不可见字符']],
        [5, ['镇街“东\u0000城街道”不存在', '编码只能含字母、数字和横线，最多 32 位']],
      ]);
      expect(await unitCount()).toBe(before);
      const east = await unitNamed(sys, '东城街道');
      const direct = await sys.request('POST', '/api/units', { cookie: await as('bureau'), body: { kind: 'community', parentId: east.id, name: '伪造\n第二行', subkind: '社区' } });
      expect(fieldsOf(expectError(direct, 'VALIDATION_FAILED'))).toEqual([{ field: 'name', message: '名称含有换行或不可见字符' }]);
    });

    it('an import request without a file, or not multipart, is refused', async () => {
      const cookie = await as('bureau');
      expectError(await sys.request('POST', '/api/units/import', { cookie, body: { name: '甲村' } }), 'UNSUPPORTED_MEDIA_TYPE');
      const boundary = 'xyz';
      const onlyField = `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`;
      const res = await sys.app.inject({ method: 'POST', url: '/api/units/import', payload: onlyField, headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` } });
      expectError(res, 'IMPORT_INVALID_FILE');
    });
  });
}
