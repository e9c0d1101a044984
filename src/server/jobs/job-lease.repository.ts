/**
 * Named job leases (`job_lease`): which node runs an exclusive job. A node holds a job while it keeps renewing the
 * lease; when it stops or dies, the lease is released or runs out and the next node to tick takes the job over.
 */
import type { Reader } from '../db/transactor.js';

/** Takes or renews the lease on `name` for `node` until `until`; false while another node holds it. */
export async function acquireJobLease(db: Reader, name: string, node: string, now: string, until: string): Promise<boolean> {
  // The row must exist for the conditional UPDATE to have something to match; of two nodes inserting it, one does.
  await db
    .insertInto('job_lease')
    .values({ name, owner: null, lease_until: null, last_run_at: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const result = await db
    .updateTable('job_lease')
    .set({ owner: node, lease_until: until })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('owner', '=', node), eb('owner', 'is', null), eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** After a run: remembers when it ran and extends the hold, if `node` still holds it. */
export async function renewJobLease(db: Reader, name: string, node: string, ranAt: string, until: string): Promise<boolean> {
  const result = await db
    .updateTable('job_lease')
    .set({ last_run_at: ranAt, lease_until: until })
    .where('name', '=', name)
    .where('owner', '=', node)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** On a clean stop: another node need not wait for the lease to run out. */
export async function releaseJobLease(db: Reader, name: string, node: string): Promise<void> {
  await db.updateTable('job_lease').set({ owner: null, lease_until: null }).where('name', '=', name).where('owner', '=', node).execute();
}

export async function findJobLease(db: Reader, name: string) {
  return db.selectFrom('job_lease').selectAll().where('name', '=', name).executeTakeFirst();
}
