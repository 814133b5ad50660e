// Lint: TypeScript rules, and the architecture's boundary: the core is pure (no vscode, no
// protocol, no file system, no process); only adapters touch the outside world.
import tseslint from 'typescript-eslint';

const outsideWorld = {
  paths: [
    { name: 'vscode', message: 'The core is pure: the client adapter talks to VS Code.' },
    { name: 'fs', message: 'The core is pure: read files through the FileSystem interface (core/host.ts).' },
    { name: 'node:fs', message: 'The core is pure: read files through the FileSystem interface (core/host.ts).' },
    { name: 'fs/promises', message: 'The core is pure: read files through the FileSystem interface (core/host.ts).' },
    { name: 'node:fs/promises', message: 'The core is pure: read files through the FileSystem interface (core/host.ts).' },
    { name: 'child_process', message: 'The core never runs programs.' },
    { name: 'net', message: 'The core never touches the network.' },
    { name: 'http', message: 'The core never touches the network.' },
    { name: 'https', message: 'The core never touches the network.' },
  ],
  patterns: [
    { group: ['vscode-languageserver*', 'vscode-languageclient*'], message: 'The core is pure: protocol types belong to the server adapter.' },
    { group: ['**/server/main*', '**/cli/*', '**/node/*', '**/client/*'], message: 'The core does not depend on its adapters.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.e2e/**', 'test/e2e/**', 'test/fixtures/**', 'scripts/**', 'bench/**', '*.mjs', 'bin/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', outsideWorld],
      'no-restricted-globals': ['error', { name: 'process', message: 'The core is pure: settings and environment are passed in.' }, { name: 'require', message: 'The core imports modules statically.' }],
    },
  },
);
