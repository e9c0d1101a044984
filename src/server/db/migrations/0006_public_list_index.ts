/**
 * The portal's 公示 and results lists (R5.1, R6.6): published projects by status, then town, community and category,
 * so that the list's count and its page of ids are read from the index alone, whatever filters the resident chose.
 */
import type { Migration } from 'kysely';
import type { MigrationDb } from './helpers.js';

export function publicListIndex(): Migration {
  return {
    async up(db: MigrationDb): Promise<void> {
      await db.schema
        .createIndex('project_public_list_idx')
        .on('project')
        .columns(['published', 'status', 'town_id', 'community_id', 'category', 'subcategory'])
        .execute();
    },

    async down(db: MigrationDb): Promise<void> {
      await db.schema.dropIndex('project_public_list_idx').execute();
    },
  };
}
