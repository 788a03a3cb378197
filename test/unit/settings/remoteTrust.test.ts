import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveAwsConnection } from '../../../src/aws/connection';
import type { Project } from '../../../src/model/types';
import { pickRemoteValue, remoteFeatures, remoteSourceAllowed, untrustedRemoteMessage, untrustedRemoteNote } from '../../../src/shared/remoteTrust';

test('the rule: trusted, every source counts; untrusted, only what the person chose', () => {
  for (const s of ['user', 'choice', 'env', 'workspace', 'samconfig', 'project', 'default'] as const) assert.equal(remoteSourceAllowed(s, true), true, s);
  assert.deepEqual(
    (['user', 'choice', 'env', 'default', 'workspace', 'samconfig', 'project'] as const).map((s) => remoteSourceAllowed(s, false)),
    [true, true, true, true, false, false, false],
  );
});

test('pickRemoteValue: the first allowed candidate, and the workspace’s ones passed over on the way (each once)', () => {
  const untrusted = pickRemoteValue('profile', [[undefined, 'choice'], ['evil', 'workspace'], ['evil', 'workspace'], ['sam', 'samconfig'], ['mine', 'user'], ['late', 'project']], false);
  assert.deepEqual(untrusted, {
    value: 'mine',
    source: 'user',
    ignored: [
      { what: 'profile', value: 'evil', source: 'workspace' },
      { what: 'profile', value: 'sam', source: 'samconfig' },
    ],
  });
  assert.deepEqual(pickRemoteValue('function app', [['rg/app', 'workspace']], true), { value: 'rg/app', source: 'workspace', ignored: [] });
  assert.deepEqual(pickRemoteValue('function app', [['rg/app', 'workspace'], ['', 'user']], false), { source: 'default', ignored: [{ what: 'function app', value: 'rg/app', source: 'workspace' }] });
});

test('one message for every remote feature, naming what was ignored; nothing when trusted', () => {
  assert.deepEqual([...remoteFeatures], ['AWS remote invoke', 'AWS logs', 'Azure remote invoke', 'Azure logs']);
  assert.equal(untrustedRemoteNote(true, [{ what: 'profile', value: 'x', source: 'project' }]), undefined);
  assert.equal(untrustedRemoteNote(false), untrustedRemoteMessage);
  assert.match(untrustedRemoteMessage, /remote invoke and logs \(AWS and Azure\)/);
  assert.equal(
    untrustedRemoteNote(false, [
      { what: 'endpoint', value: 'http://127.0.0.1:9/evil', source: 'workspace' },
      { what: 'profile', value: 'evil', source: 'project' },
    ]),
    `${untrustedRemoteMessage} (Ignored: endpoint "http://127.0.0.1:9/evil" from workspace settings, profile "evil" from provider.profile.)`,
  );
});

test('AWS applies the same rule: samconfig.toml and provider.profile wait for trust, the environment does not', () => {
  const project = { kind: 'serverless-framework', file: '/w/serverless.yml', root: '/w', profile: 'evil-provider', functions: [], findings: [] } as unknown as Project;
  const untrusted = resolveAwsConnection({ settings: {}, project, env: { AWS_PROFILE: 'env-profile' }, workspaceTrusted: false });
  assert.deepEqual([untrusted.profile, untrusted.origin.profile, untrusted.ignoredProfile], ['env-profile', 'env', { profile: 'evil-provider', origin: 'project' }]);
  const trusted = resolveAwsConnection({ settings: {}, project, env: { AWS_PROFILE: 'env-profile' }, workspaceTrusted: true });
  assert.deepEqual([trusted.profile, trusted.origin.profile, trusted.ignoredProfile], ['evil-provider', 'project', undefined]);
  const chosen = resolveAwsConnection({ settings: { profile: 'mine' }, project, env: {}, workspaceTrusted: false });
  assert.deepEqual([chosen.profile, chosen.origin.profile, chosen.ignoredProfile], ['mine', 'setting', undefined]);
});
