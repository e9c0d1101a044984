/**
 * Renders a FormDocument to Word (DOCX) with docx: A4, 20 mm margins, the page label in the header, tables on a
 * fixed grid with black single borders, spans as gridSpan and vMerge, label cells shaded. Text is set in 宋体 with
 * Times New Roman for Latin letters (what a Chinese office's Word has), check boxes as the characters ☑ and □.
 * The output is the same bytes for the same document and `createdAt` (core properties and the zip's dates follow it).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeightRule,
  ImageRun,
  LineRuleType,
  Packer,
  PageBreak,
  PageOrientation,
  Paragraph as DocxParagraph,
  ShadingType,
  Table as DocxTable,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
  type IBorderOptions,
  type IRunOptions,
  type ITableCellBorders,
} from 'docx';
import { imageSize } from 'image-size';
import JSZip from 'jszip';
import QRCode from 'qrcode';
import {
  CHECKED_BOX,
  EMPTY_BOX,
  isCheckRun,
  type Block,
  type CellBlock,
  type FormDocument,
  type Image,
  type Paragraph,
  type Qr,
  type Run,
  type Table,
} from '../../../domain/documents/layout.js';
import { A4_MM, DOCX_FONTS, PAGE_LABEL_SIZE, PAGE_MARGINS_MM, PT_PER_MM, SHADE_COLOUR, TEXT_STYLES } from './fonts.js';
import { gridRows } from './grid.js';

export interface RenderOptions {
  readonly createdAt: Date;
}

/** Twentieths of a point (Word's twips) per millimetre. */
const TWIP_PER_MM = PT_PER_MM * 20;
const twip = (mm: number): number => Math.round(mm * TWIP_PER_MM);
/** docx sizes pictures in pixels at 96 per inch. */
const px = (mm: number): number => Math.round((mm / 25.4) * 96);
/** Cell margins, as in the PDF: 4 pt left and right, 3 pt top and bottom. */
const CELL_MARGIN = { left: 80, right: 80, top: 60, bottom: 60 } as const;
/** The gap after a check run that another check run follows. */
const CHECK_GAP = '\u2002\u2002';
/** A QR code's pixels per millimetre (300 dpi), sharp when printed. */
const QR_PX_PER_MM = 300 / 25.4;

const LINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const NO_LINE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };

const LATIN_FONT = { ascii: DOCX_FONTS.latin, hAnsi: DOCX_FONTS.latin, eastAsia: DOCX_FONTS.eastAsia, cs: DOCX_FONTS.latin } as const;
const TITLE_FONT = { ascii: DOCX_FONTS.latin, hAnsi: DOCX_FONTS.latin, eastAsia: DOCX_FONTS.titleEastAsia, cs: DOCX_FONTS.latin } as const;
const SYMBOL_FONT = { ascii: DOCX_FONTS.symbol, hAnsi: DOCX_FONTS.symbol, eastAsia: DOCX_FONTS.symbol, cs: DOCX_FONTS.symbol } as const;

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT, justify: AlignmentType.JUSTIFIED } as const;
const VALIGN = { top: VerticalAlignTable.TOP, middle: VerticalAlignTable.CENTER, bottom: VerticalAlignTable.BOTTOM } as const;

/** What one render collects: the pictures' drawing IDs, unique within the document. */
interface Context {
  nextDrawingId: number;
}

function runs(list: readonly Run[], style: (typeof TEXT_STYLES)[keyof typeof TEXT_STYLES], title: boolean): TextRun[] {
  const base: IRunOptions = { size: style.size * 2, bold: style.bold, font: title ? TITLE_FONT : LATIN_FONT };
  const out: TextRun[] = [];
  list.forEach((run, i) => {
    if (isCheckRun(run)) {
      const box: IRunOptions = { ...base, bold: false, font: SYMBOL_FONT, text: run.check ? CHECKED_BOX : EMPTY_BOX };
      out.push(new TextRun(box));
      const next = list[i + 1];
      out.push(new TextRun({ ...base, text: next !== undefined && isCheckRun(next) ? `${run.label}${CHECK_GAP}` : run.label }));
    } else {
      // A line break in the text is a line break in Word (as in the PDF), not a space.
      run.text.split(/\r?\n/).forEach((line, n) => {
        const piece: IRunOptions = { ...base, text: line, ...(n > 0 ? { break: 1 } : {}), ...(run.bold === true ? { bold: true } : {}), ...(run.underline === true ? { underline: {} } : {}) };
        out.push(new TextRun(piece));
      });
    }
  });
  return out;
}

function paragraph(p: Paragraph, cellAlign: Paragraph['align'], pageBreakBefore: boolean, keepNext = false): DocxParagraph {
  const style = TEXT_STYLES[p.style ?? 'body'];
  return new DocxParagraph({
    children: runs(p.runs, style, p.style === 'title'),
    // A cell's alignment, when it has one, is its paragraphs' (as in the PDF).
    alignment: ALIGN[cellAlign ?? p.align ?? 'left'],
    ...(p.indent === undefined ? {} : { indent: { firstLine: Math.round(p.indent * style.size * 20) } }),
    spacing: { before: 0, after: p.spaceAfter === undefined ? 0 : twip(p.spaceAfter) },
    ...(pageBreakBefore ? { pageBreakBefore: true } : {}),
    // Word keeps a table row on the page of the next when every paragraph of the row keeps with the next.
    ...(keepNext ? { keepNext: true } : {}),
  });
}

