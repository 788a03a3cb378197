import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { EventInput } from '../../../src/events/eventContext';
import { eventKinds, generateEvent } from '../../../src/events/catalogue';
import { fnNamed, samProject, sfProject, wiredProject } from './fixtures';

const root = join(__dirname, '..', '..', '..');

// Every AWS event, generic and filled from each fixture function, is assigned to its @types/aws-lambda type
// in a generated .ts file that the TypeScript compiler must accept (strict, excess properties checked).
test('every AWS event type-checks against @types/aws-lambda', () => {
  const sf = sfProject();
  const sam = samProject();
  const wired = wiredProject();
  // A pipe's target gets an array of records instead: checked below.
  const wiredInputs = wired.functions.filter((fn) => !fn.triggers.some((t) => t.wiring?.resourceType === 'AWS::Pipes::Pipe')).map((fn) => ({ fn, project: wired }));
  const inputs: EventInput[] = [{}, ...sf.functions.map((fn) => ({ fn, project: sf })), { fn: fnNamed(sam, 'Thumbs'), project: sam }, ...wiredInputs];
  const typed = eventKinds.filter((k) => k.awsType);
  assert.ok(typed.length >= 35, `only ${typed.length} typed events`);
  const names = new Set<string>();
  const lines: string[] = [];
  let n = 0;
  for (const kind of typed) {
    for (const m of kind.awsType!.matchAll(/\b([A-Z][A-Za-z0-9]+)\b(?!\s*:)/g)) if (!['Array', 'Omit', 'Record'].includes(m[1])) names.add(m[1]);
    for (const input of inputs) {
      // A schedule's constant `input` replaces the envelope (asserted in catalogue.test.ts): no type to check.
      if (kind.id === 'schedule' && input.fn?.triggers.some((t) => t.type === 'schedule' && (t.config.input || t.config.Input))) continue;
      lines.push(`// ${kind.id} ${input.fn?.name ?? 'generic'}`);
      lines.push(`export const e${n++}: ${kind.awsType} = ${JSON.stringify(generateEvent(kind.id, input), null, 1)};`);
    }
  }
  names.add('SQSRecord');
  lines.push('// pipe batch');
  lines.push(`export const pipe: SQSRecord[] = ${JSON.stringify(generateEvent('sqs', { fn: fnNamed(wired, 'PipeTarget'), project: wired }), null, 1)};`);
  const source = `import type { ${[...names].sort().join(', ')} } from 'aws-lambda';\n${lines.join('\n')}\n`;
  // Inside the repo so that node_modules/@types/aws-lambda resolves.
  mkdirSync(join(root, '.cache'), { recursive: true });
  const dir = mkdtempSync(join(root, '.cache', 'events-typecheck-'));
  try {
    const file = join(dir, 'events.ts');
    writeFileSync(file, source);
    const program = ts.createProgram([file], { strict: true, noEmit: true, types: [], module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022, skipLibCheck: true });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const context = where ? source.split('\n').slice(0, where.line + 1).reverse().find((l) => l.startsWith('// ')) : '';
      return `${context} line ${where ? where.line + 1 : '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n').slice(0, 3).join(' / ')}`;
    });
    assert.deepEqual(diagnostics.slice(0, 10), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
