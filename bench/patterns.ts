// Patterns benchmark: planning `new` (config edit + the model check of the result) on a 300-function
// serverless.yml and SAM template, the completion context on a keystroke in a 300-function file, and
// generating every snippet file. Targets: a plan that a person does not wait for after the last quick pick (< 300 ms),
// the completion context well inside a keystroke (< 5 ms).
// The plan parses the config once with the yaml Document API and models the edited text once more: the
// model check is what makes a wrong edit impossible to write.
import { parseServerlessFramework } from '../src/model/serverlessFramework';
import { parseCloudFormation } from '../src/model/cloudFormation';
import { yamlKeyPath } from '../src/patterns/completionContext';
import { planNewFunction } from '../src/patterns/newFunction';
import { snippetFileContents } from '../src/patterns/snippetFiles';
import { memoryFileSystem } from '../test/unit/helpers/memoryFileSystem';
import { median, printTargetTable, timeRuns } from './_stats';

function generateServerless(n: number): string {
  const lines = ['service: big', 'provider:', '  name: aws', '  runtime: nodejs22.x', 'functions:'];
  for (let i = 0; i < n; i++) lines.push(`  fn${i}:`, `    handler: src/fn${i}.handler`, '    events:', '      - http:', `          path: /items/${i}`, '          method: get');
  return lines.join('\n') + '\n';
}

function generateSam(n: number): string {
  const lines = ['Transform: AWS::Serverless-2016-10-31', 'Globals:', '  Function:', '    Runtime: nodejs22.x', 'Resources:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  Fn${i}:`, '    Type: AWS::Serverless::Function', '    Properties:', `      CodeUri: src/fn${i}/`, '      Handler: app.handler', '      Events:', '        Api:', '          Type: Api', '          Properties:', `            Path: /items/${i}`, '            Method: get');
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const sls = generateServerless(300);
  const sam = generateSam(300);
  const fs = memoryFileSystem({ '/b/serverless.yml': sls, '/s/template.yaml': sam });
  const slsProject = parseServerlessFramework('/b/serverless.yml', sls);
  const samProject = parseCloudFormation('/s/template.yaml', sam);
  const planSls = (): Promise<unknown> => planNewFunction(fs, { pattern: 'queue-worker', name: 'benchWorker', language: 'ts', target: { project: slsProject } });
  const planSam = (): Promise<unknown> => planNewFunction(fs, { pattern: 'event-sourcing', name: 'BenchStore', language: 'js', target: { project: samProject } });
  for (let i = 0; i < 5; i++) await planSls(); // warm-up
  const slsRuns = await timeRuns(21, planSls);
  const samRuns = await timeRuns(21, planSam);

  // A keystroke at the end of the last function's events.
  const lines = sls.split('\n');
  const last = lines.length - 2;
  const contextRuns = await timeRuns(201, () => yamlKeyPath(sls, last, lines[last].length));
  const snippetRuns = await timeRuns(21, () => snippetFileContents());

  const rows = [
    ['Plan `new` queue-worker in a 300-function serverless.yml (edit + model check)', median(slsRuns), 300],
    ['Plan `new` event-sourcing in a 300-function SAM template (edit + model check)', median(samRuns), 300],
    ['Completion context at the end of a 300-function serverless.yml', median(contextRuns), 5],
    ['Generate all snippet files (7 files, 60 snippets)', median(snippetRuns), 100],
  ] as const;
  printTargetTable(rows);
}

void main();
