/**
 * 登记备案表 (附件1) as a printable document, laid out as the guide's table: 申报村（社区）, 一 项目基本信息,
 * 二 项目协商情况, 三 镇（街道）审核意见, 备注. Every option list of the form is printed whole, the chosen boxes ticked;
 * 其他 carries its text; amounts are in 万元 as the form prints them; section 三 holds each co-reviewing department's
 * answers on the four points of R4.2 and its stamp (who and when, R4.3) or a space to stamp, and the town's sentence
 * composed from its decision (R4.4) over the town office's name — blank before the decision; a small-path project
 * (R3.4) says that no town review is needed.
 *
 * Pure: the project's state in, the layout out. A project without a registration is refused with
 * `DocumentUnavailableError` ('NO_REGISTRATION').
 */
import {
  CATEGORIES,
  CATEGORY_LABELS,
  CHANNEL_INFO,
  CONSULTATION_FORM_LABELS,
  HANDLING_MODES,
  HANDLING_MODE_LABELS,
  PARTICIPANT_KIND_LABELS,
  SOURCE_CHANNEL_LABELS,
  sourceChannelOf,
  type ConsultationForm,
  type FundSource,
  type ParticipantKind,
  type SourceChannelOption,
} from '../categories.js';
import {
  REVIEW_POINTS,
  REVIEW_POINT_LABELS,
  composeTownOpinion,
  type DepartmentOpinion,
  type ReviewPoint,
  type ReviewVerdict,
  type Stamp,
} from '../forms/registration-form.js';
import type { ProjectState } from '../lifecycle/index.js';
import { sumFen } from '../money.js';
import { DocumentUnavailableError, chineseDate, chineseDateOf, chineseDateTime, sectionRow, valueCell, wan, withOtherText } from './common.js';
import { cell, label, options, paragraph, text, type Cell, type CellBlock, type FormDocument, type Paragraph, type Row, type Run } from './layout.js';

export const REGISTRATION_FORM_TITLE = '东莞市“民生大莞家”服务项目“民生微实事”登记备案表';

export interface RegistrationDocumentInput {
  /** The project's state: its registration (sections 一, 二), review rounds (opinions, stamps) and decision (三). */
  readonly project: ProjectState;
  /** 申报村（社区）; the registration's community name when not given. */
  readonly communityName?: string;
  /** 镇（街道）, for the office's name under section 三 before the decision (「{townName}公共服务办」). */
  readonly townName?: string;
  /** The town office that signs section 三 (e.g. 东城街道公共服务办); the decision's own once it is recorded. */
  readonly townOfficeName?: string;
  /**
   * The text of 来源渠道「其他」; when not given, the channels of the demands that gave 其他 (e.g. 网格员日常巡查).
   */
  readonly sourceOtherText?: string | null;
}

/** The guide's lines of the 来源渠道 boxes. */
const SOURCE_LINES: readonly (readonly SourceChannelOption[])[] = [
  ['onlineHotline', 'committeeProposal', 'massesProposal'],
  ['representativesProposal', 'residentOfficialCollected'],
  ['residentUnitProposal', 'other'],
];

const FORM_LINES: readonly (readonly ConsultationForm[])[] = [
  ['villagersMeeting', 'shareholdersMeeting', 'villagerGroupMeeting'],
  ['topicalCouncil', 'partyJointMeeting', 'propertyJointMeeting'],
  ['ownersAssembly', 'online', 'other'],
];

const PARTICIPANT_LINES: readonly (readonly ParticipantKind[])[] = [
  ['grassrootsGovernment', 'partyWorkCommittee'],
  ['residentsCommittee', 'affairsSupervisionCommittee'],
  ['villagerGroup', 'residentUnits'],
  ['massOrganizations', 'communityOrganizations'],
  ['ownersCommittee', 'collectiveEconomicOrganization'],
  ['farmerCooperative', 'propertyCompany'],
  ['residentRepresentatives', 'shareholderRepresentatives'],
  ['nonLocalResidentRepresentatives', 'beneficiaryGroup'],
  ['other'],
];

/** 协商结果 5: the three boxes of 项目经费来源 as 附件1 prints them. */
export const REGISTRATION_FUND_BOXES = ['special', 'social', 'selfRaised'] as const;
export type RegistrationFundBox = (typeof REGISTRATION_FUND_BOXES)[number];

