/**
 * Small real files for upload tests: a valid one-page PDF, a PNG, JPEGs, a DOCX and an XLSX, built in memory.
 */
import { Buffer } from 'node:buffer';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { demoPdf } from '../../src/server/seed/demo/files.js';

export function samplePdf(text = 'minutes'): Buffer {
  return demoPdf(text);
}

/** A 1×1 PNG. */
export function samplePng(): Buffer {
  return Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
}

/** A multipart/form-data body with a `kind` field followed by a file. */
export function multipart(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }): { payload: Buffer; contentType: string } {
  const boundary = `----msw${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`, 'utf8'));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`, 'utf8'));
  parts.push(file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A 16×16 colour gradient, baseline JPEG (libjpeg-turbo cjpeg -quality 80). */
export function sampleJpeg(): Buffer {
  return Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAQABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDyrSfDv3fk/Suz0nw70+T9K7HSfDv3fk/Suz0nw7935P0rXHZ5vqLhXiP4dT//2Q==', 'base64');
}

/** The same gradient as a progressive JPEG (several scans). */
export function sampleProgressiveJpeg(): Buffer {
  return Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wgARCAAQABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAABQb/xAAVAQEBAAAAAAAAAAAAAAAAAAABAv/aAAwDAQACEAMQAAABlGmGqP/EABYQAAMAAAAAAAAAAAAAAAAAAAADBP/aAAgBAQABBQJU4qcVOKnP/8QAFhEBAQEAAAAAAAAAAAAAAAAABQAx/9oACAEDAQE/ASkcv//EABYRAAMAAAAAAAAAAAAAAAAAAAADBP/aAAgBAgEBPwF9x//EABQQAQAAAAAAAAAAAAAAAAAAACD/2gAIAQEABj8CH//EABcQAAMBAAAAAAAAAAAAAAAAAAAhMWH/2gAIAQEAAT8hmjMmiaP/2gAMAwEAAgADAAAAEK//xAAVEQEBAAAAAAAAAAAAAAAAAAAAUf/aAAgBAwEBPxCp/8QAFhEAAwAAAAAAAAAAAAAAAAAAACEx/9oACAECAQE/EKM//8QAFxABAQEBAAAAAAAAAAAAAAAAAPExwf/aAAgBAQABPxCCw5QUF//Z', 'base64');
}

const CONTENT_TYPES_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">';
const RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A one-paragraph DOCX with the parts Word writes at least; `extra` adds entries (name → content). */
export async function sampleDocx(text = '会议纪要', extra: Record<string, string | Buffer> = {}): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `${CONTENT_TYPES_HEAD}<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${RELS_NS}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  );
  for (const [name, content] of Object.entries(extra)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A one-sheet XLSX written by exceljs (as the import templates are). */
export async function sampleXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('签到表');
  sheet.addRow(['姓名', '签到时间']);
  sheet.addRow(['黄美玲', '2026-09-28 09:00']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
