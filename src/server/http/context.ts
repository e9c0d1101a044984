/**
 * What a service knows about the request it serves: who acts, from where, under which request id, and when.
 */
import type { Role, UnitRef } from '../../domain/access/roles.js';

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** The signed-in user as every service sees them. */
export interface AuthenticatedUser {
  readonly userId: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly unit: UnitRef & { readonly name: string };
  /** The root of the user's jurisdiction (R0.8). */
  readonly scope: UnitRef;
  readonly sessionId: string;
  readonly mustChangePassword: boolean;
}

export interface RequestContext {
  readonly requestId: string;
  readonly ip: string;
  readonly user: AuthenticatedUser | null;
  readonly now: Date;
}
