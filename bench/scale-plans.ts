/**
 * The hot queries' plans on the generated large city (test/server/query-plans/hot-queries.ts, the queries the
 * snapshot test plans on a small database): each statement planned on the full-size database, and every plan that
 * reads the demand or project table whole named. Prints one JSON line.
 *
 *   tsx bench/scale-plans.ts <sqlite|postgres> <databaseUrlOrFile>
 */
import { captureStatements, fullScanOf, HOT_QUERIES, planOf } from '../test/server/query-plans/hot-queries.js';
import { openBenchDatabase } from './scale-generate.js';

export interface PlansResult {
  readonly queries: number;
  readonly statements: number;
  /** The hot queries one of whose plans reads the demand or project table whole, with those plan lines. */
  readonly fullScans: readonly { readonly name: string; readonly lines: readonly string[] }[];
}

async function main(): Promise<void> {
  const [dialect, location] = process.argv.slice(2);
  if ((dialect !== 'sqlite' && dialect !== 'postgres') || location === undefined) throw new Error('usage: scale-plans.ts <sqlite|postgres> <url|file>');
  const database = openBenchDatabase(dialect, location);
  const db = database.db;
  try {
    // The demo account's town and its first community, as the pages measured use.
    const town = await db.selectFrom('unit').innerJoin('app_user', 'app_user.unit_id', 'unit.id').select(['unit.id']).where('app_user.username', '=', 'town').executeTakeFirstOrThrow();
    const community = await db.selectFrom('unit').select('id').where('kind', '=', 'community').where('town_id', '=', town.id).orderBy('id').executeTakeFirstOrThrow();
    const place = { townId: town.id, communityId: community.id };
    let statements = 0;
    const fullScans: { name: string; lines: string[] }[] = [];
    for (const q of HOT_QUERIES) {
      const lines: string[] = [];
      for (const s of await captureStatements(db, q, place)) {
        statements++;
        for (const line of await planOf(db, dialect, s)) if (fullScanOf(dialect, s.sql, line)) lines.push(line.trim());
      }
      if (lines.length > 0) fullScans.push({ name: q.name, lines });
    }
    const result: PlansResult = { queries: HOT_QUERIES.length, statements, fullScans };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await main();
