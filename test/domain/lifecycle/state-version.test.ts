/**
 * Versioned state: the frozen states of fixtures/state-v1/ (written before states carried `schemaVersion`, one per
 * status) are upgraded to the current version, and the deciders act on them as on states they wrote themselves.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DEMAND_STATE_VERSION,
  DEMAND_STATUSES,
  DEMAND_TERMINAL,
  PROJECT_STATE_VERSION,
  PROJECT_STATUSES,
  PROJECT_TERMINAL,
  StateVersionError,
  decideDemand,
  decideProject,
  upgradeDemandState,
  upgradeProjectState,
  type ActorRole,
  type DemandCommand,
  type DemandStatus,
  type ProjectCommand,
  type ProjectStatus,
} from '../../../src/domain/lifecycle/index.js';
import {
  TOWN_CHANNELS,
  allYes,
  basics,
  closureForm,
  consultation,
  createDemandCommand,
  ctx,
  meeting,
  ok,
  openCommand,
  responses,
} from './fixtures.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'state-v1');

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

interface Next<C, S> {
  readonly command: C;
  readonly at: string;
  readonly role: ActorRole;
  readonly to: S;
}

/** For each open status, a command the lifecycle accepts from it, and the status it leads to. */
const DEMAND_NEXT: Partial<Record<DemandStatus, Next<DemandCommand, DemandStatus>>> = {
  assigned: { command: { type: 'acknowledgeDemand' }, at: '2026-09-21T06:00:00.000Z', role: 'community_staff', to: 'acknowledged' },
  acknowledged: {
    command: { type: 'triageDemand', meeting, outcome: { kind: 'decline', reason: '该路段已列入市政改造计划' } },
    at: '2026-09-22T03:00:00.000Z',
    role: 'community_staff',
    to: 'declined',
  },
  returned: { command: { type: 'reassignDemand', communityId: 101, communityName: '东城街道花园新村社区' }, at: '2026-09-22T02:00:00.000Z', role: 'town_staff', to: 'assigned' },
  adopted: { command: { type: 'mergeDemands', primaryDemandId: 1, mergedDemandIds: [3] }, at: '2026-09-23T02:00:00.000Z', role: 'town_staff', to: 'adopted' },
};

const PROJECT_NEXT: Partial<Record<ProjectStatus, Next<ProjectCommand, ProjectStatus>>> = {
  awaitingConsultation: {
    command: { type: 'recordConsultation', consultation: consultation(3_000_000) },
    at: '2026-09-29T03:00:00.000Z',
    role: 'community_staff',
    to: 'consulted',
  },
  consultationFailed: {
    command: { type: 'recordFeasibilityStudy', study: { summary: '缩小修复范围后预算可控', recommendation: 'reconsult', attachmentIds: [801] } },
    at: '2026-10-09T02:00:00.000Z',
    role: 'community_staff',
    to: 'feasibilityStudied',
  },
  feasibilityStudied: { command: { type: 'terminateProject', reason: '居民意见分歧较大，暂缓实施' }, at: '2026-10-10T02:00:00.000Z', role: 'community_staff', to: 'terminated' },
  consulted: {
    command: { type: 'submitRegistration', basics: basics(3_000_000), recentSmallProjects: [] },
    at: '2026-09-30T02:00:00.000Z',
    role: 'community_staff',
    to: 'registered',
  },
  registered: {
    command: { type: 'startPublicity', days: 5, channels: ['projectPortal', 'noticeBoard'] },
    at: '2026-10-14T02:00:00.000Z',
    role: 'community_staff',
    to: 'inPublicity',
  },
  underReview: {
    command: { type: 'decideReview', decision: { outcome: 'specialFund', townOfficeName: '东城街道公共服务办', points: allYes } },
    at: '2026-10-13T02:00:00.000Z',
    role: 'town_staff',
    to: 'confirmed',
  },
  registrationReturned: {
    command: { type: 'submitRegistration', basics: basics(12_000_000), recentSmallProjects: [] },
    at: '2026-10-10T02:00:00.000Z',
    role: 'community_staff',
    to: 'underReview',
  },
  confirmed: { command: { type: 'startPublicity', days: 5, channels: TOWN_CHANNELS }, at: '2026-10-14T02:00:00.000Z', role: 'town_staff', to: 'inPublicity' },
  inPublicity: { command: { type: 'endPublicity' }, at: '2026-10-19T16:05:00.000Z', role: 'system', to: 'publicityEnded' },
  publicityEnded: { command: { type: 'startImplementation' }, at: '2026-10-20T02:00:00.000Z', role: 'community_staff', to: 'implementing' },
  implementing: { command: { type: 'completeImplementation' }, at: '2026-11-20T02:00:00.000Z', role: 'community_staff', to: 'completed' },
  completed: {
    command: { type: 'submitClosure', form: closureForm('engineering', 12_000_000) },
    at: '2026-11-23T02:00:00.000Z',
    role: 'community_staff',
    to: 'surveying',
  },
  surveying: { command: { type: 'recordPaperSurvey', responses: responses(31) }, at: '2026-11-24T02:00:00.000Z', role: 'town_staff', to: 'surveying' },
  closureFiled: { command: { type: 'closeProject' }, at: '2026-11-26T02:00:00.000Z', role: 'town_staff', to: 'closed' },
};

