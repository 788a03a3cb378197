import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCloudFormationClient,
  createLambdaClient,
  createLogsClient,
  describeAwsError,
  resolveAwsConnection,
  resolveDeployedName,
} from '../../../src/aws/connection';
import type { AwsConnection } from '../../../src/aws/connection';
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
