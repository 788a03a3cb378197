import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Deterministic text that minification cannot shrink: package sizes are then stable across runs. */
function noise(seed: number, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let x = seed >>> 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out += alphabet[x % alphabet.length];
  }
  return out;
}

function writePackage(root: string, name: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const p = join(root, 'node_modules', name, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
  }
}

/**
 * Copies test/fixtures/analysis/service to a temp folder and generates its node_modules: `mega-utils`
 * (a large utility package of 40 modules, ~250 KB) and an `aws-sdk` stand-in (~120 KB) with the v2 shape.
 * Generated rather than committed so the repository stays small; the sizes are deterministic.
 */
export function makeAnalysisService(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sw-insight-'));
  cpSync(join(__dirname, '..', '..', 'fixtures', 'analysis', 'service'), dir, { recursive: true });
  const mega: Record<string, string> = { 'package.json': JSON.stringify({ name: 'mega-utils', version: '4.17.0', main: 'index.js' }) };
  const names: string[] = [];
  for (let i = 0; i < 40; i++) {
    names.push(`m${i}`);
    mega[`lib/m${i}.js`] = `'use strict';\nconst table = ${JSON.stringify(noise(i + 1, 6000))};\nmodule.exports = function m${i}(v) { return table.indexOf(String(v)); };\n`;
  }
  mega['index.js'] =
    `'use strict';\n${names.map((n) => `exports.${n} = require('./lib/${n}');`).join('\n')}\n` +
    `exports.pick = function pick(o, keys) { const r = {}; for (const k of keys) if (o && k in o) r[k] = o[k]; return r; };\n`;
  writePackage(dir, 'mega-utils', mega);

  const sdk: Record<string, string> = { 'package.json': JSON.stringify({ name: 'aws-sdk', version: '2.1692.0', main: 'lib/aws.js' }) };
  const services = ['s3', 'dynamodb', 'sqs', 'sns', 'lambda'];
  for (const [i, s] of services.entries()) {
    sdk[`clients/${s}.js`] = `'use strict';\nconst model = ${JSON.stringify(noise(100 + i, 24000))};\nmodule.exports = class ${s.toUpperCase()} { constructor(o) { this.o = o; this.m = model; } headBucket() { return Promise.resolve({}); } get() { return { promise: () => Promise.resolve({}) }; } };\n`;
  }
  sdk['lib/aws.js'] =
    `'use strict';\n${services.map((s) => `exports.${s === 's3' ? 'S3' : s === 'dynamodb' ? 'DynamoDB' : s.toUpperCase()} = require('../clients/${s}');`).join('\n')}\n` +
    `exports.DynamoDB.DocumentClient = class DocumentClient { get() { return { promise: () => Promise.resolve({}) }; } };\n`;
  writePackage(dir, 'aws-sdk', sdk);
  return dir;
}
