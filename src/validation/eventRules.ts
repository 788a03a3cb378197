import { azureTriggerBindings, canonicalAzureTrigger } from '../model/azureFunctions';
import { samEventTypes } from '../model/cloudFormation';
import { isDefault } from '../model/defaults';
import { sfEventTypes } from '../model/serverlessFramework';
import type { Located } from '../model/types';
import { isUnresolved } from '../model/types';
import { get } from '../model/yamlTree';
import type { Finding } from '../shared/finding';
import { queueResource } from './resources';
import type { Rule } from './rule';
import { closest, isDynamic, literalNumber, literalString, makeFinding, prop, replaceScalar, sfSpelling } from './values';

/** S3 notification event types (Amazon S3 User Guide, "Supported event types"). */
export const s3EventNames = [
  's3:ObjectCreated:*', 's3:ObjectCreated:Put', 's3:ObjectCreated:Post', 's3:ObjectCreated:Copy', 's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:*', 's3:ObjectRemoved:Delete', 's3:ObjectRemoved:DeleteMarkerCreated',
  's3:ObjectRestore:*', 's3:ObjectRestore:Post', 's3:ObjectRestore:Completed', 's3:ObjectRestore:Delete',
  's3:ReducedRedundancyLostObject',
  's3:Replication:*', 's3:Replication:OperationFailedReplication', 's3:Replication:OperationMissedThreshold', 's3:Replication:OperationReplicatedAfterThreshold', 's3:Replication:OperationNotTracked',
  's3:LifecycleExpiration:*', 's3:LifecycleExpiration:Delete', 's3:LifecycleExpiration:DeleteMarkerCreated', 's3:LifecycleTransition',
  's3:IntelligentTiering', 's3:ObjectTagging:*', 's3:ObjectTagging:Put', 's3:ObjectTagging:Delete', 's3:ObjectAcl:Put',
];

export const s3EventNameRule: Rule = {
  id: 's3-event-name',
  severity: 'error',
  description: 'S3 event names must be S3 notification types such as s3:ObjectCreated:*.',
  check(project) {
    if (project.kind === 'azure-functions') return [];
    const out: Finding[] = [];
    for (const fn of project.functions) {
      for (const t of fn.triggers) {
        if (t.type !== 's3') continue;
        const l = prop(t.config, sfSpelling(project, t) ? 'event' : 'Events');
        if (!l) continue;
        const values: Located[] = Array.isArray(l.value) ? l.value.map((v) => ({ value: v, range: l.range })) : [l];
        for (const v of values) {
          const name = literalString(v);
          if (name === undefined || s3EventNames.includes(name)) continue;
          const suggestion = closest(name, s3EventNames);
          const edit = suggestion && !Array.isArray(l.value) ? replaceScalar(t.file ?? fn.file, v, name, suggestion) : undefined;
          out.push(
            makeFinding(t.file ?? fn.file, v.range, this.id, 'error', `"${name}" is not an S3 event type${suggestion ? `; did you mean "${suggestion}"?` : '; use e.g. s3:ObjectCreated:*.'}`, edit ? [{ title: `Change to ${suggestion}`, edits: [edit], preferred: true }] : undefined),
          );
        }
      }
    }
    return out;
  },
};

export const sqsVisibilityTimeoutRule: Rule = {
  id: 'sqs-visibility-timeout',
  severity: 'error',
  description: "An SQS queue's visibility timeout must be at least the function timeout (AWS recommends 6×).",
  check(project) {
    if (project.kind === 'azure-functions') return [];
    const out: Finding[] = [];
    for (const fn of project.functions) {
      for (const t of fn.triggers) {
        // Pipes poll the queue themselves; Lambda's check of the visibility timeout is the mapping's.
        if (t.type !== 'sqs' || t.wiring?.resourceType === 'AWS::Pipes::Pipe') continue;
        const arn = prop(t.config, 'arn', 'Queue')?.value;
        if (!isUnresolved(arn)) continue;
        const queue = queueResource(project, arn.expr);
        if (!queue) continue;
        const visL = queue.properties.VisibilityTimeout;
        const visibility = visL ? literalNumber(visL) : 30;
        const timeout = literalNumber(fn.timeout);
        if (visibility === undefined || timeout === undefined) continue;
        const where = `queue ${queue.logicalId} (visibility timeout ${visibility} s${visL ? '' : ', the default'})`;
        const fnTimeout = `${timeout} s timeout${isDefault(fn, 'timeout') ? ' (the default)' : ''} of "${fn.name}"`;
        if (visibility < timeout) {
          out.push(makeFinding(t.file ?? fn.file, t.typeRange, this.id, 'error', `The ${where} is shorter than the ${fnTimeout}, so the deploy fails; raise VisibilityTimeout to at least ${6 * timeout}.`));
        } else if (visibility < 6 * timeout) {
          out.push(makeFinding(t.file ?? fn.file, t.typeRange, 'sqs-visibility-timeout', 'warning', `The ${where} is under 6× the ${fnTimeout}; messages may be retried while still in work: raise it to ${6 * timeout}.`));
        }
      }
    }
    return out;
  },
};

