/**
 * A case's timeline in words (R7.2): each audited action of the case told in one Chinese sentence of what changed
 * — never the raw stored diff — from the command the audit record keeps (or, for a creation, the state it wrote).
 * The sentence is free text: the caller masks it for the reader's role like any other (R0.8).
 */
import { ACTION_LABELS, RECORDED_EVENT_LABELS } from '../../../domain/access/actions.js';
import { CHANNEL_INFO, HANDLING_MODE_LABELS, PUBLICITY_CHANNEL_LABELS, type BuiltInPublicityChannel, type Channel } from '../../../domain/categories.js';
import { CLAIMANT_KIND_LABELS, type ClaimantKind } from '../../../domain/lifecycle/index.js';
import { PROJECT_FLAG_LABELS, type ProjectFlag } from '../../../domain/lifecycle/events.js';
import { formatWan } from '../../../domain/money.js';
import { ERROR_CATALOGUE, type ErrorCode } from '../../errors.js';

type Json = Record<string, unknown>;

const isJson = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const obj = (v: unknown, key: string): Json => (isJson(v) && isJson(v[key]) ? v[key] : {});
const str = (v: Json, key: string): string => (typeof v[key] === 'string' ? v[key] : '');
const num = (v: Json, key: string): number | null => (typeof v[key] === 'number' ? v[key] : null);
const list = (v: Json, key: string): unknown[] => (Array.isArray(v[key]) ? v[key] : []);
const day = (instant: string): string => {
  const d = /^(\d{4})-(\d{2})-(\d{2})/.exec(instant);
  return d === null ? '' : `${d[1] ?? ''}年${Number(d[2])}月${Number(d[3])}日`;
};
const wan = (fen: number | null): string => (fen === null ? '' : `${formatWan(fen)}万元`);

export function actionLabel(action: string): string {
  return (ACTION_LABELS as Readonly<Record<string, string>>)[action] ?? (RECORDED_EVENT_LABELS as Readonly<Record<string, string>>)[action] ?? action;
}

function channelLabel(channel: string): string {
  return channel in CHANNEL_INFO ? CHANNEL_INFO[channel as Channel].label : channel;
}

function publicityChannelLabel(channel: unknown): string {
  const c = typeof channel === 'string' ? channel : '';
  return c in PUBLICITY_CHANNEL_LABELS ? PUBLICITY_CHANNEL_LABELS[c as BuiltInPublicityChannel] : c;
}

const RECOMMENDATIONS: Readonly<Record<string, string>> = { reconsult: '重新协商', assemblyVote: '提交村（居）民（代表）会议表决', terminate: '终止项目' };

