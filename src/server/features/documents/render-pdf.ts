/**
 * Renders a FormDocument to PDF with pdfmake: A4, 20 mm margins, the table grid in black as on a printed form, label
 * cells on a light grey ground. Chinese text is set in Noto Sans SC and the check boxes in DejaVu Sans, both embedded
 * as subsets. The output is the same bytes for the same document and `createdAt` (the info dates and the file ID
 * follow from them).
 */
import { createRequire } from 'node:module';
import type Pdfmake from 'pdfmake';
import type { Content, ContentText, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import {
  CHECKED_BOX,
  EMPTY_BOX,
  isCheckRun,
  type Block,
  type CellBlock,
  type FormDocument,
  type Paragraph,
  type Run,
  type Table,
} from '../../../domain/documents/layout.js';
import { placeCells } from './grid.js';
import { A4_MM, PAGE_LABEL_SIZE, PAGE_MARGINS_MM, PT_PER_MM, SHADE_COLOUR, TEXT_STYLES, pdfFontFiles } from './fonts.js';

export interface RenderOptions {
  readonly createdAt: Date;
}

const TEXT_FONT = 'NotoSansSC';
const SYMBOL_FONT = 'DejaVuSans';
/** Grid line width and cell padding, in points. */
const LINE = 0.6;
const PAD_X = 4;
const PAD_Y = 3;
/** Line height as a multiple of the font size. */
const LINE_HEIGHT = 1.25;
/** The gap after a check run that another check run follows: two spaces' worth of the text. */
const CHECK_GAP = '\u2002\u2002';
/** Where the page label's line starts, from the top edge (inside the top margin; Noto's line is about 1.8 times its size). */
const PAGE_LABEL_TOP_MM = 8;

/** What pdfmake's Node build holds beside its typed API: the in-memory file system fonts are read from. */
interface PdfmakeServer {
  readonly virtualfs: { writeFileSync(name: string, content: Buffer): void };
}

/** The part of fontkit (the font parser pdfkit uses) that opens a font file. */
interface Fontkit {
  create(buffer: Uint8Array, postscriptName?: string): unknown;
}

/** The part of a parsed fontkit font that shapes text, and what it returns (a GlyphRun). */
interface ParsedFont {
  layout(text: string, ...rest: unknown[]): GlyphRun;
}
interface GlyphRun {
  readonly positions: readonly object[];
}

/** The part of a parsed fontkit font that gives its glyphs, and the part of a TrueType glyph that reads its outline. */
interface GlyphSource {
  getGlyph(id: number, ...rest: unknown[]): { _decode?: () => unknown } | null;
}

/**
 * Keeps each glyph's decoded outline for the process: embedding a subset decodes every glyph a document uses from the
 * 10 MB font (to find a composite's parts), the same glyphs in every copy of a form. The font is static (no
 * variation axes), so a decoded glyph is only read afterwards; the output is the same bytes.
 */
function keepGlyphDecodes<F extends object>(font: F): F {
  const source = font as unknown as GlyphSource;
  if (typeof source.getGlyph !== 'function') return font;
  const getGlyph = source.getGlyph.bind(source);
  const kept = new WeakSet<object>();
  source.getGlyph = (id, ...rest) => {
    const glyph = getGlyph(id, ...rest);
    if (glyph !== null && typeof glyph._decode === 'function' && !kept.has(glyph)) {
      const decode = glyph._decode.bind(glyph);
      let decoded: { value: unknown } | null = null;
      glyph._decode = () => (decoded ??= { value: decode() }).value;
      kept.add(glyph);
    }
    return glyph;
  };
  return font;
}

/** Shaped runs kept per font; dropped all at once when there are this many, so that memory stays flat. */
const LAYOUTS_KEPT = 20_000;

/**
 * Keeps the font's shaped runs across documents: a form prints the same labels in every copy, and shaping a string
 * with Noto's GSUB and GPOS tables is much of the time left. pdfkit scales the positions of the run it is given in
 * place, so each call gets its own copy of them (same glyphs, new position objects).
 */
function keepLayouts(font: ParsedFont): ParsedFont {
  const layout = font.layout.bind(font);
  const kept = new Map<string, GlyphRun>();
  const copy = <T extends object>(o: T): T => Object.assign(Object.create(Object.getPrototypeOf(o) as object | null) as T, o);
  font.layout = (text: string, ...rest: unknown[]): GlyphRun => {
    const key = rest.length === 0 || rest.every((r) => r === undefined) ? text : `${text}\u0000${JSON.stringify(rest)}`;
    let run = kept.get(key);
    if (run === undefined) {
      if (kept.size >= LAYOUTS_KEPT) kept.clear();
      run = layout(text, ...rest);
      kept.set(key, run);
    }
    return Object.assign(copy(run), { positions: run.positions.map(copy) });
  };
  return font;
}

/**
 * Loads pdfmake so that every document shares the parsed fonts. pdfkit opens a font anew for each document, and
 * fontkit then decodes the 10 MB Noto Sans SC's tables and glyph metrics again, which was most of a page's render
 * time. A parsed fontkit font is only read afterwards (pdfkit keeps a document's subset and widths in its own
 * objects), so the parse of each of the given buffers is kept for the process; other fonts pass through. fontkit's
 * exports cannot be redefined, so pdfkit is given, through Node's module cache and before it is first loaded, a
 * fontkit whose `create` keeps the parse. Were pdfkit already loaded by someone else, rendering stays right, only
 * slower.
 */
function loadPdfmake(buffers: readonly Buffer[]): typeof Pdfmake {
  const require = createRequire(import.meta.url);
  const fontkitPath = createRequire(require.resolve('pdfkit')).resolve('fontkit');
  const fontkit = require(fontkitPath) as Fontkit;
  const entry = require.cache[fontkitPath];
  if (entry !== undefined && !('shared' in entry)) {
    const create = fontkit.create.bind(fontkit);
    const parsed = new Map<Uint8Array, Map<string, unknown>>(buffers.map((b) => [b, new Map()]));
    const sharedCreate: Fontkit['create'] = (buffer, postscriptName) => {
      const fonts = parsed.get(buffer);
      if (fonts === undefined) return create(buffer, postscriptName);
      const key = postscriptName ?? '';
      let font = fonts.get(key);
      if (font === undefined) {
        font = keepGlyphDecodes(keepLayouts(create(buffer, postscriptName) as ParsedFont));
        fonts.set(key, font);
      }
      return font;
    };
    entry.exports = Object.create(fontkit, { create: { value: sharedCreate, enumerable: true } }) as Fontkit;
    Object.assign(entry, { shared: true });
  }
  return require('pdfmake') as typeof Pdfmake;
}

let pdfmake: typeof Pdfmake | undefined;

/**
 * Gives pdfmake the fonts once per process, from memory (no file is read per document), and forbids it every URL
 * and local file: a document's images come as bytes.
 */
function preparePdfmake(): typeof Pdfmake {
  if (pdfmake !== undefined) return pdfmake;
  const files = pdfFontFiles();
  pdfmake = loadPdfmake([files.regular, files.bold, files.symbol, files.symbolBold]);
  const { virtualfs } = pdfmake as unknown as PdfmakeServer;
  virtualfs.writeFileSync('NotoSansSC-Regular.ttf', files.regular);
  virtualfs.writeFileSync('NotoSansSC-Bold.ttf', files.bold);
  virtualfs.writeFileSync('DejaVuSans.ttf', files.symbol);
  virtualfs.writeFileSync('DejaVuSans-Bold.ttf', files.symbolBold);
  pdfmake.setFonts({
    [TEXT_FONT]: { normal: 'NotoSansSC-Regular.ttf', bold: 'NotoSansSC-Bold.ttf', italics: 'NotoSansSC-Regular.ttf', bolditalics: 'NotoSansSC-Bold.ttf' },
    [SYMBOL_FONT]: { normal: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italics: 'DejaVuSans.ttf', bolditalics: 'DejaVuSans-Bold.ttf' },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  return pdfmake;
}

const pt = (mm: number): number => mm * PT_PER_MM;

function pageSize(document: FormDocument): { width: number; height: number } {
  const portrait = { width: pt(A4_MM.width), height: pt(A4_MM.height) };
  return document.orientation === 'landscape' ? { width: portrait.height, height: portrait.width } : portrait;
}

/** The white space kept around a QR code, in points. */
const QR_QUIET = 4;

/** DejaVu's boxes are drawn smaller than a Chinese character of the same size: printed a little larger, they match. */
const BOX_SCALE = 1.2;

function runsContent(runs: readonly Run[], size: number): ContentText[] {
  const out: ContentText[] = [];
  runs.forEach((run, i) => {
    if (isCheckRun(run)) {
      out.push({ text: run.check ? CHECKED_BOX : EMPTY_BOX, font: SYMBOL_FONT, fontSize: size * BOX_SCALE, lineHeight: LINE_HEIGHT / BOX_SCALE });
      const next = runs[i + 1];
      out.push({ text: next !== undefined && isCheckRun(next) ? `${run.label}${CHECK_GAP}` : run.label });
    } else {
      out.push({ text: run.text, ...(run.bold === true ? { bold: true } : {}), ...(run.underline === true ? { decoration: 'underline' } : {}) });
    }
  });
  return out;
}

function paragraphContent(p: Paragraph, cellAlign?: Paragraph['align']): Content {
  const style = TEXT_STYLES[p.style ?? 'body'];
  const runs = runsContent(p.runs, style.size);
  const content: ContentText = {
    // An empty paragraph keeps its line, as in Word.
    text: runs.length === 0 ? ' ' : runs,
    fontSize: style.size,
    bold: style.bold,
    // A cell's alignment, when it has one, is its paragraphs' (label(x, { align: 'left' }) prints x on the left).
    alignment: cellAlign ?? p.align ?? 'left',
    ...(p.indent === undefined ? {} : { leadingIndent: p.indent * style.size }),
    ...(p.spaceAfter === undefined ? {} : { margin: [0, 0, 0, pt(p.spaceAfter)] }),
  };
  return content;
}

function dataUrl(bytes: Uint8Array, mime: string): string {
  return `data:${mime};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

/** A block set in `width` points; in a cell, with the cell's alignment, and flush with its grid when it is the cell's only table. */
/**
 * What one pass over the document knows and learns. pdfmake 0.3 aligns a cell vertically by moving its content when
 * the page is drawn, and goes wrong when the table runs over a page break (rows after it lost, a graphics state
 * restored that was not saved). So a first pass aligns nothing and learns which tables cross a page; a second aligns
 * the others, and is printed if none of those crosses a page (alignment moves nothing in the layout, but a table
 * aligned can give up its repeated header and unbroken rows, which moves the breaks after it); else a third tries
 * without those too, and failing that the first pass is printed. A document whose tables all cross pages (the
 * 登记备案表 and 结项表, one table over two or three pages) is laid out once.
 */
/** Passes that align tables, after the first that aligns none. */
const ALIGNED_PASSES = 2;

interface Pass {
  /** Tables to print without vertical alignment. */
  readonly unaligned: ReadonlySet<Table>;
  /** No table aligned: the last resort when passes keep finding aligned tables across page breaks. */
  readonly alignNone: boolean;
  /** pdfmake's table object of each of the document's tables, to know them again in pageBreakBefore. */
  readonly tables: Map<object, Table>;
  /** The tables printed with their cells aligned. */
  readonly aligned: Set<Table>;
}

function blockContent(pass: Pass, block: CellBlock, width: number, inCell?: { readonly align: Paragraph['align']; readonly flush: boolean; readonly aligned: boolean }): Content {
  switch (block.kind) {
    case 'paragraph':
      return paragraphContent(block, inCell?.align);
    case 'image': {
      // Narrowed to the space it has, keeping its proportions; its own when no height is given.
      const w = Math.min(pt(block.width), width);
      const picture: Content =
        block.height === undefined ? { image: dataUrl(block.data, block.mime), width: w } : { image: dataUrl(block.data, block.mime), width: w, height: (pt(block.height) * w) / pt(block.width) };
      if (block.caption === undefined) return picture;
      return { stack: [picture, { text: block.caption, fontSize: TEXT_STYLES.small.size, alignment: 'center', margin: [0, 2, 0, 0] }], alignment: 'center' };
    }
    case 'qr':
      // With a quiet zone of about two modules around it, so that a scanner finds its edge.
      return { qr: block.value, fit: Math.min(pt(block.size), width - 2 * QR_QUIET), eccLevel: 'M', margin: [QR_QUIET, QR_QUIET, QR_QUIET, QR_QUIET] };
    case 'table': {
      if (inCell !== undefined) return tableContent(pass, block, width, inCell.flush, inCell.aligned);
      const pieces = sectionPieces(block);
      if (pieces.length === 1) return tableContent(pass, block, width, false, true);
      // Each piece's top line lies on the line that ends the piece before it.
      return { stack: pieces.map((piece, i) => (i === 0 ? tableContent(pass, piece, width, false, true) : { stack: [tableContent(pass, piece, width, false, true)], margin: [0, -LINE, 0, 0] })) };
    }
  }
}

const pieces = new WeakMap<Table, readonly Table[]>();

/**
 * A page's table cut before each row kept with the next (a section's heading), where no row span crosses the cut;
 * the same pieces for the same table in every pass. Each piece that starts with such a row prints it as its header
 * row kept with the row after it (pdfmake's `keepWithHeaderRows`), so a heading moves to the next page with its
 * section rather than stay alone at the foot of a page; pdfmake repeats it at the top of a page the section runs on
 * to. A table with header rows of its own is not cut.
 */
function sectionPieces(table: Table): readonly Table[] {
  const known = pieces.get(table);
  if (known !== undefined) return known;
  let out: readonly Table[] = [table];
  if (!table.rows.some((r) => r.header === true)) {
    const placed = placeCells(table.rows, table.widths.length);
    const crossed = (cut: number): boolean => placed.some((row, r) => r < cut && row.some((p) => r + p.rowSpan > cut));
    const cuts = table.rows.flatMap((row, i) => (i > 0 && i + 1 < table.rows.length && row.keepWithNext === true && !crossed(i) ? [i] : []));
    if (cuts.length > 0) out = [0, ...cuts].map((from, k) => ({ ...table, rows: table.rows.slice(from, cuts[k] ?? table.rows.length) }));
  }
  pieces.set(table, out);
  return out;
}

/**
 * A table `width` points wide. A flush table is a cell's only content and shares the cell's grid: it spreads over the
 * cell's padding and draws no outer lines of its own, so a two-level form reads as one grid.
 */
function tableContent(pass: Pass, table: Table, width: number, flush: boolean, parentAligned: boolean): Content {
  const aligned = parentAligned && !pass.alignNone && !pass.unaligned.has(table);
  const columns = table.widths.length;
  const total = table.widths.reduce((a, b) => a + b, 0);
  // pdfmake's widths are the cells' content: the table's width also holds each cell's padding and the grid lines.
  const content = flush ? width + 2 * PAD_X - columns * 2 * PAD_X - (columns - 1) * LINE : width - columns * 2 * PAD_X - (columns + 1) * LINE;
  const widths = table.widths.map((w) => (content * w) / total);
  const spanWidth = (column: number, span: number): number =>
    widths.slice(column, column + span).reduce((a, b) => a + b, 0) + (span - 1) * (2 * PAD_X + LINE);

  const placed = placeCells(table.rows, columns);
  const body: TableCell[][] = placed.map((row) => {
    const cells: TableCell[] = new Array<TableCell>(columns).fill({});
    for (const p of row) {
      const inner = spanWidth(p.column, p.colSpan);
      const flush = p.cell.blocks.length === 1 && p.cell.blocks[0]?.kind === 'table';
      const blocks = p.cell.blocks.map((b) => blockContent(pass, b, inner, { align: p.cell.align, flush, aligned }));
      cells[p.column] = {
        stack: blocks.length === 0 ? [{ text: ' ' }] : blocks,
        ...(p.colSpan > 1 ? { colSpan: p.colSpan } : {}),
        ...(p.rowSpan > 1 ? { rowSpan: p.rowSpan } : {}),
        ...(p.cell.align === undefined ? {} : { alignment: p.cell.align }),
        ...(p.cell.shaded === true ? { fillColor: `#${SHADE_COLOUR}` } : {}),
        ...(aligned ? { verticalAlignment: p.cell.valign ?? 'middle' } : {}),
      };
    }
    return cells;
  });

  let headerRows = 0;
  while (table.rows[headerRows]?.header === true) headerRows++;
  // A table that starts with a row kept with the next (a section's piece, see sectionPieces) has it as its header.
  const keepFirst = headerRows === 0 && table.rows[0]?.keepWithNext === true && table.rows.length > 1;
  if (keepFirst) headerRows = 1;
  // pdfmake 0.3's vertical alignment of a cell spanning rows goes wrong in a table that repeats its header rows
  // (the text is printed twice) or keeps its rows whole (the text is lost or drops to the bottom), even on one page.
  // Such a table keeps its cells' alignment and gives up the repeated header and the unbroken rows, which matter
  // less on forms that fit a page or two; printed top-aligned (see Pass), it has them again.
  const spansAligned = aligned && placed.some((row) => row.some((p) => p.rowSpan > 1 && (p.cell.valign ?? 'middle') !== 'top'));
  if (spansAligned) headerRows = 0;
  const keepRows = table.keepRows === true && !spansAligned;
  const heights = table.rows.map((row) => (row.minHeight === undefined ? 'auto' : Math.max(0, pt(row.minHeight) - 2 * PAD_Y)));

  const tableNode = {
    widths,
    heights: (i: number) => heights[i] ?? 'auto',
    body,
    ...(headerRows > 0 ? { headerRows } : {}),
    ...(headerRows > 0 && keepFirst ? { keepWithHeaderRows: 1 } : {}),
    ...(keepRows ? { dontBreakRows: true } : {}),
  };
  pass.tables.set(tableNode, table);
  if (aligned) pass.aligned.add(table);
  return {
    table: tableNode,
    ...(flush ? { margin: [-PAD_X, -PAD_Y, -PAD_X, -PAD_Y] } : {}),
    layout: {
      hLineWidth: (i: number) => (flush && (i === 0 || i === table.rows.length) ? 0 : LINE),
      vLineWidth: (i: number) => (flush && (i === 0 || i === columns) ? 0 : LINE),
      hLineColor: () => '#000000',
      vLineColor: () => '#000000',
      paddingLeft: () => PAD_X,
      paddingRight: () => PAD_X,
      paddingTop: () => PAD_Y,
      paddingBottom: () => PAD_Y,
    },
  };
}

