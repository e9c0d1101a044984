import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDocx } from '../../../src/server/features/documents/render-docx.js';
import { renderPdf, warmUpPdf } from '../../../src/server/features/documents/render-pdf.js';
import { CAN_DRAW_PDF, docxPart, docxTables, docxText, gradientPng, type DocxTable, pdfDrawingErrors, pdfInfo, pdfPageCount, pdfPageSizes, pdfText, pdfTextItems, renderPdfPages } from '../../support/documents.js';
import { cell, label, type FormDocument, type Row } from '../../../src/domain/documents/layout.js';
import { sectionRow } from '../../../src/domain/documents/common.js';
import { sampleJpeg } from '../../support/files.js';
import { sampleDocument } from './sample.js';

const createdAt = new Date('2026-11-09T08:00:00Z');
const OUT = join(process.cwd(), 'test-results', 'documents');
const A4 = { width: 595.28, height: 841.89 };

describe('PDF renderer', () => {
  it('prints every block of the sample: the page label, Chinese text, ticked and empty boxes, the table cells, the picture caption', async () => {
    const pdf = await renderPdf(sampleDocument(), { createdAt });
    const pages = await pdfText(pdf);
    expect(pages).toHaveLength(2);
    const [first = '', second = ''] = pages;
    expect(first).toContain('附件1');
    expect(first).toContain('东莞市“民生微实事”项目登记备案表');
    expect(first).toContain('石龙镇西湖社区');
    // The chosen option is ticked, the others are empty, each box right before its label.
    expect(first).toMatch(/☑\s?长者服务/);
    expect(first).toMatch(/□\s?文体活动/);
    expect(first).toMatch(/□\s?其他/);
    expect(first).not.toMatch(/☑\s?文体活动/);
    // The two-level table: the spanning heading, its sub-columns and the amounts.
    for (const s of ['资金来源（万元）', '镇（街道）', '村（社区）', '1.20', '1.90', '（盖章）']) expect(first).toContain(s);
    // The cells spanning the two header rows are printed once each (not lost, not twice).
    expect(first.split('合计（万元）')).toHaveLength(2);
    expect(first.match(/(^|\s)项目(\s|$)/gm)).toHaveLength(1);
    // After the page break: the second page's content and not the first's.
    expect(second).toContain('附件1');
    expect(second).toContain('项目成效');
    expect(second).toContain('改造后');
    expect(second).toContain('扫码参与满意度测评');
    expect(second).toMatch(/施工前[\s\S]*施工后/);
    expect(second).not.toContain('申报村');
  });

  it('centres a cell spanning rows between the rows it spans, in a table that repeats its header and keeps its rows', async () => {
    const items = await pdfTextItems(await renderPdf(sampleDocument(), { createdAt }), 1);
    const y = (text: string): number => {
      const found = items.filter((i) => i.text === text);
      expect(found, text).toHaveLength(1);
      return found[0]?.y ?? Number.NaN;
    };
    // 项目 and 合计 span the header rows 资金来源 and 市 …; 资金情况 spans the money table and the 其他 row.
    const middle = (y('资金来源（万元）') + y('市')) / 2;
    expect(Math.abs(y('项目') - middle)).toBeLessThan(3);
    expect(Math.abs(y('合计（万元）') - middle)).toBeLessThan(3);
    expect(y('资金情况')).toBeLessThan(y('预算'));
    expect(y('资金情况')).toBeGreaterThan(y('其他：无'));
  });

  it('is A4 portrait or landscape as the document says, and titled with the document title', async () => {
    const portrait = await renderPdf(sampleDocument('portrait'), { createdAt });
    const landscape = await renderPdf(sampleDocument('landscape'), { createdAt });
    for (const [w, h] of await pdfPageSizes(portrait)) {
      expect(w).toBeCloseTo(A4.width, 0);
      expect(h).toBeCloseTo(A4.height, 0);
    }
    const sizes = await pdfPageSizes(landscape);
    expect(sizes.length).toBe(await pdfPageCount(landscape));
    for (const [w, h] of sizes) {
      expect(w).toBeCloseTo(A4.height, 0);
      expect(h).toBeCloseTo(A4.width, 0);
    }
    const info = await pdfInfo(portrait);
    expect(info['Title']).toBe('登记备案表-长者饭堂改造');
    expect(info['CreationDate']).toBe('D:20261109080000Z');
  });

  it('embeds the Chinese and the check-box fonts as subsets, and stays small', async () => {
    const pdf = await renderPdf(sampleDocument(), { createdAt });
    const bytes = pdf.toString('latin1');
    expect(bytes).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(bytes).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansSC-Bold/);
    expect(bytes).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSans\b/);
    // The whole Noto Sans SC is 10 MB; two pages with a picture are tens of KB.
    expect(pdf.length).toBeLessThan(150_000);
  });

  it('gives the same bytes for the same document and time, and other bytes for another time', async () => {
    const a = await renderPdf(sampleDocument(), { createdAt });
    const b = await renderPdf(sampleDocument(), { createdAt });
    expect(a.equals(b)).toBe(true);
    const later = await renderPdf(sampleDocument(), { createdAt: new Date('2026-11-10T08:00:00Z') });
    expect(later.equals(a)).toBe(false);
  });

  it('renders documents at the same time as it does one after another (the parsed fonts are shared)', async () => {
    await warmUpPdf();
    const docs = [sampleDocument('portrait'), sampleDocument('landscape'), { ...sampleDocument(), title: '登记备案表-另一个' }];
    const together = await Promise.all(docs.map((d) => renderPdf(d, { createdAt })));
    for (const [i, d] of docs.entries()) expect(together[i]?.equals(await renderPdf(d, { createdAt }))).toBe(true);
  });

  it.runIf(CAN_DRAW_PDF)('renders its pages to PNG for looking at (pdftoppm)', async () => {
    const portrait = renderPdfPages(await renderPdf(sampleDocument(), { createdAt }), OUT, 'sample');
    const landscape = renderPdfPages(await renderPdf(sampleDocument('landscape'), { createdAt }), OUT, 'sample-landscape');
    expect(portrait).toHaveLength(2);
    expect(landscape.length).toBeGreaterThanOrEqual(2);
  });
});

