import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileSystem } from '../../../src/node/nodeFileSystem';
import { installStep } from '../../../src/patterns/newFunction';

const handler = "import { S3Client } from '@aws-sdk/client-s3';\nimport { Upload } from '@aws-sdk/lib-storage';\nimport type { S3Event } from 'aws-lambda';\nimport { createGzip } from 'node:zlib';\n";

test('install step: only what the nearest package.json lacks, run where that package.json is', async () => {
  const repo = mkdtempSync(join(tmpdir(), 'swb-install-'));
  const service = join(repo, 'services', 'images');
  mkdirSync(service, { recursive: true });
  const fs = nodeFileSystem();

  // The service's package.json declares nothing: everything is missing, installed in the service.
  writeFileSync(join(service, 'package.json'), '{ "name": "images" }');
  const bare = await installStep(fs, handler, 'ts', service);
  assert.deepEqual(bare, {
    command: 'npm install @aws-sdk/client-s3 @aws-sdk/lib-storage && npm install --save-dev @types/aws-lambda',
    cwd: service,
    packages: ['@aws-sdk/client-s3', '@aws-sdk/lib-storage', '@types/aws-lambda'],
  });

  // A service without its own package.json in a monorepo whose root declares some: the command runs at the root, without them.
  const other = join(repo, 'services', 'audit');
  mkdirSync(other, { recursive: true });
  writeFileSync(join(repo, 'package.json'), JSON.stringify({ dependencies: { '@aws-sdk/client-s3': '^3.0.0' }, devDependencies: { '@types/aws-lambda': '^8.10.0' } }));
  const mono = await installStep(fs, handler, 'ts', other);
  assert.deepEqual(mono, { command: 'npm install @aws-sdk/lib-storage', cwd: repo, packages: ['@aws-sdk/lib-storage'] });

  // Everything declared: nothing to install. JavaScript needs no @types.
  writeFileSync(join(service, 'package.json'), JSON.stringify({ dependencies: { '@aws-sdk/client-s3': '3', '@aws-sdk/lib-storage': '3' } }));
  assert.equal(await installStep(fs, handler, 'js', service), undefined);
  assert.equal(await installStep(fs, 'import boto3', 'python', service), undefined);
});
