/**
 * The 12345 intake (R2.1, R2.2 "integrations enter the online ones"): authenticates the 12345 system by its bearer
 * token (constant-time), maps a work order to a demand in the community it names, and enters it through
 * `CaseService.createDemand(…, 'system')` with the caller's idempotency key: a retry gets the same demand back, a
 * different order under the same key is refused.
 *
 * How the intake is authorised: the token proves the caller is the 12345 system (no token configured: nobody is);
 * CaseService then lets the system actor create only demands of the online channels, and the lifecycle's
 * transitions table lists `system` among the roles of `createDemand`. Failed authentications are audited as
 * `accessDenied`, without what was presented.
 */
import type { Channel } from '../../../domain/categories.js';
import { DEMAND_STATUS_LABELS, type DemandState } from '../../../domain/lifecycle/index.js';
import type { Transactor } from '../../db/transactor.js';
import type { UnitRow } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { RequestContext } from '../../http/context.js';
import type { AuditService } from '../audit/audit.service.js';
import { findDemandByIdempotencyKey, parseDemand } from '../cases/case.repository.js';
import type { CaseService, NewDemandInput } from '../cases/case.service.js';
import { findChildByName, findUnitByCode, findUnitsByKind } from '../org/org.repository.js';
import { constantTimeEqual } from '../public/respondent-key.js';

/** Keys of the intake live apart from those of other clients. */
const KEY_PREFIX = '12345:';

export interface WorkOrder {
  readonly orderNumber: string;
  readonly channel: Extract<Channel, 'hotline12345' | 'portal12345' | 'wechatGuanjia'>;
  readonly category: string;
  readonly title?: string | undefined;
  readonly content: string;
  readonly address: string;
  readonly community: { readonly unitCode?: string | undefined; readonly name?: string | undefined; readonly townName?: string | undefined };
  readonly proposer: { readonly name: string; readonly phone?: string | null | undefined };
}

export interface IntakeDemand {
  readonly demandId: number;
  readonly trackingNumber: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly communityId: number;
  readonly communityName: string;
  readonly createdAt: string;
  readonly replayed: boolean;
}

function firstChars(text: string, n: number): string {
  return [...text].slice(0, n).join('');
}

function mapDemand(state: DemandState, replayed: boolean): IntakeDemand {
  return {
    demandId: state.id,
    trackingNumber: state.trackingNumber,
    status: state.status,
    statusLabel: DEMAND_STATUS_LABELS[state.status],
    communityId: state.communityId,
    communityName: state.communityName,
    createdAt: state.createdAt,
    replayed,
  };
}

/** The same order as the one stored under the key: compared with what was entered, not with later changes (R2.5). */
function sameOrder(state: DemandState, input: NewDemandInput): boolean {
  const firstCommunity = state.assignments[0]?.communityId ?? state.communityId;
  return (
    firstCommunity === input.communityId &&
    state.channel === input.channel &&
    state.title === input.title &&
    state.description === input.description &&
    state.location === input.location &&
    state.proposer.name === input.proposer.name &&
    state.proposer.phone === input.proposer.phone
  );
}

export class IntakeService {
  constructor(
    private readonly tx: Transactor,
    private readonly cases: CaseService,
    private readonly audit: AuditService,
    private readonly token: string | null,
  ) {}

  /** The `Authorization: Bearer …` header, checked in constant time; any failure is the same 401. */
  async authenticate(ctx: RequestContext, header: string | undefined, route: string): Promise<void> {
    const match = /^Bearer ([\x21-\x7e]+)$/.exec(header ?? '');
    const presented = match?.[1] ?? '';
    // Always compare, also when no token is configured, so that the answer takes the same time.
    const equal = constantTimeEqual(presented, this.token ?? '');
    if (this.token !== null && match !== null && equal) return;
    await this.audit.recordAlone(ctx, {
      action: 'accessDenied',
      outcome: 'denied',
      details: { attempted: 'createDemand', code: 'UNAUTHENTICATED', route, via: 'intake12345' },
    });
    throw new AppError('UNAUTHENTICATED', { scheme: 'Bearer' });
  }

  async receive(ctx: RequestContext, order: WorkOrder, idempotencyKey: string): Promise<IntakeDemand> {
    const community = await this.community(order.community);
    const content = order.content.trim();
    const input: NewDemandInput = {
      communityId: community.id,
      channel: order.channel,
      proposer: { kind: 'masses', name: order.proposer.name.trim(), phone: order.proposer.phone ?? null },
      title: order.title?.trim() ?? firstChars(`${order.category.trim()}：${content.replace(/\s+/g, ' ')}`, 60),
      description: `${content}\n（12345工单号：${order.orderNumber}；工单分类：${order.category.trim()}）`,
      location: order.address.trim(),
    };
    const key = `${KEY_PREFIX}${idempotencyKey}`;
    const earlier = await this.replay(key, input);
    if (earlier !== null) return earlier;
    try {
      const result = await this.cases.createDemand(ctx, input, key, 'system');
      return mapDemand(result.state, result.replayed);
    } catch (error) {
      // Two deliveries of one order at once: the unique key lets one in; the other answers with its demand.
      const raced = await this.replay(key, input);
      if (raced !== null) return raced;
      throw error;
    }
  }

  private async replay(key: string, input: NewDemandInput): Promise<IntakeDemand | null> {
    const row = await findDemandByIdempotencyKey(this.tx.reader, key);
    if (row === undefined || row.status === 'reserved') return null;
    const { state } = parseDemand(row);
    if (!sameOrder(state, input)) throw new AppError('IDEMPOTENCY_MISMATCH');
    return mapDemand(state, true);
  }

  /** R2.2 属地: the community by its code, or by its name inside the named town. */
  private async community(ref: WorkOrder['community']): Promise<UnitRow> {
    let unit: UnitRow | undefined;
    if (ref.unitCode !== undefined) {
      unit = await findUnitByCode(this.tx.reader, ref.unitCode.trim());
    } else if (ref.name !== undefined && ref.townName !== undefined) {
      const townName = ref.townName.trim();
      const town = (await findUnitsByKind(this.tx.reader, 'town')).find((t) => t.name === townName);
      unit = town === undefined ? undefined : await findChildByName(this.tx.reader, town.id, ref.name.trim());
    }
    if (unit?.kind !== 'community') {
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ field: 'community', message: '找不到工单所属的村（社区）：请提供村（社区）代码，或村（社区）名称及所属镇（街道）名称' }],
      });
    }
    return unit;
  }
}
