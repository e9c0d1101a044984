/** R7.2 the deadline watch: status of every step, escalation of overdue steps to the level above, R0.5 warnings. */
import { describe, expect, it } from 'vitest';
import { decideDemand, decideProject, deadlineStatus, listDeadlines, type DeadlineRecord } from '../../../src/domain/lifecycle/index.js';
import { DEFAULT_RULES_CONFIG } from '../../../src/domain/rules-config.js';
import { calendar, consultedProject, createDemandCommand, ctx, eventsOf, ok, refused, registeredProject, basics } from './fixtures.js';

function review(): DeadlineRecord {
  const record = registeredProject({ budgetFen: 12_000_000 }).deadlines.find((d) => d.step === 'review');
  if (record === undefined) throw new Error('fixture');
  return record;
}

describe('Deadline watch', () => {
  it('R7.2 a step is open, then dueSoon on its last working day before the due, then overdue', () => {
    const record = review(); // due 24:00 of Tue 10-13
    expect(deadlineStatus(record, new Date('2026-09-30T03:00:00.000Z'), calendar, DEFAULT_RULES_CONFIG)).toBe('open');
    expect(deadlineStatus(record, new Date('2026-10-12T02:00:00.000Z'), calendar, DEFAULT_RULES_CONFIG)).toBe('dueSoon');
    expect(deadlineStatus(record, new Date('2026-10-13T16:00:00.000Z'), calendar, DEFAULT_RULES_CONFIG)).toBe('overdue');
    expect(deadlineStatus({ ...record, doneAt: '2026-10-14T01:00:00.000Z' }, new Date('2026-10-20T00:00:00.000Z'), calendar, DEFAULT_RULES_CONFIG)).toBe('doneLate');
  });

  it('R7.2 an overdue community step is visible to its town, an overdue town step to the bureau', () => {
    const demand = ok(decideDemand(null, createDemandCommand, ctx('2026-09-21T02:00:00.000Z', 'town_staff'))).state;
    expect(listDeadlines(demand.deadlines, new Date('2026-09-22T02:00:00.000Z'), calendar, DEFAULT_RULES_CONFIG)).toEqual([
      { record: demand.deadlines[0], status: 'overdue', visibleAbove: 'town' },
    ]);
    expect(listDeadlines([review()], new Date('2026-10-14T02:00:00.000Z'), calendar, DEFAULT_RULES_CONFIG)[0]).toMatchObject({
      status: 'overdue',
      visibleAbove: 'bureau',
    });
  });

  it('R7.2 the markOverdue job escalates each overdue step once; people cannot run it', () => {
    const project = registeredProject({ budgetFen: 12_000_000 });
    expect(refused(decideProject(project, { type: 'markOverdue' }, ctx('2026-10-14T02:00:00.000Z', 'town_staff'))).code).toBe('FORBIDDEN_ROLE');
    const first = ok(decideProject(project, { type: 'markOverdue' }, ctx('2026-10-14T02:00:00.000Z', 'system')));
    expect(eventsOf(first.events, 'deadlineOverdue')).toEqual([
      { type: 'deadlineOverdue', aggregate: 'project', aggregateId: 900, step: 'review', rule: 'R4.1', due: '2026-10-13T16:00:00.000Z', escalateTo: 'bureau' },
    ]);
    expect(first.state.deadlines.find((d) => d.step === 'review')?.overdueNotifiedAt).toBe('2026-10-14T02:00:00.000Z');
    const second = ok(decideProject(first.state, { type: 'markOverdue' }, ctx('2026-10-15T02:00:00.000Z', 'system')));
    expect(second.events).toEqual([]);
    const early = ok(decideProject(project, { type: 'markOverdue' }, ctx('2026-10-13T15:59:59.000Z', 'system')));
    expect(early.events).toEqual([]);
  });

  it('R0.5 a deadline that runs into a year without a schedule is provisional and says so', () => {
    const consulted = consultedProject({ budgetFen: 12_000_000 });
    const { state } = ok(decideProject(consulted, { type: 'submitRegistration', basics: basics(12_000_000), recentSmallProjects: [] }, ctx('2026-12-28T02:00:00.000Z')));
    expect(state.deadlines.find((d) => d.step === 'review')).toMatchObject({
      dueDate: '2027-01-04',
      provisional: true,
      warnings: [{ code: 'CALENDAR_YEAR_MISSING', year: 2027, message: '暂无2027年节假日安排，期限为临时计算' }],
    });
  });
});
