/**
 * The audit log's hash chains (R0.7): each record's hash covers its own content and its predecessor's hash in its
 * chain, so an edited, inserted or removed record breaks the chain from that point on. SM3 (GB/T 32905) through
 * node:crypto. There are several chains so that concurrent transactions need not wait for each other's commits;
 * each is verified on its own against its head row.
 */
import { createHash } from 'node:crypto';
import type { AuditLogRow } from '../../db/schema.js';
import { storableText } from '../../http/unicode.js';

export const GENESIS_HASH = '0'.repeat(64);

export type ChainedFields = Omit<AuditLogRow, 'id' | 'hash'>;

/**
 * The record as it is stored and hashed: every text field in the form the databases keep (lone surrogates and
 * U+0000 become U+FFFD), so that the hash computed at append time is the hash of what verification reads back.
 * The identity on well-formed text, so records written before this form still verify unchanged.
 */
export function canonicalAuditFields<T extends ChainedFields>(record: T): T {
  const out: Record<string, unknown> = { ...record };
  for (const [key, value] of Object.entries(out)) if (typeof value === 'string') out[key] = storableText(value);
  return out as T;
}

export function auditHash(record: ChainedFields): string {
  // A fixed field order; JSON encoding escapes every separator, so no two records share a preimage. Chain 1 keeps
  // the form it had when it was the only chain; a record of another chain adds its chain number, so moving a
  // record between chains changes its hash.
  const fields: unknown[] = [
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
  ];
  if (record.chain !== 1) fields.push(record.chain);
  return createHash('sm3').update(JSON.stringify(fields), 'utf8').digest('hex');
}

export interface ChainBreak {
  readonly chain: number;
  readonly seq: number;
  readonly reason: 'edited' | 'missing' | 'relinked' | 'tailRemoved' | 'unknownChain';
  readonly message: string;
}

export interface ChainHead {
  readonly chain: number;
  readonly lastSeq: number;
  readonly lastHash: string;
}

export interface ChainReport {
  readonly ok: boolean;
  /** Records checked, over all chains. */
  readonly checked: number;
  readonly chains: number;
  readonly breaks: readonly ChainBreak[];
}

/**
 * Walks one chain's records in `seq` order and names every place it breaks. `pages` yields consecutive slices, so
 * a long chain is verified without holding it in memory.
 */
export async function verifyOneChain(pages: AsyncIterable<readonly AuditLogRow[]>, head: ChainHead): Promise<{ checked: number; breaks: ChainBreak[] }> {
  const { chain } = head;
  const at = (seq: number): string => `审计链 ${chain} 第 ${seq} 条记录`;
  const breaks: ChainBreak[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for await (const page of pages) {
    for (const row of page) {
      if (row.chain !== chain) throw new Error(`record ${row.id} is not of chain ${chain}`);
      if (row.seq !== expectedSeq) {
        const range = row.seq - 1 > expectedSeq ? `–${row.seq - 1}` : '';
        breaks.push({ chain, seq: expectedSeq, reason: 'missing', message: `审计链 ${chain} 第 ${expectedSeq}${range} 条记录缺失` });
      } else if (row.prev_hash !== prevHash) {
        breaks.push({ chain, seq: row.seq, reason: 'relinked', message: `${at(row.seq)}与前一条的链接不符` });
      }
      const { id: _id, hash, ...fields } = row;
      if (auditHash(fields) !== hash) {
        breaks.push({ chain, seq: row.seq, reason: 'edited', message: `${at(row.seq)}内容被修改` });
      }
      prevHash = hash;
      expectedSeq = row.seq + 1;
      checked += 1;
    }
  }
  const lastSeq = expectedSeq - 1;
  if (head.lastSeq > lastSeq || (head.lastSeq === lastSeq && head.lastHash !== prevHash && lastSeq > 0)) {
    breaks.push({
      chain,
      seq: lastSeq + 1,
      reason: 'tailRemoved',
      message: `审计链 ${chain} 链尾记录缺失：应有 ${head.lastSeq} 条，实有 ${lastSeq} 条`,
    });
  }
  return { checked, breaks };
}
