/**
 * 结项表 (附件2) as a printable document, laid out as the guide's table: 填报单位, 一 项目基本信息, 二 资金投入情况
 * (budget against actual on the three rows, in 万元), 三 项目实施情况 (the engineering half or the service half filled,
 * the other left blank), 四 项目成效 with the before/after photos, 五 满意度测评情况 (blank until the survey is done),
 * and 备注 with the four attachments of R6.1, each ticked when on file.
 *
 * Pure: the project's state and the photos' bytes (the caller loads them) in, the layout out. A project without a
 * filed 结项表 is refused with `DocumentUnavailableError` ('NO_CLOSURE').
 */
import { CATEGORIES, CATEGORY_LABELS, CLOSURE_FUND_ROWS, CLOSURE_FUND_ROW_LABELS, HANDLING_MODES, HANDLING_MODE_LABELS } from '../categories.js';
import type { ClosureAttachments, ClosureForm } from '../forms/closure-form.js';
import type { AttachmentId } from '../forms/registration-form.js';
import { CLOSURE_SURVEY_ROWS, SATISFACTION_LEVELS, SATISFACTION_LEVEL_LABELS, SURVEY_QUESTION_LABELS, type SurveySummary } from '../forms/survey.js';
import type { ProjectState } from '../lifecycle/index.js';
import { DocumentUnavailableError, chineseDate, sectionRow, valueCell, wan } from './common.js';
import { cell, label, options, paragraph, text, type Cell, type CellBlock, type CheckRun, type FormDocument, type Row } from './layout.js';

export const CLOSURE_FORM_TITLE = '东莞市“民生大莞家”服务项目结项表';
export const CLOSURE_FORM_SUBTITLE = '（适用于“民生微实事”项目）';

export interface ClosurePhoto {
  readonly data: Uint8Array;
  readonly mime: 'image/png' | 'image/jpeg';
  readonly caption: string;
}

export interface ClosureDocumentInput {
  /** The project's state with its filed 结项表 (and the survey, for section 五). */
  readonly project: ProjectState;
  /** 四、项目成效: the before/after or activity photos, in the order they are printed. */
  readonly photos: readonly ClosurePhoto[];
  /**
   * The ids of the project's attachments on file; when given, an attachment the closure form cites counts only if it
   * is among them (a deleted file is not on file). When left out, every cited id counts.
   */
  readonly attachmentIdsOnFile?: readonly AttachmentId[];
}

/** 备注's four items, worded as the guide prints them. */
export const CLOSURE_ATTACHMENT_ITEMS = ['stampedRegistration', 'agreement', 'invoice', 'other'] as const;
export type ClosureAttachmentItem = (typeof CLOSURE_ATTACHMENT_ITEMS)[number];

export const CLOSURE_ATTACHMENT_ITEM_LABELS: Readonly<Record<ClosureAttachmentItem, string>> = {
  stampedRegistration: '1.东莞市“民生大莞家”服务项目“民生微实事”登记备案表（需加盖公章）；',
  agreement: '2.工程合同（服务协议）或帮扶协议；',
  invoice: '3.发票；',
  other:
    '4.其他资料（采购备案表、招投标文件、供应方资质证明、税务登记证明等，如项目无需开展招投标，则不需提供相关招投标文件）。',
};

export const CLOSURE_REMARK_INTRO = '各村（社区）填报该表格时，需同步上传以下资料至系统归档：';
export const CLOSURE_RESULTS_HINT = '（工程建设前后对比照片或现场活动照片、受助方感谢信息等）';

/**
 * R6.1 which of 备注's items are on file: 1–3 when at least one of their files is; 4 when at least one of the other
 * documents is and, where tendering applied, the tender documents are among them.
 */
export function closureAttachmentsOnFile(attachments: ClosureAttachments, onFile?: readonly AttachmentId[]): Readonly<Record<ClosureAttachmentItem, boolean>> {
  const known = onFile === undefined ? null : new Set(onFile);
  const has = (ids: readonly AttachmentId[]): boolean => ids.some((id) => known === null || known.has(id));
  const others = [attachments.procurementFilingIds, attachments.tenderDocumentIds, attachments.supplierQualificationIds, attachments.taxRegistrationIds];
  return {
    stampedRegistration: has(attachments.stampedRegistrationIds),
    agreement: has(attachments.agreementIds),
    invoice: has(attachments.invoiceIds),
    other: others.some(has) && (!attachments.tenderingApplied || has(attachments.tenderDocumentIds)),
  };
}

