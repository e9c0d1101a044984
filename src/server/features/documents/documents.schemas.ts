/**
 * What the document routes take and give: the form and the format, the list of a project's documents with their
 * issued editions, and the files themselves.
 */
import { Type } from 'typebox';
import { Id } from '../../http/schemas.js';
import { DOCUMENT_FORMATS, DOCUMENT_FORMS } from './document-forms.js';
import { MAX_SURVEY_TOKENS } from '../public/public.service.js';

const Form = Type.Enum([...DOCUMENT_FORMS], { description: 'registrationForm：登记备案表（附件1）；closureForm：结项表（附件2）；surveySummary：满意度测评情况' });
const Format = Type.Enum([...DOCUMENT_FORMATS], { description: 'pdf 或 docx（Word）' });

export const DocumentParams = Type.Object({ id: Id, form: Form }, { additionalProperties: false });
export const FormatQuery = Type.Object({ format: Type.Optional({ ...Format, default: 'pdf' }) }, { additionalProperties: false });
export const IssueBody = Type.Object({ format: Format }, { additionalProperties: false });
export const SurveySheetsBody = Type.Object(
  { count: Type.Integer({ minimum: 1, maximum: MAX_SURVEY_TOKENS, description: '打印份数（每份一个一次性测评二维码）' }) },
  { additionalProperties: false },
);

export const IssuedDocument = Type.Object({
  id: Id,
  form: Form,
  formLabel: Type.String(),
  format: Format,
  edition: Type.Integer({ minimum: 1, description: '第几版：内容与上一版不同时为新的一版' }),
  dataVersion: Type.Integer({ description: '生成时项目数据的版本号' }),
  filename: Type.String(),
  size: Type.Integer(),
  sha256: Type.String({ description: '文件的 SHA-256，可核对打印件' }),
  issuedAt: Type.String({ format: 'date-time' }),
  issuedByName: Type.Union([Type.String(), Type.Null()]),
});

export const IssueResult = Type.Object({
  document: IssuedDocument,
  created: Type.Boolean({ description: 'false：内容与已出具的同一版相同，返回原文件' }),
});

export const DocumentsList = Type.Object({
  forms: Type.Array(
    Type.Object({
      form: Form,
      label: Type.String(),
      available: Type.Boolean(),
      reason: Type.Union([Type.String(), Type.Null()], { description: '尚不能生成的原因' }),
      lastEdition: Type.Union([Type.Integer(), Type.Null()]),
      changedSinceLastEdition: Type.Boolean({ description: '内容自最近一版出具后已改变（再出具即为新的一版）' }),
    }),
  ),
  issued: Type.Array(IssuedDocument),
  issuedDownloadable: Type.Boolean({ description: '出具件含未脱敏的个人信息，仅村（社区）、镇（街道）工作人员可下载' }),
});

export const DocumentFileSchema = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'PDF 或 Word 文件' });
