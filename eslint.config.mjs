import tseslint from 'typescript-eslint';

/**
 * What works on Linux and macOS but not on Windows (docs/platforms.md). The product's code runs on all three, and
 * it is tested on Linux only: these patterns must not come back unnoticed.
 */
const posixPathImports = [
  { name: 'node:path/posix', message: 'POSIX path rules break Windows paths: use node:path (or src/model/paths.ts in the model).' },
  { name: 'path/posix', message: 'POSIX path rules break Windows paths: use node:path (or src/model/paths.ts in the model).' },
];

const posixOnly = [
  {
    selector: "CallExpression[optional=false][callee.object.name='process'][callee.property.name=/^(get|set)(e?[ug]id|groups)$/]",
    message: 'process.getuid() and its kin do not exist on Windows: call them optionally (process.getuid?.()) and handle undefined.',
  },
  {
    selector: "CallExpression[callee.property.name='kill'] > UnaryExpression[operator='-']",
    message: 'Process groups (kill(-pid)) do not exist on Windows: kill the child itself (ChildProcess.kill()).',
  },
  {
    selector: "CallExpression[callee.property.name='kill'] > Literal[value=/^SIG(?!TERM$|KILL$|INT$)/]",
    message: 'Windows knows only SIGTERM, SIGKILL and SIGINT (each kills the process outright): do not depend on other signals.',
  },
  {
    selector: "Property[key.name='shell'][value.value=true]",
    message: 'A shell quotes differently on every platform (and runs what a path or argument smuggles in): pass arguments as a list, without a shell.',
  },
  {
    selector: "Literal[value=/^\\/tmp(\\/|$)/]",
    message: '/tmp is not everywhere, and a shared folder there lets another user plant files: use a private folder (src/node/privateDir.ts).',
  },
  {
    selector: "CallExpression[callee.name=/^(spawn|spawnSync|execFile|execFileSync)$/] > Literal:first-child[value=/^(npm|npx|yarn|pnpm)$/]",
    message: 'On Windows these are .cmd scripts that cannot be spawned without a shell: run their JavaScript entry with node instead.',
  },
  {
    selector: "MemberExpression[property.name='posix'][object.name=/^(path|nodePath)$/]",
    message: 'POSIX path rules on every platform break Windows paths: use node:path, or src/model/paths.ts for the model.',
  },
];

/**
 * Which Python runs a function is decided in one place, src/invoke/interpreters.ts (the runtime's version, version
 * managers, the project's .venv, Windows' `py` launcher and `python.exe`): nothing else names an interpreter.
 */
const pythonByName = [
  {
    selector: "CallExpression[callee.name=/^(spawn|spawnSync|execFile|execFileSync|exec|execSync)$/] > Literal:first-child[value=/^(python[0-9.]*|py)(\\.exe)?$/i]",
    message: "Windows has no python3, and PATH's Python may be another version: run the interpreter src/invoke/interpreters.ts resolves for the function.",
  },
  {
    selector: "CallExpression[callee.property.name=/^(spawn|spawnSync|execFile|execFileSync|exec|execSync)$/] > Literal:first-child[value=/^(python[0-9.]*|py)(\\.exe)?$/i]",
    message: "Windows has no python3, and PATH's Python may be another version: run the interpreter src/invoke/interpreters.ts resolves for the function.",
  },
  {
    selector: "Literal[value=/^python3(\\.exe)?$/]",
    message: "Windows has no python3, and PATH's Python may be another version: use the interpreter src/invoke/interpreters.ts resolves for the function.",
  },
];

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
    // Shared code runs on Windows, macOS and Linux alike.
    files: ['src/**/*.ts'],
    ignores: ['src/model/paths.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }, ...posixOnly, ...pythonByName],
      'no-restricted-imports': ['error', { paths: posixPathImports }],
    },
  },
  {
    // Interpreter discovery is where interpreter names belong.
    files: ['src/invoke/interpreters.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }, ...posixOnly],
    },
  },
  {
    // The core never imports vscode: only src/vscode/ adapts it (and the integration tests drive it).
    files: ['src/**/*.ts'],
    ignores: ['src/vscode/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/vscode/ may import vscode.' }, ...posixPathImports] }],
    },
  },
  {
    // The core layers take data and return data: no fs, child_process or network.
    files: ['src/model/**/*.ts', 'src/validation/**/*.ts', 'src/events/**/*.ts', 'src/shared/**/*.ts', 'src/cost/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Only src/vscode/ may import vscode.' }, ...posixPathImports],
          patterns: [{ group: ['node:fs', 'fs', 'node:child_process', 'child_process', 'node:net', 'node:http', 'node:https'], message: 'Core layers get I/O through injected interfaces.' }],
        },
      ],
    },
  },
);
