// Export scan benchmark (issue 12): every Node handler the vendored corpus names, scanned the way the model scans
// it — es-module-lexer / cjs-module-lexer, TypeScript first through esbuild's type stripper — and, for comparison,
// the lexers on the TypeScript as it is (what happens when esbuild cannot run). esbuild's start (the first
// TypeScript handler of a session pays it) is measured on its own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { esbuildTypeStripper } from '../src/invoke/typeStripper';
import type { ExportScanContext } from '../src/model/exportScan';
import { scanJsExport } from '../src/model/exportScan';
import { WorkspaceIndex } from '../src/model/workspace';
import { nodeFileSystem } from '../src/node/nodeFileSystem';
import { machine, median, timeRuns } from './_stats';

async function main(): Promise<void> {
  const fs = nodeFileSystem();
  const index = new WorkspaceIndex(fs, { env: {} });
  const projects = await index.scan([join(__dirname, '..', 'test', 'corpus')]);
  const handlers = new Map<string, string>();
  for (const p of projects) {
    for (const fn of p.functions) {
      const file = fn.handlerInfo.file;
      if (file && /\.[cm]?[jt]sx?$/.test(file) && fn.handlerInfo.exportName) handlers.set(`${file}#${fn.handlerInfo.exportName}`, readFileSync(file, 'utf8'));
    }
  }
  const entries = [...handlers].map(([key, text]) => ({ file: key.slice(0, key.lastIndexOf('#')), name: key.slice(key.lastIndexOf('#') + 1), text }));
  const ts = entries.filter((e) => /\.[cm]?tsx?$/.test(e.file)).length;

  const startRuns = await timeRuns(5, async () => {
    await esbuildTypeStripper()('export const a: number = 1;', 'start.ts');
  });
  const stripper: ExportScanContext = { fs, stripTypes: esbuildTypeStripper() };
  const plain: ExportScanContext = { fs };
  const scanAll = (ctx: ExportScanContext) => async () => {
    for (const e of entries) await scanJsExport(e.file, e.text, e.name, ctx);
  };
  await scanAll(stripper)();
  const withEsbuild = await timeRuns(7, scanAll(stripper));
  const withoutEsbuild = await timeRuns(7, scanAll(plain));

  console.log(`${machine()}; ${entries.length} handler exports (${ts} TypeScript) from ${projects.length} corpus projects\n`);
  console.log('| Benchmark | Median (ms) | Per handler (ms) |');
  console.log('|---|---:|---:|');
  console.log(`| esbuild start + first transform (once per session; first of the runs) | ${startRuns[0].toFixed(1)} | |`);
  console.log(`| Scan all, TypeScript through esbuild (the model's path) | ${median(withEsbuild).toFixed(1)} | ${(median(withEsbuild) / entries.length).toFixed(3)} |`);
  console.log(`| Scan all, lexers only (esbuild unavailable) | ${median(withoutEsbuild).toFixed(1)} | ${(median(withoutEsbuild) / entries.length).toFixed(3)} |`);
}

void main();
