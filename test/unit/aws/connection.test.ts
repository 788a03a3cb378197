import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import {
  createCloudFormationClient,
  createLambdaClient,
  createLogsClient,
  describeAwsError,
  describeRegionOrigin,
  loadAwsConnection,
  resolveAwsConnection,
  resolveDeployedName,
} from '../../../src/aws/connection';
import type { AwsConnection } from '../../../src/aws/connection';
import { readAwsProfiles } from '../../../src/aws/profiles';
import { parseSamConfig } from '../../../src/model/samConfig';
import type { FunctionDef, Project } from '../../../src/model/types';
import { startLoopback, useTestCredentials } from '../helpers/loopback';
import type { Loopback } from '../helpers/loopback';

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function project(kind: Project['kind'], extra: Partial<Project> = {}): Project {
  return { kind, file: '/p/template.yaml', root: '/p', functions: [], findings: [], files: [], ...extra };
}

/** A SAM project whose model read this samconfig.toml text. */
function samProject(text: string, extra: Partial<Project> = {}): Project {
  return project('sam', { samconfig: parseSamConfig('/p/samconfig.toml', text).config, ...extra });
}

function fn(name: string, deployedName?: string): FunctionDef {
  return { id: `/p/template.yaml#${name}`, file: '/p/template.yaml', name, deployedName, handlerInfo: { candidates: [] }, environment: {}, triggers: [], keyRange: range, range, properties: {} };
}

const samconfig = `version = 0.1
# written by sam deploy --guided
[default.deploy.parameters]
stack_name = "thumbs-app"   # trailing comment
region = "eu-central-1"
profile = 'sam-profile'
capabilities = "CAPABILITY_IAM"
[default.global.parameters]
stack_name = "global-stack"
[prod.deploy.parameters]
stack_name = "thumbs-prod"
`;

describe('samconfig.toml reader', () => {
  test('reads deploy parameters per environment, strips comments and quotes', () => {
    const c = parseSamConfig('/p/samconfig.toml', samconfig).config!;
    assert.deepEqual(c.environments.default, { stackName: 'thumbs-app', region: 'eu-central-1', profile: 'sam-profile', parameterOverrides: {} });
    assert.equal(c.environments.prod.stackName, 'thumbs-prod');
  });
  test('a # inside a quoted value is not a comment', () => {
    const c = parseSamConfig('/p/samconfig.toml', '[default.deploy.parameters]\nparameter_overrides = "A=b#c"\n').config!;
    assert.deepEqual(c.environments.default.parameterOverrides, { A: 'b#c' });
  });
});