/** The guide's wording of the boxes (FUND_SOURCE_LABELS names the sources as the 结项表 and the ledger do). */
export const REGISTRATION_FUND_BOX_LABELS: Readonly<Record<RegistrationFundBox, string>> = {
  special: '“民生大莞家”资金',
  social: '社会捐赠',
  selfRaised: '村（社区）自筹',
};

/** The box a fund source is ticked in: the community's collective economy is its own money (村（社区）自筹). */
const FUND_BOX_OF_SOURCE: Readonly<Record<FundSource, RegistrationFundBox>> = {
  special: 'special',
  social: 'social',
  selfRaised: 'selfRaised',
  collective: 'selfRaised',
};

export const REGISTRATION_REMARK = '该表格主要用于“民生大莞家”服务项目的申报和备案。';
export const SMALL_PATH_NO_REVIEW = '5万元以下项目，村（社区）协商后直接组织实施，无须镇（街道）审核。';

/** The verdict boxes of a review point, worded as the staff web shows them. */
/** A full-width space: the room the form leaves between a box and the words that follow (其他 … 合共, 否 … its comment). */
const IDEOGRAPHIC_SPACE = '\u3000';

export function verdictOptions(point: ReviewPoint): Readonly<Record<ReviewVerdict, string>> {
  return point === 'solvableOtherwise' ? { yes: '可以', no: '不可以' } : { yes: '是', no: '否' };
}

const COLUMNS = 6;
const WIDTHS = [15, 19, 14, 19, 14, 19];

function line(runs: readonly Run[]): Paragraph {
  return paragraph(runs);
}

function sourceOtherText(input: RegistrationDocumentInput): string | null {
  if (input.sourceOtherText !== undefined) return input.sourceOtherText;
  const channels = input.project.sources.filter((s) => sourceChannelOf(s.channel, s.proposerKind) === 'other').map((s) => CHANNEL_INFO[s.channel].label);
  const distinct = [...new Set(channels)];
  return distinct.length === 0 ? null : distinct.join('、');
}

function departmentsOf(project: ProjectState): { departmentId: number; departmentName: string }[] {
  const round = project.reviewRounds.at(-1);
  const seen = new Map<number, string>();
  for (const r of round?.reviewers ?? []) seen.set(r.departmentId, r.departmentName);
  for (const o of opinionsOf(project)) if (!seen.has(o.departmentId)) seen.set(o.departmentId, o.departmentName);
  for (const s of round?.stamps ?? []) if (!seen.has(s.departmentId)) seen.set(s.departmentId, s.departmentName);
  return [...seen].map(([departmentId, departmentName]) => ({ departmentId, departmentName }));
}

/** The latest opinion of each department in the current round; those the decision kept once decided. */
function opinionsOf(project: ProjectState): readonly DepartmentOpinion[] {
  const round = project.reviewRounds.at(-1);
  if (round === undefined) return project.registration?.departmentOpinions ?? [];
  const latest = new Map<number, DepartmentOpinion>();
  for (const o of round.opinions) latest.set(o.departmentId, o);
  return [...latest.values()];
}

function stampLine(name: string, stamp: Stamp | undefined): Paragraph {
  if (stamp === undefined) {
    return paragraph(`${name}（盖章）：\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日`, { align: 'right' });
  }
  return paragraph(`${name}（盖章）：${stamp.stampedByName}\u3000${chineseDate(stamp.stampedOn)}`, { align: 'right' });
}

function departmentBlocks(project: ProjectState): CellBlock[] {
  const departments = departmentsOf(project);
  if (departments.length === 0) {
    // No co-reviewer chosen yet: the space is left for the departments to write and stamp in.
    return [paragraph('')];
  }
  const opinions = opinionsOf(project);
  const stamps = project.reviewRounds.at(-1)?.stamps ?? [];
  const blocks: CellBlock[] = [];
  for (const department of departments) {
    const opinion = opinions.find((o) => o.departmentId === department.departmentId);
    blocks.push(paragraph([text(`${department.departmentName}：`, { bold: true })]));
    if (opinion === undefined) {
      blocks.push(paragraph('（尚未填报审核意见）', { style: 'small' }));
    } else {
      REVIEW_POINTS.forEach((point, index) => {
        const answer = opinion.points[point];
        const labels = verdictOptions(point);
        const runs: Run[] = [
          text(`${index + 1}.${REVIEW_POINT_LABELS[point]}：`),
          ...options(['yes', 'no'] as const, labels, (v) => v === answer.verdict),
        ];
        if (answer.comment.trim() !== '') runs.push(text(`${IDEOGRAPHIC_SPACE}${answer.comment}`));
        blocks.push(line(runs));
      });
      blocks.push(paragraph(`审核意见：${opinion.opinion}`));
    }
    blocks.push(stampLine(department.departmentName, stamps.find((s) => s.departmentId === department.departmentId)));
  }
  return blocks;
}