/** The survey printed in 五: the form's own, or the town's once it completed it (R6.3); null while not done. */
function surveyOf(project: ProjectState, form: ClosureForm): SurveySummary | null {
  if (form.survey !== null) return form.survey;
  return project.survey.completedAt !== null ? project.survey.summary : null;
}

const COLUMNS = 7;
/** 7 columns: the 五 section's label, value and five levels; the other sections span them. */
const WIDTHS = [17, 13, 14, 14, 14, 14, 14];

function basicsRows(form: ClosureForm): Row[] {
  return [
    sectionRow('一、项目基本信息', COLUMNS),
    { cells: [label('项目名称'), valueCell(form.projectName, { colSpan: 6 })] },
    {
      cells: [
        label('项目类型'),
        cell(paragraph(options(CATEGORIES, CATEGORY_LABELS, (c) => c === form.category)), { colSpan: 2, valign: 'middle' }),
        label('办理方式'),
        cell(paragraph(options(HANDLING_MODES, HANDLING_MODE_LABELS, (m) => m === form.handlingMode)), { colSpan: 3, valign: 'middle' }),
      ],
    },
    { cells: [label('协商情况'), valueCell(`于${chineseDate(form.consultationDate)}经城乡社区协商会议研究讨论决定`, { colSpan: 6 })] },
    { cells: [label('实施主体'), valueCell(form.implementer, { colSpan: 6 })] },
    { cells: [label('项目实施时间'), valueCell(`${chineseDate(form.period.start)}至${chineseDate(form.period.end)}`, { colSpan: 6 })] },
    {
      cells: [label('受益对象'), valueCell(form.beneficiaries, { colSpan: 2 }), label('受益人数'), valueCell(`${form.beneficiaryCount}人`, { colSpan: 3 })],
    },
  ];
}

function fundRows(form: ClosureForm): Row[] {
  const rows: Row[] = [sectionRow('二、资金投入情况', COLUMNS)];
  for (const [group, amounts] of [
    ['预算投入', form.budget],
    ['实际投入', form.actual],
  ] as const) {
    CLOSURE_FUND_ROWS.forEach((row, index) => {
      const cells: Cell[] = [];
      if (index === 0) cells.push(label(group, { rowSpan: CLOSURE_FUND_ROWS.length }));
      cells.push(label(CLOSURE_FUND_ROW_LABELS[row], { colSpan: 3 }), valueCell(wan(amounts[row]), { colSpan: 3, align: 'right' }));
      rows.push({ cells });
    });
  }
  return rows;
}

function implementationRows(form: ClosureForm): Row[] {
  const impl = form.implementation;
  const engineering = impl.kind === 'engineering' ? impl : null;
  const service = impl.kind === 'service' ? impl : null;
  const left = (name: string, value: string | null): Cell[] => [label(name), valueCell(value ?? '', { colSpan: 2 })];
  const right = (name: string | null, value: string | null): Cell[] => [name === null ? cell('') : label(name), valueCell(value ?? '', { colSpan: 3 })];
  return [
    sectionRow('三、项目实施情况', COLUMNS),
    { cells: [label('（一）便民工程项目', { colSpan: 3 }), label('（二）公益服务项目', { colSpan: 4 })] },
    {
      cells: [
        label('施工内容'),
        cell(
          engineering === null ? [paragraph('（可另附页说明）', { style: 'small' })] : [...engineering.workContent.split('\n').map((l) => paragraph(l))],
          { colSpan: 2, valign: 'middle' },
        ),
        ...right('服务时间', service?.serviceTime ?? null),
      ],
      minHeight: 14,
    },
    { cells: [...left('计量单位', engineering?.unit ?? null), ...right('服务地点', service?.servicePlace ?? null)] },
    { cells: [...left('计划工程量', engineering?.plannedQuantity ?? null), ...right('参与人数', service === null ? null : `${service.participantCount}人`)] },
    { cells: [...left('实际工程量', engineering?.actualQuantity ?? null), ...right(null, null)] },
  ];
}

