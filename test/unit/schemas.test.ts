import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serverlessExamples } from './helpers/corpus';
import { yamlSchemaValidator } from './helpers/yamlSchemaValidator';

const repo = join(__dirname, '..', '..');
const validationFixtures = join(repo, 'test', 'fixtures', 'validation');
const corpus = serverlessExamples;
const configName = /^(serverless\.ya?ml|template\.ya?ml|function\.json)$/;

function configsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...configsUnder(p));
    else if (configName.test(e.name)) out.push(p);
  }
  return out.sort();
}

test('the manifest contributes the schemas for Red Hat YAML and the JSON language', () => {
  const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { contributes: Record<string, Array<{ fileMatch: string | string[]; url: string }>> };
  const entries = [...manifest.contributes.yamlValidation, ...manifest.contributes.jsonValidation];
  assert.deepEqual([...new Set(entries.map((e) => e.url))].sort(), ['./schemas/function.schema.json', './schemas/sam.schema.json', './schemas/serverless.schema.json']);
  for (const e of entries) assert.ok(existsSync(join(repo, e.url)), e.url);
});

test('schemas accept every valid fixture, variables and intrinsic functions included', async () => {
  const validate = yamlSchemaValidator();
  const files = [...configsUnder(validationFixtures).filter((f) => f.includes('/pass/')), ...configsUnder(join(repo, 'test', 'fixtures', 'workspace'))];
  assert.ok(files.length >= 28);
  const problems: string[] = [];
  for (const f of files) for (const d of await validate(f, readFileSync(f, 'utf8'))) problems.push(`${relative(repo, f)}:${d.range.start.line + 1} ${d.message}`);
  assert.deepEqual(problems, []);
});

test('schemas reject what they can see is wrong', async () => {
  const validate = yamlSchemaValidator();
  const messages = async (rule: string): Promise<string[]> => {
    const [file] = configsUnder(join(validationFixtures, rule, 'fail'));
    return (await validate(file, readFileSync(file, 'utf8'))).map((d) => `${d.range.start.line + 1} ${d.message}`);
  };
  assert.ok((await messages('timeout-range')).some((m) => /^8 .*maximum of 900/.test(m)));
  assert.ok((await messages('memory-size-range')).some((m) => /^8 .*minimum of 128/.test(m)));
  assert.ok((await messages('http-method')).some((m) => /^11 Value is not accepted/.test(m)));
  assert.ok((await messages('s3-event-name')).some((m) => /^11 Value is not accepted/.test(m)));
  assert.ok((await messages('stream-starting-position')).some((m) => /StartingPosition/.test(m)));
  assert.ok((await messages('azure-auth-level')).some((m) => /^7 Value is not accepted/.test(m)));
  assert.ok((await messages('azure-required-property')).some((m) => /queueName/.test(m)));
});

test('schemas on the real-world corpus: only a real defect, and other providers left alone', async () => {
  const validate = yamlSchemaValidator();
  const problems: string[] = [];
  for (const f of configsUnder(corpus)) for (const d of await validate(f, readFileSync(f, 'utf8'))) problems.push(`${relative(corpus, f)}:${d.range.start.line + 1}`);
  // `memorySize: 1536MB`: not a number (the Serverless Framework silently deploys 1024 MB instead).
  assert.deepEqual(problems, ['aws-node-puppeteer/serverless.yml:19']);
});

test("schemas know today's Lambda properties (2023-2026) and their values", async () => {
  const validate = yamlSchemaValidator();
  const template = (extra: string): string => `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: ruby4.0
      Handler: app.handler
      Architectures: [arm64]
      LoggingConfig:
        LogFormat: JSON
        ApplicationLogLevel: INFO
        SystemLogLevel: WARN
        LogGroup: !Ref Logs
      SnapStart:
        ApplyOn: PublishedVersions
      RecursiveLoop: Terminate
      DurableConfig:
        ExecutionTimeout: 86400
        RetentionPeriodInDays: 14
      TenancyConfig:
        TenantIsolationMode: PER_TENANT
      CapacityProviderConfig:
        LambdaManagedInstancesCapacityProviderConfig:
          CapacityProviderArn: !GetAtt Provider.Arn
          PerExecutionEnvironmentMaxConcurrency: 16
      FunctionUrlConfig:
        AuthType: AWS_IAM
        InvokeMode: RESPONSE_STREAM
      Events:
        Queue:
          Type: SQS
          Properties:
            Queue: !GetAtt Q.Arn
            ProvisionedPollerConfig:
              MinimumPollers: 2
              MaximumPollers: 10
${extra}`;
  assert.deepEqual(await validate('/t/template.yaml', template('')), []);
  // Ranges are checked; enum values are offered for completion, while wrong names are the lambda-setting-value
  // rule's (the schemas accept any identifier there, since Red Hat YAML passes `!Ref X` as "X").
  const wrong = template('').replace('RetentionPeriodInDays: 14', 'RetentionPeriodInDays: 400').replace('MaximumPollers: 10', 'MaximumPollers: 0');
  const lines = (await validate('/t/template.yaml', wrong)).map((d) => d.range.start.line + 1);
  assert.deepEqual([...new Set(lines)].sort((a, b) => a - b), [19, 36]);
  const sls = 'service: s\nprovider:\n  name: aws\n  runtime: nodejs24.x\n  architecture: arm64\nfunctions:\n  f:\n    handler: h.f\n    snapStart: true\n    url:\n      invokeMode: RESPONSE_STREAM\n';
  assert.deepEqual(await validate('/t/serverless.yml', sls), []);
});
