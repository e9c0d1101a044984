/**
 * What an upload really is. The type comes from the content (the `file-type` package), never from the name or the
 * declared type; then the structure that type implies is checked, so that a few magic bytes in front of something
 * else are not enough:
 *
 * - PDF: header `%PDF-n.m`, `%%EOF` in the last 1024 bytes with nothing but whitespace after it, `startxref` pointing
 *   at a cross-reference table (`xref` … `trailer << … /Root … >>`) or a cross-reference stream (`/Type /XRef`, `/Root`).
 * - PNG: every chunk whole with a correct CRC, IHDR first and valid, PLTE where the colour type needs it, the IDAT
 *   data inflating to exactly the scanlines IHDR announces (each with a valid filter byte), IEND last, nothing after.
 * - JPEG: SOI, then well-formed marker segments (one frame header, scans after it, entropy-coded data between
 *   markers), EOI. Bytes after EOI are tolerated (phones append motion-photo and multi-picture data there).
 * - DOCX / XLSX: a readable zip holding `[Content_Types].xml` (declaring the document's main part, not a
 *   macro-enabled one), `_rels/.rels` and `word/document.xml` / `xl/workbook.xml`; no entry escaping the package
 *   (`..`, absolute paths), no executable (`.exe`, `.dll`, `.bat`, `.js`, `.vbs` …) and no macro or ActiveX part
 *   (`vbaProject.bin`, `activeX/`).
 * - Images: no markup or script (`<?php`, `<script`, `<html` …) anywhere in the bytes.
 *
 * The file name is cleaned (control and bidirectional-formatting characters removed, path characters replaced) and
 * its extension must agree with the detected type: `x.html` whose content is a PDF is refused, not renamed, so what
 * a person sees in a list is what they get. A name without an extension gets the detected one.
 *
 * Real parsers were weighed: pdf.js (pdfjs-dist) is several megabytes and pdf-lib is no longer maintained; full
 * JPEG/PNG decoders in JavaScript (jpeg-js, pngjs) hold the event loop for a second or more on a camera photo. The
 * checks here read every byte once and keep memory bounded (IDAT is inflated as a stream and counted, not kept).
 */
import { Buffer } from 'node:buffer';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { fileTypeFromBuffer } from 'file-type';
import JSZip from 'jszip';
import { AppError } from '../../errors.js';

export type AttachmentType = 'pdf' | 'jpg' | 'png' | 'docx' | 'xlsx';

interface TypeInfo {
  readonly mime: string;
  /** The extension given to a name that has none. */
  readonly extension: string;
  /** Extensions a name may carry for this type (lower case). */
  readonly extensions: readonly string[];
  readonly label: string;
}

export const ATTACHMENT_TYPES: Readonly<Record<AttachmentType, TypeInfo>> = {
  pdf: { mime: 'application/pdf', extension: 'pdf', extensions: ['pdf'], label: 'PDF' },
  jpg: { mime: 'image/jpeg', extension: 'jpg', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'], label: 'JPG 图片' },
  png: { mime: 'image/png', extension: 'png', extensions: ['png'], label: 'PNG 图片' },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    extensions: ['docx'],
    label: 'Word 文档（DOCX）',
  },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    extensions: ['xlsx'],
    label: 'Excel 表格（XLSX）',
  },
};

export interface AcceptedUpload {
  readonly type: AttachmentType;
  readonly mime: string;
  /** The cleaned name, its extension one of the type's. */
  readonly filename: string;
}

/** A refusal: ATTACHMENT_TYPE_REFUSED with a sentence saying what was wrong. */
function refuse(reason: string): AppError {
  return new AppError('ATTACHMENT_TYPE_REFUSED', { reason }, `附件被拒绝：${reason}。仅接受 PDF、JPG、PNG、DOCX、XLSX`);
}

// ── names ────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * C0 and C1 controls, and the characters that reorder or hide text: ALM (U+061C), zero-width space/joiners and
 * LRM/RLM (U+200B–U+200F), LRE/RLE/PDF/LRO/RLO (U+202A–U+202E), word joiner and invisible operators (U+2060–U+2064),
 * LRI/RLI/FSI/PDI (U+2066–U+2069), BOM (U+FEFF). `会议纪要\u202Efdp.exe` would show as `会议纪要exe.pdf`.
 */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;
const MAX_NAME = 200;

