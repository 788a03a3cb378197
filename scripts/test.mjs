// `npm test`: build, type-check, lint, unit tests, integration tests in a real VS Code, browser checks, in that
// order, stopping at the first failing stage. Each stage's output streams through; the last line is the total
// of all test stages, `Total: N passed, N failed`.
import { spawn } from 'node:child_process';

const stages = [
  { name: 'build', script: 'build' },
  { name: 'typecheck', script: 'typecheck' },
  { name: 'lint', script: 'lint' },
  { name: 'unit', script: 'test:unit', count: /^ℹ (pass|fail) (\d+)$/gm },
  { name: 'integration', script: 'test:integration', count: /^(?:\w+: )?(\d+) passed, (\d+) failed/gm },
  { name: 'browser', script: 'test:browser', count: /^(?:\w+: )?(\d+) passed, (\d+) failed/gm },
];

function run(script) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

let passed = 0;
let failed = 0;
for (const stage of stages) {
  console.log(`\n── ${stage.name} ──`);
  const { code, out } = await run(stage.script);
  if (stage.count) {
    for (const m of out.matchAll(stage.count)) {
      if (m[1] === 'pass') passed += Number(m[2]);
      else if (m[1] === 'fail') failed += Number(m[2]);
      else {
        passed += Number(m[1]);
        failed += Number(m[2]);
      }
    }
  }
  if (code !== 0) {
    console.log(`\nstage "${stage.name}" failed (exit ${code})`);
    if (failed === 0) failed = 1;
    console.log(`Total: ${passed} passed, ${failed} failed`);
    process.exit(code);
  }
}
console.log(`\nTotal: ${passed} passed, ${failed} failed`);