function imageType(mime: Image['mime']): 'png' | 'jpg' {
  return mime === 'image/png' ? 'png' : 'jpg';
}

function picture(image: Image, width: number, context: Context, cellAlign: Paragraph['align']): DocxParagraph[] {
  const size = imageSize(image.data);
  // Narrowed to the space it has, keeping its proportions; its own when no height is given.
  const w = Math.min(image.width, width);
  const h = image.height === undefined ? (w * size.height) / size.width : (image.height * w) / image.width;
  const id = context.nextDrawingId++;
  const run = new ImageRun({
    type: imageType(image.mime),
    data: image.data,
    transformation: { width: px(w), height: px(h) },
    altText: { id: String(id), name: `picture${id}`, description: image.caption ?? '', title: image.caption ?? '' },
  });
  // A captioned picture is centred over its caption, as in the PDF.
  const out = [new DocxParagraph({ children: [run], alignment: ALIGN[cellAlign ?? (image.caption === undefined ? 'left' : 'center')] })];
  if (image.caption !== undefined) {
    out.push(new DocxParagraph({ alignment: AlignmentType.CENTER, spacing: { before: 40, after: 0 }, children: runs([{ text: image.caption }], TEXT_STYLES.small, false) }));
  }
  return out;
}

async function qrPicture(qr: Qr, width: number, context: Context, cellAlign: Paragraph['align']): Promise<DocxParagraph> {
  const size = Math.min(qr.size, width);
  const png = await QRCode.toBuffer(qr.value, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: Math.round(size * QR_PX_PER_MM) });
  const id = context.nextDrawingId++;
  return new DocxParagraph({
    alignment: ALIGN[cellAlign ?? 'left'],
    children: [new ImageRun({ type: 'png', data: png, transformation: { width: px(size), height: px(size) }, altText: { id: String(id), name: `qr${id}`, description: qr.value, title: qr.value } })],
  });
}

/** A cell's or the page's blocks, `width` millimetres wide; `keepNext`: a row kept with the next (its paragraphs are). */
async function blocks(list: readonly CellBlock[], width: number, context: Context, cellAlign: Paragraph['align'], flush: boolean, keepNext = false): Promise<(DocxParagraph | DocxTable)[]> {
  const out: (DocxParagraph | DocxTable)[] = [];
  for (const block of list) out.push(...(await block_(block, width, context, cellAlign, flush, keepNext)));
  return out;
}

async function block_(block: CellBlock, width: number, context: Context, cellAlign: Paragraph['align'], flush: boolean, keepNext: boolean): Promise<(DocxParagraph | DocxTable)[]> {
  switch (block.kind) {
    case 'paragraph':
      return [paragraph(block, cellAlign, false, keepNext)];
    case 'image':
      return picture(block, width, context, cellAlign);
    case 'qr':
      return [await qrPicture(block, width, context, cellAlign)];
    case 'table':
      return [await table(block, width, context, flush)];
  }
}

/** Millimetres of a cell's left and right margins. */
const CELL_MARGIN_MM = (CELL_MARGIN.left + CELL_MARGIN.right) / TWIP_PER_MM;

/**
 * A table `width` millimetres wide on a fixed grid. A flush table is a cell's only content and shares the cell's
 * grid (the cell has no margins and the table no outer lines), so a two-level form reads as one grid.
 */
