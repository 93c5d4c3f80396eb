// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.cache/', 'artifacts/', 'web/dist/', '**/*.tmp.ts', 'test/fixtures/'] },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use a literal union (as const), not an enum.' }],
    },
  },
  {
    // CommonJS config files (dependency-cruiser reads only CJS) may use require().
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // A catalog workflow is copied into customers' folders: it may import only the SDK (CONVENTIONS 11).
    files: ['src/workflows/catalog/*/index.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\.\\./\\.\\./sdk\\.ts$)', message: "A workflow file imports only '../../sdk.ts' (it re-exports zod as z and the error classes)." }] }],
    },
  },
  {
    // Only config/ reads the environment (CONVENTIONS 8); the CLI passes values down.
    files: ['src/**/*.ts'],
    ignores: ['src/config/**', 'src/cli/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration in src/config/ and pass it down.' }],
    },
  },
);
