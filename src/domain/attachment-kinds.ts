/**
 * The kinds of attachment a case keeps (R2.4, R3.1, R3.3, R4.3, R6.1), with their Chinese names.
 */
export const ATTACHMENT_KINDS = [
  'committeeMinutes',
  'consultationMinutes',
  'signInSheet',
  'feasibilityReport',
  'voteMinutes',
  'stampScan',
  'stampedRegistration',
  'agreement',
  'invoice',
  'procurementFiling',
  'tenderDocument',
  'supplierQualification',
  'taxRegistration',
  'photo',
  'other',
] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const ATTACHMENT_KIND_LABELS: Readonly<Record<AttachmentKind, string>> = {
  committeeMinutes: '“两委”联席会议纪要',
  consultationMinutes: '协商会议记录',
  signInSheet: '签到表',
  feasibilityReport: '可行性研究分析',
  voteMinutes: '村（居）民（代表）会议表决记录',
  stampScan: '盖章扫描件',
  stampedRegistration: '登记备案表（盖章）',
  agreement: '工程合同 / 服务协议 / 帮扶协议',
  invoice: '发票',
  procurementFiling: '采购备案表',
  tenderDocument: '招投标文件',
  supplierQualification: '供应方资质证明',
  taxRegistration: '税务登记证明',
  photo: '照片（前后对比或活动现场）',
  other: '其他资料',
};

export function isAttachmentKind(value: string): value is AttachmentKind {
  return (ATTACHMENT_KINDS as readonly string[]).includes(value);
}
