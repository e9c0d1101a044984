/**
 * The access policy (R0.8) as properties over every role × every action: the decision for a target inside the
 * actor's jurisdiction, outside it, or none follows from the role's grants; every action is someone's; a supervisor
 * only reads; 三员分立 (the three administrators handle no case, share no duty, and no case role administers).
 * Also the root of each role's jurisdiction.
 */
import { describe, expect, it } from 'vitest';
import { ACTIONS, ADMIN_ACTIONS, CASE_ACTIONS, PLAN_ACTIONS, type Action } from '../../../src/domain/access/actions.js';
import { authorize, jurisdictionRoot, ROLE_ACTIONS, type Actor } from '../../../src/domain/access/policy.js';
import { ADMIN_ROLES, isWithin, ROLES, type Role, type UnitRef } from '../../../src/domain/access/roles.js';

/** The self-service actions every signed-in role holds: its own profile and password, the org tree, the calendar. */
const SELF: readonly Action[] = ['viewProfile', 'changePassword', 'viewOrgTree', 'viewCalendar'];

/**
 * A read is an action that changes nothing: named view…, list… or download… in the action catalogue, or the audit
 * chain's verification (it reads the log and reports). Everything else in the catalogue writes.
 */
const isRead = (action: Action): boolean => /^(view|list|download)[A-Z]/.test(action) || action === 'verifyAuditChain';
const READS: readonly Action[] = ACTIONS.filter(isRead);

/** Actions no signed-in role takes: a resident answers the satisfaction survey without an account (R8). */
const PUBLIC_ACTIONS: readonly Action[] = ['submitSurveyResponse'];

const granted = (role: Role): readonly Action[] => ACTIONS.filter((a) => ROLE_ACTIONS[role].has(a));
const holders = (action: Action): readonly Role[] => ROLES.filter((r) => ROLE_ACTIONS[r].has(action));

/** The action names GLOSSARY.md gives (API operation and audit names). */
const GLOSSARY_ACTIONS = [
  'createDemand', 'acknowledgeDemand', 'returnDemand', 'reassignDemand', 'mergeDemands', 'triageDemand',
  'recordConsultation', 'recordFeasibilityStudy', 'recordAssemblyVote', 'terminateProject', 'submitRegistration',
  'assignReviewers', 'recordDepartmentOpinion', 'recordStamp', 'decideReview', 'startPublicity', 'raiseObjection',
  'answerObjection', 'claimProject', 'decideClaim', 'startImplementation', 'completeImplementation', 'submitClosure',
  'submitSurveyResponse', 'recordPaperSurvey', 'completeSurvey', 'closeProject', 'openCampaign', 'submitAnnualPlan',
  'adjustLibrary', 'setAllocation', 'recordDisbursement',
] as const;

// A small tree: 东莞 /1/, two towns, a community and a department in town 2, a community in town 3, the bureau.
const unit = (id: number, kind: UnitRef['kind'], path: string): UnitRef => ({ id, kind, path });
const CITY = unit(1, 'city', '/1/');
const TOWN_A = unit(2, 'town', '/1/2/');
const TOWN_B = unit(3, 'town', '/1/3/');
const BUREAU = unit(4, 'bureau', '/1/4/');
const COMMUNITY_A = unit(5, 'community', '/1/2/5/');
const DEPARTMENT_A = unit(6, 'department', '/1/2/6/');
const COMMUNITY_B = unit(7, 'community', '/1/3/7/');
/** A town whose id starts like town 2's: a naive prefix test on ids would take it for town 2's subtree. */
const TOWN_22 = unit(22, 'town', '/1/22/');
/** Outside the city altogether: what a city-wide actor's "outside" is. */
const ELSEWHERE = unit(99, 'community', '/99/100/');

/** Each role's actor as the server builds it, and a target inside and one outside its jurisdiction. */
const CASES: Readonly<Record<Role, { actor: Actor; inside: UnitRef; outside: UnitRef }>> = {
  community_staff: { actor: { role: 'community_staff', scope: COMMUNITY_A }, inside: COMMUNITY_A, outside: COMMUNITY_B },
  town_staff: { actor: { role: 'town_staff', scope: TOWN_A }, inside: COMMUNITY_A, outside: COMMUNITY_B },
  department_reviewer: { actor: { role: 'department_reviewer', scope: TOWN_A }, inside: DEPARTMENT_A, outside: TOWN_B },
  bureau_admin: { actor: { role: 'bureau_admin', scope: CITY }, inside: COMMUNITY_B, outside: ELSEWHERE },
  supervisor: { actor: { role: 'supervisor', scope: TOWN_A }, inside: COMMUNITY_A, outside: TOWN_22 },
  system_admin: { actor: { role: 'system_admin', scope: CITY }, inside: TOWN_B, outside: ELSEWHERE },
  security_admin: { actor: { role: 'security_admin', scope: CITY }, inside: COMMUNITY_A, outside: ELSEWHERE },
  audit_admin: { actor: { role: 'audit_admin', scope: CITY }, inside: BUREAU, outside: ELSEWHERE },
};

