import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandName, Preconditions } from '../../../src/vscode/commandTable';
import { commandTable, featureTable, manageTrustCommand, refusal, unavailable } from '../../../src/vscode/commandTable';
import { commandIds } from '../../../src/vscode/ids';

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; enablement?: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
  };
}
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;
const names = Object.keys(commandTable) as CommandName[];
const idOf = (n: CommandName): string => commandIds[n];

const all: Preconditions = { trusted: true, hasFunctions: true, hasAzureApp: true, tailing: true };

test('every command of the manifest is in the table with its title, and every table entry is in the manifest', () => {
  const contributed = new Map(manifest.contributes.commands.map((c) => [c.command, c]));
  assert.deepEqual([...contributed.keys()].sort(), names.map(idOf).sort());
  for (const n of names) assert.equal(commandTable[n].title, contributed.get(idOf(n))!.title, n);
});

test('the manifest’s palette clauses are the table’s, and no command is disabled by an enablement the table does not know', () => {
  const palette = new Map((manifest.contributes.menus.commandPalette ?? []).map((m) => [m.command, m.when]));
  for (const n of names) assert.equal(palette.get(idOf(n)), commandTable[n].palette, `${n}: commandPalette when`);
  // A disabled command cannot say why: the table refuses instead, with its reason.
  for (const c of manifest.contributes.commands) assert.equal(c.enablement, undefined, `${c.command} has an enablement`);
});

test('a menu that hides a command in an untrusted workspace belongs to a command the table gates on trust', () => {
  for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
    for (const item of items) {
      if (!/isWorkspaceTrusted/.test(item.when ?? '')) continue;
      const n = names.find((x) => idOf(x) === item.command)!;
      assert.ok(commandTable[n].requires.includes('trust'), `${menu}: ${item.command} is hidden when untrusted, but the table does not gate it on trust`);
    }
  }
});

test('what runs the workspace’s code needs trust; browsing, remote and settings commands do not', () => {
  const gated = names.filter((n) => commandTable[n].requires.includes('trust')).sort();
  assert.deepEqual(gated, ['analyzeColdStart', 'debugFunction', 'runFlow', 'sendMessages', 'startFunctionsHost']);
  for (const n of gated) assert.ok(commandTable[n].runs, `${n} says what it would run`);
  for (const f of Object.values(featureTable)) assert.ok(f.requires.includes('trust'));
});

test('every command can run when everything is there', () => {
  for (const n of names) assert.equal(unavailable(commandTable[n], all), undefined, n);
});

test('untrusted: each gated command is refused with the one sentence and the trust action; the others run', () => {
  const state = { ...all, trusted: false };
  for (const n of names) {
    const r = unavailable(commandTable[n], state);
    if (!commandTable[n].requires.includes('trust')) {
      assert.equal(r, undefined, n);
      continue;
    }
    assert.ok(r, n);
    assert.equal(r.requirement, 'trust');
    assert.match(r.message, new RegExp(`^${commandTable[n].title.replace(/…$/, '').replace(/[()]/g, '\\$&')} is unavailable: this workspace is not trusted, and it .+\\. Trust the workspace \\(Manage Workspace Trust\\) to use it\\.$`), r.message);
    assert.deepEqual(r.action, { title: 'Manage Workspace Trust', command: manageTrustCommand });
  }
  assert.equal(
    unavailable(commandTable.debugFunction, state)?.message,
    'Debug Function is unavailable: this workspace is not trusted, and it runs the workspace\'s handler. Trust the workspace (Manage Workspace Trust) to use it.',
  );
  assert.match(unavailable(featureTable.localInvoke, state)!.message, /^Local invoke is unavailable: this workspace is not trusted/);
});

test('the first unmet need decides, in the order the command lists them', () => {
  const none: Preconditions = { trusted: false, hasFunctions: false, hasAzureApp: false, tailing: false };
  assert.equal(unavailable(commandTable.debugFunction, none)?.requirement, 'trust');
  assert.equal(unavailable(commandTable.debugFunction, { ...none, trusted: true })?.requirement, 'functions');
  assert.equal(unavailable(commandTable.goToHandler, none)?.message, 'Go to Handler is unavailable: no functions in this workspace. Open a folder with a serverless.yml, a SAM template or an Azure Functions app.');
  assert.equal(unavailable(commandTable.stopFunctionsHost, none)?.message, 'Stop Functions Host is unavailable: no Azure Functions app (host.json) in this workspace.');
  assert.equal(unavailable(commandTable.startFunctionsHost, { ...none, trusted: true })?.requirement, 'azureApp');
  assert.equal(unavailable(commandTable.stopLogs, none)?.message, 'Stop Tailing Logs is unavailable: no log tail is running.');
  assert.equal(unavailable(commandTable.newFunction, none), undefined);
  assert.equal(unavailable(commandTable.refresh, none), undefined);
});

test('a function-level need (no interpreter) is worded the same way and offers the interpreter setting', () => {
  const r = refusal(commandTable.debugFunction, 'interpreter', 'handler: no Python 3.12 on this machine (tried python3.12)');
  assert.equal(r.message, 'Debug Function is unavailable: handler: no Python 3.12 on this machine (tried python3.12).');
  assert.deepEqual(r.action, { title: 'Open Settings', command: 'workbench.action.openSettings', args: ['serverlessWorkbench.local.interpreters'] });
});
