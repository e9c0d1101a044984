/**
 * The name this process uses in outbox claims and job leases. It must differ between processes, including two
 * started on one host, so it carries the host name, the process id and a random suffix; NODE_ID can replace it.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';

export function defaultNodeId(): string {
  return `${os.hostname().slice(0, 40)}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
