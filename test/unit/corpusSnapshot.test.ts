// Snapshots over the vendored real-world corpora (test/corpus/README.md), cfn-lint's practice: every error and
// warning the validator reports, and every function the model reads, as reviewable text. A change to the
// model or the rules shows up as a diff of these files; review it (each error must be a real defect of its
// file), then accept it with `UPDATE_SNAPSHOTS=1 npm run test:unit -- corpusSnapshot`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { handlerLabel } from '../../src/model/handlers';
import type { Project, Value } from '../../src/model/types';
import { displayValue } from '../../src/model/types';
import { WorkspaceIndex } from '../../src/model/workspace';
import { nodeFileSystem } from '../../src/node/nodeFileSystem';
import { validateProject } from '../../src/validation/validate';
import { corpusRoot, serverlessExamples, serverlessPatterns } from './helpers/corpus';

/** Fixed, so the dated runtime rules give the same answer every day. */
const today = '2026-11-30';
const update = process.env.UPDATE_SNAPSHOTS === '1';

let projectsPromise: Promise<Project[]> | undefined;
function corpusProjects(): Promise<Project[]> {
  projectsPromise ??= new WorkspaceIndex(nodeFileSystem(), { env: {} }).scan([serverlessExamples, serverlessPatterns]);
  return projectsPromise;
}

function compare(name: string, lines: string[]): void {
  const file = join(corpusRoot, name);
  const actual = lines.join('\n') + '\n';
  if (update) writeFileSync(file, actual);
  const expected = readFileSync(file, 'utf8');
  if (actual === expected) return;
  const want = new Set(expected.split('\n').filter(Boolean));
  const got = new Set(lines);
  const added = lines.filter((l) => !want.has(l)).map((l) => `+ ${l}`);
  const removed = [...want].filter((l) => !got.has(l)).map((l) => `- ${l}`);
  assert.fail(`test/corpus/${name} changed (${added.length} added, ${removed.length} removed); review, then UPDATE_SNAPSHOTS=1:\n${[...removed, ...added].slice(0, 80).join('\n')}`);
}

test('corpus findings: every error and warning, as reviewed (test/corpus/findings.txt)', async () => {
  const projects = await corpusProjects();
  assert.ok(projects.length >= 480, `${projects.length} configs`);
  const findings = projects.flatMap((p) => validateProject(p, { today }));
  assert.deepEqual(findings.filter((f) => f.rule === 'internal-error'), [], 'no rule crashed');
  const lines = findings
    .filter((f) => f.severity !== 'info')
    .map((f) => `${relative(corpusRoot, f.file)}:${f.range.start.line + 1} ${f.severity} ${f.rule}`);
  compare('findings.txt', [...new Set(lines)].sort());
});

test('corpus functions: what the model reads from every config (test/corpus/functions.txt)', async () => {
  const projects = await corpusProjects();
  const show = (v: Value | undefined): string => (displayValue(v) ?? '-').replace(/\s+/g, ' ');
  const lines: string[] = [];
  for (const p of projects) {
    if (p.functions.length === 0) continue;
    lines.push(`${relative(corpusRoot, p.file)} (${p.kind})`);
    for (const f of p.functions) {
      const triggers = f.triggers.map((t) => t.type).join(',') || '-';
      const setting = (name: 'memorySize' | 'timeout'): string => `${show(f[name]?.value)}${f.defaults?.includes(name) ? '(default)' : ''}`;
      lines.push(`  ${f.name}:${f.keyRange.start.line + 1} runtime=${show(f.runtime?.value)} handler=${handlerLabel(f) ?? '-'} memory=${setting('memorySize')} timeout=${setting('timeout')} triggers=${triggers}`);
    }
  }
  compare('functions.txt', lines);
});
