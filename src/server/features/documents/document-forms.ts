/**
 * The documents a project offers (登记备案表, 结项表, 满意度测评情况), each with its name on paper and in file names,
 * the stage it exists from, and how it is built from the project's state (the domain's pure builders); the two file
 * formats; file names in Chinese with an ASCII fallback (RFC 6266); the content fingerprint that tells one edition
 * of a form from the next; and the masking of a document for a reader who sees personal data masked (R0.8).
 */
import { createHash } from 'node:crypto';
import { toLocalDate } from '../../../domain/calendar/index.js';
import {
  closureFormDocument,
  registrationFormDocument,
  surveySummaryDocument,
  type Block,
  type CellBlock,
  type ClosurePhoto,
  type FormDocument,
  type Run,
} from '../../../domain/documents/index.js';
import type { ProjectState } from '../../../domain/lifecycle/index.js';
import { maskPersonalDataInText } from '../../../domain/masking.js';
import { renderPdf } from './render-pdf.js';

export const DOCUMENT_FORMS = ['registrationForm', 'closureForm', 'surveySummary'] as const;
export type DocumentForm = (typeof DOCUMENT_FORMS)[number];

export const DOCUMENT_FORMATS = ['pdf', 'docx'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const DOCUMENT_MIMES: Readonly<Record<DocumentFormat, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export const DOCUMENT_FORM_LABELS: Readonly<Record<DocumentForm, string>> = {
  registrationForm: '登记备案表',
  closureForm: '结项表',
  surveySummary: '满意度测评情况',
};

/** What each form needs before it exists, in the words the case page shows when it does not yet. */
const NOT_YET: Readonly<Record<DocumentForm, string>> = {
  registrationForm: '村（社区）提交登记备案表后才能生成',
  closureForm: '村（社区）填报结项表后才能生成',
  surveySummary: '开始满意度测评并有测评表后才能生成',
};

/** Whether the project has reached the stage the form exists at; null when it has, else why not. */
export function unavailableReason(form: DocumentForm, state: ProjectState): string | null {
  switch (form) {
    case 'registrationForm':
      return state.registration === null ? NOT_YET.registrationForm : null;
    case 'closureForm':
      return state.closure === null ? NOT_YET.closureForm : null;
    case 'surveySummary':
      return state.survey.responses.length === 0 ? NOT_YET.surveySummary : null;
  }
}

export interface BuildInput {
  readonly state: ProjectState;
  readonly communityName: string;
  readonly townName: string;
  /** 结项表's photos, in the form's order. */
  readonly photos: readonly ClosurePhoto[];
  /** The project's attachments on file (for 结项表's 备注 checklist). */
  readonly attachmentIdsOnFile: readonly number[];
}

/** The form's layout from the project's state (throws the builders' DocumentUnavailableError before its stage). */
export function buildDocument(form: DocumentForm, input: BuildInput): FormDocument {
  switch (form) {
    case 'registrationForm':
      return registrationFormDocument({ project: input.state, communityName: input.communityName, townName: input.townName });
    case 'closureForm':
      return closureFormDocument({ project: input.state, photos: input.photos, attachmentIdsOnFile: input.attachmentIdsOnFile });
    case 'surveySummary':
      return surveySummaryDocument({ project: input.state });
  }
}

export async function renderDocument(document: FormDocument, format: DocumentFormat, createdAt: Date): Promise<Buffer> {
  if (format === 'pdf') return renderPdf(document, { createdAt });
  // docx is loaded with the first Word file: a server that prints no Word file does not hold it (docs/performance.md, memory).
  const { renderDocx } = await import('./render-docx.js');
  return renderDocx(document, { createdAt });
}

/**
 * The fingerprint of a form's content, whatever its file format: SHA-256 over its layout, each picture by the
 * fingerprint `pictures` gives for its bytes (the photo's source, so that the list of documents need not load it), or
 * by the SHA-256 of its bytes.
 */
export function contentFingerprint(document: FormDocument, pictures: ReadonlyMap<Uint8Array, string> = new Map()): string {
  const json = JSON.stringify(document, (_key, value: unknown) =>
    value instanceof Uint8Array ? (pictures.get(value) ?? createHash('sha256').update(value).digest('hex')) : value,
  );
  return createHash('sha256').update(json).digest('hex');
}

/** R0.8 the document as a reader who sees personal data masked may have it: every text with phones, IDs and names masked. */
export function maskDocument(document: FormDocument, names: readonly string[]): FormDocument {
  const run = (r: Run): Run => ('check' in r ? { ...r, label: maskPersonalDataInText(r.label, names) } : { ...r, text: maskPersonalDataInText(r.text, names) });
  const block = <B extends Block>(b: B): B => {
    switch (b.kind) {
      case 'paragraph':
        return { ...b, runs: b.runs.map(run) };
      case 'table':
        return { ...b, rows: b.rows.map((row) => ({ ...row, cells: row.cells.map((c) => ({ ...c, blocks: c.blocks.map((x) => block<CellBlock>(x)) })) })) };
      default:
        return b;
    }
  };
  return { ...document, title: maskPersonalDataInText(document.title, names), blocks: document.blocks.map((b) => block(b)) };
}

/** Characters a file name may not hold on Windows, macOS or Linux, and control characters (\p{Cc}). */
const UNSAFE_IN_FILENAME = /[\\/:*?"<>|]|\p{Cc}/gu;

/**
 * `登记备案表-项目名-2026-11-09.pdf`, and its ASCII fallback `registrationForm-XM2026-00022-2026-11-09.pdf` for clients
 * that do not read RFC 6266's `filename*`.
 */
export function documentFilename(
  form: DocumentForm | 'surveySheets',
  project: { readonly name: string; readonly code: string },
  format: DocumentFormat,
  at: Date,
): { readonly filename: string; readonly ascii: string } {
  const date = toLocalDate(at);
  const label = form === 'surveySheets' ? '满意度测评表' : DOCUMENT_FORM_LABELS[form];
  const name = [...project.name.replace(UNSAFE_IN_FILENAME, '').trim()].slice(0, 60).join('');
  return { filename: `${label}-${name === '' ? project.code : name}-${date}.${format}`, ascii: `${form}-${project.code}-${date}.${format}` };
}
