/**
 * Uploads are what their content is: the type detected from the bytes, the structure of that type checked, the
 * name's extension agreeing with it, control and bidi characters gone from the name. Genuine PDF, DOCX, XLSX, JPEG
 * and PNG files pass; disguised ones are ATTACHMENT_TYPE_REFUSED.
 */
import { Buffer } from 'node:buffer';
import zlib from 'node:zlib';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanFilename } from '../../src/server/features/attachments/attachment-content.js';
import { DIALECTS } from '../support/dialects.js';
import { multipart, samplePdf, samplePng, sampleDocx, sampleJpeg, sampleProgressiveJpeg, sampleXlsx } from '../support/files.js';
import { createTestSystem, enterSampleDemand, type TestSystem } from '../support/system.js';

const HTML = '<html><body><script>fetch("/api/session")</script></body></html>';

/** A zip of the given entries, nothing else. */
async function zipOf(entries: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(entries)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A JPEG with a COM segment inserted after SOI. */
function jpegWithComment(comment: string): Buffer {
  const jpeg = sampleJpeg();
  const body = Buffer.from(comment, 'latin1');
  const seg = Buffer.alloc(4);
  seg.writeUInt16BE(0xfffe, 0);
  seg.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), seg, body, jpeg.subarray(2)]);
}