/** A table longer than a page, its header row repeated on every page. */
function longTable(): FormDocument {
  return {
    title: '资金发放台账',
    orientation: 'landscape',
    blocks: [
      {
        kind: 'table',
        widths: [1, 4, 2],
        keepRows: true,
        rows: [
          { header: true, cells: [label('序号'), label('项目名称'), label('金额（万元）')] },
          ...Array.from({ length: 60 }, (_, i) => ({ cells: [cell(String(i + 1)), cell(`第${i + 1}个项目\n第二行`), cell((i / 10).toFixed(2), { align: 'right' as const })] })),
        ],
      },
    ],
  };
}

describe('a table longer than a page', () => {
  it('repeats its header row on every page of the PDF and marks it as a header row in Word', async () => {
    const pages = await pdfText(await renderPdf(longTable(), { createdAt }));
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page).toContain('项目名称');
    expect(pages.join('\n')).toContain('第60个项目');
    const docx = await renderDocx(longTable(), { createdAt });
    expect((await docxPart(docx, 'word/document.xml')).match(/<w:tblHeader\/>/g)).toHaveLength(1);
    // A line break in a cell's text is a line break in Word.
    expect(await docxText(docx)).toContain('第1个项目\n第二行');
  });
});

/**
 * A 结项表 over three pages (closure-over-pages.json, its pictures put back): one table whose row of photos breaks
 * across a page and whose 五 section, with cells spanning rows, follows. pdfmake's vertical alignment lost the rows
 * after the break and restored a drawing state it had not saved.
 */
function closureOverPages(): FormDocument {
  const json = readFileSync(join(import.meta.dirname, 'closure-over-pages.json'), 'utf8');
  return JSON.parse(json, (key, value: unknown) => (key === 'data' && value === 'png' ? gradientPng(400, 300) : key === 'data' && value === 'jpeg' ? sampleJpeg() : value)) as FormDocument;
}

describe('a table over page breaks', () => {
  it('prints every row and the page label on every page', async () => {
    const pdf = await renderPdf(closureOverPages(), { createdAt });
    const pages = await pdfText(pdf);
    expect(pages).toHaveLength(3);
    const all = pages.join('\n');
    for (const t of ['施工前', '施工后', '参与测评人数', '项目质量评价', '项目效果评价', '信息公开程度', '备注：']) expect(all).toContain(t);
    for (const page of pages) expect(page).toContain('附件2');
  });

  it.runIf(CAN_DRAW_PDF)('draws every page without an error of the drawing state (pdftoppm)', async () => {
    const pdf = await renderPdf(closureOverPages(), { createdAt });
    // poppler says so when the page restores a state it did not save.
    expect(pdfDrawingErrors(pdf)).toBe('');
    expect(renderPdfPages(pdf, OUT, 'closure-over-pages')).toHaveLength(3);
  });
});

/**
 * A form's table of three sections, `filler` rows in the first, so that as `filler` grows the second section's heading
 * falls at every height of the first page, its foot included.
 */
