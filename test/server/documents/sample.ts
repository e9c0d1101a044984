/**
 * A FormDocument with every kind of block: a two-level table with colSpan and rowSpan, check runs chosen and not, a
 * PNG picture, pictures (PNG and JPEG) and a QR code in table cells wider than the cells, a page break and a page label.
 */
import { cell, label, options, paragraph, text, type FormDocument, type Table } from '../../../src/domain/documents/layout.js';
import { gradientPng } from '../../support/documents.js';
import { sampleJpeg } from '../../support/files.js';

export const KINDS = ['culture', 'elderly', 'other'] as const;
export const KIND_LABELS = { culture: '文体活动', elderly: '长者服务', other: '其他' } as const;

/** A two-level table: 资金来源 spans three sub-columns; 项目 and 合计 span the two header rows. */
function fundTable(): Table {
  return {
    kind: 'table',
    widths: [2, 1.5, 1.5, 1.5, 2],
    keepRows: true,
    rows: [
      { header: true, cells: [label('项目', { rowSpan: 2 }), label('资金来源（万元）', { colSpan: 3 }), label('合计（万元）', { rowSpan: 2 })] },
      { header: true, cells: [label('市'), label('镇（街道）'), label('村（社区）')] },
      { cells: [label('预算'), cell('1.20', { align: 'right' }), cell('0.50', { align: 'right' }), cell('0.30', { align: 'right' }), cell('2.00', { align: 'right' })] },
      { cells: [label('实际'), cell('1.10', { align: 'right' }), cell('0.50', { align: 'right' }), cell('0.30', { align: 'right' }), cell('1.90', { align: 'right' })] },
    ],
  };
}

export function sampleDocument(orientation: FormDocument['orientation'] = 'portrait'): FormDocument {
  return {
    title: '登记备案表-长者饭堂改造',
    orientation,
    pageLabel: '附件1',
    blocks: [
      paragraph('东莞市“民生微实事”项目登记备案表', { style: 'title', align: 'center', spaceAfter: 4 }),
      paragraph([text('申报村（社区）：'), text('石龙镇西湖社区', { underline: true })], { spaceAfter: 2 }),
      {
        kind: 'table',
        widths: [1.2, 2.5, 1.2, 2.5],
        rows: [
          { cells: [label('一、项目基本信息', { colSpan: 4, align: 'left' })] },
          { cells: [label('项目名称'), cell('长者饭堂改造', { colSpan: 3 })] },
          { cells: [label('项目类型'), cell(paragraph(options(KINDS, KIND_LABELS, (k) => k === 'elderly')), { colSpan: 3 })] },
          { cells: [label('服务人数'), cell('120 人'), label('申请金额'), cell('2.00 万元', { align: 'right' })] },
          { cells: [label('资金情况', { rowSpan: 2 }), cell(fundTable(), { colSpan: 3 })] },
          { cells: [cell([paragraph('其他：无'), paragraph('经费按进度拨付。', { style: 'small' })], { colSpan: 3 })] },
          { minHeight: 30, cells: [label('镇（街道）审核意见'), cell([paragraph(''), paragraph('（盖章）', { align: 'right' }), paragraph('年    月    日', { align: 'right' })], { colSpan: 3, valign: 'bottom' })] },
        ],
      },
      paragraph('备注：本表一式两份。', { style: 'small' }),
      { kind: 'pageBreak' },
      paragraph('项目成效', { style: 'heading', spaceAfter: 2 }),
      paragraph('本项目改造长者饭堂一处，惠及辖区长者。', { indent: 2 }),
      { kind: 'image', data: gradientPng(), mime: 'image/png', width: 60, caption: '改造后' },
      { kind: 'qr', value: 'https://msws.example.cn/s/Ab3dE9', size: 30 },
      paragraph('扫码参与满意度测评', { style: 'small', spaceAfter: 3 }),
      {
        kind: 'table',
        widths: [1, 2, 2, 1.2],
        rows: [
          { cells: [label('实施前后'), label('实施前'), label('实施后'), label('测评二维码')] },
          {
            cells: [
              label('照片'),
              cell({ kind: 'image', data: gradientPng(120, 90), mime: 'image/png', width: 200, caption: '施工前' }, { align: 'center' }),
              cell({ kind: 'image', data: sampleJpeg(), mime: 'image/jpeg', width: 40, height: 30, caption: '施工后' }, { align: 'center' }),
              cell({ kind: 'qr', value: 'https://msws.example.cn/s/Zz9yX1', size: 80 }, { align: 'center' }),
            ],
          },
        ],
      },
    ],
  };
}
