/**
 * The one access policy (R0.8): (role, action, target's jurisdiction) → allow / deny.
 * Roles grant actions; a unit-bound action is allowed only when the target lies inside the actor's jurisdiction.
 * Object-level rules (a department reviewer acts only on projects assigned to it) live in the services.
 */
import type { Action } from './actions.js';
import { isWithin, type Role, type UnitRef } from './roles.js';

const CASE_READ: readonly Action[] = ['viewCase', 'downloadAttachment'];
const SELF: readonly Action[] = ['viewProfile', 'changePassword', 'viewOrgTree', 'viewCalendar'];

/** Which actions each role may take at all. 三员分立: the admin roles have no case action. */
export const ROLE_ACTIONS: Readonly<Record<Role, ReadonlySet<Action>>> = {
  community_staff: new Set<Action>([
    ...SELF,
    ...CASE_READ,
    'createDemand',
    'acknowledgeDemand',
    'returnDemand',
    'mergeDemands',
    'triageDemand',
    'recordConsultation',
    'recordFeasibilityStudy',
    'recordAssemblyVote',
    'terminateProject',
    'submitRegistration',
    'startPublicity',
    'raiseObjection',
    'answerObjection',
    'claimProject',
    'decideClaim',
    'startImplementation',
    'completeImplementation',
    'submitClosure',
    'recordPaperSurvey',
    'completeSurvey',
    'closeProject',
    'uploadAttachment',
    'issueDocument',
  ]),
  town_staff: new Set<Action>([
    ...SELF,
    ...CASE_READ,
    'createDemand',
    'reassignDemand',
    'mergeDemands',
    'returnRegistration',
    'assignReviewers',
    'recordStamp',
    'decideReview',
    'startPublicity',
    'raiseObjection',
    'answerObjection',
    'claimProject',
    'decideClaim',
    'recordPaperSurvey',
    'completeSurvey',
    'closeProject',
    'uploadAttachment',
    'issueDocument',
    'sendReminder',
    'openCampaign',
    'submitAnnualPlan',
    'adjustLibrary',
    'recordDisbursement',
    'setMatchingFund',
    'importCommunities',
  ]),
  department_reviewer: new Set<Action>([...SELF, ...CASE_READ, 'recordDepartmentOpinion', 'recordStamp', 'uploadAttachment']),
  bureau_admin: new Set<Action>([...SELF, ...CASE_READ, 'sendReminder', 'setAllocation', 'editCalendar', 'createUnit', 'importCommunities']),
  supervisor: new Set<Action>([...SELF, ...CASE_READ]),
  system_admin: new Set<Action>([
    ...SELF,
    'listUsers',
    'createUser',
    'updateUser',
    'resetUserPassword',
    'createUnit',
    'importCommunities',
  ]),
  security_admin: new Set<Action>([...SELF, 'listUsers', 'assignRole', 'unlockUser']),
  audit_admin: new Set<Action>([...SELF, 'viewAuditLog', 'verifyAuditChain']),
};

/** The actor as the policy sees it: a role and the root of its jurisdiction. */
export interface Actor {
  readonly role: Role;
  readonly scope: UnitRef;
}

export type Decision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly code: 'FORBIDDEN_ROLE' | 'FORBIDDEN_SCOPE' };

/**
 * @param target the unit the action touches (a case's community, a town, the city), or null for an action that is
 *   not bound to a unit (the actor's own profile, the calendar as read).
 */
export function authorize(actor: Actor, action: Action, target: Pick<UnitRef, 'path'> | null): Decision {
  if (!ROLE_ACTIONS[actor.role].has(action)) return { allowed: false, code: 'FORBIDDEN_ROLE' };
  if (target !== null && !isWithin(target, actor.scope)) return { allowed: false, code: 'FORBIDDEN_SCOPE' };
  return { allowed: true };
}

/**
 * The root of a unit member's jurisdiction: a department reviewer's is the department's town;
 * the bureau's and the administrators' is the city; everyone else's is their own unit.
 */
export function jurisdictionRoot(role: Role, unit: UnitRef, parent: UnitRef | null, city: UnitRef): UnitRef {
  switch (role) {
    case 'department_reviewer':
      return parent ?? unit;
    case 'bureau_admin':
    case 'system_admin':
    case 'security_admin':
    case 'audit_admin':
      return city;
    case 'community_staff':
    case 'town_staff':
    case 'supervisor':
      return unit;
  }
}
