// Cold-start analysis benchmark: time to analyse the heavy fixture function (esbuild bundle + metafile +
// source scan + advice), first run in a fresh process (esbuild's service starting) and warm runs.
// Target (issue 7): < 500 ms.
import { rmSync } from 'node:fs';
import { analyzeColdStart } from '../src/analysis/coldStart';
import { WorkspaceIndex } from '../src/model/workspace';
import { nodeFileSystem } from '../src/node/nodeFileSystem';
import { makeAnalysisService } from '../test/unit/helpers/analysisFixture';
import { machine, median, timeRuns } from './_stats';

async function main(): Promise<void> {
  const dir = makeAnalysisService();
  try {
    const [project] = await new WorkspaceIndex(nodeFileSystem(), { env: {} }).scan([dir]);
    const heavy = project.functions.find((f) => f.name === 'heavy');
    const light = project.functions.find((f) => f.name === 'light');
    if (!heavy || !light) throw new Error('fixture functions missing');
    const deps = { loadEsbuild: () => import('esbuild'), readFile: nodeFileSystem().readFile };
    const [first] = await timeRuns(1, () => analyzeColdStart(heavy, deps));
    const heavyRuns = await timeRuns(15, () => analyzeColdStart(heavy, deps));
    const lightRuns = await timeRuns(15, () => analyzeColdStart(light, deps));
    const report = await analyzeColdStart(heavy, deps);
    console.log(`machine: ${machine()}`);
    console.log(`fixture: heavy.ts, ${report.moduleCount} modules, ${Math.round(report.bundleBytes / 1024)} KB bundle`);
    console.log('| case | median | target |');
    console.log('|---|---|---|');
    console.log(`| heavy fixture, first run (esbuild start) | ${first.toFixed(1)} ms | < 500 ms |`);
    console.log(`| heavy fixture, warm (median of 15) | ${median(heavyRuns).toFixed(1)} ms | < 500 ms |`);
    console.log(`| light fixture, warm (median of 15) | ${median(lightRuns).toFixed(1)} ms | < 500 ms |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
