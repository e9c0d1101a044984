/**
 * Column helpers that keep one migration valid on both dialects.
 */
import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import type { Dialect } from '../database.js';

// Migrations describe tables that the typed schema does not yet know, as kysely's own examples do.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MigrationDb = Kysely<any>;

/** An auto-incrementing integer primary key. */
export function withId<T extends string>(dialect: Dialect, table: CreateTableBuilder<T>, name = 'id'): CreateTableBuilder<T> {
  return dialect === 'postgres'
    ? table.addColumn(name, 'bigserial', (c) => c.primaryKey())
    : table.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement());
}

export const notNull = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => c.notNull();
