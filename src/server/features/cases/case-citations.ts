/**
 * What the case actions need from the attachments feature: whether the attachments a form cites are the case's own
 * (or those of the demands a project answers) and of the kind the field takes (R6.1). The `AttachmentService`
 * implements it and `services.ts` wires it into the `CaseService`.
 */
import type { AttachmentKind } from '../../../domain/attachment-kinds.js';

/** A case whose attachments a form may cite. */
export interface CaseOwner {
  readonly type: 'project' | 'demand';
  readonly id: number;
}

/** The attachment ids one field of a body cites, and the kinds that field takes. */
export interface CaseCitation {
  readonly field: string;
  readonly ids: readonly number[];
  readonly kinds: readonly AttachmentKind[];
}

export interface CitationChecker {
  /** Throws VALIDATION_FAILED naming each field whose ids are not the owners' attachments of an allowed kind. */
  checkCitations(owners: readonly CaseOwner[], citations: readonly CaseCitation[]): Promise<void>;
}
