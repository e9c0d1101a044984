/**
 * The timed steps of the lifecycle and their deadline records (R0.4–R0.6 arithmetic, R2.3–R6.3 limits, R7.2 watch).
 * Owns: which step counts how (hours / calendar days / working days / calendar months), who owns it, the record a
 * state keeps for each started step, and its status for the deadline watch (open, dueSoon, overdue, done …).
 */
import {
  calendarDaysDeadline,
  calendarMonthsDeadline,
  hoursDeadline,
  workingDaysDeadline,
  workingDaysLeft,
  type CalendarWarning,
  type Deadline,
  type LocalDate,
  type WorkCalendar,
} from '../calendar/index.js';
import type { RulesConfig } from '../rules-config.js';
import type { AggregateKind, LifecycleEvent } from './events.js';
import { DEADLINE_STEPS, type DeadlineOwner, type DeadlineStep } from './deadline-steps.js';
import { iso, type DecideContext, type IsoInstant, type RuleId } from './types.js';

export { DEADLINE_STEPS, type DeadlineOwner, type DeadlineStep } from './deadline-steps.js';

/** R0.6 clock hours, R0.4 calendar days, R0.5 working days, R5.4 calendar months. */
export type DeadlineKind = 'hours' | 'calendarDays' | 'workingDays' | 'calendarMonths';

export interface DeadlineSpec {
  readonly step: DeadlineStep;
  readonly rule: RuleId;
  readonly kind: DeadlineKind;
  readonly owner: DeadlineOwner;
  readonly label: string;
  /** The count from the configuration (the publicity window takes the command's days instead). */
  readonly amount: (config: RulesConfig) => number;
  /** When the clock starts, in words, for the generated documentation. */
  readonly startsAt: string;
}

export const DEADLINE_SPECS: Readonly<Record<DeadlineStep, DeadlineSpec>> = {
  receipt: {
    step: 'receipt',
    rule: 'R2.3',
    kind: 'hours',
    owner: 'community',
    label: '接收诉求并反馈',
    amount: (c) => c.receiptHours,
    startsAt: '交派（含重新交派）',
  },
  triage: {
    step: 'triage',
    rule: 'R2.4',
    kind: 'calendarDays',
    owner: 'community',
    label: '召开“两委”联席会议研判',
    amount: (c) => c.triageDays,
    startsAt: '接收诉求（按配置也可为交派）',
  },
  consultation: {
    step: 'consultation',
    rule: 'R3.1',
    kind: 'calendarDays',
    owner: 'community',
    label: '召开城乡社区协商会议',
    amount: (c) => c.consultationDays,
    startsAt: '“两委”联席会议召开',
  },
  review: {
    step: 'review',
    rule: 'R4.1',
    kind: 'workingDays',
    owner: 'town',
    label: '镇（街道）审核确认',
    amount: (c) => c.reviewWorkingDays,
    startsAt: '提交（含重新提交）登记备案表',
  },
  publicityWindow: {
    step: 'publicityWindow',
    rule: 'R5.1',
    kind: 'calendarDays',
    owner: 'system',
    label: '公示期结束',
    amount: (c) => c.publicity.townMinDays,
    startsAt: '发起公示（天数由公示指定，不少于下限）',
  },
  engineeringCompletion: {
    step: 'engineeringCompletion',
    rule: 'R5.4',
    kind: 'calendarMonths',
    owner: 'community',
    label: '5万元以下便民工程完工',
    amount: (c) => c.smallEngineeringCompletionMonths,
    startsAt: '协商完成（协商通过或表决通过）',
  },
  serviceStart: {
    step: 'serviceStart',
    rule: 'R5.4',
    kind: 'calendarDays',
    owner: 'community',
    label: '公益服务项目组织开展',
    amount: (c) => c.serviceStartDays,
    startsAt: '公示期结束',
  },
  closure: {
    step: 'closure',
    rule: 'R6.1',
    kind: 'workingDays',
    owner: 'community',
    label: '填报结项表',
    amount: (c) => c.closureWorkingDays,
    startsAt: '项目完成',
  },
  townSurvey: {
    step: 'townSurvey',
    rule: 'R6.3',
    kind: 'workingDays',
    owner: 'town',
    label: '镇（街道）开展满意度测评',
    amount: (c) => c.townSurveyWorkingDays,
    startsAt: '镇（街道）接收结项表',
  },
};