/** A name safe to store and to send back in Content-Disposition: no controls, no bidi tricks, no path characters. */
export function cleanFilename(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(/[\\/:*?"<>|]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/gu, '');
  const chars = [...cleaned];
  if (chars.length <= MAX_NAME) return cleaned;
  const ext = extensionOf(cleaned);
  const tail = ext === null ? '' : `.${ext}`;
  return chars.slice(0, MAX_NAME - tail.length).join('') + tail;
}

/** The name's extension in lower case, or null when its last dot is not followed by one (`2026.9` has none). */
export function extensionOf(name: string): string | null {
  const m = /\.([A-Za-z][A-Za-z0-9]{0,9})$/.exec(name);
  return m?.[1] === undefined ? null : m[1].toLowerCase();
}

// ── detection ────────────────────────────────────────────────────────────────────────────────────────────────────

const DETECTED: Readonly<Record<string, AttachmentType>> = { pdf: 'pdf', jpg: 'jpg', png: 'png', docx: 'docx', xlsx: 'xlsx' };
const MACRO_TYPES = new Set(['docm', 'dotm', 'xlsm', 'xltm', 'xlam', 'pptm', 'potm', 'ppsm', 'ppam']);

/** Detects the type by content, checks its structure and the name; the accepted type and cleaned name, or a refusal. */
export async function inspectUpload(bytes: Buffer, declaredName: string): Promise<AcceptedUpload> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected !== undefined && MACRO_TYPES.has(detected.ext)) throw refuse('文件含有宏（启用宏的 Office 文档）');
  const type = detected === undefined ? undefined : DETECTED[detected.ext];
  if (type === undefined) {
    if (detected?.ext === 'zip') throw refuse('压缩包不是有效的 Word（DOCX）或 Excel（XLSX）文档');
    throw refuse(detected === undefined ? '无法识别文件内容' : `文件内容为 ${detected.ext.toUpperCase()}`);
  }
  switch (type) {
    case 'pdf':
      checkPdf(bytes);
      break;
    case 'png':
      checkNoMarkup(await checkPng(bytes), 'PNG 图片');
      break;
    case 'jpg':
      checkNoMarkup(checkJpeg(bytes), 'JPG 图片');
      break;
    case 'docx':
    case 'xlsx':
      await checkOoxml(bytes, type);
      break;
  }
  const info = ATTACHMENT_TYPES[type];
  const name = cleanFilename(declaredName);
  const ext = extensionOf(name);
  if (ext === null) return { type, mime: info.mime, filename: `${name === '' ? '附件' : name}.${info.extension}` };
  if (!info.extensions.includes(ext)) throw refuse(`文件名的扩展名“.${ext}”与文件内容（${info.label}）不符，请使用 .${info.extension} 文件名`);
  return { type, mime: info.mime, filename: name };
}

// ── PDF ──────────────────────────────────────────────────────────────────────────────────────────────────────────

const isPdfSpace = (b: number | undefined): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;

export function checkPdf(bytes: Buffer): void {
  const bad = (what: string): AppError => refuse(`不是有效的 PDF 文件（${what}）`);
  if (!/^%PDF-[12]\.\d/.test(bytes.subarray(0, 8).toString('latin1'))) throw bad('文件头');
  const tailStart = Math.max(0, bytes.length - 1024);
  const tail = bytes.subarray(tailStart).toString('latin1');
  const eof = tail.lastIndexOf('%%EOF');
  if (eof < 0) throw bad('缺少 %%EOF 结束标记');
  for (let i = tailStart + eof + 5; i < bytes.length; i++) if (!isPdfSpace(bytes[i])) throw bad('%%EOF 之后还有内容');
  const sx = /startxref\s+(\d+)\s*$/.exec(tail.slice(0, eof));
  if (sx === null) throw bad('缺少 startxref');
  const offset = Number(sx[1]);
  if (!Number.isSafeInteger(offset) || offset < 8 || offset >= tailStart + eof) throw bad('startxref 位置超出文件');
  let at = offset;
  while (at < bytes.length && isPdfSpace(bytes[at])) at++;
  const head = bytes.subarray(at, Math.min(bytes.length, at + 64 * 1024)).toString('latin1');
  if (head.startsWith('xref')) {
    if (!/^xref\s+\d+\s+\d+\s+\d{10} \d{5} [fn]/.test(head)) throw bad('交叉引用表格式错误');
    // The table runs 20 bytes an object; its trailer follows it (in a linearized file, much later).
    const trailerAt = bytes.indexOf('trailer', at, 'latin1');
    const trailer = trailerAt < 0 ? null : /^trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(bytes.subarray(trailerAt, trailerAt + 64 * 1024).toString('latin1'));
    if (trailer === null || !/\/Root\s+\d+\s+\d+\s+R/.test(trailer[1] ?? '')) throw bad('缺少 trailer 或 /Root');
    return;
  }
  const obj = /^\d+\s+\d+\s+obj\s*<<([\s\S]*?)>>\s*stream/.exec(head);
  const dict = obj?.[1] ?? '';
  if (!/\/Type\s*\/XRef\b/.test(dict) || !/\/Root\s+\d+\s+\d+\s+R/.test(dict)) throw bad('startxref 未指向交叉引用表');
}