describe('attachment file names', () => {
  it('loses control and bidirectional-formatting characters and path characters', () => {
    expect(cleanFilename('会议\u202E纪要.pdf')).toBe('会议纪要.pdf');
    expect(cleanFilename('a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk\u061Cl.pdf')).toBe('abcdefghijkl.pdf');
    expect(cleanFilename('x\u0000y\u0007z\u001f\u007f\u0085.pdf')).toBe('xyz.pdf');
    expect(cleanFilename('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(cleanFilename('  .hidden.pdf. ')).toBe('hidden.pdf');
    const long = `${'长'.repeat(300)}.pdf`;
    expect([...cleanFilename(long)]).toHaveLength(200);
    expect(cleanFilename(long).endsWith('.pdf')).toBe(true);
  });
});

for (const dialect of DIALECTS) {
  describe(`[${dialect}] attachment content checks`, () => {
    let sys: TestSystem;
    let community: string;
    let demandId: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      community = await sys.login('community');
      demandId = await enterSampleDemand(sys, community);
    });
    afterAll(async () => sys.close());

    async function upload(name: string, bytes: Buffer, type = 'application/octet-stream', kind = 'committeeMinutes') {
      const body = multipart({ kind }, { name, type, bytes });
      return sys.app.inject({
        method: 'POST',
        url: `/api/demands/${demandId}/attachments`,
        headers: { cookie: community, 'content-type': body.contentType },
        payload: body.payload,
      });
    }

    async function expectRefused(name: string, bytes: Buffer, reason: RegExp): Promise<void> {
      const res = await upload(name, bytes);
      expect(res.statusCode, res.body).toBe(415);
      const error = res.json<{ error: { code: string; message: string; details: { reason: string } } }>().error;
      expect(error.code).toBe('ATTACHMENT_TYPE_REFUSED');
      expect(error.details.reason).toMatch(reason);
      expect(error.message).toContain(error.details.reason);
    }

    it('accepts genuine PDF, DOCX, XLSX, JPEG (baseline and progressive) and PNG files, and gives back the same bytes', async () => {
      const genuine: [string, Buffer, string][] = [
        ['两委会议纪要.pdf', samplePdf('minutes'), 'application/pdf'],
        ['会议纪要.docx', await sampleDocx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
        ['签到表.xlsx', await sampleXlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        ['现场照片.jpg', sampleJpeg(), 'image/jpeg'],
        ['现场照片二.JPEG', sampleProgressiveJpeg(), 'image/jpeg'],
        ['现场照片三.png', samplePng(), 'image/png'],
      ];
      for (const [name, bytes, mime] of genuine) {
        const res = await upload(name, bytes, mime);
        expect(res.statusCode, `${name}: ${res.body}`).toBe(201);
        const view = res.json<{ id: number; filename: string; mime: string; size: number }>();
        expect(view).toMatchObject({ filename: name, mime, size: bytes.length });
        const down = await sys.app.inject({ method: 'GET', url: `/api/attachments/${view.id}`, headers: { cookie: community } });
        expect(down.statusCode).toBe(200);
        expect(down.headers['content-type']).toBe(mime);
        expect(down.rawPayload.equals(bytes)).toBe(true);
      }
    });

    it('gives a name without an extension the detected one', async () => {
      const res = await upload('会议纪要', samplePdf());
      expect(res.statusCode).toBe(201);
      expect(res.json<{ filename: string }>().filename).toBe('会议纪要.pdf');
    });

    it('refuses %PDF- followed by HTML, as x.html and as x.pdf, and a genuine PDF named x.html', async () => {
      const disguised = Buffer.from(`%PDF-1.4\n${HTML}`, 'latin1');
      await expectRefused('x.html', disguised, /不是有效的 PDF/);
      await expectRefused('x.pdf', disguised, /不是有效的 PDF/);
      // HTML after a complete PDF: nothing may follow the last %%EOF.
      await expectRefused('x.pdf', Buffer.concat([samplePdf(), Buffer.from(HTML)]), /不是有效的 PDF/);
      // The content is a real PDF, but the name says HTML: refused rather than stored under a lying name.
      await expectRefused('x.html', samplePdf(), /扩展名“\.html”与文件内容（PDF）不符/);
    });

    it('refuses a ZIP whose only entry is word/evil.exe, and DOCX/XLSX carrying executables or macros', async () => {
      await expectRefused('report.docx', await zipOf({ 'word/evil.exe': Buffer.from('MZ\x90\x00 not really') }), /压缩包不是有效的 Word/);
      await expectRefused('report.docx', await sampleDocx('纪要', { 'word/evil.exe': Buffer.from('MZ') }), /可执行文件 word\/evil\.exe/);
      await expectRefused('report.docx', await sampleDocx('纪要', { 'word/media/run.js': 'new ActiveXObject("WScript.Shell")' }), /可执行文件/);
      await expectRefused('report.docx', await sampleDocx('纪要', { 'word/vbaProject.bin': Buffer.from([0xd0, 0xcf, 0x11, 0xe0]) }), /宏/);
      await expectRefused('report.docx', await sampleDocx('纪要', { '../../evil.txt': 'x' }), /越出文档的路径/);
      // The content types and relationships name the document, but it is not there.
      const noBody = await JSZip.loadAsync(await sampleDocx());
      noBody.remove('word/document.xml');
      noBody.file('word/other.xml', '<x/>');
      await expectRefused('report.docx', await noBody.generateAsync({ type: 'nodebuffer' }), /缺少 word\/document\.xml|不是有效的 Word|压缩包不是有效的/);
      // A macro-enabled workbook declared as such.
      const xlsm = await JSZip.loadAsync(await sampleXlsx());
      const types = await xlsm.file('[Content_Types].xml')?.async('string');
      xlsm.file('[Content_Types].xml', (types ?? '').replace('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'application/vnd.ms-excel.sheet.macroEnabled.main+xml'));
      await expectRefused('签到表.xlsx', await xlsm.generateAsync({ type: 'nodebuffer' }), /宏/);
      // A genuine DOCX named .xlsx.
      await expectRefused('签到表.xlsx', await sampleDocx(), /扩展名“\.xlsx”与文件内容（Word 文档（DOCX））不符/);
    });

    it('refuses JPEG magic followed by PHP named shell.php (and .jpg), a genuine JPEG named shell.php, and PHP hidden in a JPEG comment', async () => {
      const shell = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<?php system($_GET["c"]); ?>', 'latin1')]);
      await expectRefused('shell.php', shell, /不是有效的 JPG/);
      await expectRefused('shell.jpg', shell, /不是有效的 JPG/);
      await expectRefused('shell.php', sampleJpeg(), /扩展名“\.php”与文件内容（JPG 图片）不符/);
      await expectRefused('photo.jpg', jpegWithComment('<?php system($_GET["c"]); ?>'), /夹带网页或脚本代码/);
      await expectRefused('photo.jpg', Buffer.concat([sampleJpeg(), Buffer.from(HTML)]), /夹带网页或脚本代码/);
      await expectRefused('photo.jpg', sampleJpeg().subarray(0, 300), /不是有效的 JPG/);
    });

    it('refuses PNGs that are not whole: a bad CRC, cut short, data after IEND, image data that does not inflate', async () => {
      const png = samplePng();
      const badCrc = Buffer.from(png);
      badCrc[29] = (badCrc[29] ?? 0) ^ 0xff; // IHDR's CRC
      await expectRefused('a.png', badCrc, /校验和错误/);
      await expectRefused('a.png', png.subarray(0, png.length - 12), /不是有效的 PNG/);
      await expectRefused('a.png', Buffer.concat([png, Buffer.from(HTML)]), /IEND 之后还有内容/);
      // An IDAT whose CRC is right but whose data is not zlib.
      const idatAt = png.indexOf('IDAT', 0, 'latin1') - 4;
      const length = png.readUInt32BE(idatAt);
      const junk = Buffer.alloc(length, 0x41);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(zlib.crc32(junk, zlib.crc32(Buffer.from('IDAT'))));
      const broken = Buffer.concat([png.subarray(0, idatAt + 8), junk, crc, png.subarray(idatAt + 12 + length)]);
      await expectRefused('a.png', broken, /图像数据/);
    });

    it('strips U+202E and other bidi controls from names, so a disguised executable is seen for what it is', async () => {
      // “纪要<RLO>fdp.exe” displays as “纪要exe.pdf”; without the RLO it is “纪要fdp.exe”, and .exe is not a PDF.
      await expectRefused('纪要\u202Efdp.exe', samplePdf(), /扩展名“\.exe”/);
      const res = await upload('会议\u202E纪要\u2066.pdf', samplePdf());
      expect(res.statusCode).toBe(201);
      const view = res.json<{ id: number; filename: string }>();
      expect(view.filename).toBe('会议纪要.pdf');
      const list = (await sys.request('GET', `/api/demands/${demandId}/attachments`, { cookie: community })).json<{ items: { id: number; filename: string }[] }>();
      expect(list.items.find((a) => a.id === view.id)?.filename).toBe('会议纪要.pdf');
      const down = await sys.app.inject({ method: 'GET', url: `/api/attachments/${view.id}`, headers: { cookie: community } });
      expect(down.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('会议纪要.pdf')}`);
    });

    it('opens a PDF or an image in the browser when asked (disposition=inline), and still downloads any other type', async () => {
      const pdf = (await upload('会议纪要.pdf', samplePdf())).json<{ id: number }>();
      const inline = await sys.app.inject({ method: 'GET', url: `/api/attachments/${pdf.id}?disposition=inline`, headers: { cookie: community } });
      expect(inline.statusCode).toBe(200);
      expect(inline.headers['content-disposition']).toBe(`inline; filename*=UTF-8''${encodeURIComponent('会议纪要.pdf')}`);
      expect(inline.headers['x-content-type-options']).toBe('nosniff');
      const docx = (await upload('会议纪要.docx', await sampleDocx())).json<{ id: number }>();
      const forced = await sys.app.inject({ method: 'GET', url: `/api/attachments/${docx.id}?disposition=inline`, headers: { cookie: community } });
      expect(forced.headers['content-disposition']).toMatch(/^attachment; /);
      const bad = await sys.app.inject({ method: 'GET', url: `/api/attachments/${pdf.id}?disposition=open`, headers: { cookie: community } });
      expect(bad.statusCode).toBe(400);
    });
  });
}
