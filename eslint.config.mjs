// Lint: TypeScript rules, and the architecture's boundary. The core (server/src/core) is pure: an
// allow-list (eslint-rules/core-purity.mjs) lets it import only its own modules and data, and no
// host global; only adapters touch the outside world.
import tseslint from 'typescript-eslint';
import corePurity from './eslint-rules/core-purity.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.e2e/**', '.bench/**', 'test/e2e/**', 'test/fixtures/**', 'scripts/**', 'bench/**', '*.mjs', 'bin/**', 'eslint-rules/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // A spread into a call passes every element as an argument: past about 120,000 V8 throws
    // RangeError. Input decides those sizes, so product code uses core/arrays.ts instead.
    files: ['server/src/**/*.ts', 'client/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name=/^(push|unshift|splice)$/] > SpreadElement", message: 'push(...xs) throws on a large array: use pushAll (core/arrays.ts).' },
        { selector: "CallExpression[callee.object.name='Math'] > SpreadElement", message: 'Math.max(...xs) throws on a large array: use maxOf/minOf (core/arrays.ts).' },
        { selector: "CallExpression[callee.object.name='String'][callee.property.name=/^(fromCharCode|fromCodePoint)$/] > SpreadElement", message: 'String.fromCharCode(...xs) throws on a large array.' },
      ],
    },
  },
  {
    // Protocol and CLI tests read JSON answers of the server loosely; product code may not.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['server/src/core/**/*.ts'],
    plugins: { entente: corePurity },
    rules: {
      'entente/core-imports': 'error',
      'entente/core-globals': 'error',
    },
  },
);
