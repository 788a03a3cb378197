// Runs mocha inside the extension host and writes a JSON report for the runner outside it.
// The runner (scripts/run-integration.mjs, scripts/run-electron-tests.mjs) cannot see the extension
// host's console reliably (in code-server it runs in another process behind the browser), so the
// report file is the contract: the runner sets SWB_TEST_REPORT when it starts VS Code, and the
// extension host inherits that environment.
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export type TestState = 'passed' | 'failed' | 'pending';

export interface TestResult {
  title: string;
  fullTitle: string;
  file?: string;
  state: TestState;
  durationMs?: number;
  error?: { message: string; stack?: string };
}

export interface TestReport {
  /** Which entry module ran (index, vsixSmoke, …). */
  name: string;
  vscodeVersion: string;
  startedAt: string;
  finishedAt: string;
  passed: number;
  failed: number;
  pending: number;
  tests: TestResult[];
}

/** Where the report goes: SWB_TEST_REPORT, else test-results/ of the repo (out/integration/../../). */
export function reportPath(name: string): string {
  return process.env.SWB_TEST_REPORT ?? join(__dirname, '..', '..', 'test-results', `integration-${name}.json`);
}

/** The runner polls for the report: write it whole (rename is atomic) so it never reads half a file. */
function writeReport(path: string, report: TestReport): void {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  writeFileSync(partial, JSON.stringify(report, null, 2));
  renameSync(partial, path);
}

/** `<report>.progress` names the test in flight, so a runner that times out can say which one hung. */
export function progressPath(report: string): string {
  return `${report}.progress`;
}

function errorOf(err: unknown): { message: string; stack?: string } {
  if (err instanceof Error) return { message: err.message, stack: err.stack };
  return { message: String(err) };
}

/** `*.test.js` files directly in `dir`, sorted so the order is the same on every machine. */
export function testFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.test.js'))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * Runs the given compiled test files with mocha's TDD interface (`suite`/`test`), writes the
 * report, and rejects when a test failed (which also makes VS Code's own test launcher fail).
 */
export async function runMochaFiles(name: string, files: string[]): Promise<void> {
  const path = reportPath(name);
  const startedAt = new Date().toISOString();
  const tests: TestResult[] = [];
  const finish = (): TestReport => ({
    name,
    vscodeVersion: vscode.version,
    startedAt,
    finishedAt: new Date().toISOString(),
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: tests.filter((t) => t.state === 'failed').length,
    pending: tests.filter((t) => t.state === 'pending').length,
    tests,
  });

  try {
    const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
    for (const file of files) mocha.addFile(file);
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('test', (test) => {
        try {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(progressPath(path), `${test.fullTitle()}\n`);
        } catch {
          // progress is a diagnostic nicety: never fail a run over it
        }
      });
      runner.on('pass', (test) => {
        tests.push({ title: test.title, fullTitle: test.fullTitle(), file: test.file, state: 'passed', durationMs: test.duration });
      });
      runner.on('pending', (test) => {
        tests.push({ title: test.title, fullTitle: test.fullTitle(), file: test.file, state: 'pending' });
      });
      // Also fires for failing hooks (title `"before all" hook …`): reported as a failed entry.
      runner.on('fail', (test, err) => {
        tests.push({ title: test.title, fullTitle: test.fullTitle(), file: test.file, state: 'failed', durationMs: test.duration, error: errorOf(err) });
      });
    });
  } catch (err) {
    // A suite file that throws while loading never reaches mocha's events: report it as a failure.
    tests.push({ title: 'loading test files', fullTitle: `${name}: loading test files`, state: 'failed', error: errorOf(err) });
  }

  const report = finish();
  writeReport(path, report);
  if (report.failed > 0) throw new Error(`${report.failed} test(s) failed`);
  if (report.passed === 0) throw new Error('no test ran');
}
