import { platformDefaults } from '../model/defaults';
import type { FunctionDef, Located, Project, Trigger } from '../model/types';
import { isUnresolved } from '../model/types';
import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { queueResource } from './resources';
import { isDynamic, literalBoolean, literalNumber, literalString, makeFinding, prop, sfSpelling } from './values';

function isAws(project: Project): boolean {
  return project.kind !== 'azure-functions';
}

/**
 * A range check on one numeric setting, reported once per written value (provider defaults are shared).
 * A literal that is no number fails a CloudFormation deploy; the Serverless Framework instead drops it
 * (`Number(x) || default`) and deploys its default, which is only a warning.
 */
function rangeRule(id: string, description: string, pick: (fn: FunctionDef) => Located | undefined, min: number, max: number, what: string, unit: string, sfDefault?: number): Rule {
  return {
    id,
    severity: 'error',
    description,
    check(project) {
      if (!isAws(project)) return [];
      const out: Finding[] = [];
      const seen = new Set<string>();
      for (const fn of project.functions) {
        const l = pick(fn);
        if (!l) continue;
        // A provider default lives in serverless.yml even for a function listed from an included file.
        const file = l.file ?? fn.file;
        const key = `${file}:${l.range.start.line}:${l.range.start.character}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const n = literalNumber(l);
        const text = literalString(l);
        if (n === undefined && text !== undefined) {
          const sf = project.kind === 'serverless-framework';
          const tail = sf && sfDefault !== undefined ? `; the Serverless Framework ignores it and deploys ${sfDefault} ${unit}` : '';
          out.push(makeFinding(file, l.range, id, sf ? 'warning' : 'error', `${what} "${text}" is not a number${tail}: write a whole number of ${unit === 's' ? 'seconds' : 'MB'}.`));
          continue;
        }
        if (n === undefined) continue;
        if (n < min || n > max || !Number.isInteger(n)) {
          out.push(makeFinding(file, l.range, id, 'error', `${what} ${n} ${unit} is outside ${min}-${max} ${unit}; set a whole number in that range.`));
        }
      }
      return out;
    },
  };
}

export const timeoutRangeRule = rangeRule('timeout-range', 'Function timeout must be 1-900 seconds.', (f) => f.timeout, 1, 900, 'Timeout', 's', platformDefaults['serverless-framework'].timeout);
export const memorySizeRangeRule = rangeRule('memory-size-range', 'Function memory must be 128-10240 MB.', (f) => f.memorySize, 128, 10240, 'Memory size', 'MB', platformDefaults['serverless-framework'].memorySize);
export const ephemeralStorageRangeRule = rangeRule('ephemeral-storage-range', 'Ephemeral storage (/tmp) must be 512-10240 MB.', (f) => f.ephemeralStorage, 512, 10240, 'Ephemeral storage', 'MB');

export const functionNameLengthRule: Rule = {
  id: 'function-name-length',
  severity: 'error',
  description: 'Lambda function names are at most 64 characters.',
  check(project) {
    if (!isAws(project)) return [];
    const out: Finding[] = [];
    for (const fn of project.functions) {
      const name = fn.deployedName;
      if (!name || name.includes('${') || name.length <= 64) continue;
      const explicit = project.kind === 'serverless-framework' ? fn.properties.name : fn.properties.FunctionName;
      const range = explicit?.range ?? fn.keyRange;
      const how = explicit ? 'shorten it' : project.kind === 'serverless-framework' ? 'set a shorter `name:` or shorten the service/function name' : 'shorten it';
      out.push(makeFinding(fn.file, range, this.id, 'error', `The deployed name "${name}" is ${name.length} characters; Lambda allows 64: ${how}.`));
    }
    return out;
  },
};

export const environmentSizeRule: Rule = {
  id: 'environment-size',
  severity: 'error',
  description: 'All environment variables of a function together must fit in 4 KB.',
  check(project) {
    if (!isAws(project)) return [];
    const out: Finding[] = [];
    for (const fn of project.functions) {
      let bytes = 0;
      for (const [k, l] of Object.entries(fn.environment)) {
        bytes += utf8Length(k);
        // Variables count at their literal part only: the result is a lower bound, so never a false error.
        if (typeof l.value === 'string') bytes += utf8Length(l.value.replace(/\$\{[^{}]*\}/g, ''));
        else if (typeof l.value === 'number' || typeof l.value === 'boolean') bytes += String(l.value).length;
      }
      if (bytes > 4096) {
        out.push(makeFinding(fn.file, fn.keyRange, this.id, 'error', `The environment variables of "${fn.name}" take at least ${bytes} bytes; Lambda allows 4096: move large values to SSM Parameter Store or S3.`));
      }
    }
    return out;
  },
};

/**
 * The keys AWS documents as reserved (Lambda "Defined runtime environment variables"). `TZ` is documented
 * there too but Lambda accepts it, and `AWS_DEFAULT_REGION` is not in the list: both are left out.
 */
const reservedEnv = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

export const reservedEnvironmentRule: Rule = {
  id: 'reserved-environment-variable',
  severity: 'error',
  description: 'Lambda sets these environment variables itself and rejects a function that sets them.',
  check(project) {
    if (!isAws(project)) return [];
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const fn of project.functions) {
      for (const [k, l] of Object.entries(fn.environment)) {
        if (!reservedEnv.has(k)) continue;
        const file = l.file ?? fn.file;
        const key = `${k}:${file}:${l.range.start.line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(makeFinding(file, l.range, this.id, 'error', `${k} is reserved: Lambda sets it and rejects the deploy; remove it (read it at run time instead).`));
      }
    }
    return out;
  },
};

/** Batch size limits per event source (AWS Lambda event source mapping). */
const batchMax: Partial<Record<Trigger['type'], number>> = { sqs: 10000, kinesis: 10000, dynamodb: 10000, kafka: 10000, mq: 10000 };

export const batchSizeRule: Rule = {
  id: 'batch-size',
  severity: 'error',
  description: 'Batch sizes per source (SQS 1-10000, FIFO ≤ 10, > 10 needs a batching window; streams 1-10000).',
  check(project) {
    if (!isAws(project)) return [];
    const out: Finding[] = [];
    for (const fn of project.functions) {
      for (const t of fn.triggers) {
        const max = batchMax[t.type];
        if (!max) continue;
        const sf = sfSpelling(project, t);
        const l = prop(t.config, sf ? 'batchSize' : 'BatchSize');
        const n = literalNumber(l);
        if (!l || n === undefined) continue;
        if (n < 1 || n > max || !Number.isInteger(n)) {
          out.push(makeFinding(t.file ?? fn.file, l.range, this.id, 'error', `Batch size ${n} is outside 1-${max} for ${t.sourceType}; set a whole number in that range.`));
          continue;
        }
        // Pipes batch SQS messages under their own limits; the mapping's window rule is Lambda's.
        if (t.type !== 'sqs' || n <= 10 || t.wiring?.resourceType === 'AWS::Pipes::Pipe') continue;
        if (isFifo(project, t)) {
          out.push(makeFinding(t.file ?? fn.file, l.range, this.id, 'error', `FIFO queues allow a batch size of at most 10, not ${n}; lower it.`));
          continue;
        }
        const windowL = prop(t.config, sf ? 'maximumBatchingWindow' : 'MaximumBatchingWindowInSeconds');
        const window = literalNumber(windowL);
        if (windowL && (window === undefined || window >= 1)) continue;
        const fix = batchWindowFix(project, fn, t, l, sf);
        out.push(
          makeFinding(t.file ?? fn.file, l.range, this.id, 'error', `An SQS batch size above 10 needs a batching window of at least 1 s; set ${sf ? 'maximumBatchingWindow' : 'MaximumBatchingWindowInSeconds'}.`, fix ? [fix] : undefined),
        );
      }
    }
    return out;
  },
};

function isFifo(project: Project, t: Trigger): boolean {
  const arnL = prop(t.config, 'arn', 'Queue');
  const arn = arnL?.value;
  if (typeof arn === 'string' && !isDynamic(arn)) return arn.endsWith('.fifo');
  if (isUnresolved(arn)) {
    const q = queueResource(project, arn.expr);
    if (q) return literalBoolean(q.properties.FifoQueue) === true || (literalString(q.properties.QueueName) ?? '').endsWith('.fifo');
  }
  return false;
}

/** Adds the batching window on the line after the batch size, at the same indentation. */
function batchWindowFix(project: Project, fn: FunctionDef, t: Trigger, batch: Located, sf: boolean): { title: string; edits: Array<{ file: string; range: Located['range']; newText: string }>; preferred: boolean } | undefined {
  const file = t.file ?? fn.file;
  if (file.endsWith('.json')) return undefined;
  const keyColumn = keyColumnOf(project, batch);
  if (keyColumn === undefined) return undefined;
  const key = sf ? 'maximumBatchingWindow' : 'MaximumBatchingWindowInSeconds';
  const at = { line: batch.range.end.line + 1, character: 0 };
  return { title: `Add ${key}: 1`, edits: [{ file, range: { start: at, end: at }, newText: `${' '.repeat(keyColumn)}${key}: 1\n` }], preferred: true };
}

/** The column of the key whose value is at `l` (a block mapping entry), from the project's tree. */
function keyColumnOf(project: Project, l: Located): number | undefined {
  const stack = project.tree ? [project.tree] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'map') {
      for (const e of n.entries) {
        const r = e.value.range;
        if (r.start.line === l.range.start.line && r.start.character === l.range.start.character) {
          return e.keyRange.start.line === r.start.line ? e.keyRange.start.character : undefined;
        }
        stack.push(e.value);
      }
    } else if (n.kind === 'seq') stack.push(...n.items);
    else if (n.kind === 'intrinsic') stack.push(n.arg);
  }
  return undefined;
}

const encoder = new TextEncoder();
function utf8Length(s: string): number {
  return encoder.encode(s).length;
}
