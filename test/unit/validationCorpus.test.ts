import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { serverlessExamples } from './helpers/corpus';
import { WorkspaceIndex } from '../../src/model/workspace';
import { nodeFileSystem } from '../../src/node/nodeFileSystem';
import { validateProject } from '../../src/validation/validate';

const corpus = serverlessExamples;

/**
 * Every error-level finding on the 190 real serverless.yml files, each reviewed by hand as a real defect:
 * - dotnetcore2.1, nodejs12.x, python2.7: retired runtimes, AWS blocks updates of such functions.
 * - the 65-character deployed name: `aws-node-auth0-cognito-custom-authorizers-api` + `-dev-` + `privateEndpoint`
 *   exceeds Lambda's 64 with the default stage, so `serverless deploy` fails.
 * The corpus holds only the configs (its README: handler code was removed), so its folders contain no source
 * file at all and handler-not-found stays quiet there by design (see docs/rules/handler-not-found.md).
 * `runtime: rust` (serverless-rust plugin) is only a warning because the service lists plugins.
 */
const expectedErrors = [
  'aws-dotnet-rest-api-with-dynamodb/src/DotNetServerless.Lambda/serverless.yml:9 runtime-deprecated',
  'aws-ffmpeg-layer/serverless.yml:6 runtime-deprecated',
  'aws-multiple-runtime/serverless.yml:14 runtime-deprecated',
  'aws-node-auth0-cognito-custom-authorizers-api/serverless.yml:21 function-name-length',
  'legacy/aws-python/serverless.yml:25 runtime-deprecated',
];

test('corpus: no crash, and exactly the reviewed error-level findings', async () => {
  const fs = nodeFileSystem();
  const projects = await new WorkspaceIndex(fs, { env: {} }).scan([corpus]);
  assert.ok(projects.length >= 190);
  const findings = projects.flatMap((p) => validateProject(p, { today: '2026-11-29' }));
  assert.deepEqual(findings.filter((f) => f.rule === 'internal-error'), [], 'no rule crashed');
  const errors = findings.filter((f) => f.severity === 'error').map((f) => `${relative(corpus, f.file)}:${f.range.start.line + 1} ${f.rule}`);
  assert.deepEqual(errors, expectedErrors);
  // The deprecation warnings are there too (nodejs18.x, python3.9, … are the bulk of the corpus).
  assert.ok(findings.filter((f) => f.rule === 'runtime-deprecated' && f.severity === 'warning').length > 100);
});