/** What a command of the case did, in words; '' when there is nothing to add to the action's label. */
function describeCommand(action: string, command: Json, after: Json): string {
  switch (action) {
    case 'createDemand':
      return `经${channelLabel(str(after, 'channel'))}录入，提议人${str(obj(after, 'proposer'), 'name')}，交派${str(after, 'communityName')}：${str(after, 'title')}`;
    case 'returnDemand':
      return `退回原因：${str(command, 'reason')}`;
    case 'reassignDemand':
      return `改派至${str(command, 'communityName')}`;
    case 'mergeDemands':
      return `合并${list(command, 'mergedDemandIds').length}件重复诉求`;
    case 'triageDemand': {
      const outcome = obj(command, 'outcome');
      const kind = str(outcome, 'kind');
      if (kind === 'adopt') return `决定纳入“民生微实事”办理，立项“${str(outcome, 'projectTitle')}”`;
      if (kind === 'existingPolicy') return `决定按现有政策由${str(outcome, 'departmentName')}办理`;
      if (kind === 'decline') return `决定不予采纳：${str(outcome, 'reason')}`;
      // The project opened by an adoption is written with the meeting and the demands it answers.
      return list(command, 'demandIds').length > 0 ? `由两委联席会议决定立项，回应${list(command, 'demandIds').length}件诉求` : '';
    }
    case 'recordConsultation': {
      const c = obj(command, 'consultation');
      return `${day(str(c, 'heldAt'))}召开协商会议，${num(c, 'headCount') ?? 0}人参加，${c.passed === true ? '协商通过' : '协商未通过'}`;
    }
    case 'recordFeasibilityStudy':
      return `可行性研究分析建议：${RECOMMENDATIONS[str(obj(command, 'study'), 'recommendation')] ?? ''}`;
    case 'recordAssemblyVote': {
      const v = obj(command, 'vote');
      return `${day(str(v, 'heldAt'))}表决：到会${num(v, 'present') ?? 0}人，赞成${num(v, 'votesFor') ?? 0}人，反对${num(v, 'votesAgainst') ?? 0}人，弃权${num(v, 'abstentions') ?? 0}人`;
    }
    case 'terminateProject':
      return `终止原因：${str(command, 'reason')}`;
    case 'submitRegistration': {
      const b = obj(command, 'basics');
      return `项目“${str(b, 'projectName')}”，预算${wan(num(b, 'budgetFen'))}`;
    }
    case 'returnRegistration':
      return `退回原因：${str(command, 'reason')}`;
    case 'assignReviewers':
      return `会审部门：${list(command, 'reviewers').map((r) => str(isJson(r) ? r : {}, 'departmentName')).join('、')}`;
    case 'recordDepartmentOpinion': {
      const points = Object.values(obj(command, 'points')).filter(isJson);
      const yes = points.filter((p) => p.verdict === 'yes').length;
      return `四项审核要点中${yes}项为“是”；意见：${str(command, 'opinion')}`;
    }
    case 'recordStamp': {
      const s = obj(command, 'stamp');
      return `${str(s, 'departmentName')}于${day(str(s, 'stampedOn'))}盖章`;
    }
    case 'decideReview': {
      const d = obj(command, 'decision');
      return str(d, 'outcome') === 'existingPolicy' ? '确认按现有政策办理，转职能部门' : '确认纳入“民生微实事”专项资金办理';
    }
    case 'startPublicity': {
      const days = num(command, 'days');
      return `公示${days === null ? '（默认天数）' : `${days}天`}，渠道：${list(command, 'channels').map(publicityChannelLabel).join('、')}`;
    }
    case 'raiseObjection':
      return `异议内容：${str(command, 'text')}`;
    case 'answerObjection':
      return `答复：${str(command, 'answer')}`;
    case 'claimProject': {
      const kind = str(obj(command, 'claimant'), 'kind');
      return `${kind in CLAIMANT_KIND_LABELS ? CLAIMANT_KIND_LABELS[kind as ClaimantKind] : ''}申请认领`;
    }
    case 'decideClaim':
      return command.accepted === true ? '同意认领，由认领方实施' : `不同意认领：${str(command, 'reason')}`;
    case 'submitClosure': {
      const actual = Object.values(obj(obj(command, 'form'), 'actual')).filter((v): v is number => typeof v === 'number');
      const mode = str(obj(command, 'form'), 'handlingMode');
      return `实际投入${wan(actual.reduce((a, b) => a + b, 0))}${mode in HANDLING_MODE_LABELS ? `，${HANDLING_MODE_LABELS[mode as keyof typeof HANDLING_MODE_LABELS]}` : ''}`;
    }
    case 'recordPaperSurvey':
      return `录入${list(command, 'responses').length}份纸质测评表`;
    case 'completeSurvey': {
      const reason = command.exceptionReason;
      return typeof reason === 'string' ? `测评人数不足，经镇（街道）同意按例外办理：${reason}` : '';
    }
    default:
      return '';
  }
}

export interface AuditFacts {
  readonly action: string;
  readonly outcome: string;
  readonly after: unknown;
  readonly details: unknown;
}

/** One timeline entry's sentence: the action's label, then what changed, or why it was refused. */
export function describeCaseRecord(r: AuditFacts): string {
  const label = actionLabel(r.action);
  const details = isJson(r.details) ? r.details : {};
  if (r.outcome !== 'success') {
    // The sentence is read by people: the refusal's reason in words; the rule's ID stays in the audit record.
    const code = str(details, 'code');
    const reason = code in ERROR_CATALOGUE ? ERROR_CATALOGUE[code as ErrorCode].message : '';
    return `${label}未成功${reason === '' ? '' : `：${reason}`}`;
  }
  if (r.action === 'flagRaised') {
    // R1.2 超限, R1.3 疑似拆分, R6.4 测评人数不足: the flag in words; the rule's ID stays in the audit record.
    const flag = str(details, 'flag');
    return `${label}：${flag in PROJECT_FLAG_LABELS ? PROJECT_FLAG_LABELS[flag as ProjectFlag] : flag}`;
  }
  const what = describeCommand(r.action, obj(details, 'command'), isJson(r.after) ? r.after : {});
  return what === '' ? label : `${label}：${what}`;
}
