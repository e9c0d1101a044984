/**
 * 办理进度 in plain words: what comes next for a demand in its state (R2.3 receipt within 24 hours of assignment, R2.4
 * the 两委 decision within 5 days of receipt …), beside the server's own sentence and deadlines from
 * POST /api/public/track. Pure, so it is unit-tested.
 */
import type { Tracking } from './api.js';

export interface Progress {
  /** One sentence about where the demand is. */
  readonly now: string;
  /** What happens next, or null when nothing more is to come on the demand itself. */
  readonly next: string | null;
}

export function progressOf(tracking: Tracking): Progress {
  const status = tracking.demand.status;
  const community = tracking.demand.communityName;
  switch (status) {
    case '已交派待接收':
      return {
        now: `您的诉求已登记，交给${community}办理。`,
        next: `${community}会在收到后24小时内受理，并给您发送受理反馈。`,
      };
    case '已接收待研判':
      return {
        now: `${community}已受理您的诉求。`,
        next: '村（社区）“两委”会在受理后5天内开会研究，决定是否纳入“民生微实事”项目办理，并把结果反馈给您。',
      };
    case '已退回待重新交派':
      return { now: '诉求不在原社区的管辖范围，已退回镇（街道）。', next: '镇（街道）会重新交给所在的村（社区）办理。' };
    case '已立项': {
      const newest = tracking.timeline[0]?.text ?? '';
      if (newest.startsWith('项目办结')) return { now: '您提出的需求已经办结，结果已经公开。', next: '可点下面的项目查看花了多少钱、办得怎么样。' };
      if (newest.startsWith('项目终止')) return { now: '项目已终止。', next: '原因见下面的反馈。如有疑问，可联系所在村（社区）。' };
      if (newest.startsWith('项目开始实施')) return { now: '项目正在实施。', next: '完成后会开展满意度测评，办结后把结果反馈给您。' };
      return { now: '您的诉求已纳入“民生微实事”项目办理。', next: '项目经协商、备案、公示后实施，办结后会把结果反馈给您。可点下面的项目查看公示情况。' };
    }
    case '转现行政策办理':
      return { now: '您的诉求可以按现行政策办理，已转给相关部门。', next: '具体的部门和联系方式见下面的反馈。' };
    case '不予采纳':
      return { now: '经村（社区）“两委”研究，您的诉求暂不纳入办理。', next: '原因见下面的反馈。如有疑问，可联系所在村（社区）。' };
    case '已合并':
      return { now: '您的诉求与其他居民反映的同一需求合并办理。', next: '之后的办理结果同样会反馈给您。' };
    default:
      return { now: `当前状态：${status}。`, next: null };
  }
}