describe('the permission matrix', () => {
  it('the policy names every role and only catalogued actions', () => {
    expect(Object.keys(ROLE_ACTIONS).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) for (const a of ROLE_ACTIONS[role]) expect(ACTIONS, role).toContain(a);
  });

  it('every action named in GLOSSARY.md exists, and the action lists do not overlap', () => {
    for (const a of GLOSSARY_ACTIONS) expect(ACTIONS).toContain(a);
    expect(new Set(ACTIONS).size).toBe(CASE_ACTIONS.length + PLAN_ACTIONS.length + ADMIN_ACTIONS.length);
  });

  it('the reads are the view, list and download actions and the audit check', () => {
    expect([...READS].sort()).toEqual(
      ['viewCase', 'downloadAttachment', 'viewProfile', 'viewOrgTree', 'viewCalendar', 'listUsers', 'viewAuditLog', 'verifyAuditChain'].sort(),
    );
  });

  it('every action is granted to at least one role, but those a resident takes without an account', () => {
    for (const action of ACTIONS) {
      if (PUBLIC_ACTIONS.includes(action)) expect(holders(action), action).toEqual([]);
      else expect(holders(action).length, action).toBeGreaterThanOrEqual(1);
    }
  });

  it('every role holds the self-service actions', () => {
    for (const role of ROLES) for (const a of SELF) expect(ROLE_ACTIONS[role].has(a), `${role} ${a}`).toBe(true);
  });

  it('R0.8 a supervisor only reads (besides changing its own password)', () => {
    for (const action of granted('supervisor')) {
      expect(isRead(action) || action === 'changePassword', action).toBe(true);
    }
    // …and reads the cases it supervises.
    expect(ROLE_ACTIONS.supervisor.has('viewCase')).toBe(true);
    expect(ROLE_ACTIONS.supervisor.has('downloadAttachment')).toBe(true);
  });

  it('every role that handles a case can read it', () => {
    for (const role of ROLES) {
      if (granted(role).some((a) => (CASE_ACTIONS as readonly Action[]).includes(a))) {
        expect(ROLE_ACTIONS[role].has('viewCase'), role).toBe(true);
      }
    }
  });

  for (const role of ROLES) {
    it(`R0.8 ${role}: every action × {inside, outside, no target}`, () => {
      const { actor, inside, outside } = CASES[role];
      for (const action of ACTIONS) {
        const label = `${role} ${action}`;
        if (ROLE_ACTIONS[role].has(action)) {
          expect(authorize(actor, action, inside), `${label} inside`).toEqual({ allowed: true });
          expect(authorize(actor, action, null), `${label} no target`).toEqual({ allowed: true });
          expect(authorize(actor, action, outside), `${label} outside`).toEqual({ allowed: false, code: 'FORBIDDEN_SCOPE' });
        } else {
          // A role without the action is refused for the role, wherever the target lies.
          for (const target of [inside, outside, null]) {
            expect(authorize(actor, action, target), `${label} ${target?.path ?? 'null'}`).toEqual({ allowed: false, code: 'FORBIDDEN_ROLE' });
          }
        }
      }
    });
  }

  it('R0.8 a jurisdiction is a subtree of paths, not a prefix of ids', () => {
    expect(isWithin(COMMUNITY_A, TOWN_A)).toBe(true);
    expect(isWithin(TOWN_A, TOWN_A)).toBe(true);
    expect(isWithin(TOWN_22, TOWN_A)).toBe(false);
    expect(isWithin(TOWN_A, COMMUNITY_A)).toBe(false);
    expect(authorize({ role: 'town_staff', scope: TOWN_A }, 'createDemand', TOWN_22)).toEqual({ allowed: false, code: 'FORBIDDEN_SCOPE' });
    // The level above sees the level below, never the reverse (R7.2).
    expect(authorize({ role: 'community_staff', scope: COMMUNITY_A }, 'viewCase', TOWN_A)).toEqual({ allowed: false, code: 'FORBIDDEN_SCOPE' });
    expect(authorize({ role: 'supervisor', scope: TOWN_A }, 'viewCase', COMMUNITY_A)).toEqual({ allowed: true });
  });
});

