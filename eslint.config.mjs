import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'examples/**', 'test/fixtures/**', '**/fixtures/**', 'test/corpus/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // The core never imports vscode: only src/vscode/ adapts it (and the integration tests drive it).
    files: ['src/**/*.ts'],
    ignores: ['src/vscode/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/vscode/ may import vscode.' }] }],
    },
  },
  {
    // The core layers take data and return data: no fs, child_process or network.
    files: ['src/model/**/*.ts', 'src/validation/**/*.ts', 'src/events/**/*.ts', 'src/shared/**/*.ts', 'src/cost/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Only src/vscode/ may import vscode.' }],
          patterns: [{ group: ['node:fs', 'fs', 'node:child_process', 'child_process', 'node:net', 'node:http', 'node:https'], message: 'Core layers get I/O through injected interfaces.' }],
        },
      ],
    },
  },
);
