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
