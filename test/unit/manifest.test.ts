import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ids from '../../src/vscode/ids';

interface Manifest {
  engines: { vscode: string };
  contributes: {
    commands: Array<{ command: string; title: string; category?: string; icon?: string }>;
    views: Record<string, Array<{ id: string }>>;
    viewsContainers: Record<string, Array<{ id: string }>>;
    configuration: Array<{ properties: Record<string, { markdownDescription?: string; description?: string }> }>;
  };
  capabilities: { untrustedWorkspaces: { supported: string | boolean } };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;

test('every command in ids.ts is contributed, and every contributed command is in ids.ts, with category Serverless', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(contributed, Object.values(ids.commandIds).sort());
  for (const c of manifest.contributes.commands) assert.equal(c.category, 'Serverless', c.command);
});

test('views and settings match ids.ts; every setting has a description', () => {
  const views = Object.values(manifest.contributes.views).flat().map((v) => v.id).sort();
  assert.deepEqual(views, Object.values(ids.viewIds).filter((v) => v !== ids.viewIds.container).sort());
  const containers = Object.values(manifest.contributes.viewsContainers).flat().map((v) => v.id);
  assert.ok(containers.includes(ids.viewIds.container));
  const settings = manifest.contributes.configuration.flatMap((c) => Object.entries(c.properties));
  assert.deepEqual(settings.map(([k]) => k).sort(), Object.values(ids.settingIds).sort());
  for (const [k, v] of settings) assert.ok(v.markdownDescription || v.description, k);
});

test('engines.vscode is not above ^1.100.0 and untrusted workspaces are declared limited', () => {
  const m = /^\^1\.(\d+)\.\d+$/.exec(manifest.engines.vscode);
  assert.ok(m && Number(m[1]) <= 100, manifest.engines.vscode);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('settings that choose an AWS profile, an endpoint or a program cannot come from an untrusted workspace', () => {
  const restricted = new Set((manifest.capabilities.untrustedWorkspaces as { restrictedConfigurations?: string[] }).restrictedConfigurations ?? []);
  const settings = manifest.contributes.configuration.flatMap((c) => Object.entries(c.properties)) as Array<[string, { scope?: string }]>;
  const sensitive = settings.filter(([k]) => /profile|endpoint|interpreter|path|executable|command/i.test(k.split('.').pop()!));
  assert.ok(sensitive.some(([k]) => k === ids.settingIds.awsEndpointUrl), 'the endpoint setting is among the sensitive ones');
  for (const [k, v] of sensitive) assert.ok(v.scope === 'machine' || restricted.has(k), `${k}: scope "${v.scope}" and not in restrictedConfigurations`);
  for (const k of restricted) assert.ok(settings.some(([s]) => s === k), `restrictedConfigurations names an unknown setting ${k}`);
});

test('every action the tree offers on an Azure function works for it: Invoke, Logs, Debug and Cold Start for Node, not Debug/Cold Start for .NET', () => {
  const menus = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: { menus: Record<string, Array<{ command: string; when?: string }>> } }).contributes.menus['view/item/context'];
  // `viewItem =~ /re/` and `viewItem == x` clauses, evaluated the way VS Code does for a tree item.
  const offered = (command: string, viewItem: string): boolean =>
    menus
      .filter((m) => m.command === command)
      .some((m) => {
        const when = (m.when ?? '').replace(/isWorkspaceTrusted/g, 'true').replace(/view == serverlessWorkbench\.functions/g, 'true');
        const js = when.replace(/viewItem =~ \/(.*?)\/(?=\s|\)|$)/g, (_x, re: string) => String(new RegExp(re).test(viewItem))).replace(/viewItem == ([\w:]+)/g, (_x, v: string) => String(v === viewItem));
        return /^[\s()truefalse&|!]*$/.test(js) && (new Function(`return ${js};`) as () => boolean)();
      });
  const node = 'function:handler:azure:node';
  const dotnet = 'function:handler:azure:compiled';
  for (const c of ['serverlessWorkbench.invokeFunction', 'serverlessWorkbench.tailLogs', 'serverlessWorkbench.debugFunction', 'serverlessWorkbench.analyzeColdStart']) assert.ok(offered(c, node), `${c} on an Azure Node function`);
  for (const c of ['serverlessWorkbench.invokeFunction', 'serverlessWorkbench.tailLogs']) assert.ok(offered(c, dotnet), `${c} on a .NET function`);
  for (const c of ['serverlessWorkbench.debugFunction', 'serverlessWorkbench.analyzeColdStart', 'serverlessWorkbench.runFlow']) assert.ok(!offered(c, dotnet), `${c} is not offered on a .NET function`);
  assert.ok(offered('serverlessWorkbench.startFunctionsHost', 'project:azure') && !offered('serverlessWorkbench.startFunctionsHost', 'project:aws'));
});
