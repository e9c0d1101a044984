// Lint policy: type-aware promise rules and exhaustive switches, zero warnings (`npm run lint`).
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Plumbing (db/, http/, errors.ts, config.ts) imports no feature. */
const PLUMBING_IMPORTS = {
  regex: '^(\\.{1,2}/)+(.*/)?features/',
  message: 'Plumbing (db/, http/, errors.ts, config.ts) imports no feature: declare a port or a type here and let the feature import it.',
};
/** Where SQL may be written: repositories and the database plumbing (migrations included). */
const SQL_OWNERS = ['src/server/**/*.repository.ts', 'src/server/db/**'];
const SQL_DRIVER_IMPORTS = {
  regex: '^(kysely|pg|better-sqlite3)(/.*)?$',
  message: 'Only repositories (*.repository.ts) and db/ speak to the database: put the query in a repository function taking a Reader or Tx.',
};
const DB_HANDLE_IMPORTS = {
  regex: '^(\\.{1,2}/)+(.*/)?db/database\\.js$',
  importNames: ['Db', 'DbOrTrx', 'Trx', 'openDatabase'],
  message: 'Services get a Transactor (db/transactor.ts), not the database: take Reader or Tx from there and pass it to repository functions.',
};
const SQL_IMPORTS = [SQL_DRIVER_IMPORTS, DB_HANDLE_IMPORTS];
const QUERY_ENTRY_POINTS = ['selectFrom', 'selectNoFrom', 'insertInto', 'replaceInto', 'updateTable', 'deleteFrom', 'mergeInto', 'with', 'withRecursive', 'transaction', 'connection', 'executeQuery'];
const SQL_SYNTAX = [
  {
    selector: `CallExpression[callee.type='MemberExpression'][callee.property.name=/^(${QUERY_ENTRY_POINTS.join('|')})$/]`,
    message: 'SQL lives in repositories (*.repository.ts): call a repository function with the Reader or Tx instead of building the query here; a unit of work runs through Transactor.run.',
  },
  {
    selector: "MemberExpression[property.name='introspection']",
    message: 'Schema introspection belongs to db/ (or a script).',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-non-null-assertion': 'error',
      // Spreading a string into code points is how Chinese names are counted and masked here.
      '@typescript-eslint/no-misused-spread': 'off',
    },
  },
  // Boundaries (docs/architecture.md, Layers): plumbing knows no feature, the domain knows neither server nor web,
  // the web knows the server only through its JSON API, and only repositories run SQL.
  //
  // Repositories own SQL: outside `src/server/**/*.repository.ts` and `src/server/db/**` (the database, its schema,
  // the migrations and the transaction runner), no file of the server imports Kysely or a database driver, the
  // Kysely handle types (`Db`, `DbOrTrx`, `Trx`) or `openDatabase`, and no file calls a query builder's entry point
  // on whatever it holds (`.selectFrom(` …), so SQL cannot reach a service through the `Reader` or `Tx` a
  // `Transactor` hands out: services pass those to repository functions. `Dialect` and `DatabaseHandle` are plain
  // types and stay importable (app.ts and system.ts hold the handle to migrate and close the database).
  // Exceptions, each for a reason:
  //   - src/server/system.ts may import `openDatabase`: it is where the server opens its configured database.
  //   - test/**, bench/** and scripts/** are not linted for this: tests set up and inspect rows directly (and break
  //     the audit triggers on purpose), the benchmark bulk-loads rows, the scripts migrate and introspect.
  {
    files: ['src/server/**/*.ts'],
    ignores: SQL_OWNERS,
    rules: {
      'no-restricted-imports': ['error', { patterns: [...SQL_IMPORTS] }],
      'no-restricted-syntax': ['error', ...SQL_SYNTAX],
    },
  },
  {
    files: ['src/server/http/**', 'src/server/errors.ts', 'src/server/config.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [PLUMBING_IMPORTS, ...SQL_IMPORTS] }],
    },
  },
  {
    files: ['src/server/db/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [PLUMBING_IMPORTS] }],
    },
  },
  {
    files: ['src/server/system.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [SQL_DRIVER_IMPORTS, { ...DB_HANDLE_IMPORTS, importNames: ['Db', 'DbOrTrx', 'Trx'] }] }],
    },
  },
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(\\.{1,2}/)+(.*/)?(server|web)/', message: 'The domain is pure: it imports nothing from the server or the web.' }],
      }],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}', 'src/portal/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // The residents' portal (src/portal) as the web: the server only through the JSON API.
    files: ['src/web/**', 'src/portal/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(\\.{1,2}/)+(.*/)?server/', message: 'The web talks to the server only through the JSON API (api/): it imports nothing from src/server.' }],
      }],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