function documentContent(pass: Pass, blocks: readonly Block[], width: number): Content[] {
  const out: Content[] = [];
  let breakNext = false;
  for (const block of blocks) {
    if (block.kind === 'pageBreak') {
      breakNext = true;
      continue;
    }
    const content = blockContent(pass, block, width);
    out.push(breakNext ? { stack: [content], pageBreak: 'before' } : content);
    breakNext = false;
  }
  return out;
}

function definition(document: FormDocument, createdAt: Date, pass: Pass, crossing: Set<Table>): TDocumentDefinitions {
  const size = pageSize(document);
  const margins: [number, number, number, number] = [pt(PAGE_MARGINS_MM.left), pt(PAGE_MARGINS_MM.top), pt(PAGE_MARGINS_MM.right), pt(PAGE_MARGINS_MM.bottom)];
  const textWidth = size.width - margins[0] - margins[2];
  const label = document.pageLabel;
  return {
    pageSize: 'A4',
    pageOrientation: document.orientation,
    pageMargins: margins,
    info: { title: document.title, creator: '民生微实事信息管理系统', producer: '民生微实事信息管理系统', creationDate: createdAt, modDate: createdAt },
    defaultStyle: { font: TEXT_FONT, fontSize: TEXT_STYLES.body.size, lineHeight: LINE_HEIGHT },
    ...(label === undefined
      ? {}
      : { header: (): Content => ({ text: label, fontSize: PAGE_LABEL_SIZE, margin: [margins[0], pt(PAGE_LABEL_TOP_MM), margins[2], 0] }) }),
    content: documentContent(pass, document.blocks, textWidth),
    pageBreakBefore: (node) => {
      const table = node.table === undefined ? undefined : pass.tables.get(node.table);
      if (table !== undefined && node.pageNumbers.length > 1) crossing.add(table);
      return false;
    },
  };
}

