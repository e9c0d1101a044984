/**
 * Reading rendered documents back in tests: a PDF's text per page (pdfjs-dist), its page count, a DOCX's text
 * (word/document.xml), a PDF's pages as PNG files (pdftoppm, from poppler-utils), and a small picture to print.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

async function openPdf(buffer: Uint8Array): Promise<PDFDocumentProxy> {
  // pdfjs takes ownership of the bytes it is given: hand it a copy. No worker, no font or CMap fetching.
  return getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, disableFontFace: true, isEvalSupported: false, verbosity: 0 }).promise;
}

/** The text of each page, its items joined as pdfjs reads them (a line break where pdfjs marks one). */
export async function pdfText(buffer: Uint8Array): Promise<string[]> {
  const pdf = await openPdf(buffer);
  try {
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
}

/** A piece of a page's text and where it stands: x from the left, y from the bottom of the page (its baseline), in points. */
export interface PdfTextItem {
  readonly text: string;
  readonly x: number;
  readonly y: number;
}

/** The text pieces of one page (1-based) with their positions. */
export async function pdfTextItems(buffer: Uint8Array, pageNumber: number): Promise<PdfTextItem[]> {
  const pdf = await openPdf(buffer);
  try {
    const content = await (await pdf.getPage(pageNumber)).getTextContent();
    return content.items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [{ text: item.str, x: Number(item.transform[4]), y: Number(item.transform[5]) }] : []));
  } finally {
    await pdf.destroy();
  }
}

export async function pdfPageCount(buffer: Uint8Array): Promise<number> {
  const pdf = await openPdf(buffer);
  try {
    return pdf.numPages;
  } finally {
    await pdf.destroy();
  }
}

/** The PDF's info dictionary (Title, CreationDate …) as pdfjs reads it. */
export async function pdfInfo(buffer: Uint8Array): Promise<Record<string, unknown>> {
  const pdf = await openPdf(buffer);
  try {
    const { info } = await pdf.getMetadata();
    return info as Record<string, unknown>;
  } finally {
    await pdf.destroy();
  }
}

/** The size of each page in points, [width, height]. */
export async function pdfPageSizes(buffer: Uint8Array): Promise<[number, number][]> {
  const pdf = await openPdf(buffer);
  try {
    const sizes: [number, number][] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const [, , w, h] = (await pdf.getPage(n)).view;
      sizes.push([w ?? 0, h ?? 0]);
    }
    return sizes;
  } finally {
    await pdf.destroy();
  }
}

const XML_ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&amp;': '&' };

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp);/g, (m) => XML_ENTITIES[m] ?? m);
}

/** A DOCX part's XML, e.g. 'word/document.xml'. */
export async function docxPart(buffer: Uint8Array, name: string): Promise<string> {
  const zip = await JSZip.loadAsync(buffer);
  const file = zip.file(name);
  if (file === null) throw new Error(`The DOCX has no ${name}.`);
  return file.async('string');
}

/**
 * The text of word/document.xml: a paragraph a line, the paragraphs of a table cell joined by a space and a row's
 * cells by a tab, as layout.ts's documentText writes them.
 */
export async function docxText(buffer: Uint8Array): Promise<string> {
  const xml = await docxPart(buffer, 'word/document.xml');
  const paragraphText = (p: string): string =>
    [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>/g)].map((m) => (m[1] === undefined ? (m[0] === '<w:tab/>' ? '\t' : '\n') : unescapeXml(m[1]))).join('');
  const paragraphs = (x: string): string[] => [...x.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>|<w:p(?:\s[^>]*)?\/>/g)].map((m) => paragraphText(m[1] ?? ''));
  const lines: string[] = [];
  // Top-level tables are read row by row; a table inside a cell is read as the cell's text.
  const body = xml.slice(xml.indexOf('<w:body>') + 8, xml.lastIndexOf('</w:body>'));
  let rest = body;
  while (rest.length > 0) {
    const p = rest.search(/<w:p[\s>/]/);
    const t = rest.indexOf('<w:tbl>');
    if (t >= 0 && (p < 0 || t < p)) {
      const end = matchingEnd(rest, t, 'w:tbl');
      const table = rest.slice(t, end);
      for (const row of topLevel(table.slice('<w:tbl>'.length), 'w:tr')) {
        lines.push(topLevel(row, 'w:tc').map((cell) => paragraphs(cell).filter((s) => s !== '').join(' ')).join('\t'));
      }
      rest = rest.slice(end);
    } else if (p >= 0) {
      const selfClosing = /^<w:p(?:\s[^>]*)?\/>/.exec(rest.slice(p));
      const end = selfClosing === null ? matchingEnd(rest, p, 'w:p') : p + selfClosing[0].length;
      lines.push(paragraphs(rest.slice(p, end)).join(''));
      rest = rest.slice(end);
    } else {
      break;
    }
  }
  return lines.join('\n');
}

/** A cell of a DOCX table as Word stores it. */
export interface DocxCell {
  /** The cell's paragraphs, a space between them (nested tables' text included). */
  readonly text: string;
  readonly gridSpan: number;
  /** 'restart' for the first cell of a vertical merge, 'continue' for the cells it covers. */
  readonly vMerge?: 'restart' | 'continue';
  /** The shading fill, e.g. 'E7E6E6'. */
  readonly fill?: string;
  /** The cell's width in twips. */
  readonly width: number;
  /** The pictures' widths in EMU (914,400 an inch). */
  readonly pictureWidths: readonly number[];
  readonly tables: readonly DocxTable[];
}

export interface DocxTable {
  /** The grid's column widths in twips. */
  readonly grid: readonly number[];
  readonly rows: readonly (readonly DocxCell[])[];
}

