import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsProfileFilePaths, describeAwsProfile, profileRegion, readAwsProfiles, sdkHomeDir } from '../../../src/aws/profiles';

const config = `[default]
region = us-east-1

[profile dev]
region = eu-west-1
sso_session = corp

[profile legacy-sso]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Dev

[profile my.team]
source_profile = default
role_arn = arn:aws:iam::111111111111:role/Team

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[services local]
lambda =
  endpoint_url = http://localhost:4566
`;

const credentials = `[default]
aws_access_key_id = AKIDEXAMPLEONLY
aws_secret_access_key = not-a-real-secret-example

[ci]
aws_access_key_id = AKIDEXAMPLEONLY2
aws_secret_access_key = not-a-real-secret-example-2
`;

function files(): { dir: string; env: Record<string, string>; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'swb-aws-'));
  writeFileSync(join(dir, 'config'), config);
  writeFileSync(join(dir, 'creds'), credentials);
  return { dir, env: { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'creds') }, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

test('profiles of both files through the SDK loader: profile sections, default, credentials-only, sso-session sections', async () => {
  const f = files();
  try {
    const read = await readAwsProfiles(f.env);
    assert.deepEqual(read.profiles, [
      { name: 'ci', files: ['credentials'] },
      { name: 'default', region: 'us-east-1', regionFile: f.env.AWS_CONFIG_FILE, files: ['config', 'credentials'] },
      { name: 'dev', region: 'eu-west-1', regionFile: f.env.AWS_CONFIG_FILE, sso: 'corp', files: ['config'] },
      { name: 'legacy-sso', sso: true, files: ['config'] },
      { name: 'my.team', files: ['config'] },
    ]);
    assert.deepEqual(read.ssoSessions, ['corp']);
    assert.equal(read.configFile, f.env.AWS_CONFIG_FILE);
    assert.equal(read.credentialsFile, f.env.AWS_SHARED_CREDENTIALS_FILE);
    // Nothing secret comes back.
    assert.doesNotMatch(JSON.stringify(read), /AKID|secret/);
  } finally {
    f.dispose();
  }
});

test('a changed file is read again (no stale cache); missing files give no profiles', async () => {
  const f = files();
  try {
    assert.equal((await readAwsProfiles(f.env)).profiles.length, 5);
    writeFileSync(f.env.AWS_CONFIG_FILE, '[profile only]\nregion = ap-south-1\n');
    assert.deepEqual((await readAwsProfiles(f.env)).profiles.map((p) => p.name), ['ci', 'default', 'only']);
    const none = await readAwsProfiles({ AWS_CONFIG_FILE: join(f.dir, 'nope'), AWS_SHARED_CREDENTIALS_FILE: join(f.dir, 'nope2') });
    assert.deepEqual(none.profiles, []);
  } finally {
    f.dispose();
  }
});

test('file paths: the environment variables, else ~/.aws', () => {
  assert.deepEqual(awsProfileFilePaths({}, '/home/u'), { configFile: join('/home/u', '.aws', 'config'), credentialsFile: join('/home/u', '.aws', 'credentials') });
  assert.deepEqual(awsProfileFilePaths({ AWS_CONFIG_FILE: '/x/c', AWS_SHARED_CREDENTIALS_FILE: '/x/k' }, '/home/u'), { configFile: '/x/c', credentialsFile: '/x/k' });
});

test("a profile's region: the credentials file's section before the config file's (the SDK's region provider prefers it)", async () => {
  const f = files();
  try {
    writeFileSync(f.env.AWS_SHARED_CREDENTIALS_FILE, `${credentials}\n[dev]\naws_access_key_id = AKIDEXAMPLEONLY3\naws_secret_access_key = not-a-real-secret-example-3\nregion = ap-northeast-3\n`);
    const read = await readAwsProfiles(f.env);
    assert.deepEqual(profileRegion(read, 'dev'), { region: 'ap-northeast-3', file: f.env.AWS_SHARED_CREDENTIALS_FILE });
    assert.deepEqual(profileRegion(read, 'default'), { region: 'us-east-1', file: f.env.AWS_CONFIG_FILE });
    assert.equal(profileRegion(read, 'ci'), undefined, 'a profile without a region');
    assert.equal(profileRegion(read, 'nobody'), undefined, 'a profile that does not exist');
  } finally {
    f.dispose();
  }
});

test('the home folder as the SDK finds it: HOME, USERPROFILE, HOMEDRIVE+HOMEPATH', async () => {
  assert.equal(sdkHomeDir({ HOME: '/home/h', USERPROFILE: 'C:\\Users\\u' }), '/home/h');
  assert.equal(sdkHomeDir({ USERPROFILE: 'C:\\Users\\u' }), 'C:\\Users\\u');
  assert.equal(sdkHomeDir({ HOMEDRIVE: 'D:', HOMEPATH: '\\Users\\v' }), 'D:\\Users\\v');
  const home = mkdtempSync(join(tmpdir(), 'swb-home-'));
  try {
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), '[profile home]\nregion = eu-south-2\n');
    const read = await readAwsProfiles({ HOME: home });
    assert.deepEqual(profileRegion(read, 'home'), { region: 'eu-south-2', file: join(home, '.aws', 'config') });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('descriptions name the sign-in and region, never a key', () => {
  assert.equal(describeAwsProfile({ name: 'dev', region: 'eu-west-1', sso: 'corp', files: ['config'] }), 'SSO (corp) · eu-west-1');
  assert.equal(describeAwsProfile({ name: 'old', sso: true, files: ['config'] }), 'SSO');
  assert.equal(describeAwsProfile({ name: 'ci', files: ['credentials'] }), 'keys in credentials file');
  assert.equal(describeAwsProfile({ name: 'role', files: ['config'] }), '');
});