export const DEADLINE_KIND_LABELS: Readonly<Record<DeadlineKind, string>> = {
  hours: '小时（R0.6）',
  calendarDays: '日（R0.4）',
  workingDays: '个工作日（R0.5）',
  calendarMonths: '个月（R5.4）',
};

/** One started step's clock, kept in the aggregate's state (plain JSON). */
export interface DeadlineRecord {
  readonly step: DeadlineStep;
  readonly rule: RuleId;
  readonly kind: DeadlineKind;
  readonly amount: number;
  readonly owner: DeadlineOwner;
  readonly startedAt: IsoInstant;
  /** The due instant: "24:00 of the last day" is 00:00 of the next day in Asia/Shanghai. */
  readonly due: IsoInstant;
  /** The last civil day on which the step may still be done. */
  readonly dueDate: LocalDate;
  /** True when a year the computation crossed has no holiday schedule (R0.5). */
  readonly provisional: boolean;
  readonly warnings: readonly CalendarWarning[];
  readonly doneAt: IsoInstant | null;
  /** The step was made moot (demand returned or merged, registration returned, project terminated). */
  readonly cancelledAt: IsoInstant | null;
  /** Set by the `markOverdue` job the first time the step is seen overdue, so it is escalated once. */
  readonly overdueNotifiedAt: IsoInstant | null;
}

export function computeDeadline(kind: DeadlineKind, cal: WorkCalendar, start: Date, amount: number): Deadline {
  switch (kind) {
    case 'hours':
      return hoursDeadline(start, amount);
    case 'calendarDays':
      return calendarDaysDeadline(cal, start, amount);
    case 'workingDays':
      return workingDaysDeadline(cal, start, amount);
    case 'calendarMonths':
      return calendarMonthsDeadline(cal, start, amount);
  }
}

export function isOpen(record: DeadlineRecord): boolean {
  return record.doneAt === null && record.cancelledAt === null;
}

/** The open clock of a step, if it runs. */
export function openDeadline(records: readonly DeadlineRecord[], step: DeadlineStep): DeadlineRecord | undefined {
  return records.find((r) => r.step === step && isOpen(r));
}

/** R7.2 the level that sees an overdue step of this owner: 镇街 sees its communities, 市民政局 every town. */
export function escalationLevel(owner: DeadlineOwner): 'town' | 'bureau' | null {
  switch (owner) {
    case 'community':
      return 'town';
    case 'town':
      return 'bureau';
    case 'system':
      return null;
  }
}

/**
 * Accumulates the deadline changes of one decision and the events that announce them.
 * Records are replaced, never mutated, so the previous state object stays intact.
 */
export class DeadlineBook {
  private list: DeadlineRecord[];
  readonly events: LifecycleEvent[] = [];

  constructor(
    records: readonly DeadlineRecord[],
    private readonly ctx: DecideContext,
    private readonly aggregate: AggregateKind,
    private readonly aggregateId: number,
  ) {
    this.list = [...records];
  }

  get records(): DeadlineRecord[] {
    return this.list;
  }

  /** Starts a step's clock at `start`; `amount` overrides the configured count (publicity days). */
  start(step: DeadlineStep, start: Date, amount?: number): DeadlineRecord {
    const spec = DEADLINE_SPECS[step];
    const count = amount ?? spec.amount(this.ctx.config);
    const deadline = computeDeadline(spec.kind, this.ctx.calendar, start, count);
    const record: DeadlineRecord = {
      step,
      rule: spec.rule,
      kind: spec.kind,
      amount: count,
      owner: spec.owner,
      startedAt: iso(start),
      due: iso(deadline.due),
      dueDate: deadline.dueDate,
      provisional: deadline.provisional,
      warnings: deadline.warnings.map((w) => ({ code: w.code, year: w.year, message: w.message })),
      doneAt: null,
      cancelledAt: null,
      overdueNotifiedAt: null,
    };
    this.list.push(record);
    this.events.push({
      type: 'deadlineSet',
      aggregate: this.aggregate,
      aggregateId: this.aggregateId,
      step,
      rule: spec.rule,
      owner: spec.owner,
      startedAt: record.startedAt,
      due: record.due,
      dueDate: record.dueDate,
      provisional: record.provisional,
      warnings: record.warnings,
    });
    return record;
  }