/** A printed photo's width: two side by side across the form. */
const PHOTO_WIDTH_MM = 74;

function resultRows(form: ClosureForm, photos: readonly ClosurePhoto[]): Row[] {
  const blocks: CellBlock[] = [paragraph(CLOSURE_RESULTS_HINT, { style: 'small' })];
  for (const l of form.resultsText.split('\n')) blocks.push(paragraph(l, { indent: 2 }));
  // Two photos to a row, as they are pasted on the paper form (前后对比: before beside after).
  const photoRows: Row[] = [];
  for (let i = 0; i < photos.length; i += 2) {
    const pair = photos.slice(i, i + 2);
    photoRows.push({
      cells: [0, 1].map((j) => {
        const photo = pair[j];
        return photo === undefined ? cell('') : cell({ kind: 'image', data: photo.data, mime: photo.mime, width: PHOTO_WIDTH_MM, caption: photo.caption }, { align: 'center' });
      }),
    });
  }
  if (photoRows.length > 0) blocks.push({ kind: 'table', widths: [1, 1], rows: photoRows, keepRows: true });
  return [sectionRow('四、项目成效', COLUMNS), { cells: [cell(blocks, { colSpan: COLUMNS })], minHeight: 60 }];
}

function surveyRows(survey: SurveySummary | null): Row[] {
  const count = (n: number | undefined): Cell => valueCell(n === undefined ? '' : String(n), { align: 'center' });
  const rows: Row[] = [sectionRow('五、满意度测评情况', COLUMNS)];
  rows.push({
    cells: [
      label('参与测评人数', { rowSpan: 3 }),
      valueCell(survey === null ? '' : `${survey.respondentCount}人`, { rowSpan: 3, align: 'center' }),
      label('总体评价', { colSpan: 5 }),
    ],
  });
  rows.push({ cells: SATISFACTION_LEVELS.map((level) => label(SATISFACTION_LEVEL_LABELS[level])) });
  rows.push({ cells: SATISFACTION_LEVELS.map((level) => count(survey?.counts.overall[level])) });
  for (const question of CLOSURE_SURVEY_ROWS) {
    if (question === 'overall') continue;
    rows.push({
      cells: [label(SURVEY_QUESTION_LABELS[question], { colSpan: 2 }), ...SATISFACTION_LEVELS.map((level) => count(survey?.counts[question][level]))],
    });
  }
  return rows;
}

function remarkRow(form: ClosureForm, onFile: readonly AttachmentId[] | undefined): Row {
  const filed = closureAttachmentsOnFile(form.attachments, onFile);
  const items: CheckRun[] = CLOSURE_ATTACHMENT_ITEMS.map((item) => ({ check: filed[item], label: CLOSURE_ATTACHMENT_ITEM_LABELS[item] }));
  return {
    cells: [
      cell(
        [paragraph([text('备注：', { bold: true })]), paragraph(CLOSURE_REMARK_INTRO), ...items.map((item) => paragraph([item]))],
        { colSpan: COLUMNS },
      ),
    ],
  };
}

/**
 * 结项表 of a project whose closure form is filed.
 * @throws DocumentUnavailableError ('NO_CLOSURE') when the 结项表 is not filed yet.
 */
export function closureFormDocument(input: ClosureDocumentInput): FormDocument {
  const closure = input.project.closure;
  if (closure === null) throw new DocumentUnavailableError('NO_CLOSURE', '该项目尚未填报结项表');
  const { form } = closure;
  const rows: Row[] = [
    ...basicsRows(form),
    ...fundRows(form),
    ...implementationRows(form),
    ...resultRows(form, input.photos),
    ...surveyRows(surveyOf(input.project, form)),
    remarkRow(form, input.attachmentIdsOnFile),
  ];
  return {
    title: `结项表-${form.projectName}`,
    orientation: 'portrait',
    pageLabel: '附件2',
    blocks: [
      paragraph(CLOSURE_FORM_TITLE, { style: 'title', align: 'center' }),
      paragraph(CLOSURE_FORM_SUBTITLE, { style: 'subtitle', align: 'center' }),
      paragraph(`填报单位：${form.reportingUnit}`, { spaceAfter: 2 }),
      { kind: 'table', widths: WIDTHS, rows, keepRows: true },
    ],
  };
}
