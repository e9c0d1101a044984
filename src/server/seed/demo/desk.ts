/**
 * The counter the demo's staff and public act at: every action goes through CaseService or AttachmentService with a
 * request context carrying the actor and the walk's instant, so each one is checked, audited and turned into
 * deadline, feedback and publication rows exactly as a request from the workbench or the portal would be.
 * Request ids are numbered, so a seed run is reproducible from its starting instant.
 */
import type { Tx } from '../../db/transactor.js';
import type { AttachmentKind } from '../../../domain/attachment-kinds.js';
import type { AttachmentService } from '../../features/attachments/attachment.service.js';
import { parseDemand, parseProject } from '../../features/cases/case.repository.js';
import type { CaseService, NewDemandInput } from '../../features/cases/case.service.js';
import { insertOnlineResponse } from '../../features/public/public.repository.js';
import type { AuthenticatedUser, RequestContext } from '../../http/context.js';
import type {
  CommitteeMeeting,
  DemandCommand,
  DemandState,
  ProjectCommand,
  ProjectState,
  SurveyResponseInput,
  TriageOutcome,
} from '../../../domain/lifecycle/index.js';
import { demoPdf, demoPhoto } from './files.js';
import type { DemoClock } from './timeline.js';

/** A staff member, a member of the public (portal) or a job. */
export type Who = AuthenticatedUser | 'public' | 'system';

/** A case as its actor last saw it: the id and the version to send with the next command. */
export interface CaseRef {
  readonly id: number;
  version: number;
}

export interface DemandRef extends CaseRef {
  state: DemandState;
}

export interface ProjectRef extends CaseRef {
  state: ProjectState;
}

type Owner = { readonly type: 'project' | 'demand'; readonly id: number };

export class CaseDesk {
  private requests = 0;

  constructor(
    private readonly cases: CaseService,
    private readonly attachments: AttachmentService,
    private readonly clock: DemoClock,
  ) {}

  context(user: AuthenticatedUser | null): RequestContext {
    this.requests += 1;
    return { requestId: `demo-seed-${String(this.requests).padStart(5, '0')}`, ip: 'localhost', user, now: this.clock.current };
  }

  async createDemand(by: AuthenticatedUser, input: Omit<NewDemandInput, 'collection'>): Promise<DemandRef> {
    const created = await this.cases.createDemand(this.context(by), input);
    return { id: created.state.id, version: created.version, state: created.state };
  }

  async demand(by: AuthenticatedUser, ref: DemandRef, command: Exclude<DemandCommand, { type: 'createDemand' | 'triageDemand' }>): Promise<void> {
    const result = await this.cases.demandCommand(this.context(by), ref.id, ref.version, command);
    ref.version = result.version;
    ref.state = result.state;
  }

  /** R2.4 the 两委 meeting's decision; an adoption opens the project, returned here. */
  async triage(by: AuthenticatedUser, ref: DemandRef, meeting: CommitteeMeeting, outcome: TriageOutcome): Promise<ProjectRef | null> {
    const result = await this.cases.demandCommand(this.context(by), ref.id, ref.version, { type: 'triageDemand', meeting, outcome });
    ref.version = result.version;
    ref.state = result.state;
    if (result.projectId === null) return null;
    return this.loadProject(result.projectId);
  }

  /** R2.6 merges `merged` into `primary` (and into its project, when it has one). */
  async merge(by: AuthenticatedUser, primary: DemandRef, merged: readonly DemandRef[], project: ProjectRef | null = null): Promise<void> {
    const versions = Object.fromEntries([primary, ...merged].map((d) => [d.id, d.version]));
    await this.cases.mergeDemands(this.context(by), primary.id, versions);
    for (const d of [primary, ...merged]) await this.reloadDemand(d);
    if (project !== null) {
      const fresh = await this.loadProject(project.id);
      project.version = fresh.version;
      project.state = fresh.state;
    }
  }

  async project(by: Who, ref: ProjectRef, command: ProjectCommand): Promise<ProjectState> {
    const user = typeof by === 'string' ? null : by;
    const actor = typeof by === 'string' ? by : 'user';
    const result = await this.cases.projectCommand(this.context(user), ref.id, ref.version, command, actor);
    ref.version = result.version;
    ref.state = result.state;
    return result.state;
  }

  /**
   * R6.5 an online answer sheet, kept as the public portal keeps one: its survey_response row (one per respondent)
   * and the lifecycle's command in the same transaction.
   */
  async surveyAnswer(ref: ProjectRef, response: SurveyResponseInput): Promise<void> {
    const ctx = this.context(null);
    const respondentKey = response.respondentKey;
    if (respondentKey === null) throw new Error('an online answer needs its respondent key');
    const keep = async (trx: Tx): Promise<void> => {
      const inserted = await insertOnlineResponse(trx, {
        projectId: ref.id,
        respondentKey,
        answersJson: JSON.stringify(response.answers),
        suggestion: response.suggestions,
        signature: response.signature,
        answeredOn: response.date,
        now: ctx.now.toISOString(),
      });
      if (!inserted) throw new Error(`respondent ${respondentKey} already answered project ${ref.id}`);
    };
    const result = await this.cases.projectCommand(ctx, ref.id, ref.version, { type: 'submitSurveyResponse', response }, 'public', keep);
    ref.version = result.version;
    ref.state = result.state;
  }

  /** Uploads a PDF (or, for photos, a drawn PNG) and returns its id for the form that cites it. */
  async upload(by: AuthenticatedUser, owner: Owner, kind: AttachmentKind, filename: string): Promise<number> {
    const bytes = kind === 'photo' ? await demoPhoto(filename) : demoPdf(`${kind} ${owner.type} ${owner.id}`);
    const view = await this.attachments.upload(this.context(by), owner, kind, filename, bytes);
    return view.id;
  }

  private async loadProject(id: number): Promise<ProjectRef> {
    const row = await this.cases.loadProjectRow(id);
    const { state, version } = parseProject(row);
    return { id, version, state };
  }

  private async reloadDemand(ref: DemandRef): Promise<void> {
    const row = await this.cases.loadDemandRow(ref.id);
    const { state, version } = parseDemand(row);
    ref.version = version;
    ref.state = state;
  }
}