describe('Versioned state', () => {
  it('there is a frozen version-1 state for every status, and none carries schemaVersion', () => {
    const names = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
    const expected = [...DEMAND_STATUSES.map((s) => `demand-${s}.json`), ...PROJECT_STATUSES.map((s) => `project-${s}.json`)].sort();
    expect(names).toEqual(expected);
    for (const name of names) expect(fixture(name.replace(/\.json$/, ''))).not.toHaveProperty('schemaVersion');
  });

  it('new states carry the current schemaVersion', () => {
    expect(ok(decideDemand(null, createDemandCommand, ctx('2026-09-21T02:00:00.000Z', 'town_staff'))).state.schemaVersion).toBe(DEMAND_STATE_VERSION);
    expect(ok(decideProject(null, openCommand(), ctx('2026-09-22T03:00:00.000Z'))).state.schemaVersion).toBe(PROJECT_STATE_VERSION);
  });

  describe.each(DEMAND_STATUSES)('demand %s (version 1)', (status) => {
    it('upgrades to a current state the decider can act on', () => {
      const stored = fixture(`demand-${status}`);
      const state = upgradeDemandState(stored);
      expect(state).toEqual({ ...stored, schemaVersion: DEMAND_STATE_VERSION });
      expect(state.status).toBe(status);
      expect(upgradeDemandState(JSON.parse(JSON.stringify(state)))).toEqual(state);
      const next = DEMAND_NEXT[status];
      if (DEMAND_TERMINAL.includes(status)) {
        expect(next).toBeUndefined();
        const refused = decideDemand(state, { type: 'markOverdue' }, ctx('2026-12-01T02:00:00.000Z', 'system'));
        expect(refused).toMatchObject({ ok: false, violation: { code: 'INVALID_STATE' } });
        return;
      }
      if (next === undefined) throw new Error(`no next command for demand ${status}`);
      const after = ok(decideDemand(state, next.command, ctx(next.at, next.role))).state;
      expect(after).toMatchObject({ status: next.to, schemaVersion: DEMAND_STATE_VERSION });
    });
  });

  describe.each(PROJECT_STATUSES)('project %s (version 1)', (status) => {
    it('upgrades to a current state the decider can act on', () => {
      const stored = fixture(`project-${status}`);
      const state = upgradeProjectState(stored);
      expect(state).toEqual({ ...stored, schemaVersion: PROJECT_STATE_VERSION });
      expect(state.status).toBe(status);
      expect(upgradeProjectState(JSON.parse(JSON.stringify(state)))).toEqual(state);
      const next = PROJECT_NEXT[status];
      if (PROJECT_TERMINAL.includes(status)) {
        expect(next).toBeUndefined();
        const refused = decideProject(state, { type: 'markOverdue' }, ctx('2026-12-01T02:00:00.000Z', 'system'));
        expect(refused).toMatchObject({ ok: false, violation: { code: 'INVALID_STATE' } });
        return;
      }
      if (next === undefined) throw new Error(`no next command for project ${status}`);
      const after = ok(decideProject(state, next.command, ctx(next.at, next.role))).state;
      expect(after).toMatchObject({ status: next.to, schemaVersion: PROJECT_STATE_VERSION });
    });
  });

  it('refuses a state written by newer code, naming both versions', () => {
    const newer = { ...fixture('demand-assigned'), schemaVersion: DEMAND_STATE_VERSION + 1 };
    expect(() => upgradeDemandState(newer)).toThrow(StateVersionError);
    expect(() => upgradeDemandState(newer)).toThrow(
      `Stored demand state 1 has schemaVersion ${DEMAND_STATE_VERSION + 1}, newer than the ${DEMAND_STATE_VERSION} this code knows`,
    );
    expect(() => upgradeProjectState({ ...fixture('project-closed'), schemaVersion: 99 })).toThrow(/project state 900 has schemaVersion 99, newer than/);
  });

  it('refuses what is not a state of the aggregate, or has an invalid version', () => {
    expect(() => upgradeDemandState(null)).toThrow('Stored demand state is not a JSON object');
    expect(() => upgradeDemandState([])).toThrow(StateVersionError);
    expect(() => upgradeDemandState({})).toThrow('Stored demand state is not a demand state (aggregate undefined)');
    expect(() => upgradeProjectState(fixture('demand-assigned'))).toThrow('Stored project state 1 is not a project state (aggregate "demand")');
    expect(() => upgradeDemandState({ ...fixture('demand-assigned'), schemaVersion: 0 })).toThrow('has an invalid schemaVersion 0');
    expect(() => upgradeDemandState({ ...fixture('demand-assigned'), schemaVersion: '2' })).toThrow('has an invalid schemaVersion "2"');
    expect(() => upgradeProjectState({ ...fixture('project-closed'), status: 'archived' })).toThrow('has no valid id and status (status "archived")');
  });
});