// ── PNG ──────────────────────────────────────────────────────────────────────────────────────────────────────────

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Allowed bit depths per colour type. */
const PNG_DEPTHS: Readonly<Record<number, readonly number[]>> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const PNG_CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** 200 megapixels: far beyond any scan or photo, and it bounds the work of the check. */
const MAX_PIXELS = 200_000_000;

/** Checks a PNG; the data of its ancillary chunks (text, EXIF …), to look at for markup. */
export async function checkPng(bytes: Buffer): Promise<Buffer[]> {
  const bad = (what: string): AppError => refuse(`不是有效的 PNG 图片（${what}）`);
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw bad('文件头');
  let pos = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | null = null;
  let palette = false;
  let ended = false;
  let idatState: 'before' | 'in' | 'after' = 'before';
  const idat: Buffer[] = [];
  const metadata: Buffer[] = [];
  while (pos < bytes.length) {
    if (ended) throw bad('IEND 之后还有内容');
    if (pos + 12 > bytes.length) throw bad('数据块不完整');
    const length = bytes.readUInt32BE(pos);
    const type = bytes.subarray(pos + 4, pos + 8).toString('latin1');
    if (length > 0x7fffffff || pos + 12 + length > bytes.length) throw bad(`数据块 ${type} 长度超出文件`);
    if (!/^[A-Za-z]{4}$/.test(type)) throw bad('数据块类型无效');
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    if (zlib.crc32(data, zlib.crc32(bytes.subarray(pos + 4, pos + 8))) !== bytes.readUInt32BE(pos + 8 + length)) throw bad(`数据块 ${type} 校验和错误`);
    if (header === null && type !== 'IHDR') throw bad('首个数据块不是 IHDR');
    if (idatState === 'in' && type !== 'IDAT') idatState = 'after';
    switch (type) {
      case 'IHDR': {
        if (header !== null || length !== 13) throw bad('IHDR 无效');
        const h = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), depth: data.readUInt8(8), colour: data.readUInt8(9), interlace: data.readUInt8(12) };
        if (h.width === 0 || h.height === 0 || h.width > 0x7fffffff || h.height > 0x7fffffff) throw bad('图片尺寸无效');
        if (h.width * h.height > MAX_PIXELS) throw bad('图片尺寸过大');
        if (!(PNG_DEPTHS[h.colour] ?? []).includes(h.depth) || data[10] !== 0 || data[11] !== 0 || h.interlace > 1) throw bad('IHDR 参数无效');
        header = h;
        break;
      }
      case 'PLTE':
        if (idatState !== 'before' || length === 0 || length % 3 !== 0 || length > 768) throw bad('PLTE 无效');
        palette = true;
        break;
      case 'IDAT':
        if (idatState === 'after') throw bad('IDAT 数据块不连续');
        idatState = 'in';
        idat.push(data);
        break;
      case 'IEND':
        if (length !== 0) throw bad('IEND 无效');
        ended = true;
        break;
      default:
        // An unknown critical chunk (upper-case first letter) cannot be decoded by anyone.
        if (type.charCodeAt(0) < 0x61) throw bad(`未知的关键数据块 ${type}`);
        metadata.push(data);
    }
    pos += 12 + length;
  }
  if (header === null || !ended) throw bad('缺少 IEND');
  if (idat.length === 0) throw bad('缺少图像数据');
  if (header.colour === 3 && !palette) throw bad('缺少调色板');
  await checkPngScanlines(idat, header, bad);
  return metadata;
}

/** The rows (count, bytes each without the filter byte) of each interlace pass, or of the one image. */
function pngRows(h: { width: number; height: number; depth: number; colour: number; interlace: number }): { rows: number; bytes: number }[] {
  const bitsPerPixel = h.depth * (PNG_CHANNELS[h.colour] ?? 0);
  const rowBytes = (w: number): number => Math.ceil((w * bitsPerPixel) / 8);
  if (h.interlace === 0) return [{ rows: h.height, bytes: rowBytes(h.width) }];
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ] as const;
  return passes
    .map(([x0, y0, dx, dy]) => ({ w: Math.ceil((h.width - x0) / dx), rows: Math.ceil((h.height - y0) / dy) }))
    .filter((p) => p.w > 0 && p.rows > 0)
    .map((p) => ({ rows: p.rows, bytes: rowBytes(p.w) }));
}

