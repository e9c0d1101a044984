// Lint policy: type-aware promise rules and exhaustive switches, zero warnings (`npm run lint`).
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

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
  // the web knows the server only through its JSON API.
  {
    files: ['src/server/db/**', 'src/server/http/**', 'src/server/errors.ts', 'src/server/config.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(\\.{1,2}/)+(.*/)?features/', message: 'Plumbing (db/, http/, errors.ts, config.ts) imports no feature: declare a port or a type here and let the feature import it.' }],
      }],
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
    files: ['src/web/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['src/web/**'],
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
