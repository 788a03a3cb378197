// Flows benchmark (issue 14): 1,000 messages through a function's SQS trigger on the local runtime.
//   flow       — the local SQS event source mapping: batches of 10, partial batch failures, retries after the
//                visibility timeout (virtual), DLQ after maxReceiveCount; 2 % poison messages.
//   flow (ok)  — the same 1,000 messages, none failing.
//   loop       — the baseline issue 14 names when no emulator runs here: a plain loop of single invokes, one
//                message per SQS event (serverless-offline-sqs needs ElasticMQ, a JVM server, and LocalStack
//                needs Docker; neither runs on these machines).
// Reports wall time, messages/s and CPU (this process plus the worker processes it reaped), median of 3 runs,
// interleaved so load from elsewhere hits each variant alike.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCloud } from '../src/flows/localCloud';
import { LocalRuntime } from '../src/invoke/localRuntime';
import { WorkspaceIndex } from '../src/model/workspace';
import { nodeFileSystem } from '../src/node/nodeFileSystem';
import { buildRuntime } from '../test/unit/helpers/runtimeHarness';
import { machine, median } from './_stats';

const MESSAGES = 1000;
const RUNS = 3;

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'swb-bench-flows-'));
  writeFileSync(
    join(dir, 'template.yaml'),
    `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 30
      RedrivePolicy: { deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 3 }
  Dlq:
    Type: AWS::SQS::Queue
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: worker.handler
      Events:
        Jobs:
          Type: SQS
          Properties: { Queue: !GetAtt Jobs.Arn, BatchSize: 10, FunctionResponseTypes: [ReportBatchItemFailures] }
`,
  );
  writeFileSync(
    join(dir, 'worker.mjs'),
    `export const handler = async (event) => {
  const batchItemFailures = [];
  for (const r of event.Records) {
    try { const job = JSON.parse(r.body); if (job.poison) throw new Error('poison'); }
    catch { batchItemFailures.push({ itemIdentifier: r.messageId }); }
  }
  return { batchItemFailures };
};
`,
  );
  return dir;
}

/** CPU seconds of this process and of the children it has waited for (/proc/self/stat, clock ticks of 1/100 s). */
function cpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // utime, stime, cutime, cstime are fields 14–17 of the whole line; here 12–15 after "pid (comm) ".
  return fields.slice(11, 15).reduce((s, v) => s + Number(v), 0) / 100;
}

function hasChildren(): boolean {
  return readdirSync('/proc/self/task').some((tid) => readFileSync(`/proc/self/task/${tid}/children`, 'utf8').trim() !== '');
}

async function main(): Promise<void> {
  const dir = project();
  const projects = await new WorkspaceIndex(nodeFileSystem(), { env: {} }).scan([dir]);
  const runtimeDir = buildRuntime();
  const messages = (poison: boolean): string[] => Array.from({ length: MESSAGES }, (_, i) => JSON.stringify({ id: i, ...(poison && i % 50 === 7 ? { poison: true } : {}) }));

  const variants: Record<string, () => Promise<{ invocations: number; deadLetters: number }>> = {
    flow: async () => {
      const { cloud, runtime } = make();
      try {
        const flow = cloud.startFlow('bench');
        flow.run.sendMessages([...flow.run.topology.queues.keys()].find((k) => k.endsWith('#Jobs'))!, messages(true).map((body) => ({ body })));
        const r = await cloud.finish(flow);
        return { invocations: r.invocations.length, deadLetters: r.deadLetters.length };
      } finally {
        runtime.dispose();
        cloud.dispose();
      }
    },
    'flow (ok)': async () => {
      const { cloud, runtime } = make();
      try {
        const flow = cloud.startFlow('bench');
        flow.run.sendMessages([...flow.run.topology.queues.keys()].find((k) => k.endsWith('#Jobs'))!, messages(false).map((body) => ({ body })));
        const r = await cloud.finish(flow);
        return { invocations: r.invocations.length, deadLetters: r.deadLetters.length };
      } finally {
        runtime.dispose();
        cloud.dispose();
      }
    },
    loop: async () => {
      const runtime = new LocalRuntime({ runtimeDir, hostEnv: { PATH: process.env.PATH } });
      try {
        const fn = projects[0].functions.find((f) => f.name === 'Worker')!;
        for (const body of messages(false)) {
          const r = await runtime.invoke({ fn, project: projects[0], event: { Records: [{ messageId: 'm', body, eventSource: 'aws:sqs' }] } });
          if (r.error) throw new Error(r.error.errorMessage);
        }
        return { invocations: MESSAGES, deadLetters: 0 };
      } finally {
        runtime.dispose();
      }
    },
  };

  function make(): { cloud: LocalCloud; runtime: LocalRuntime } {
    const cloud: LocalCloud = new LocalCloud({ runtime: (req) => runtime.invoke(req), projects: () => projects, hostEnv: { PATH: process.env.PATH } });
    const runtime: LocalRuntime = new LocalRuntime({ runtimeDir, hostEnv: { PATH: process.env.PATH }, serviceEnv: (fn, p) => cloud.serviceEnv(fn, p) });
    return { cloud, runtime };
  }

  const samples: Record<string, Array<{ ms: number; cpu: number; invocations: number; deadLetters: number }>> = {};
  const loads: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    for (const [name, fn] of Object.entries(variants)) {
      loads.push(loadavg()[0]);
      const cpu0 = cpuSeconds();
      const t = process.hrtime.bigint();
      const r = await fn();
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      // The workers' CPU counts once they are reaped: wait until this process has no children left.
      for (let i = 0; i < 100 && hasChildren(); i++) await new Promise((res) => setTimeout(res, 50));
      (samples[name] ??= []).push({ ms, cpu: cpuSeconds() - cpu0, ...r });
    }
  }
  console.log(`Machine: ${machine()}; load average during the runs ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
  console.log(`| ${MESSAGES} SQS messages | Median wall (ms) | Messages/s | CPU (s) | Invocations | Dead letters |`);
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, list] of Object.entries(samples)) {
    const ms = median(list.map((s) => s.ms));
    console.log(`| ${name} | ${ms.toFixed(0)} | ${((MESSAGES / ms) * 1000).toFixed(0)} | ${median(list.map((s) => s.cpu)).toFixed(2)} | ${list[0].invocations} | ${list[0].deadLetters} |`);
  }
}

void main();