/** Inflates IDAT as a stream, checking each scanline's filter byte and the exact length, keeping nothing. */
async function checkPngScanlines(idat: readonly Buffer[], header: Parameters<typeof pngRows>[0], bad: (what: string) => AppError): Promise<void> {
  const rows = pngRows(header);
  const expected = rows.reduce((n, p) => n + p.rows * (p.bytes + 1), 0);
  let seen = 0;
  let pass = 0;
  let row = 0;
  let nextFilterAt = 0;
  const counter = new Writable({
    write(chunk: Buffer, _enc, done) {
      const end = seen + chunk.length;
      if (end > expected) return done(bad('图像数据多于图片尺寸'));
      while (nextFilterAt < end) {
        if (chunk.readUInt8(nextFilterAt - seen) > 4) return done(bad('扫描行过滤方式无效'));
        const p = rows[pass];
        if (p === undefined) break;
        nextFilterAt += p.bytes + 1;
        if (++row === p.rows) {
          pass++;
          row = 0;
          if (pass === rows.length) nextFilterAt = Number.POSITIVE_INFINITY;
        }
      }
      seen = end;
      done();
    },
  });
  try {
    await pipeline(
      (function* () {
        yield* idat;
      })(),
      zlib.createInflate(),
      counter,
    );
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw bad('图像数据无法解压');
  }
  if (seen !== expected) throw bad('图像数据少于图片尺寸');
}

// ── JPEG ─────────────────────────────────────────────────────────────────────────────────────────────────────────

/** Frame headers: SOF0–SOF3, SOF5–SOF7, SOF9–SOF11, SOF13–SOF15. */
const isSof = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

export function checkJpeg(bytes: Buffer): Buffer[] {
  const bad = (what: string): AppError => refuse(`不是有效的 JPG 图片（${what}）`);
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw bad('缺少 SOI');
  const metadata: Buffer[] = [];
  let pos = 2;
  let frame = false;
  let scans = 0;
  for (;;) {
    if (pos >= bytes.length || bytes[pos] !== 0xff) throw bad('标记段格式错误');
    while (bytes[pos] === 0xff) pos++;
    if (pos >= bytes.length) throw bad('缺少 EOI');
    const marker = bytes.readUInt8(pos++);
    if (marker === 0xd9) break;
    if (marker === 0x01) continue;
    if (marker < 0xc0 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) throw bad(`意外的标记 FF${marker.toString(16).toUpperCase().padStart(2, '0')}`);
    if (pos + 2 > bytes.length) throw bad('标记段不完整');
    const length = bytes.readUInt16BE(pos);
    if (length < 2 || pos + length > bytes.length) throw bad('标记段长度超出文件');
    const seg = bytes.subarray(pos + 2, pos + length);
    pos += length;
    if (isSof(marker)) {
      if (frame) throw bad('多个帧头');
      const components = seg[5] ?? 0;
      if (seg.length !== 6 + 3 * components || components === 0 || seg.readUInt16BE(3) === 0) throw bad('帧头无效');
      frame = true;
    } else if (marker === 0xda) {
      if (!frame) throw bad('扫描段在帧头之前');
      const components = seg[0] ?? 0;
      if (seg.length !== 4 + 2 * components || components === 0 || components > 4) throw bad('扫描头无效');
      scans++;
      pos = endOfEntropyData(bytes, pos, bad);
    } else if ((marker >= 0xe0 && marker <= 0xef) || marker === 0xfe) {
      metadata.push(seg);
    }
  }
  if (!frame || scans === 0) throw bad('缺少图像数据');
  // Bytes after EOI (motion photos, multi-picture data) are kept but looked at for markup.
  if (pos < bytes.length) metadata.push(bytes.subarray(pos));
  return metadata;
}

/**
 * Where the entropy-coded data after a scan header ends: at the first 0xFF that is not a stuffed byte (FF 00), a
 * restart marker (FF D0–D7) or fill (FF FF …). Returns the position of that marker's 0xFF.
 */
function endOfEntropyData(bytes: Buffer, from: number, bad: (what: string) => AppError): number {
  let pos = from;
  for (;;) {
    const ff = bytes.indexOf(0xff, pos);
    if (ff < 0) throw bad('缺少 EOI');
    let m = ff + 1;
    while (m < bytes.length && bytes[m] === 0xff) m++;
    if (m >= bytes.length) throw bad('缺少 EOI');
    const next = bytes.readUInt8(m);
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
      pos = m + 1;
      continue;
    }
    return m - 1;
  }
}