export const streamStartingPositionRule: Rule = {
  id: 'stream-starting-position',
  severity: 'error',
  description: 'Kinesis and DynamoDB sources (SAM events, event source mappings, pipes) need StartingPosition (TRIM_HORIZON, LATEST or AT_TIMESTAMP).',
  check(project) {
    const out: Finding[] = [];
    for (const fn of project.functions) {
      for (const t of fn.triggers) {
        if (t.type !== 'kinesis' && t.type !== 'dynamodb') continue;
        const sf = sfSpelling(project, t);
        const l = prop(t.config, sf ? 'startingPosition' : 'StartingPosition');
        const allowed = t.type === 'kinesis' ? ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'] : ['TRIM_HORIZON', 'LATEST'];
        if (!l) {
          if (project.kind === 'sam' && !t.wiring && t.sourceType in samEventTypes) {
            out.push(makeFinding(t.file ?? fn.file, t.typeRange, this.id, 'error', `${t.sourceType} events need StartingPosition; add StartingPosition: ${allowed.join(' or ')} under Properties.`));
          } else if (t.wiring?.resourceType === 'AWS::Lambda::EventSourceMapping' || t.wiring?.resourceType === 'AWS::Pipes::Pipe') {
            const where = t.wiring.resourceType === 'AWS::Pipes::Pipe' ? `its ${t.type === 'kinesis' ? 'KinesisStreamParameters' : 'DynamoDBStreamParameters'}` : 'its Properties';
            out.push(makeFinding(t.file ?? fn.file, t.typeRange, this.id, 'error', `${t.wiring.logicalId} reads a ${t.type === 'kinesis' ? 'Kinesis' : 'DynamoDB'} stream without StartingPosition, so the deploy fails; add StartingPosition: ${allowed.join(' or ')} to ${where}.`));
          }
          continue;
        }
        const v = literalString(l);
        if (v !== undefined && !allowed.includes(v)) {
          out.push(makeFinding(t.file ?? fn.file, l.range, this.id, 'error', `StartingPosition "${v}" is not valid for ${t.type === 'kinesis' ? 'Kinesis' : 'DynamoDB'}; use ${allowed.join(', ')}.`));
        }
      }
    }
    return out;
  },
};

export const eventTypeUnknownRule: Rule = {
  id: 'event-type-unknown',
  severity: 'error',
  description: 'An event or trigger type the platform does not know (with a "did you mean").',
  check(project) {
    const out: Finding[] = [];
    const known =
      project.kind === 'serverless-framework' ? Object.keys(sfEventTypes) : project.kind === 'azure-functions' ? [...azureTriggerBindings] : Object.keys(samEventTypes);
    // Plugins may add Serverless Framework event types; then an unknown one is only a warning.
    const hasPlugins = project.kind === 'serverless-framework' && get(project.tree, 'plugins') !== undefined;
    for (const fn of project.functions) {
      for (const t of fn.triggers) {
        if (t.type !== 'other' || t.wiring || known.includes(t.sourceType) || t.sourceType === 'FunctionUrlConfig' || t.sourceType === 'url') continue;
        if (project.kind === 'azure-functions' && canonicalAzureTrigger(t.sourceType)) continue;
        if (project.kind === 'cloudformation') continue;
        if (isDynamic(t.sourceType) || t.sourceType === '') continue;
        const suggestion = closest(t.sourceType, known);
        const severity = project.kind === 'azure-functions' || (hasPlugins && !suggestion) ? 'warning' : 'error';
        const what = project.kind === 'azure-functions' ? 'trigger type' : 'event type';
        const tail = suggestion ? `; did you mean "${suggestion}"?` : hasPlugins ? ' (fine if one of your plugins provides it).' : `; use one of ${known.slice(0, 6).join(', ')}, ….`;
        const edit = !suggestion
          ? undefined
          : project.kind === 'azure-functions'
            ? { file: t.file ?? fn.file, range: t.typeRange, newText: JSON.stringify(suggestion) }
            : project.kind === 'sam'
              ? replaceScalar(t.file ?? fn.file, { value: t.sourceType, range: t.typeRange }, t.sourceType, suggestion)
              : { file: t.file ?? fn.file, range: t.typeRange, newText: suggestion };
        out.push(makeFinding(t.file ?? fn.file, t.typeRange, this.id, severity, `"${t.sourceType}" is not a known ${what}${tail}`, edit ? [{ title: `Change to ${suggestion}`, edits: [edit], preferred: true }] : undefined));
      }
    }
    return out;
  },
};