  /** Marks the step's open clock done now (late or not); a step without a running clock is left alone. */
  complete(step: DeadlineStep): void {
    const now = iso(this.ctx.now);
    this.replaceOpen(step, (record) => {
      this.events.push({
        type: 'deadlineCompleted',
        aggregate: this.aggregate,
        aggregateId: this.aggregateId,
        step,
        doneAt: now,
        late: this.ctx.now.getTime() > Date.parse(record.due),
      });
      return { ...record, doneAt: now };
    });
  }

  cancel(step: DeadlineStep, reason: string): void {
    const now = iso(this.ctx.now);
    this.replaceOpen(step, (record) => {
      this.events.push({ type: 'deadlineCancelled', aggregate: this.aggregate, aggregateId: this.aggregateId, step, reason });
      return { ...record, cancelledAt: now };
    });
  }

  cancelAll(reason: string): void {
    for (const step of DEADLINE_STEPS) this.cancel(step, reason);
  }

  /** R7.2 every open step past its due instant and not yet escalated is escalated once. */
  markOverdue(): void {
    const now = iso(this.ctx.now);
    this.list = this.list.map((record) => {
      if (!isOpen(record) || record.overdueNotifiedAt !== null || this.ctx.now.getTime() < Date.parse(record.due)) {
        return record;
      }
      this.events.push({
        type: 'deadlineOverdue',
        aggregate: this.aggregate,
        aggregateId: this.aggregateId,
        step: record.step,
        rule: record.rule,
        due: record.due,
        escalateTo: escalationLevel(record.owner),
      });
      return { ...record, overdueNotifiedAt: now };
    });
  }

  private replaceOpen(step: DeadlineStep, change: (record: DeadlineRecord) => DeadlineRecord): void {
    const index = this.list.findIndex((r) => r.step === step && isOpen(r));
    const record = this.list[index];
    if (record !== undefined) this.list[index] = change(record);
  }
}

export type DeadlineStatus = 'open' | 'dueSoon' | 'overdue' | 'done' | 'doneLate' | 'cancelled';

export const DEADLINE_STATUS_LABELS: Readonly<Record<DeadlineStatus, string>> = {
  open: '办理中',
  dueSoon: '即将超期',
  overdue: '已逾期',
  done: '按时完成',
  doneLate: '逾期完成',
  cancelled: '已撤销',
};

/** R7.2 where a step stands now: dueSoon when at most `dueSoonWorkingDays` working days are left (R0.5 counting). */
export function deadlineStatus(record: DeadlineRecord, now: Date, cal: WorkCalendar, config: RulesConfig): DeadlineStatus {
  if (record.cancelledAt !== null) return 'cancelled';
  if (record.doneAt !== null) return Date.parse(record.doneAt) > Date.parse(record.due) ? 'doneLate' : 'done';
  const due = new Date(record.due);
  if (now.getTime() >= due.getTime()) return 'overdue';
  return workingDaysLeft(cal, now, due) <= config.dueSoonWorkingDays ? 'dueSoon' : 'open';
}

export interface DeadlineView {
  readonly record: DeadlineRecord;
  readonly status: DeadlineStatus;
  /** R7.2 the level above the owner, for an overdue step; null otherwise. */
  readonly visibleAbove: 'town' | 'bureau' | null;
}

/** R7.2 every step of an aggregate with its status, for the deadline watch and the timeline. */
export function listDeadlines(
  records: readonly DeadlineRecord[],
  now: Date,
  cal: WorkCalendar,
  config: RulesConfig,
): DeadlineView[] {
  return records.map((record) => {
    const status = deadlineStatus(record, now, cal, config);
    return { record, status, visibleAbove: status === 'overdue' ? escalationLevel(record.owner) : null };
  });
}