function townOfficeName(input: RegistrationDocumentInput): string {
  const decided = input.project.registration?.townDecision?.townOfficeName;
  if (decided !== undefined && decided.trim() !== '') return decided;
  if (input.townOfficeName !== undefined) return input.townOfficeName;
  if (input.townName !== undefined) return `${input.townName}公共服务办`;
  return '';
}

function townOpinionBlocks(input: RegistrationDocumentInput): CellBlock[] {
  const registration = input.project.registration;
  const decision = registration?.townDecision ?? null;
  const sentence = decision === null ? '' : (registration?.townOpinionText ?? composeTownOpinion(decision));
  const office = townOfficeName(input);
  const blocks: CellBlock[] = [paragraph(sentence, { indent: 2 })];
  blocks.push(paragraph(office, { align: 'right' }));
  const decidedAt = input.project.reviewRounds.at(-1)?.decidedAt ?? null;
  blocks.push(paragraph(decision === null || decidedAt === null ? '年\u3000\u3000月\u3000\u3000日' : chineseDateOf(decidedAt), { align: 'right' }));
  return blocks;
}

/**
 * 登记备案表 of a registered project.
 * @throws DocumentUnavailableError ('NO_REGISTRATION') when the project has no registration yet.
 */
export function registrationFormDocument(input: RegistrationDocumentInput): FormDocument {
  const { project } = input;
  const registration = project.registration;
  if (registration === null) {
    throw new DocumentUnavailableError('NO_REGISTRATION', '该项目尚未填报登记备案表');
  }
  const { basics, consultation, agreedResult, assemblyVote } = registration;
  const community = input.communityName ?? registration.communityName;
  const sources = new Set(basics.sourceChannels);
  const otherSource = sourceOtherText(input);
  const forms = new Set(consultation.forms);
  const participants = new Set(consultation.participants);

  const rows: Row[] = [];
  // 一、项目基本信息
  rows.push(sectionRow('一、项目基本信息', COLUMNS));
  rows.push({ cells: [label('项目名称'), valueCell(basics.projectName, { colSpan: 5 })] });
  rows.push({
    cells: [
      label('项目内容'),
      cell(
        [
          line([text('类别：'), ...options(CATEGORIES, CATEGORY_LABELS, (c) => c === basics.category)]),
          paragraph(`内容：${basics.content}`),
          paragraph('（备注：具体内容结合“民生微实事”服务内容填写）', { style: 'small' }),
        ],
        { colSpan: 5 },
      ),
    ],
    minHeight: 30,
  });
  rows.push({
    cells: [
      label('来源渠道'),
      cell(
        SOURCE_LINES.map((options_) => line(withOtherText(options(options_, SOURCE_CHANNEL_LABELS, (o) => sources.has(o)), SOURCE_CHANNEL_LABELS.other, otherSource))),
        { colSpan: 5 },
      ),
    ],
  });
  rows.push({
    cells: [label('实施地点'), valueCell(basics.location, { colSpan: 3 }), label('项目预算（万元）'), valueCell(wan(basics.budgetFen))],
  });
  rows.push({
    cells: [
      label('项目联系人'),
      valueCell(basics.contact.name),
      label('职务'),
      valueCell(basics.contact.title),
      label('联系电话'),
      valueCell(basics.contact.phone),
    ],
  });

  // 二、项目协商情况
  rows.push(sectionRow('二、项目协商情况', COLUMNS));
  rows.push({
    cells: [label('协商时间'), valueCell(chineseDateTime(consultation.heldAt), { colSpan: 2 }), label('协商地点'), valueCell(consultation.place, { colSpan: 2 })],
  });
  rows.push({
    cells: [label('主持人'), valueCell(consultation.hostName, { colSpan: 2 }), label('记录人'), valueCell(consultation.recorderName, { colSpan: 2 })],
  });
  rows.push({
    cells: [
      label('协商形式'),
      cell(
        FORM_LINES.map((l) => line(withOtherText(options(l, CONSULTATION_FORM_LABELS, (f) => forms.has(f)), CONSULTATION_FORM_LABELS.other, consultation.formOther))),
        { colSpan: 5 },
      ),
    ],
  });
  rows.push({
    cells: [
      label('参与主体'),
      cell(
        PARTICIPANT_LINES.map((l, index) => {
          const runs = withOtherText(options(l, PARTICIPANT_KIND_LABELS, (p) => participants.has(p)), PARTICIPANT_KIND_LABELS.other, consultation.participantOther);
          return index === PARTICIPANT_LINES.length - 1 ? line([...runs, text(`${IDEOGRAPHIC_SPACE.repeat(4)}合共 ${consultation.headCount} 人`)]) : line(runs);
        }),
        { colSpan: 5 },
      ),
    ],
  });
  const fundBoxes = new Map<RegistrationFundBox, number[]>();
  for (const fund of agreedResult.fundSources) {
    const box = FUND_BOX_OF_SOURCE[fund.source];
    fundBoxes.set(box, [...(fundBoxes.get(box) ?? []), fund.amountFen]);
  }
  const fundRuns: Run[] = [text('5.项目经费来源：')];
  for (const box of REGISTRATION_FUND_BOXES) {
    const amounts = fundBoxes.get(box);
    fundRuns.push({ check: amounts !== undefined, label: REGISTRATION_FUND_BOX_LABELS[box] });
    // The amount follows its box; a space parts it from the next box, as between two boxes.
    if (amounts !== undefined) fundRuns.push(text(`（${wan(sumFen(amounts))}万元）${box === REGISTRATION_FUND_BOXES.at(-1) ? '' : IDEOGRAPHIC_SPACE}`));
  }
  const resultBlocks: CellBlock[] = [
    paragraph(`经参会人员协商，确定${basics.projectName}项目实施如下：`),
    paragraph(`1.项目建设（服务）内容：${agreedResult.content}`),
    paragraph(`2.项目惠及人群：${agreedResult.beneficiaries}`),
    line([text('3.项目办理方式：'), ...options(HANDLING_MODES, HANDLING_MODE_LABELS, (m) => m === agreedResult.handlingMode)]),
    paragraph('（具体办理方式可参考对应的《操作指引》）', { style: 'small' }),
    paragraph(`4.项目经费预算（万元）：${wan(agreedResult.budgetFen)}`),
    line(fundRuns),
    paragraph(`6. 实施主体（承接服务方）：${agreedResult.implementer}`),
  ];
  if (!consultation.passed && assemblyVote?.passed === true) {
    resultBlocks.push(
      paragraph(
        `（协商未通过，经${chineseDateOf(assemblyVote.heldAt)}村（居）民（代表）会议表决通过：到会${assemblyVote.present}人，赞成${assemblyVote.votesFor}票，反对${assemblyVote.votesAgainst}票，弃权${assemblyVote.abstentions}票）`,
        { style: 'small' },
      ),
    );
  }
  rows.push({ cells: [label('协商结果'), cell(resultBlocks, { colSpan: 5 })] });

  // 三、镇（街道）审核意见
  rows.push(sectionRow('三、镇（街道）审核意见', COLUMNS));
  if (project.path === 'small') {
    rows.push({ cells: [label('部门审核意见'), cell(paragraph(SMALL_PATH_NO_REVIEW), { colSpan: 5, rowSpan: 2, valign: 'middle' })] });
    rows.push({ cells: [label('镇（街道）审核意见')] });
  } else {
    const departments: Cell = cell(departmentBlocks(project), { colSpan: 5 });
    rows.push({ cells: [label('部门审核意见'), departments], minHeight: 40 });
    rows.push({ cells: [label('镇（街道）审核意见'), cell(townOpinionBlocks(input), { colSpan: 5 })], minHeight: 40 });
  }
  rows.push({ cells: [label('备注'), valueCell(REGISTRATION_REMARK, { colSpan: 5 })] });

  return {
    title: `登记备案表-${basics.projectName}`,
    orientation: 'portrait',
    pageLabel: '附件1',
    blocks: [
      paragraph(REGISTRATION_FORM_TITLE, { style: 'title', align: 'center' }),
      paragraph(`申报村（社区）：${community}`, { spaceAfter: 2 }),
      { kind: 'table', widths: WIDTHS, rows, keepRows: true },
    ],
  };
}
