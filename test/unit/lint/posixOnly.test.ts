// The lint rules that keep POSIX-only APIs out of the product's code (eslint.config.mjs): each pattern is caught in
// shared code, and the portable way of writing the same thing passes.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: root });

async function messages(code: string, file = 'src/invoke/example.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-syntax' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('POSIX-only code is refused in shared code', () => {
  const refused: Array<[string, string, RegExp]> = [
    ['process.getuid()', 'export const uid = process.getuid();\n', /do not exist on Windows/],
    ['process.geteuid()', 'export const uid = process.geteuid();\n', /do not exist on Windows/],
    ['killing a process group', 'export function stop(pid: number): void {\n  process.kill(-pid, "SIGTERM");\n}\n', /Process groups/],
    ['a signal Windows does not have', 'import type { ChildProcess } from "node:child_process";\nexport function stop(c: ChildProcess): void {\n  c.kill("SIGUSR1");\n}\n', /SIGTERM, SIGKILL and SIGINT/],
    ['a shell', 'import { spawn } from "node:child_process";\nexport const c = spawn("python", ["-V"], { shell: true });\n', /A shell quotes differently/],
    ['/tmp', 'export const dir = "/tmp/serverless-workbench";\n', /\/tmp is not everywhere/],
    ['spawning npm', 'import { spawn } from "node:child_process";\nexport const c = spawn("npm", ["ci"]);\n', /\.cmd scripts/],
    ['path.posix', 'import * as path from "node:path";\nexport const j = path.posix.join("a", "b");\n', /POSIX path rules/],
    ['importing node:path/posix', 'import { join } from "node:path/posix";\nexport const j = join("a", "b");\n', /POSIX path rules/],
  ];
  for (const [name, code, expected] of refused) {
    test(name, async () => {
      const found = await messages(code);
      assert.ok(found.some((m) => expected.test(m)), `${name}: ${JSON.stringify(found)}`);
    });
  }

  const byName: Array<[string, string]> = [
    ['spawning python3', 'import { spawn } from "node:child_process";\nexport const c = spawn("python3", ["-V"]);\n'],
    ['spawning python', 'import { execFile } from "node:child_process";\nexport const c = execFile("python", ["-V"]);\n'],
    ['spawning py through the module', 'import * as cp from "node:child_process";\nexport const c = cp.spawnSync("py", ["-3.12"]);\n'],
    ['a python3 name kept for later', 'import { spawn } from "node:child_process";\nconst PYTHON = "python3";\nexport const c = spawn(PYTHON, ["-V"]);\n'],
  ];
  for (const [name, code] of byName) {
    test(`${name}: only interpreter discovery names interpreters`, async () => {
      const found = await messages(code);
      assert.ok(found.some((m) => /Windows has no python3/.test(m)), `${name}: ${JSON.stringify(found)}`);
      assert.deepEqual(await messages(code, 'src/invoke/interpreters.ts'), [], 'interpreter discovery may');
    });
  }

  test('in the model and the editor adapter too', async () => {
    assert.equal((await messages('export const uid = process.getuid();\n', 'src/model/example.ts')).length, 1);
    assert.equal((await messages('export const uid = process.getuid();\n', 'src/vscode/example.ts')).length, 1);
  });

  test('the portable ways pass', async () => {
    const portable = [
      'export const uid = process.getuid?.();\n',
      'import type { ChildProcess } from "node:child_process";\nexport function stop(c: ChildProcess): void {\n  c.kill("SIGKILL");\n  c.kill("SIGTERM");\n  c.kill();\n}\n',
      'import { spawn } from "node:child_process";\nexport const c = spawn(process.execPath, ["-v"], { shell: false });\n',
      'import { tmpdir } from "node:os";\nimport { join } from "node:path";\nexport const dir = join(tmpdir(), "x");\n',
      'import { spawn } from "node:child_process";\nexport function run(interpreter: { path: string }): void {\n  spawn(interpreter.path, ["-u", "-c", "print(1)"]);\n}\nexport const runtime = "python3.12";\n',
    ];
    for (const code of portable) assert.deepEqual(await messages(code), [], code);
  });
});
