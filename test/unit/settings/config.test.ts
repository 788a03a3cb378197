import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChoiceMemory, ConfigChange, SettingsStore, TrustState } from '../../../src/vscode/config';
import { Config, settingDefs } from '../../../src/vscode/config';

/** Settings by level, as the editor keeps them: user, workspace, and per folder path. */
class FakeStore implements SettingsStore {
  user: Record<string, unknown> = {};
  workspace: Record<string, unknown> = {};
  folders: Record<string, Record<string, unknown>> = {};
  writes: Array<{ key: string; value: unknown; folder?: string }> = [];
  private listeners: Array<(affects: (key: string) => boolean) => void> = [];

  get(key: string, folder?: string): unknown {
    const f = folder ? this.folders[folder]?.[key] : undefined;
    return f ?? this.workspace[key] ?? this.user[key];
  }
  inspect(key: string, folder?: string): { user?: unknown; workspace?: unknown; folder?: unknown } {
    return { user: this.user[key], workspace: this.workspace[key], folder: folder ? this.folders[folder]?.[key] : undefined };
  }
  async write(key: string, value: unknown, folder?: string): Promise<void> {
    this.writes.push({ key, value, ...(folder ? { folder } : {}) });
    if (folder) (this.folders[folder] ??= {})[key] = value;
    else this.workspace[key] = value;
    this.change([key]);
  }
  onDidChange(listener: (affects: (key: string) => boolean) => void): { dispose(): void } {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  }
  change(keys: string[]): void {
    for (const l of this.listeners) l((k) => keys.includes(k));
  }
}

class FakeTrust implements TrustState {
  private listeners: Array<() => void> = [];
  constructor(public value: boolean) {}
  trusted(): boolean {
    return this.value;
  }
  onDidGrant(listener: () => void): { dispose(): void } {
    this.listeners.push(listener);
    return { dispose: () => undefined };
  }
  grant(): void {
    this.value = true;
    for (const l of this.listeners) l();
  }
}

function memory(): ChoiceMemory & { data: Record<string, string> } {
  const data: Record<string, string> = {};
  return {
    data,
    get: (k) => data[k],
    set: async (k, v) => {
      if (v === undefined) delete data[k];
      else data[k] = v;
    },
  };
}

function setup(trusted = true): { store: FakeStore; trust: FakeTrust; choices: ReturnType<typeof memory>; config: Config; changes: ConfigChange[] } {
  const store = new FakeStore();
  const trust = new FakeTrust(trusted);
  const choices = memory();
  const config = new Config(store, trust, choices);
  const changes: ConfigChange[] = [];
  config.onDidChange((c) => changes.push(c));
  return { store, trust, choices, config, changes };
}

test('getters are typed and sanitized: defaults, trimming, enums, arrays and interpreter maps', () => {
  const { store, config } = setup();
  assert.equal(config.get('codeLensEnabled'), true);
  assert.equal(config.get('logsMode'), 'auto');
  assert.equal(config.get('logsSince'), '5m');
  assert.deepEqual(config.get('exclude'), []);
  assert.equal(config.get('awsRegion'), undefined);
  store.user['serverlessWorkbench.aws.region'] = '  eu-west-1 ';
  store.user['serverlessWorkbench.logs.mode'] = 'sometimes';
  store.user['serverlessWorkbench.codeLens.enabled'] = 'no';
  store.user['serverlessWorkbench.exclude'] = ['generated', 3, null, 'old'];
  store.user['serverlessWorkbench.logs.since'] = '';
  store.user['serverlessWorkbench.local.interpreters'] = { python: ' /usr/bin/python3.12 ', ruby: '/usr/bin/ruby', node: 7, 'nodejs22.x': '/opt/node22/bin/node' };
  store.user['serverlessWorkbench.local.awsServices'] = 'aws';
  assert.equal(config.get('awsRegion'), 'eu-west-1');
  assert.equal(config.get('logsMode'), 'auto', 'an unknown mode falls back to the default');
  assert.equal(config.get('codeLensEnabled'), true, 'a non-boolean falls back to the default');
  assert.deepEqual(config.get('exclude'), ['generated', 'old']);
  assert.equal(config.get('logsSince'), '', 'empty is a value: only new lines');
  assert.deepEqual(config.get('localInterpreters'), { python: '/usr/bin/python3.12', 'nodejs22.x': '/opt/node22/bin/node' });
  assert.equal(config.get('localAwsServices'), 'aws');
});

test('resource-scoped settings are read for the folder; window-scoped ones ignore it', () => {
  const { store, config } = setup();
  store.folders['/ws/a'] = { 'serverlessWorkbench.validation.enabled': false, 'serverlessWorkbench.aws.region': 'ap-south-1' };
  store.workspace['serverlessWorkbench.aws.region'] = 'eu-central-1';
  assert.equal(config.get('validationEnabled', '/ws/a'), false);
  assert.equal(config.get('validationEnabled', '/ws/b'), true);
  assert.equal(config.get('awsRegion', '/ws/a'), 'eu-central-1', 'aws.region is per window');
});

test('trusted: restricted settings are the editor’s value, workspace included', () => {
  const { store, config } = setup(true);
  store.workspace['serverlessWorkbench.aws.profile'] = 'team';
  store.user['serverlessWorkbench.aws.profile'] = 'mine';
  assert.equal(config.get('awsProfile'), 'team');
  assert.deepEqual(config.remote('awsProfile'), { value: 'team', source: 'workspace' });
  delete store.workspace['serverlessWorkbench.aws.profile'];
  assert.deepEqual(config.remote('awsProfile'), { value: 'mine', source: 'user' });
});

