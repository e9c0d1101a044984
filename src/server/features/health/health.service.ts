/**
 * Whether the process can serve: the database answers (GET /api/health).
 */
import type { Dialect } from '../../db/database.js';
import type { Transactor } from '../../db/transactor.js';
import { pingDatabase } from './health.repository.js';

export class HealthService {
  constructor(
    private readonly tx: Transactor,
    /** Which database this is, for the answer. */
    readonly dialect: Dialect,
  ) {}

  /** Resolves when the database answers; rejects with the driver's error otherwise. */
  async checkDatabase(): Promise<void> {
    await pingDatabase(this.tx.reader);
  }
}