describe('三员分立', () => {
  const adminOnly = (role: Role): Set<Action> => new Set(granted(role).filter((a) => !SELF.includes(a)));

  it('R0.8 the system, security and audit administrators take no case or plan action', () => {
    expect(ADMIN_ROLES).toEqual(['system_admin', 'security_admin', 'audit_admin']);
    for (const role of ADMIN_ROLES) {
      for (const action of [...CASE_ACTIONS, ...PLAN_ACTIONS]) {
        expect(authorize({ role, scope: CITY }, action, null), `${role} ${action}`).toEqual({ allowed: false, code: 'FORBIDDEN_ROLE' });
      }
    }
  });

  it('R0.8 the case roles take no user, role or audit administration', () => {
    const administration: readonly Action[] = ['listUsers', 'createUser', 'updateUser', 'resetUserPassword', 'assignRole', 'unlockUser', 'viewAuditLog', 'verifyAuditChain'];
    for (const role of ROLES.filter((r) => !ADMIN_ROLES.includes(r))) {
      for (const action of administration) expect(ROLE_ACTIONS[role].has(action), `${role} ${action}`).toBe(false);
    }
  });

  it('R0.8 each administrator holds a power of its own', () => {
    for (const role of ADMIN_ROLES) {
      const others = ADMIN_ROLES.filter((r) => r !== role);
      const own = granted(role).filter((a) => others.every((o) => !ROLE_ACTIONS[o].has(a)));
      expect(own.length, role).toBeGreaterThanOrEqual(1);
    }
  });

  it('R0.8 user accounts are made and edited only by the system administrator', () => {
    for (const action of ['createUser', 'updateUser', 'resetUserPassword'] as const) {
      expect(ROLES.filter((r) => ROLE_ACTIONS[r].has(action)), action).toEqual(['system_admin']);
    }
  });

  it('R0.8 roles are granted and accounts unlocked only by the security administrator', () => {
    for (const action of ['assignRole', 'unlockUser'] as const) {
      expect(ROLES.filter((r) => ROLE_ACTIONS[r].has(action)), action).toEqual(['security_admin']);
    }
  });

  it('R0.7 the audit log is read and verified only by the audit administrator', () => {
    for (const action of ['viewAuditLog', 'verifyAuditChain'] as const) {
      expect(ROLES.filter((r) => ROLE_ACTIONS[r].has(action)), action).toEqual(['audit_admin']);
    }
  });

  it('R0.8 the three administrators share no duty but reading the user list', () => {
    const [sys, sec, aud] = [adminOnly('system_admin'), adminOnly('security_admin'), adminOnly('audit_admin')];
    expect([...sys].filter((a) => sec.has(a))).toEqual(['listUsers']);
    expect([...sys].filter((a) => aud.has(a))).toEqual([]);
    expect([...sec].filter((a) => aud.has(a))).toEqual([]);
  });

  it('R0.8 there is no superuser: no role holds two of the three administrators’ powers', () => {
    for (const role of ROLES) {
      const held = [
        ROLE_ACTIONS[role].has('createUser'),
        ROLE_ACTIONS[role].has('assignRole'),
        ROLE_ACTIONS[role].has('viewAuditLog'),
      ].filter(Boolean).length;
      expect(held, role).toBeLessThanOrEqual(1);
      expect(ROLE_ACTIONS[role].size, role).toBeLessThan(ACTIONS.length);
    }
  });
});

describe('jurisdictionRoot', () => {
  const expectedRoot: Readonly<Record<Role, (u: UnitRef, parent: UnitRef) => UnitRef>> = {
    community_staff: (u) => u,
    town_staff: (u) => u,
    supervisor: (u) => u,
    department_reviewer: (_u, parent) => parent,
    bureau_admin: () => CITY,
    system_admin: () => CITY,
    security_admin: () => CITY,
    audit_admin: () => CITY,
  };
  const homes: Readonly<Record<Role, { unit: UnitRef; parent: UnitRef }>> = {
    community_staff: { unit: COMMUNITY_A, parent: TOWN_A },
    town_staff: { unit: TOWN_A, parent: CITY },
    supervisor: { unit: COMMUNITY_B, parent: TOWN_B },
    department_reviewer: { unit: DEPARTMENT_A, parent: TOWN_A },
    bureau_admin: { unit: BUREAU, parent: CITY },
    system_admin: { unit: BUREAU, parent: CITY },
    security_admin: { unit: BUREAU, parent: CITY },
    audit_admin: { unit: BUREAU, parent: CITY },
  };

  for (const role of ROLES) {
    it(`R0.8 ${role} acts within ${role === 'department_reviewer' ? 'its town' : ['community_staff', 'town_staff', 'supervisor'].includes(role) ? 'its own unit' : 'the city'}`, () => {
      const { unit: home, parent } = homes[role];
      expect(jurisdictionRoot(role, home, parent, CITY)).toEqual(expectedRoot[role](home, parent));
    });
  }

  it('a department without a parent is its own root', () => {
    expect(jurisdictionRoot('department_reviewer', DEPARTMENT_A, null, CITY)).toEqual(DEPARTMENT_A);
  });

  it('a department reviewer reaches the communities of its town and no other town', () => {
    const scope = jurisdictionRoot('department_reviewer', DEPARTMENT_A, TOWN_A, CITY);
    expect(authorize({ role: 'department_reviewer', scope }, 'recordDepartmentOpinion', COMMUNITY_A)).toEqual({ allowed: true });
    expect(authorize({ role: 'department_reviewer', scope }, 'recordDepartmentOpinion', COMMUNITY_B)).toEqual({ allowed: false, code: 'FORBIDDEN_SCOPE' });
  });
});
