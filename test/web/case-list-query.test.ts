/**
 * The 诉求 and 项目 lists' state in the address: read back as written (reload, back and forward, a shared link),
 * unknown or foreign values dropped, defaults left out, and the server queries of the list and its export.
 */
import { describe, expect, it } from 'vitest';
import {
  demandQuery,
  EMPTY_LIST_STATE,
  exportSearch,
  moreFilterCount,
  projectQuery,
  readListState,
  sortFromTable,
  tableSortOrder,
  writeListState,
  type ListState,
} from '../../src/web/pages/cases/case-list-query.js';

const full: ListState = {
  ...EMPTY_LIST_STATE,
  status: ['acknowledged', 'assigned'],
  keyword: '路灯',
  communityId: 7,
  overdue: true,
  year: 2026,
  createdFrom: '2026-09-01',
  createdTo: '2026-09-30',
  channel: ['gridPatrol', 'citizenCenter'],
  sort: 'nextDeadline',
  order: 'asc',
  page: 3,
};

describe('the list state in the address', () => {
  it('a demand list is read back as written', () => {
    const search = writeListState('demand', full).toString();
    expect(readListState('demand', new URLSearchParams(search))).toEqual(full);
    expect(search).toBe(
      'status=acknowledged&status=assigned&keyword=%E8%B7%AF%E7%81%AF&communityId=7&overdue=true&year=2026&createdFrom=2026-09-01&createdTo=2026-09-30&channel=gridPatrol&channel=citizenCenter&sort=nextDeadline&order=asc&page=3',
    );
  });

  it('a project list keeps its own filters, and drops the demand ones', () => {
    const project: ListState = { ...EMPTY_LIST_STATE, status: ['implementing'], category: 'engineering', handlingMode: ['direct'], flag: ['overCap', 'possibleSplit'], sort: 'budget', order: 'desc', page: 1 };
    expect(readListState('project', writeListState('project', project))).toEqual(project);
    const foreign = new URLSearchParams('channel=gridPatrol&status=assigned&status=closed&sort=budget');
    expect(readListState('project', foreign)).toEqual({ ...EMPTY_LIST_STATE, status: ['closed'], sort: 'budget' });
    expect(readListState('demand', new URLSearchParams('category=service&flag=overCap&status=closed&sort=budget'))).toEqual(EMPTY_LIST_STATE);
  });

  it('values the lists do not know are left out; defaults are not written', () => {
    const odd = new URLSearchParams('status=bogus&channel=fax&year=1999&createdFrom=2026-9-1&communityId=abc&page=0&overdue=1&order=asc&keyword=%20%20');
    expect(readListState('demand', odd)).toEqual(EMPTY_LIST_STATE);
    expect(writeListState('demand', EMPTY_LIST_STATE).toString()).toBe('');
    expect(readListState('demand', new URLSearchParams('status=assigned&status=assigned')).status).toEqual(['assigned']);
  });
});

describe('the server queries', () => {
  it('the demand list query pages by 20 and names every filter', () => {
    expect(demandQuery(full, 20)).toEqual({
      status: ['acknowledged', 'assigned'],
      keyword: '路灯',
      communityId: 7,
      overdue: true,
      year: 2026,
      createdFrom: '2026-09-01',
      createdTo: '2026-09-30',
      channel: ['gridPatrol', 'citizenCenter'],
      sort: 'nextDeadline',
      order: 'asc',
      limit: 20,
      offset: 40,
    });
    expect(demandQuery(EMPTY_LIST_STATE, 20)).toEqual({ limit: 20, offset: 0 });
  });

  it('the project list query carries category, modes, flags and the budget order', () => {
    const s: ListState = { ...EMPTY_LIST_STATE, category: 'service', handlingMode: ['station'], flag: ['surveyException'], sort: 'budget', order: 'asc', page: 1 };
    expect(projectQuery(s, 20)).toEqual({ category: 'service', handlingMode: ['station'], flag: ['surveyException'], sort: 'budget', order: 'asc', limit: 20, offset: 0 });
  });

  it('the export takes the filters and order without paging', () => {
    expect(exportSearch('demand', full)).not.toMatch(/page|limit|offset/);
    expect(new URLSearchParams(exportSearch('demand', full)).getAll('channel')).toEqual(['gridPatrol', 'citizenCenter']);
    expect(exportSearch('demand', EMPTY_LIST_STATE)).toBe('');
  });

  it('更多筛选 counts the rarer filters set', () => {
    expect(moreFilterCount('demand', full)).toBe(3);
    expect(moreFilterCount('project', { ...EMPTY_LIST_STATE, flag: ['overCap'], createdTo: '2026-01-01' })).toBe(2);
    expect(moreFilterCount('demand', EMPTY_LIST_STATE)).toBe(0);
  });
});

describe('the table sorter', () => {
  it('turns a column click into the list order and back', () => {
    expect(sortFromTable('budget', 'ascend')).toEqual({ sort: 'budget', order: 'asc' });
    expect(sortFromTable('number', 'descend')).toEqual({ sort: 'number', order: 'desc' });
    expect(sortFromTable('number', null)).toEqual({});
    expect(sortFromTable('title', 'ascend')).toEqual({});
    expect(tableSortOrder(EMPTY_LIST_STATE, 'createdAt')).toBe('descend');
    expect(tableSortOrder(EMPTY_LIST_STATE, 'number')).toBeNull();
    expect(tableSortOrder(full, 'nextDeadline')).toBe('ascend');
    expect(tableSortOrder(full, 'createdAt')).toBeNull();
  });
});