async function table(t: Table, width: number, context: Context, flush = false): Promise<DocxTable> {
  const columns = t.widths.length;
  const total = t.widths.reduce((a, b) => a + b, 0);
  const widthsMm = t.widths.map((w) => (width * w) / total);
  const widths = widthsMm.map(twip);
  const spanMm = (column: number, span: number): number => widthsMm.slice(column, column + span).reduce((a, b) => a + b, 0);
  const grid = gridRows(t.rows, columns);
  const rows: TableRow[] = [];
  for (const [r, row] of t.rows.entries()) {
    const cells: TableCell[] = [];
    for (const { placed, continued } of grid[r] ?? []) {
      const c = placed.cell;
      const own = c.blocks.length === 1 && c.blocks[0]?.kind === 'table';
      const inner = spanMm(placed.column, placed.colSpan) - (own ? 0 : CELL_MARGIN_MM);
      const keepNext = row.keepWithNext === true;
      const children = continued ? [new DocxParagraph(keepNext ? { keepNext: true } : {})] : await blocks(c.blocks, inner, context, c.align, own, keepNext);
      // Word ends a cell with a paragraph: after a table, one a point high, so that the cell ends with the table's grid.
      if (children.at(-1) instanceof DocxTable) children.push(new DocxParagraph({ spacing: { before: 0, after: 0, line: 20, lineRule: LineRuleType.EXACT }, children: [new TextRun({ text: '', size: 2 })] }));
      cells.push(
        new TableCell({
          children: children.length === 0 ? [new DocxParagraph({})] : children,
          width: { size: widths.slice(placed.column, placed.column + placed.colSpan).reduce((a, b) => a + b, 0), type: WidthType.DXA },
          ...(placed.colSpan > 1 ? { columnSpan: placed.colSpan } : {}),
          ...(placed.rowSpan > 1 ? { verticalMerge: continued ? VerticalMergeType.CONTINUE : VerticalMergeType.RESTART } : {}),
          verticalAlign: VALIGN[c.valign ?? 'middle'],
          ...(c.shaded === true ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: SHADE_COLOUR } } : {}),
          ...(own ? { margins: { left: 0, right: 0, top: 0, bottom: 0 } } : {}),
        }),
      );
    }
    rows.push(
      new TableRow({
        children: cells,
        ...(row.minHeight === undefined ? {} : { height: { value: twip(row.minHeight), rule: HeightRule.ATLEAST } }),
        ...(row.header === true && rows.every((_, i) => t.rows[i]?.header === true) ? { tableHeader: true } : {}),
        ...(t.keepRows === true || row.keepWithNext === true ? { cantSplit: true } : {}),
      }),
    );
  }
  const outer = flush ? NO_LINE : LINE;
  const borders: ITableCellBorders & { insideHorizontal: IBorderOptions; insideVertical: IBorderOptions } = {
    top: outer,
    bottom: outer,
    left: outer,
    right: outer,
    insideHorizontal: LINE,
    insideVertical: LINE,
  };
  return new DocxTable({
    rows,
    columnWidths: widths,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    borders,
    margins: { ...CELL_MARGIN, marginUnitType: WidthType.DXA },
  });
}

async function body(list: readonly Block[], width: number, context: Context): Promise<(DocxParagraph | DocxTable)[]> {
  const out: (DocxParagraph | DocxTable)[] = [];
  let breakNext = false;
  for (const block of list) {
    if (block.kind === 'pageBreak') {
      breakNext = true;
      continue;
    }
    if (breakNext && block.kind === 'paragraph') out.push(paragraph(block, undefined, true));
    else {
      if (breakNext) out.push(new DocxParagraph({ children: [new PageBreak()], spacing: { before: 0, after: 0 } }));
      out.push(...(await block_(block, width, context, undefined, false, false)));
    }
    breakNext = false;
  }
  if (breakNext) out.push(new DocxParagraph({ children: [new PageBreak()] }));
  // Word needs a paragraph after a table that ends the document.
  if (out.at(-1) instanceof DocxTable) out.push(new DocxParagraph({ spacing: { before: 0, after: 0 }, children: [] }));
  return out;
}

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function coreProperties(title: string, createdAt: Date): string {
  const when = `${createdAt.toISOString().slice(0, 19)}Z`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(title)}</dc:title><dc:creator>${escapeXml(CREATOR)}</dc:creator><cp:lastModifiedBy>${escapeXml(CREATOR)}</cp:lastModifiedBy>` +
    `<cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`
  );
}

const CREATOR = '民生微实事信息管理系统';

/** The zip again with every entry dated `createdAt`, so that the same document gives the same bytes. */
async function dated(docx: Buffer, createdAt: Date): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const out = new JSZip();
  for (const file of Object.values(zip.files)) {
    if (file.dir) continue;
    out.file(file.name, await file.async('uint8array'), { date: createdAt, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
}

/** The document as DOCX bytes. */
export async function renderDocx(document: FormDocument, options: RenderOptions): Promise<Buffer> {
  const landscape = document.orientation === 'landscape';
  const pageWidth = landscape ? A4_MM.height : A4_MM.width;
  const textWidth = pageWidth - PAGE_MARGINS_MM.left - PAGE_MARGINS_MM.right;
  const context: Context = { nextDrawingId: 1 };
  const children = await body(document.blocks, textWidth, context);
  const label = document.pageLabel;
  const doc = new Document({
    title: document.title,
    creator: CREATOR,
    lastModifiedBy: CREATOR,
    styles: { default: { document: { run: { font: LATIN_FONT, size: TEXT_STYLES.body.size * 2 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: twip(A4_MM.width), height: twip(A4_MM.height), orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
            margin: { top: twip(PAGE_MARGINS_MM.top), right: twip(PAGE_MARGINS_MM.right), bottom: twip(PAGE_MARGINS_MM.bottom), left: twip(PAGE_MARGINS_MM.left), header: twip(8), footer: twip(8) },
          },
        },
        headers: {
          default: new Header({
            children: label === undefined ? [new DocxParagraph({})] : [new DocxParagraph({ children: [new TextRun({ text: label, size: PAGE_LABEL_SIZE * 2, font: LATIN_FONT })] })],
          }),
        },
        footers: { default: new Footer({ children: [new DocxParagraph({})] }) },
        children,
      },
    ],
  });
  const packed = await Packer.toBuffer(doc, false, [{ path: 'docProps/core.xml', data: coreProperties(document.title, options.createdAt) }]);
  return dated(packed, options.createdAt);
}
