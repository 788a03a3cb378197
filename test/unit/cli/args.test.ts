import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { helpRequested, parseArgs, UsageError } from '../../../src/cli/args';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';

const spec = { values: ['project', 'event', 'filter'], switches: ['json', 'follow'] };

function usageError(argv: string[]): string {
  try {
    parseArgs(argv, spec);
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    return err.message;
  }
  assert.fail(`${argv.join(' ')} parsed`);
}

test('values take the next argument or the part after =; switches are true; positionals keep their order', () => {
  assert.deepEqual(parseArgs(['a', '--project', 'p', '--json', 'b', '--event=e.json'], spec), {
    positionals: ['a', 'b'],
    flags: { project: 'p', json: true, event: 'e.json' },
  });
  assert.deepEqual(parseArgs(['--project='], spec).flags, { project: '' }, 'an empty value is a value');
  assert.deepEqual(parseArgs(['--project', 'one', '--project', 'two'], spec).flags, { project: 'two' }, 'the last one wins');
});

test('a value may start with a dash: stdin as -, a filter pattern that excludes a term', () => {
  assert.deepEqual(parseArgs(['fn', '--event', '-'], spec), { positionals: ['fn'], flags: { event: '-' } });
  assert.deepEqual(parseArgs(['fn', '--filter', '-DEBUG', '--json'], spec), { positionals: ['fn'], flags: { filter: '-DEBUG', json: true } });
  assert.deepEqual(parseArgs(['fn', '--filter=--x'], spec).flags, { filter: '--x' });
});

test('a lone - is a positional; after -- everything is', () => {
  assert.deepEqual(parseArgs(['-', 'x'], spec).positionals, ['-', 'x']);
  assert.deepEqual(parseArgs(['--json', '--', '--project', '-h'], spec), { positionals: ['--project', '-h'], flags: { json: true } });
});

test('problems are one line naming the flag', () => {
  assert.equal(usageError(['--bogus']), 'unknown option --bogus');
  assert.equal(usageError(['x', '-x']), 'unknown option -x');
  assert.equal(usageError(['--project']), '--project needs a value');
  assert.equal(usageError(['--json=yes']), '--json takes no value');
  assert.equal(usageError(['--json', '--bogus=1', '--project']), 'unknown option --bogus', 'the first problem');
});

test('help is asked for by --help or -h anywhere before --', () => {
  assert.equal(helpRequested(['--help']), true);
  assert.equal(helpRequested(['fn', '--project', 'p', '-h']), true);
  assert.equal(helpRequested(['--bogus', '--help']), true);
  assert.equal(helpRequested(['fn', '--', '--help']), false);
  assert.equal(helpRequested(['fn', '--project=--help']), false);
  assert.equal(helpRequested(['fn', '--json']), false);
});

test('through the CLI: a switch given a value and a value flag without one exit 2 with one line', async () => {
  const repo = join(__dirname, '..', '..', '..');
  for (const [argv, message] of [
    [['list', '--json=1'], 'serverless-workbench list: --json takes no value'],
    [['validate', '--format'], 'serverless-workbench validate: --format needs a value'],
    [['events', 'generate', 'sqs', '-q'], 'serverless-workbench events: unknown option -q'],
  ] as const) {
    let out = '';
    let err = '';
    const io: CliIo = { cwd: repo, env: {}, stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => '', isTty: false };
    assert.equal(await runCli([...argv], io), 2, argv.join(' '));
    assert.equal(out, '');
    assert.equal(err.split('\n')[0], message);
    assert.doesNotMatch(err, /\n\s+at /);
  }
});
