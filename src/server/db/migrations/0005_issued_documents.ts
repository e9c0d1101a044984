/**
 * Documents issued from a case (printed for stamping, posted on the notice board, filed with finance): the exact
 * bytes kept in the attachment store, their SHA-256, the data version of the case they were made from, the
 * fingerprint of the form's content, and an edition number per case and form — a new one whenever the content
 * differs from the last edition's — so that what was printed can be shown again exactly and a changed form is
 * visibly a new edition.
 */
import type { Migration } from 'kysely';
import type { Dialect } from '../database.js';
import { notNull, withId, type MigrationDb } from './helpers.js';

export function issuedDocuments(dialect: Dialect): Migration {
  return {
    async up(db: MigrationDb): Promise<void> {
      await withId(dialect, db.schema.createTable('issued_document'))
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id'))
        .addColumn('form', 'varchar(32)', notNull)
        .addColumn('format', 'varchar(8)', notNull)
        .addColumn('edition', 'integer', notNull)
        .addColumn('data_version', 'integer', notNull)
        .addColumn('content_sha256', 'varchar(64)', notNull)
        .addColumn('filename', 'varchar(200)', notNull)
        .addColumn('mime', 'varchar(100)', notNull)
        .addColumn('size', 'integer', notNull)
        .addColumn('sha256', 'varchar(64)', notNull)
        .addColumn('storage_key', 'varchar(100)', notNull)
        .addColumn('community_id', 'integer', (c) => c.notNull().references('unit.id'))
        .addColumn('issued_by', 'integer', (c) => c.references('app_user.id'))
        .addColumn('issued_at', 'varchar(30)', notNull)
        .addUniqueConstraint('issued_document_edition_key', ['project_id', 'form', 'edition', 'format'])
        .execute();
    },

    async down(db: MigrationDb): Promise<void> {
      await db.schema.dropTable('issued_document').execute();
    },
  };
}
