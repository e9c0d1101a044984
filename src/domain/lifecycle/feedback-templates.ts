/**
 * The Chinese feedback templates sent to proposers (R7.1): receipt (R2.3), decision (R2.4, R3.3, R3.4, R4.3, R4.4),
 * result (R6.6) and claim (R5.5). Events carry the template data; the outbox renders the text with `renderFeedback`
 * when it delivers, so the wording can be corrected without touching stored events.
 */
import type { LocalDate } from '../calendar/index.js';
import { CHANNEL_INFO, HANDLING_MODE_LABELS, type Channel, type HandlingMode } from '../categories.js';
import { formatWan, type Fen } from '../money.js';

/** R7.1 the four kinds of feedback (受理 / 确认 / 办结 / 认领). */
export const FEEDBACK_KINDS = ['receipt', 'decision', 'result', 'claim'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export const FEEDBACK_KIND_LABELS: Readonly<Record<FeedbackKind, string>> = {
  receipt: '受理反馈',
  decision: '确认结果反馈',
  result: '办理结果反馈',
  claim: '认领结果反馈',
};

export type ClaimantKind = 'enterprise' | 'organization' | 'individual';

export const CLAIMANT_KIND_LABELS: Readonly<Record<ClaimantKind, string>> = {
  enterprise: '企业',
  organization: '社会组织',
  individual: '爱心人士',
};

export type FeedbackData =
  /** R2.3 feedback 1 */
  | {
      readonly template: 'receipt';
      readonly trackingNumber: string;
      readonly channel: Channel;
      readonly communityName: string;
      readonly receivedOn: LocalDate;
      readonly triageDays: number;
    }
  /** R2.4 (b) existing policy, decided by the 两委 meeting */
  | {
      readonly template: 'triageReferred';
      readonly trackingNumber: string;
      readonly departmentName: string;
      readonly policyName: string | null;
      readonly contactName: string;
      readonly contactPhone: string;
    }
  /** R2.4 (c) not adopted */
  | { readonly template: 'triageDeclined'; readonly trackingNumber: string; readonly reason: string }
  /** R3.3 terminated */
  | { readonly template: 'projectTerminated'; readonly projectName: string; readonly reason: string }
  /** R3.4 feedback 2 on the small path */
  | {
      readonly template: 'smallPathRegistered';
      readonly projectName: string;
      readonly communityName: string;
      readonly budgetFen: Fen;
      readonly handlingMode: HandlingMode;
    }
  /** R4.3 feedback 2: existing policy */
  | {
      readonly template: 'townExistingPolicy';
      readonly projectName: string;
      readonly departmentName: string;
      readonly policyName: string;
      readonly contactName: string;
      readonly contactPhone: string;
    }
  /** R4.4 feedback 2: special fund, with the composed sentence of section 三 */
  | { readonly template: 'townSpecialFund'; readonly projectName: string; readonly opinionText: string }
  /** R5.5 the claim result under 莞家直达 */
  | {
      readonly template: 'claimAccepted';
      readonly projectName: string;
      readonly claimantKind: ClaimantKind;
      readonly claimantName: string;
    }
  /** R6.6 feedback 3 */
  | {
      readonly template: 'projectClosed';
      readonly projectName: string;
      readonly closedOn: LocalDate;
      readonly satisfactionPercent: string | null;
    };

export type FeedbackTemplate = FeedbackData['template'];

export const FEEDBACK_KIND_OF_TEMPLATE: Readonly<Record<FeedbackTemplate, FeedbackKind>> = {
  receipt: 'receipt',
  triageReferred: 'decision',
  triageDeclined: 'decision',
  projectTerminated: 'decision',
  smallPathRegistered: 'decision',
  townExistingPolicy: 'decision',
  townSpecialFund: 'decision',
  claimAccepted: 'claim',
  projectClosed: 'result',
};

function dateText(date: LocalDate): string {
  const [y, m, d] = date.split('-');
  return `${Number(y)}年${Number(m)}月${Number(d)}日`;
}

/** R7.1 the text of one feedback. `trackingNumber` names the proposer's own demand when the data is a project's. */
export function renderFeedback(data: FeedbackData, options: { readonly trackingNumber?: string } = {}): string {
  const own = options.trackingNumber === undefined ? '' : `（诉求编号：${options.trackingNumber}）`;
  switch (data.template) {
    case 'receipt':
      return (
        `您好！您通过${CHANNEL_INFO[data.channel].label}反映的“民生微实事”诉求（编号：${data.trackingNumber}）` +
        `已于${dateText(data.receivedOn)}由${data.communityName}接收，将在${data.triageDays}日内召开村（社区）“两委”联席会议研究办理意见。` +
        '您可凭诉求编号查询办理进度。'
      );
    case 'triageReferred':
      return (
        `您好！您反映的诉求（编号：${data.trackingNumber}）经村（社区）“两委”联席会议研究，可由现行政策解决，` +
        `已转交${data.departmentName}${data.policyName === null ? '' : `按照${data.policyName}`}跟进办理，` +
        `联系人：${data.contactName}，联系电话：${data.contactPhone}。`
      );
    case 'triageDeclined':
      return (
        `您好！您反映的诉求（编号：${data.trackingNumber}）经村（社区）“两委”联席会议研究，暂不列入“民生微实事”项目实施计划。` +
        `原因：${data.reason}。感谢您的关注与支持。`
      );
    case 'projectTerminated':
      return `您好！您反映的诉求${own}所涉“民生微实事”项目「${data.projectName}」经城乡社区协商后终止实施。原因：${data.reason}。`;
    case 'smallPathRegistered':
      return (
        `您好！您反映的诉求${own}已列入“民生微实事”项目「${data.projectName}」，经城乡社区协商通过，` +
        `项目预算${formatWan(data.budgetFen)}万元，由${data.communityName}通过${HANDLING_MODE_LABELS[data.handlingMode]}途径组织实施，` +
        '项目经公示后实施。'
      );
    case 'townExistingPolicy':
      return (
        `您好！您反映的诉求${own}所涉项目「${data.projectName}」经镇（街道）审核，由现行政策解决，` +
        `已转交${data.departmentName}按照${data.policyName}办理，联系人：${data.contactName}，联系电话：${data.contactPhone}。`
      );
    case 'townSpecialFund':
      return `您好！您反映的诉求${own}所涉项目「${data.projectName}」已经镇（街道）审核确认：${data.opinionText}项目经公示后实施。`;
    case 'claimAccepted':
      return (
        `您好！您反映的诉求${own}所涉项目「${data.projectName}」已通过莞家直达由` +
        `${CLAIMANT_KIND_LABELS[data.claimantKind]}「${data.claimantName}」认领，将由其承接实施。`
      );
    case 'projectClosed':
      return (
        `您好！您反映的诉求${own}所涉“民生微实事”项目「${data.projectName}」已于${dateText(data.closedOn)}办结，` +
        '办理结果已在原公示平台公示' +
        `${data.satisfactionPercent === null ? '' : `，群众满意率${data.satisfactionPercent}%`}。感谢您的参与和监督！`
      );
  }
}