/**
 * Reads and parses the fonts now rather than on the first document (about a third of a second), e.g. when the
 * server starts.
 */
export async function warmUpPdf(): Promise<void> {
  await renderPdf({ title: '', orientation: 'portrait', blocks: [{ kind: 'paragraph', runs: [{ text: '民生微实事 ' }, { check: true, label: '是' }, { text: '否', bold: true }] }] }, { createdAt: new Date(0) });
}

/** The document as PDF bytes. */
export async function renderPdf(document: FormDocument, options: RenderOptions): Promise<Buffer> {
  const pdfmake = preparePdfmake();
  const pass = (unaligned: ReadonlySet<Table>, alignNone: boolean): { def: TDocumentDefinitions; aligned: ReadonlySet<Table>; crossing: ReadonlySet<Table> } => {
    const state: Pass = { unaligned, alignNone, tables: new Map(), aligned: new Set() };
    const crossing = new Set<Table>();
    return { def: definition(document, options.createdAt, state, crossing), aligned: state.aligned, crossing };
  };
  const plain = pass(new Set(), true);
  const first = pdfmake.createPdf(plain.def);
  // Laid out and drawn, not finished (fonts subset, streams compressed) until its bytes are asked for.
  await first.getStream();
  const unaligned = new Set(plain.crossing);
  for (let n = 0; n < ALIGNED_PASSES; n++) {
    const next = pass(unaligned, false);
    if (next.aligned.size === 0) break;
    const pdf = pdfmake.createPdf(next.def);
    await pdf.getStream();
    const wrong = [...next.crossing].filter((t) => next.aligned.has(t));
    if (wrong.length === 0) return pdf.getBuffer();
    for (const t of wrong) unaligned.add(t);
  }
  return first.getBuffer();
}
