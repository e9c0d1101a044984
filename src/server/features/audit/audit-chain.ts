/**
 * The audit log's hash chain (R0.7): each record's hash covers its own content and its predecessor's hash, so an
 * edited, inserted or removed record breaks the chain from that point on. SM3 (GB/T 32905) through node:crypto.
 */
import { createHash } from 'node:crypto';
import type { AuditLogRow } from '../../db/schema.js';

export const GENESIS_HASH = '0'.repeat(64);

export type ChainedFields = Omit<AuditLogRow, 'id' | 'hash'>;

export function auditHash(record: ChainedFields): string {
  // A fixed field order; JSON encoding escapes every separator, so no two records share a preimage.
  const preimage = JSON.stringify([
    record.seq,
    record.occurred_at,
    record.request_id,
    record.actor_user_id,
    record.actor_username,
    record.actor_role,
    record.actor_unit_id,
    record.ip,
    record.action,
    record.target_type,
    record.target_id,
    record.target_unit_id,
    record.outcome,
    record.before_json,
    record.after_json,
    record.details_json,
    record.prev_hash,
  ]);
  return createHash('sm3').update(preimage, 'utf8').digest('hex');
}

export interface ChainBreak {
  readonly seq: number;
  readonly reason: 'edited' | 'missing' | 'relinked' | 'tailRemoved';
  readonly message: string;
}

export interface ChainReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly lastSeq: number;
  readonly breaks: readonly ChainBreak[];
}

/**
 * Walks records in `seq` order and names every place the chain breaks. `pages` yields consecutive slices, so a
 * long log is verified without holding it in memory.
 */
export async function verifyChain(
  pages: AsyncIterable<readonly AuditLogRow[]>,
  head: { lastSeq: number; lastHash: string },
): Promise<ChainReport> {
  const breaks: ChainBreak[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for await (const page of pages) {
    for (const row of page) {
      if (row.seq !== expectedSeq) {
        breaks.push({
          seq: expectedSeq,
          reason: 'missing',
          message: `第 ${expectedSeq}${row.seq - 1 > expectedSeq ? `–${row.seq - 1}` : ''} 条记录缺失`,
        });
      } else if (row.prev_hash !== prevHash) {
        breaks.push({ seq: row.seq, reason: 'relinked', message: `第 ${row.seq} 条记录与前一条的链接不符` });
      }
      const { id: _id, hash, ...fields } = row;
      if (auditHash(fields) !== hash) {
        breaks.push({ seq: row.seq, reason: 'edited', message: `第 ${row.seq} 条记录内容被修改` });
      }
      prevHash = hash;
      expectedSeq = row.seq + 1;
      checked += 1;
    }
  }
  const lastSeq = expectedSeq - 1;
  if (head.lastSeq > lastSeq || (head.lastSeq === lastSeq && head.lastHash !== prevHash && lastSeq > 0)) {
    breaks.push({
      seq: lastSeq + 1,
      reason: 'tailRemoved',
      message: `链尾记录缺失：应有 ${head.lastSeq} 条，实有 ${lastSeq} 条`,
    });
  }
  return { ok: breaks.length === 0, checked, lastSeq, breaks };
}