test('untrusted: a profile, endpoint, subscription or function app the workspace names is passed over and reported', () => {
  const { store, config } = setup(false);
  store.workspace['serverlessWorkbench.aws.profile'] = 'evil';
  store.workspace['serverlessWorkbench.aws.endpointUrl'] = 'http://127.0.0.1:9/evil';
  store.folders['/ws/app'] = { 'serverlessWorkbench.azure.functionApp': 'rg/prod-app' };
  store.workspace['serverlessWorkbench.azure.subscription'] = 'sub-evil';
  store.user['serverlessWorkbench.aws.profile'] = 'mine';
  assert.equal(config.get('awsProfile'), 'mine');
  assert.equal(config.get('awsEndpointUrl'), undefined);
  assert.equal(config.get('azureFunctionApp', '/ws/app'), undefined);
  assert.equal(config.get('azureSubscription'), undefined);
  assert.deepEqual(config.remote('awsProfile'), { value: 'mine', source: 'user', ignored: { what: 'profile', value: 'evil', source: 'workspace' } });
  assert.deepEqual(config.remote('awsEndpointUrl').ignored, { what: 'endpoint', value: 'http://127.0.0.1:9/evil', source: 'workspace' });
  assert.deepEqual(config.remote('azureFunctionApp', '/ws/app').ignored, { what: 'function app', value: 'rg/prod-app', source: 'workspace' });
  // Not restricted: the workspace's region counts (it does not choose where signed requests go nor whose they are).
  store.workspace['serverlessWorkbench.aws.region'] = 'eu-west-3';
  assert.equal(config.get('awsRegion'), 'eu-west-3');
});

test('untrusted: a choice the person makes is remembered outside the workspace files and wins; trusted, it is written to the workspace', async () => {
  const { store, choices, config, changes } = setup(false);
  store.workspace['serverlessWorkbench.azure.subscription'] = 'sub-evil';
  await config.choose('azureSubscription', 'sub-mine');
  await config.choose('azureFunctionApp', 'rg/mine', '/ws/app');
  assert.deepEqual(store.writes, [], 'nothing written to the untrusted workspace');
  assert.deepEqual(choices.data, { 'serverlessWorkbench.azure.subscription': 'sub-mine', 'serverlessWorkbench.azure.functionApp': 'rg/mine' });
  assert.equal(config.get('azureSubscription'), 'sub-mine');
  assert.deepEqual(config.remote('azureFunctionApp', '/ws/app'), { value: 'rg/mine', source: 'choice' });
  assert.equal(changes.length, 2);
  assert.ok(changes[0].affects('azureSubscription') && changes[0].affects('azure') && !changes[0].affects('aws'));
  // A setting that is not restricted is written as before, trusted or not.
  await config.choose('awsRegion', 'eu-west-1');
  assert.deepEqual(store.writes, [{ key: 'serverlessWorkbench.aws.region', value: 'eu-west-1' }]);

  const trusted = setup(true);
  await trusted.config.choose('azureFunctionApp', 'rg/app', '/ws/app');
  await trusted.config.choose('awsProfile', '');
  assert.deepEqual(trusted.store.writes, [
    { key: 'serverlessWorkbench.azure.functionApp', value: 'rg/app', folder: '/ws/app' },
    { key: 'serverlessWorkbench.aws.profile', value: undefined },
  ]);
});

test('change events: one per editor change with what it touched, groups, and a trust grant that changes restricted values', () => {
  const { store, trust, config, changes } = setup(false);
  store.workspace['serverlessWorkbench.aws.profile'] = 'team';
  store.change(['serverlessWorkbench.logs.mode', 'files.exclude']);
  assert.equal(changes.length, 1);
  assert.ok(changes[0].affects('logsMode') && changes[0].affects('logs'));
  assert.ok(!changes[0].affects('logsSince') && !changes[0].affects('aws') && !changes[0].trustGranted);
  store.change(['editor.fontSize']);
  assert.equal(changes.length, 1, 'a change of no setting of ours is not reported');
  assert.equal(config.get('awsProfile'), undefined);
  trust.grant();
  assert.equal(changes.length, 2);
  assert.ok(changes[1].trustGranted && changes[1].affects('aws') && changes[1].affects('awsEndpointUrl') && changes[1].affects('azureFunctionApp'));
  assert.ok(!changes[1].affects('logsMode'));
  assert.equal(config.get('awsProfile'), 'team', 'trusted now: the workspace’s value counts');
});

test('the definitions match package.json: every setting, its scope, its default, and the restricted list', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: Array<{ properties: Record<string, { scope?: string; default?: unknown; enum?: string[] }> }> };
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  };
  const props = Object.assign({}, ...manifest.contributes.configuration.map((c) => c.properties)) as Record<string, { scope?: string; default?: unknown; enum?: string[] }>;
  const defs = Object.values(settingDefs);
  assert.deepEqual(defs.map((d) => d.key).sort(), Object.keys(props).sort());
  for (const d of defs) {
    const p = props[d.key];
    assert.equal(p.scope, d.scope, `${d.key}: scope`);
    // The manifest's "" default is "unset" here.
    assert.deepEqual(d.default ?? '', p.default, `${d.key}: default`);
    if (p.enum) for (const v of p.enum) assert.equal(d.sanitize(v), v, `${d.key}: accepts ${v}`);
  }
  const restricted = defs.filter((d) => 'restricted' in d && d.restricted).map((d) => d.key).sort();
  assert.deepEqual(restricted, [...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort());
});