function sections(filler: number): FormDocument {
  const rows: Row[] = [sectionRow('一、第一部分', 2)];
  for (let i = 1; i <= filler; i++) rows.push({ cells: [label(`第${i}行`), cell(`第一部分内容${i}`)], minHeight: 17 });
  rows.push(sectionRow('二、第二部分', 2), { cells: [label('第二部分首行'), cell('第二部分内容')], minHeight: 45 }, { cells: [label('第二部分次行'), cell('内容')] });
  rows.push(sectionRow('三、第三部分', 2), { cells: [label('第三部分首行'), cell('第三部分内容')], minHeight: 30 });
  return { title: '分部分的表', orientation: 'portrait', blocks: [{ kind: 'paragraph', runs: [{ text: '分部分的表' }], style: 'title' }, { kind: 'table', widths: [1, 3], rows, keepRows: true }] };
}

const HEADINGS = ['一、第一部分', '二、第二部分', '三、第三部分'];

describe("a section's heading", () => {
  it('is never the last row of a PDF page: it moves to the next page with its section, and no row is lost', async () => {
    let moved = 0;
    for (let filler = 8; filler <= 16; filler++) {
      const pdf = await renderPdf(sections(filler), { createdAt });
      const pages = await pdfText(pdf);
      const all = pages.join('\n');
      for (const t of ['第二部分首行', '第二部分次行', '第三部分首行', `第一部分内容${filler}`]) expect(all).toContain(t);
      for (let n = 1; n <= pages.length; n++) {
        const items = await pdfTextItems(pdf, n);
        const lowest = items.reduce((a, b) => (b.y < a.y ? b : a));
        expect(HEADINGS, `filler ${filler}, page ${n}`).not.toContain(lowest.text);
      }
      // Where the second section starts a page, its heading is there, above its first row.
      const second = pages.findIndex((p) => p.includes('第二部分首行'));
      expect(pages[second]).toContain('二、第二部分');
      if (second > 0 && !pages[0]?.includes('第二部分首行')) moved++;
    }
    // Some of these tables broke at the second section (else the test proves nothing).
    expect(moved).toBeGreaterThan(0);
  });

  it('keeps with the next row in Word: its paragraphs keep with the next and its row does not split', async () => {
    const xml = await docxPart(await renderDocx(sections(3), { createdAt }), 'word/document.xml');
    const rows = xml.split('<w:tr>').slice(1);
    const headingRows = rows.filter((r) => HEADINGS.some((h) => r.includes(h)));
    expect(headingRows).toHaveLength(3);
    for (const r of headingRows) {
      expect(r).toContain('<w:keepNext/>');
      expect(r).toContain('<w:cantSplit/>');
    }
    expect(rows.filter((r) => r.includes('<w:keepNext/>'))).toHaveLength(3);
  });
});