describe('resolveAwsConnection', () => {
  test('settings win over everything and say so', () => {
    const c = resolveAwsConnection({
      settings: { profile: 'mine', region: 'ap-south-1', endpointUrl: 'http://localhost:4566' },
      project: samProject(samconfig, { region: 'eu-west-1', profile: 'proj' }),
      env: { AWS_REGION: 'us-west-2', AWS_PROFILE: 'envp', AWS_ENDPOINT_URL: 'http://other' },
    });
    assert.deepEqual(c, { profile: 'mine', region: 'ap-south-1', endpointUrl: 'http://localhost:4566', origin: { profile: 'setting', region: 'setting' } });
  });
  test('samconfig before the project, the project before the environment', () => {
    const c = resolveAwsConnection({ settings: {}, project: samProject(samconfig, { region: 'eu-west-1', profile: 'proj' }), env: { AWS_REGION: 'us-west-2' } });
    assert.equal(c.region, 'eu-central-1');
    assert.equal(c.profile, 'sam-profile');
    assert.deepEqual(c.origin, { profile: 'samconfig', region: 'samconfig' });
    const p = resolveAwsConnection({ settings: { region: '  ' }, project: project('serverless-framework', { region: 'eu-west-1', profile: 'proj' }), env: { AWS_REGION: 'us-west-2' } });
    assert.deepEqual([p.region, p.profile, p.origin.region, p.origin.profile], ['eu-west-1', 'proj', 'project', 'project']);
  });
  test('environment, then defaults', () => {
    const e = resolveAwsConnection({ settings: {}, env: { AWS_DEFAULT_REGION: 'sa-east-1', AWS_PROFILE: 'envp' } });
    assert.deepEqual([e.region, e.profile, e.origin.region, e.origin.profile], ['sa-east-1', 'envp', 'env', 'env']);
    const d = resolveAwsConnection({ settings: {}, env: {} });
    assert.deepEqual(d, { profile: undefined, region: 'us-east-1', endpointUrl: undefined, origin: { profile: 'default', region: 'default' } });
  });
  test('an untrusted workspace does not choose the profile: samconfig.toml and provider.profile are passed over (and reported), its region still counts', () => {
    const c = resolveAwsConnection({ settings: {}, project: samProject(samconfig, { region: 'eu-west-1', profile: 'proj' }), env: { AWS_PROFILE: 'envp' }, workspaceTrusted: false });
    assert.deepEqual(c, { profile: 'envp', region: 'eu-central-1', endpointUrl: undefined, origin: { profile: 'env', region: 'samconfig' }, ignoredProfile: { profile: 'sam-profile', origin: 'samconfig' } });
    const p = resolveAwsConnection({ settings: {}, project: project('serverless-framework', { profile: 'proj' }), env: {}, workspaceTrusted: false });
    assert.deepEqual([p.profile, p.origin.profile, p.ignoredProfile], [undefined, 'default', { profile: 'proj', origin: 'project' }]);
    const mine = resolveAwsConnection({ settings: { profile: 'mine' }, project: project('serverless-framework', { profile: 'proj' }), env: {}, workspaceTrusted: false });
    assert.deepEqual([mine.profile, mine.ignoredProfile], ['mine', undefined]);
  });
  test('endpoint: the service-specific variable before AWS_ENDPOINT_URL', () => {
    const env = { AWS_ENDPOINT_URL: 'http://all', AWS_ENDPOINT_URL_LAMBDA: 'http://lambda', AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://logs' };
    assert.equal(resolveAwsConnection({ settings: {}, env, service: 'lambda' }).endpointUrl, 'http://lambda');
    assert.equal(resolveAwsConnection({ settings: {}, env, service: 'logs' }).endpointUrl, 'http://logs');
    assert.equal(resolveAwsConnection({ settings: {}, env, service: 'cloudformation' }).endpointUrl, 'http://all');
  });
});

describe("the profile's own region (shared config file)", () => {
  /** Real config and credentials files in a fresh folder (the SDK's loader caches by path). */
  function sharedFiles(config: string, credentials = ''): { env: Record<string, string>; config: string; credentials: string } {
    const dir = mkdtempSync(join(tmpdir(), 'swb-region-'));
    writeFileSync(join(dir, 'config'), config);
    writeFileSync(join(dir, 'credentials'), credentials);
    return { env: { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') }, config: join(dir, 'config'), credentials: join(dir, 'credentials') };
  }
  const configText = '[default]\nregion = eu-north-1\n\n[profile dev]\nregion = ap-south-1\n\n[profile noregion]\noutput = json\n';

  test('comes after every explicit source and before us-east-1; the default profile when none is named', async () => {
    const f = sharedFiles(configText);
    const d = await loadAwsConnection({ settings: {}, project: project('sam'), env: f.env });
    assert.deepEqual([d.region, d.origin.region, d.regionProfile], ['eu-north-1', 'profile', { profile: 'default', file: f.config }]);
    const dev = await loadAwsConnection({ settings: { profile: 'dev' }, env: f.env });
    assert.deepEqual([dev.region, dev.origin.region, dev.regionProfile], ['ap-south-1', 'profile', { profile: 'dev', file: f.config }]);
    // A profile named in samconfig.toml, provider.profile or AWS_PROFILE gives its region the same way.
    const sam = await loadAwsConnection({ settings: {}, project: samProject('[default.deploy.parameters]\nprofile = "dev"\n'), env: f.env });
    assert.deepEqual([sam.profile, sam.region, sam.origin.region], ['dev', 'ap-south-1', 'profile']);
    const envProfile = await loadAwsConnection({ settings: {}, env: { ...f.env, AWS_PROFILE: 'dev' } });
    assert.deepEqual([envProfile.region, envProfile.origin.region], ['ap-south-1', 'profile']);
    // A profile without a region (or one that is not in the files) does not borrow the default's.
    for (const profile of ['noregion', 'absent']) {
      const none = await loadAwsConnection({ settings: { profile }, env: f.env });
      assert.deepEqual([none.region, none.origin.region, none.regionProfile], ['us-east-1', 'default', undefined], profile);
    }

    const explicit: Array<[string, Parameters<typeof loadAwsConnection>[0], string, string]> = [
      ['setting / --region', { settings: { profile: 'dev', region: 'sa-east-1' }, env: f.env }, 'sa-east-1', 'setting'],
      ['samconfig.toml', { settings: { profile: 'dev' }, project: samProject(samconfig), env: f.env }, 'eu-central-1', 'samconfig'],
      ['provider.region', { settings: { profile: 'dev' }, project: project('serverless-framework', { region: 'eu-west-3' }), env: f.env }, 'eu-west-3', 'project'],
      ['AWS_REGION', { settings: { profile: 'dev' }, env: { ...f.env, AWS_REGION: 'us-west-2' } }, 'us-west-2', 'env'],
      ['AWS_DEFAULT_REGION', { settings: { profile: 'dev' }, env: { ...f.env, AWS_DEFAULT_REGION: 'ca-central-1' } }, 'ca-central-1', 'env'],
    ];
    for (const [what, input, region, origin] of explicit) {
      const c = await loadAwsConnection(input);
      assert.deepEqual([c.region, c.origin.region, c.regionProfile], [region, origin, undefined], what);
    }
    const both = await loadAwsConnection({ settings: {}, env: { ...f.env, AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'ca-central-1' } });
    assert.deepEqual([both.region, both.regionVariable], ['us-west-2', 'AWS_REGION']);
  });

  test('the synchronous resolver takes the files as read once; without them no profile counts', async () => {
    const f = sharedFiles(configText);
    const profiles = await readAwsProfiles(f.env);
    assert.deepEqual([resolveAwsConnection({ settings: { profile: 'dev' }, env: f.env, profiles }).region, resolveAwsConnection({ settings: { profile: 'dev' }, env: f.env }).region], ['ap-south-1', 'us-east-1']);
  });

  test("an untrusted workspace's profile is passed over, and so is its region: the person's own profile's region counts", async () => {
    const f = sharedFiles(configText);
    const untrusted = await loadAwsConnection({ settings: {}, project: samProject('[default.deploy.parameters]\nprofile = "dev"\n'), env: f.env, workspaceTrusted: false });
    assert.deepEqual(
      [untrusted.profile, untrusted.region, untrusted.regionProfile, untrusted.ignoredProfile],
      [undefined, 'eu-north-1', { profile: 'default', file: f.config }, { profile: 'dev', origin: 'samconfig' }],
    );
    const provider = await loadAwsConnection({ settings: {}, project: project('cloudformation', { profile: 'dev' }), env: { ...f.env, AWS_PROFILE: 'noregion' }, workspaceTrusted: false });
    assert.deepEqual([provider.profile, provider.region, provider.origin.region], ['noregion', 'us-east-1', 'default']);
    const mine = await loadAwsConnection({ settings: { profile: 'dev' }, project: project('sam', { profile: 'noregion' }), env: f.env, workspaceTrusted: false });
    assert.deepEqual([mine.profile, mine.region, mine.origin.region], ['dev', 'ap-south-1', 'profile']);
  });

  test("the same region as the AWS SDK v3's own provider (AWS_REGION, then the profile's region, credentials file first)", async () => {
    const { LambdaClient } = await import('@aws-sdk/client-lambda');
    const keys = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED'];
    const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
    const cases: Array<[string, { config: string; credentials?: string; env?: Record<string, string> }]> = [
      ['the default profile', { config: configText }],
      ['AWS_PROFILE', { config: configText, env: { AWS_PROFILE: 'dev' } }],
      ['AWS_REGION before the profile', { config: configText, env: { AWS_REGION: 'us-west-2', AWS_PROFILE: 'dev' } }],
      ["the credentials file's region before the config file's", { config: configText, credentials: '[dev]\nregion = me-central-1\n', env: { AWS_PROFILE: 'dev' } }],
      ['[profile default] and [default]', { config: '[profile default]\nregion = af-south-1\n' }],
    ];
    try {
      for (const [what, c] of cases) {
        const f = sharedFiles(c.config, c.credentials);
        const env = { ...f.env, AWS_EC2_METADATA_DISABLED: 'true', ...c.env };
        for (const k of keys) delete process.env[k];
        Object.assign(process.env, env);
        const client = new LambdaClient({});
        try {
          const sdk = await client.config.region();
          const ours = await loadAwsConnection({ settings: {}, env });
          assert.equal(ours.region, sdk, what);
        } finally {
          client.destroy();
        }
      }
      // AWS_DEFAULT_REGION is the AWS CLI's variable, not the SDK's: like the CLI, it is taken before the profile's region.
      const f = sharedFiles(configText);
      for (const k of keys) delete process.env[k];
      Object.assign(process.env, f.env, { AWS_DEFAULT_REGION: 'ca-central-1' });
      const client = new LambdaClient({});
      try {
        assert.equal(await client.config.region(), 'eu-north-1');
      } finally {
        client.destroy();
      }
      assert.equal((await loadAwsConnection({ settings: {}, env: { ...f.env, AWS_DEFAULT_REGION: 'ca-central-1' } })).region, 'ca-central-1');
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  test('where the region came from, in words: the profile and its file from ~', async () => {
    const home = mkdtempSync(join(tmpdir(), 'swb-home-'));
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), configText);
    const c = await loadAwsConnection({ settings: { profile: 'dev' }, env: { HOME: home } });
    assert.equal(describeRegionOrigin(c, { setting: '--region', home }), `profile dev in ~${sep}.aws${sep}config`);
    assert.equal(describeRegionOrigin(c, { setting: '--region', home: `${home}${sep}` }), `profile dev in ~${sep}.aws${sep}config`);
    assert.equal(describeRegionOrigin(c, { setting: '--region', home: '/elsewhere' }), `profile dev in ${join(home, '.aws', 'config')}`);
    const words = (input: Parameters<typeof resolveAwsConnection>[0]): string => describeRegionOrigin(resolveAwsConnection(input), { setting: '--region' });
    assert.deepEqual(
      [
        words({ settings: { region: 'x-1' }, env: {} }),
        words({ settings: {}, project: samProject(samconfig), env: {} }),
        words({ settings: {}, project: project('serverless-framework', { region: 'eu-west-1' }), env: {} }),
        words({ settings: {}, env: { AWS_DEFAULT_REGION: 'eu-west-1' } }),
        words({ settings: {}, env: {} }),
      ],
      ['--region', 'samconfig', 'provider.region', 'AWS_DEFAULT_REGION', 'default'],
    );
    // Not found in a region nobody chose explicitly: the message says where it came from.
    const notFound = Object.assign(new Error('Function not found: arn:x'), { name: 'ResourceNotFoundException' });
    assert.match(describeAwsError(notFound, 'invoke f', c), /^invoke f: not found in ap-south-1 \(the region of profile dev\) \(Function not found: arn:x\); is it deployed/);
    assert.match(describeAwsError(notFound, 'invoke f', resolveAwsConnection({ settings: {}, env: {} })), /^invoke f: not found in us-east-1 \(no region is set: the default\) /);
  });
});

describe('describeAwsError', () => {
  const conn: AwsConnection = { profile: 'dev', region: 'eu-west-1', endpointUrl: 'http://127.0.0.1:9', origin: { profile: 'setting', region: 'setting' } };
  const cases: [unknown, RegExp][] = [
    [Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' }), /expired; run aws sso login --profile dev/],
    [new Error('The SSO session associated with this profile has expired or is otherwise invalid.'), /aws sso login --profile dev/],
    [Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }), /access denied for profile "dev"/],
    [Object.assign(new Error('Function not found: arn:x'), { name: 'ResourceNotFoundException' }), /not found in eu-west-1 .*deployed/],
    [Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }), /throttling/],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), /cannot reach http:\/\/127\.0\.0\.1:9 \(connection refused\)/],
    ['plain string\nsecond line', /^op: plain string$/],
  ];
  for (const [err, expected] of cases) {
    test(`${String((err as Error).name ?? err)}: ${expected}`, () => {
      const line = describeAwsError(err, 'op', conn);
      assert.match(line, expected);
      assert.ok(!line.includes('\n'));
    });
  }
});

