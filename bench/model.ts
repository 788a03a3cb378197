// Model benchmark: the 190-file corpus in one process, a generated 300-function serverless.yml and SAM
// template, and re-modelling after a one-line edit. Targets (issue 2): corpus < 500 ms, 300 functions
// < 30 ms, re-model < 10 ms.
import { join } from 'node:path';
import { parseCloudFormation } from '../src/model/cloudFormation';
import { parseServerlessFramework } from '../src/model/serverlessFramework';
import { WorkspaceIndex } from '../src/model/workspace';
import { nodeFileSystem } from '../src/node/nodeFileSystem';
import { median, printTargetTable, timeRuns } from './_stats';

export function generateServerless(n: number): string {
  const lines = ['service: big', 'provider:', '  name: aws', '  runtime: nodejs20.x', '  stage: ${opt:stage, "dev"}', '  environment:', '    TABLE: ${self:service}-${sls:stage}', 'functions:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  fn${i}:`, `    handler: src/fn${i}.handler`, '    memorySize: 256', '    events:', `      - http:`, `          path: /items/${i}/{id}`, '          method: get', `      - sqs: arn:aws:sqs:us-east-1:123456789012:q${i}`);
  }
  return lines.join('\n') + '\n';
}

export function generateSam(n: number): string {
  const lines = ['Transform: AWS::Serverless-2016-10-31', 'Globals:', '  Function:', '    Runtime: python3.12', 'Resources:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  Fn${i}:`, '    Type: AWS::Serverless::Function', '    Properties:', `      CodeUri: src/fn${i}/`, '      Handler: app.handler', `      FunctionName: !Sub 'fn-${i}-\${AWS::StackName}'`, '      Events:', '        Api:', '          Type: Api', '          Properties:', `            Path: /items/${i}`, '            Method: get');
  }
  return lines.join('\n') + '\n';
}

/** A SAM template whose policies are `!Sub '{…}'` JSON with continuation lines left of their key (PyYAML reads them). */
export function generateFlowSam(n: number): string {
  const lines = ['Transform: AWS::Serverless-2016-10-31', 'Resources:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  Fn${i}:`, '    Type: AWS::Serverless::Function', '    Properties:', `      CodeUri: src/fn${i}/`, '      Handler: app.handler', '      Runtime: python3.13');
    lines.push(`  Policy${i}:`, '    Type: AWS::IAM::ManagedPolicy', '    Properties:', "      PolicyDocument: !Sub '{", '    "Version": "2012-10-17",', '    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",', `  "Resource": "arn:aws:s3:::bucket-${i}/*"}]`, "      }'");
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const corpus = join(__dirname, '..', 'test', 'corpus', 'serverless-examples');
  const corpusRuns = await timeRuns(7, async () => {
    const index = new WorkspaceIndex(nodeFileSystem(), { env: {} });
    await index.scan([corpus]);
  });
  const sls = generateServerless(300);
  const sam = generateSam(300);
  for (let i = 0; i < 5; i++) parseServerlessFramework('/b/serverless.yml', sls); // warm-up
  const slsRuns = await timeRuns(21, () => parseServerlessFramework('/b/serverless.yml', sls));
  const samRuns = await timeRuns(21, () => parseCloudFormation('/b/template.yaml', sam));

  // Re-model after a one-line edit: a workspace with the corpus plus the 300-function service.
  const files = new Map<string, string>([['/w/big/serverless.yml', sls]]);
  const fs = nodeFileSystem();
  const index = new WorkspaceIndex({ ...fs, readFile: async (p) => files.get(p) ?? fs.readFile(p), stat: async (p) => (files.has(p) ? { type: 'file', size: files.get(p)!.length } : fs.stat(p)) }, { env: {} });
  await index.scan([corpus, '/w/big/serverless.yml']);
  const small = join(corpus, 'aws-node-simple-http-endpoint', 'serverless.yml');
  const smallText = (await fs.readFile(small))!;
  let n = 0;
  const editRuns = await timeRuns(21, () => index.update(small, smallText.replace('handler: handler.endpoint', `handler: handler.endpoint${n++ % 2 ? '' : 'X'}`)));
  const bigEditRuns = await timeRuns(21, () => index.update('/w/big/serverless.yml', sls.replace('memorySize: 256', `memorySize: ${256 + (n++ % 2) * 256}`)));
  // While typing, a file is often broken for a moment: the parse fails, the flow-value layout is measured
  // and the text parsed again (yamlTree.ts), so an error costs more than a clean edit.
  const brokenRuns = await timeRuns(21, () => index.update(small, smallText.replace('handler: handler.endpoint', `handler: 'handler.endpoint${n++ % 2 ? "'" : ''}`)));
  const flowSam = generateFlowSam(100);
  for (let i = 0; i < 3; i++) parseCloudFormation('/b/flow.yaml', flowSam);
  const flowRuns = await timeRuns(21, () => parseCloudFormation('/b/flow.yaml', flowSam));

  const rows = [
    ['Corpus (190 serverless.yml, discovery + model + handlers)', median(corpusRuns), 500],
    ['300-function serverless.yml (parse + model)', median(slsRuns), 30],
    ['300-function SAM template (parse + model)', median(samRuns), 30],
    ['Re-model after a one-line edit (typical service)', median(editRuns), 10],
    ['Re-model after a one-line edit (300-function service)', median(bigEditRuns), 10],
    ['Re-model after an edit that breaks the YAML (typical service)', median(brokenRuns), 10],
    ['100-function SAM template with under-indented flow values (parse twice + model)', median(flowRuns), 30],
  ] as const;
  printTargetTable(rows);
}

void main();