describe('DOCX renderer', () => {
  it('writes the same text as the PDF: page label, Chinese text, ticked and empty boxes, table cells in row order', async () => {
    const docx = await renderDocx(sampleDocument(), { createdAt });
    const textOf = await docxText(docx);
    const lines = textOf.split('\n');
    expect(lines[0]).toBe('东莞市“民生微实事”项目登记备案表');
    expect(lines).toContain('申报村（社区）：石龙镇西湖社区');
    expect(lines).toContain('项目名称\t长者饭堂改造');
    expect(lines.find((l) => l.startsWith('项目类型\t'))).toMatch(/^项目类型\t□文体活动\s+☑长者服务\s+□其他$/);
    expect(lines).toContain('服务人数\t120 人\t申请金额\t2.00 万元');
    expect(textOf).toContain('资金来源（万元）');
    expect(textOf).toContain('扫码参与满意度测评');
    expect(await docxPart(docx, 'word/header1.xml')).toContain('附件1');
  });

  it('spans cells with gridSpan and vMerge, shades label cells, draws black single borders and breaks the page', async () => {
    const xml = await docxPart(await renderDocx(sampleDocument(), { createdAt }), 'word/document.xml');
    expect(xml).toContain('<w:gridSpan w:val="3"/>');
    expect(xml).toContain('<w:gridSpan w:val="4"/>');
    expect(xml).toMatch(/<w:vMerge w:val="restart"\/>/);
    expect(xml).toContain('<w:vMerge w:val="continue"/>');
    expect(xml).toMatch(/<w:shd [^>]*w:fill="E7E6E6"/);
    expect(xml).toContain('<w:insideH w:val="single" w:color="000000" w:sz="4"/><w:insideV w:val="single" w:color="000000" w:sz="4"/>');
    expect(xml).toContain('<w:top w:val="single" w:color="000000" w:sz="4"/>');
    expect(xml).toContain('<w:tblLayout w:type="fixed"/>');
    expect(xml).toContain('<w:pageBreakBefore/>');
    // The page break comes right before the second page's heading.
    expect(xml.indexOf('<w:pageBreakBefore/>')).toBeLessThan(xml.indexOf('项目成效'));
    expect(xml.indexOf('<w:pageBreakBefore/>')).toBeGreaterThan(xml.indexOf('本表一式两份'));
    // 宋体 for Chinese, and the check boxes in a font that has them.
    expect(xml).toMatch(/w:eastAsia="宋体"/);
    expect(xml).toMatch(/<w:rFonts w:ascii="Segoe UI Symbol"[^>]*\/>(?:(?!<\/w:r>)[\s\S])*<w:t[^>]*>☑<\/w:t>/);
    expect(xml).toMatch(/<w:rFonts w:ascii="Segoe UI Symbol"[^>]*\/>(?:(?!<\/w:r>)[\s\S])*<w:t[^>]*>□<\/w:t>/);
    // The two header rows repeat on a new page and no row of the money table breaks across pages.
    expect(xml.match(/<w:tblHeader\/>/g)).toHaveLength(2);
    expect(xml.match(/<w:cantSplit\/>/g)).toHaveLength(4);
  });

  it('puts every cell on the table grid, fills the text width, and keeps pictures inside their cells', async () => {
    const tables = await docxTables(await renderDocx(sampleDocument(), { createdAt }));
    expect(tables).toHaveLength(2);
    const TEXT_WIDTH = Math.round((170 * 1440) / 25.4); // A4 less 20 mm margins, in twips
    const all: DocxTable[] = [];
    const collect = (t: DocxTable): void => {
      all.push(t);
      for (const row of t.rows) for (const c of row) c.tables.forEach(collect);
    };
    tables.forEach(collect);
    expect(all).toHaveLength(3);
    for (const t of all) {
      for (const row of t.rows) expect(row.reduce((n, c) => n + c.gridSpan, 0)).toBe(t.grid.length);
      for (const row of t.rows) for (const c of row) for (const w of c.pictureWidths) expect(w / 635).toBeLessThanOrEqual(c.width);
    }
    for (const t of tables) expect(Math.abs(t.grid.reduce((a, b) => a + b, 0) - TEXT_WIDTH)).toBeLessThanOrEqual(2);
    // 资金情况 spans two rows: the first cell restarts the merge and the one below continues it, both shaded.
    const [form] = tables;
    const restart = form?.rows[4]?.[0];
    const below = form?.rows[5]?.[0];
    expect(restart).toMatchObject({ text: '资金情况', vMerge: 'restart', fill: 'E7E6E6' });
    expect(below).toMatchObject({ text: '', vMerge: 'continue', fill: 'E7E6E6' });
    // The money table sits in the cell beside it, on its own five-column grid.
    expect(form?.rows[4]?.[1]?.tables[0]?.grid).toHaveLength(5);
    expect(form?.rows[4]?.[1]?.tables[0]?.rows[0]?.map((c) => c.text)).toEqual(['项目', '资金来源（万元）', '合计（万元）']);
    // An unshaded value cell has no fill.
    expect(form?.rows[1]?.[1]).toMatchObject({ text: '长者饭堂改造', gridSpan: 3 });
    expect(form?.rows[1]?.[1]?.fill).toBeUndefined();
    // The picture asked 200 mm wide is narrowed to its cell.
    const photos = tables[1]?.rows[1];
    expect(photos?.[1]?.pictureWidths).toHaveLength(1);
    expect(photos?.[3]?.pictureWidths).toHaveLength(1);
  });

  it('is A4 portrait or landscape, holds the pictures and the QR codes, and dates its properties from createdAt', async () => {
    const portrait = await renderDocx(sampleDocument('portrait'), { createdAt });
    const landscape = await renderDocx(sampleDocument('landscape'), { createdAt });
    expect(await docxPart(portrait, 'word/document.xml')).toMatch(/<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/);
    expect(await docxPart(landscape, 'word/document.xml')).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    const rels = await docxPart(portrait, 'word/_rels/document.xml.rels');
    // Two pictures and two QR codes as PNG, one picture as JPEG.
    expect([...rels.matchAll(/Target="media\/[^"]+\.png"/g)]).toHaveLength(4);
    expect([...rels.matchAll(/Target="media\/[^"]+\.jpg"/g)]).toHaveLength(1);
    const core = await docxPart(portrait, 'docProps/core.xml');
    expect(core).toContain('<dc:title>登记备案表-长者饭堂改造</dc:title>');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-09T08:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-09T08:00:00Z</dcterms:modified>');
  });

  it('gives the same bytes for the same document and time', async () => {
    const a = await renderDocx(sampleDocument(), { createdAt });
    const b = await renderDocx(sampleDocument(), { createdAt });
    expect(a.equals(b)).toBe(true);
  });
});