function parseTable(xml: string): DocxTable {
  const inner = xml.slice(xml.indexOf('>') + 1, xml.lastIndexOf('</w:tbl>'));
  const grid = [...(/<w:tblGrid>([\s\S]*?)<\/w:tblGrid>/.exec(inner)?.[1] ?? '').matchAll(/<w:gridCol w:w="(\d+)"/g)].map((m) => Number(m[1]));
  const rows = topLevel(inner, 'w:tr').map((tr) =>
    topLevel(tr.slice(tr.indexOf('>') + 1, tr.lastIndexOf('</w:tr>')), 'w:tc').map((tc): DocxCell => {
      const body = tc.slice(tc.indexOf('>') + 1, tc.lastIndexOf('</w:tc>'));
      const tables = topLevel(body, 'w:tbl');
      let own = body;
      for (const t of tables) own = own.replace(t, '');
      const props = /<w:tcPr>([\s\S]*?)<\/w:tcPr>/.exec(own)?.[1] ?? '';
      const vMerge = /<w:vMerge(?: w:val="(\w+)")?\/>/.exec(props);
      const fill = /<w:shd [^>]*w:fill="([0-9A-Fa-f]{6})"/.exec(props)?.[1];
      return {
        text: [...body.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescapeXml(m[1] ?? '')).join(''),
        gridSpan: Number(/<w:gridSpan w:val="(\d+)"\/>/.exec(props)?.[1] ?? 1),
        ...(vMerge === null ? {} : { vMerge: vMerge[1] === 'restart' ? 'restart' : 'continue' }),
        ...(fill === undefined ? {} : { fill }),
        width: Number(/<w:tcW [^>]*w:w="(\d+)"/.exec(props)?.[1] ?? /<w:tcW w:w="(\d+)"/.exec(props)?.[1] ?? 0),
        pictureWidths: [...own.matchAll(/<wp:extent cx="(\d+)"/g)].map((m) => Number(m[1])),
        tables: tables.map(parseTable),
      };
    }),
  );
  return { grid, rows };
}

/** The tables of word/document.xml's body, in order, with the tables inside their cells. */
export async function docxTables(buffer: Uint8Array): Promise<DocxTable[]> {
  const xml = await docxPart(buffer, 'word/document.xml');
  const body = xml.slice(xml.indexOf('<w:body>') + 8, xml.lastIndexOf('</w:body>'));
  return topLevel(body, 'w:tbl').map(parseTable);
}

/** The index just after the element opened at `start`, counting nested elements of the same name. */
function matchingEnd(xml: string, start: number, tag: string): number {
  const re = new RegExp(`<${tag}(?=[\\s>/])[^>]*?(/?)>|</${tag}>`, 'g');
  re.lastIndex = start;
  let depth = 0;
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) {
    if (m[0].startsWith('</')) depth--;
    else if (m[1] !== '/') depth++;
    if (depth === 0) return m.index + m[0].length;
  }
  throw new Error(`Unclosed <${tag}>.`);
}

/** The direct children named `tag` of an element's content. */
function topLevel(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}(?=[\\s>])`, 'g');
  let from = 0;
  for (;;) {
    re.lastIndex = from;
    const m = re.exec(xml);
    if (m === null) return out;
    const end = matchingEnd(xml, m.index, tag);
    out.push(xml.slice(m.index, end));
    from = end;
  }
}

/**
 * Whether pages can be drawn here: pdftoppm (poppler-utils) is on the machine. `.ci/run` installs it, and in CI the
 * tests that draw pages always run (a missing pdftoppm fails them); elsewhere they are skipped without it, so that
 * `npm test` needs nothing beyond `npm install`.
 */
export const CAN_DRAW_PDF = process.env.CI === 'true' || spawnSync('pdftoppm', ['-v']).error === undefined;

/** Renders each page to `outDir/prefix-N.png` at 100 dpi with pdftoppm; the PNG paths, in page order. */
export function renderPdfPages(buffer: Uint8Array, outDir: string, prefix: string): string[] {
  mkdirSync(outDir, { recursive: true });
  // pdftoppm names pages prefix-1.png or prefix-01.png by the page count: clear the earlier run's pages first.
  for (const f of readdirSync(outDir)) if (f.startsWith(`${prefix}-`) && f.endsWith('.png')) rmSync(join(outDir, f), { force: true });
  execFileSync('pdftoppm', ['-png', '-r', '100', '-', join(outDir, prefix)], { input: buffer });
  return readdirSync(outDir)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png'))
    .sort((a, b) => pageNumber(a) - pageNumber(b))
    .map((f) => join(outDir, f));
}

/** What poppler complains of while drawing every page (e.g. 'Restoring state when no valid states to pop'); '' when nothing. */
export function pdfDrawingErrors(buffer: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-draw-'));
  try {
    const run = spawnSync('pdftoppm', ['-png', '-r', '20', '-', join(dir, 'p')], { input: buffer, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`pdftoppm failed: ${run.stderr}`);
    return run.stderr.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pageNumber(file: string): number {
  return Number(/-(\d+)\.png$/.exec(file)?.[1] ?? 0);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A `width`×`height` RGB PNG: a blue-to-green gradient with a dark frame, to see where a picture lands and its proportions. */
export function gradientPng(width = 160, height = 100): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const frame = x < 3 || y < 3 || x >= width - 3 || y >= height - 3;
      const i = row + 1 + x * 3;
      raw[i] = frame ? 40 : 30;
      raw[i + 1] = frame ? 40 : Math.round(90 + (150 * x) / width);
      raw[i + 2] = frame ? 40 : Math.round(230 - (120 * y) / height);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}