/**
 * Markup or script in an image's metadata or trailing bytes (a PHP web shell in an EXIF comment, an HTML page after
 * the image). Only those parts are searched: compressed image data is random and would match short patterns by
 * chance.
 */
const MARKUP = ['<?php', '<script', '<html', '<!doctype html', '<iframe', '<body'];

function checkNoMarkup(parts: readonly Buffer[], label: string): void {
  for (const part of parts) {
    const text = part.toString('latin1').toLowerCase();
    for (const m of MARKUP) if (text.includes(m)) throw refuse(`${label}中夹带网页或脚本代码（${m}）`);
  }
}

// ── DOCX / XLSX ──────────────────────────────────────────────────────────────────────────────────────────────────

const MAIN_PART: Readonly<Record<'docx' | 'xlsx', { part: string; contentType: string }>> = {
  docx: { part: 'word/document.xml', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml' },
  xlsx: { part: 'xl/workbook.xml', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml' },
};
const EXECUTABLE = /\.(exe|dll|com|scr|pif|cpl|msi|msp|bat|cmd|ps1|psm1|vbs|vbe|js|jse|wsf|wsh|hta|jar|lnk|reg|sh|app|elf)$/i;
const MACRO = /(^|\/)(vbaProject\.bin|vbaData\.xml|vbaProjectSignature\.bin)$|(^|\/)activeX\//i;
const MAX_ENTRIES = 10_000;
/** The parts read here are XML of a few kilobytes to a few megabytes; more is a compression bomb. */
const MAX_PART_BYTES = 64 * 1024 * 1024;

async function readPart(zip: JSZip, name: string, bad: (what: string) => AppError): Promise<string | null> {
  const entry = zip.file(name);
  if (entry === null) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    await pipeline(
      entry.nodeStream('nodebuffer'),
      new Writable({
        write(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > MAX_PART_BYTES) return done(bad(`${name} 过大`));
          chunks.push(chunk);
          done();
        },
      }),
    );
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw bad(`${name} 无法解压`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function checkOoxml(bytes: Buffer, type: 'docx' | 'xlsx'): Promise<void> {
  const label = ATTACHMENT_TYPES[type].label;
  const bad = (what: string): AppError => refuse(`不是有效的${label}（${what}）`);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { createFolders: false });
  } catch {
    throw bad('压缩包无法读取');
  }
  const entries = Object.values(zip.files);
  if (entries.length > MAX_ENTRIES) throw bad('压缩包内文件过多');
  for (const entry of entries) {
    const original = (entry.unsafeOriginalName ?? entry.name).replace(/\\/g, '/');
    if (original.startsWith('/') || /^[A-Za-z]:/.test(original) || original.split('/').includes('..')) throw bad(`含有越出文档的路径 ${original}`);
    if (EXECUTABLE.test(original)) throw refuse(`${label}中夹带可执行文件 ${original}`);
    if (MACRO.test(original)) throw refuse(`${label}中含有宏或 ActiveX 控件（${original}）`);
  }
  const main = MAIN_PART[type];
  const contentTypes = await readPart(zip, '[Content_Types].xml', bad);
  if (contentTypes === null) throw bad('缺少 [Content_Types].xml');
  if (/macroEnabled|vbaProject/i.test(contentTypes)) throw refuse(`${label}中含有宏`);
  const rels = await readPart(zip, '_rels/.rels', bad);
  if (rels === null) throw bad('缺少 _rels/.rels');
  // The package's main part is the target of its officeDocument relationship (Word and Excel name it as in MAIN_PART).
  const target = tags(rels, 'Relationship').find((r) => /\/officeDocument$/.test(r.Type ?? ''))?.Target;
  const part = target?.replace(/^\//, '');
  if (part === undefined || part !== main.part) throw bad(`_rels/.rels 未指向 ${main.part}`);
  const override = tags(contentTypes, 'Override').find((o) => o.PartName === `/${part}`);
  if (override?.ContentType !== main.contentType) throw bad(`[Content_Types].xml 未声明 ${part}`);
  const body = await readPart(zip, part, bad);
  if (body === null) throw bad(`缺少 ${part}`);
  if (!/^(\ufeff)?\s*</.test(body)) throw bad(`${part} 不是 XML`);
}

/** The attributes of each `<name …>` element of an XML text (enough for the flat lists of .rels and content types). */
function tags(xml: string, name: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  for (const m of xml.matchAll(new RegExp(`<(?:\\w+:)?${name}\\b([^>]*)>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of (m[1] ?? '').matchAll(/([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) if (a[1] !== undefined) attrs[a[1]] = a[2] ?? a[3] ?? '';
    found.push(attrs);
  }
  return found;
}