describe('SDK clients against loopback servers', () => {
  let restore: () => void;
  let cfn: Loopback;
  before(async () => {
    restore = useTestCredentials();
    // CloudFormation speaks the query protocol: form-encoded POST, XML answers.
    cfn = await startLoopback((req, res) => {
      const form = new URLSearchParams(req.body);
      res.setHeader('content-type', 'text/xml');
      if (form.get('Action') !== 'DescribeStackResource') {
        res.statusCode = 400;
        res.end('<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>bad</Message></Error></ErrorResponse>');
        return;
      }
      const stack = form.get('StackName');
      const logical = form.get('LogicalResourceId');
      if (stack !== 'thumbs-app') {
        res.statusCode = 400;
        res.end(`<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack '${stack}' does not exist</Message></Error><RequestId>r1</RequestId></ErrorResponse>`);
        return;
      }
      res.end(`<DescribeStackResourceResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
  <DescribeStackResourceResult><StackResourceDetail>
    <StackName>thumbs-app</StackName><StackId>arn:aws:cloudformation:eu-central-1:123456789012:stack/thumbs-app/1</StackId>
    <LogicalResourceId>${logical}</LogicalResourceId><PhysicalResourceId>thumbs-app-${logical}-AbC123</PhysicalResourceId>
    <ResourceType>AWS::Lambda::Function</ResourceType><LastUpdatedTimestamp>2026-01-01T00:00:00Z</LastUpdatedTimestamp>
    <ResourceStatus>CREATE_COMPLETE</ResourceStatus>
  </StackResourceDetail></DescribeStackResourceResult>
  <ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata>
</DescribeStackResourceResponse>`);
    });
  });
  after(async () => {
    await cfn.close();
    restore();
  });
  const connTo = (url: string): AwsConnection => ({ region: 'eu-central-1', endpointUrl: url, origin: { profile: 'default', region: 'setting' } });

  test('resolveDeployedName asks the stack from samconfig for the physical id', async () => {
    const name = await resolveDeployedName(fn('ReportFunction'), samProject(samconfig), connTo(cfn.url));
    assert.equal(name, 'thumbs-app-ReportFunction-AbC123');
    const form = new URLSearchParams(cfn.requests.at(-1)!.body);
    assert.equal(form.get('StackName'), 'thumbs-app');
    assert.equal(form.get('LogicalResourceId'), 'ReportFunction');
    assert.match(String(cfn.requests.at(-1)!.headers.authorization), /Credential=AKIDTEST\/\d+\/eu-central-1\/cloudformation/);
  });
  test('resolveDeployedName uses the static name without calling AWS', async () => {
    const before = cfn.requests.length;
    assert.equal(await resolveDeployedName(fn('A', 'fixed-name'), samProject(samconfig), connTo(cfn.url)), 'fixed-name');
    assert.equal(cfn.requests.length, before);
  });
  test('resolveDeployedName: missing stack_name and missing stack are one-line errors', async () => {
    await assert.rejects(resolveDeployedName(fn('A'), samProject('[default.deploy.parameters]\nregion = "x"\n'), connTo(cfn.url)), /set stack_name in samconfig\.toml/);
    await assert.rejects(
      resolveDeployedName(fn('A'), samProject('[default.deploy.parameters]\nstack_name = "gone"\n'), connTo(cfn.url)),
      (err: Error) => /look up A in stack gone: not found .*does not exist/.test(err.message) && !err.message.includes('\n'),
    );
    await assert.rejects(resolveDeployedName(fn('A'), project('serverless-framework'), connTo(cfn.url)), /not known statically/);
  });
  test('network failure names the endpoint', async () => {
    const dead = await startLoopback(() => undefined);
    await dead.close();
    await assert.rejects(resolveDeployedName(fn('A'), samProject(samconfig), connTo(dead.url)), (err: Error) => err.message.includes(`cannot reach ${dead.url}`));
  });
  test('a named profile is read from the shared credentials file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swb-aws-'));
    writeFileSync(join(dir, 'credentials'), '[team]\naws_access_key_id = AKIDTEAM\naws_secret_access_key = s\n');
    writeFileSync(join(dir, 'config'), '');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    // With both a profile and env keys the SDK warns; a user picking a profile has no env keys.
    delete process.env.AWS_ACCESS_KEY_ID;
    try {
      await resolveDeployedName(fn('ReportFunction'), samProject(samconfig), { ...connTo(cfn.url), profile: 'team' });
      assert.match(String(cfn.requests.at(-1)!.headers.authorization), /Credential=AKIDTEAM\//);
    } finally {
      process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
      process.env.AWS_CONFIG_FILE = '/nonexistent/config';
      process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
    }
  });
  test('clients carry region and endpoint; the logs client drops the host prefix for custom endpoints', async () => {
    const conn = connTo('http://127.0.0.1:4566');
    const lambda = await createLambdaClient(conn);
    const logs = await createLogsClient(conn);
    const cf = await createCloudFormationClient(conn);
    assert.equal(await lambda.config.region(), 'eu-central-1');
    assert.equal(logs.config.disableHostPrefix, true);
    const plainLogs = await createLogsClient({ region: 'eu-central-1', origin: { profile: 'default', region: 'default' } });
    assert.equal(plainLogs.config.disableHostPrefix, false);
    const ep = await cf.config.endpoint?.();
    assert.equal(ep?.hostname, '127.0.0.1');
    for (const c of [lambda, logs, cf, plainLogs]) c.destroy();
  });
});
