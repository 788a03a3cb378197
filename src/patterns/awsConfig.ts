import type { Language, PatternId } from './types';

/** A CloudFormation intrinsic in short form (`!GetAtt Queue.Arn`), written as a tagged YAML scalar. */
export class Intrinsic {
  constructor(
    readonly tag: '!GetAtt' | '!Ref' | '!Sub',
    readonly value: string,
  ) {}
}

/** Config data as written to YAML: plain values plus intrinsics. */
export type CfgValue = string | number | boolean | Intrinsic | CfgValue[] | { [key: string]: CfgValue };
export type CfgMap = { [key: string]: CfgValue };

/** Runtimes a new function gets when the project sets none (current, not deprecated). */
export const defaultRuntimes: Record<'node' | 'python', string> = { node: 'nodejs24.x', python: 'python3.13' };

/** Names derived from the function name for resources, buckets and paths. */
export interface Names {
  /** As given: the function key / logical id. */
  name: string;
  /** PascalCase, the prefix of CloudFormation logical ids. */
  pascal: string;
  /** lower-kebab-case, for bucket names, paths and queue names. */
  kebab: string;
}

export function namesOf(name: string): Names {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return {
    name,
    pascal: words.map((w) => w[0].toUpperCase() + w.slice(1)).join(''),
    kebab: words.map((w) => w.toLowerCase()).join('-'),
  };
}

/** What a pattern adds to an AWS config besides handler and runtime. */
export interface AwsFunctionSpec {
  /** Function properties in the target's spelling (SF: `timeout`, `events`; SAM: `Timeout`, `Events`, `Policies`). */
  properties: CfgMap;
  /** CloudFormation resources the function needs (queues, tables, buckets, streams). */
  resources: CfgMap;
  /** Comment lines written above the function: what the user still has to do. */
  notes: string[];
}

const getAtt = (v: string): Intrinsic => new Intrinsic('!GetAtt', v);
const ref = (v: string): Intrinsic => new Intrinsic('!Ref', v);
const sub = (v: string): Intrinsic => new Intrinsic('!Sub', v);

const eventSource = 'app.orders';
const telemetrySql = "SELECT * FROM 'sensors/+/telemetry'";

function table(hash: string, range?: string, stream?: string, ttl?: string): CfgValue {
  const props: CfgMap = {
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: hash, AttributeType: 'S' }, ...(range ? [{ AttributeName: range, AttributeType: 'N' }] : [])],
    KeySchema: [{ AttributeName: hash, KeyType: 'HASH' }, ...(range ? [{ AttributeName: range, KeyType: 'RANGE' }] : [])],
  };
  if (stream) props.StreamSpecification = { StreamViewType: stream };
  if (ttl) props.TimeToLiveSpecification = { AttributeName: ttl, Enabled: true };
  return { Type: 'AWS::DynamoDB::Table', Properties: props };
}

function iamNote(actions: string): string {
  return `Grant ${actions} in provider.iam.role.statements (or a per-function role plugin).`;
}

/** Serverless Framework: the function's events, settings and resources for a pattern. */
export function serverlessSpec(pattern: PatternId, n: Names): AwsFunctionSpec {
  const P = n.pascal;
  switch (pattern) {
    case 'api':
      return { properties: { events: [{ httpApi: { path: `/${n.kebab}`, method: 'post' } }] }, resources: {}, notes: [] };
    case 'file-processing':
      return {
        properties: {
          timeout: 60,
          environment: { OUTPUT_PREFIX: 'processed/' },
          events: [{ s3: { bucket: `\${aws:accountId}-\${sls:stage}-${n.kebab}`, event: 's3:ObjectCreated:*', rules: [{ prefix: 'uploads/' }] } }],
        },
        resources: {},
        notes: [iamNote('s3:GetObject and s3:PutObject on the bucket')],
      };
    case 'scheduled':
      return {
        properties: {
          timeout: 300,
          environment: { BUCKET_NAME: `\${aws:accountId}-\${sls:stage}-${n.kebab}-data`, CLEANUP_PREFIX: 'tmp/', RETENTION_DAYS: '30' },
          events: [{ schedule: { rate: 'cron(0 3 * * ? *)', enabled: true } }],
        },
        resources: {},
        notes: [iamNote('s3:ListBucket and s3:DeleteObject on BUCKET_NAME')],
      };
    case 'stream':
      return {
        properties: {
          environment: { ALERT_THRESHOLD: '75' },
          events: [
            {
              stream: {
                type: 'kinesis',
                arn: getAtt(`${P}Stream.Arn`),
                startingPosition: 'LATEST',
                batchSize: 100,
                maximumRetryAttempts: 3,
                bisectBatchOnFunctionError: true,
                functionResponseType: 'ReportBatchItemFailures',
              },
            },
            { iot: { sql: telemetrySql, sqlVersion: '2016-03-23' } },
          ],
        },
        resources: { [`${P}Stream`]: { Type: 'AWS::Kinesis::Stream', Properties: { StreamModeDetails: { StreamMode: 'ON_DEMAND' } } } },
        notes: [],
      };
    case 'event-sourcing':
      return {
        properties: {
          environment: { EVENTS_TABLE: ref(`${P}Events`), PROJECTION_TABLE: ref(`${P}Projection`) },
          events: [
            {
              stream: {
                type: 'dynamodb',
                arn: getAtt(`${P}Events.StreamArn`),
                startingPosition: 'LATEST',
                batchSize: 100,
                maximumRetryAttempts: 5,
                bisectBatchOnFunctionError: true,
                functionResponseType: 'ReportBatchItemFailures',
              },
            },
            { eventBridge: { pattern: { source: [eventSource] } } },
          ],
        },
        resources: { [`${P}Events`]: table('pk', 'version', 'NEW_IMAGE'), [`${P}Projection`]: table('id') },
        notes: [iamNote(`dynamodb:PutItem on ${P}Events and dynamodb:UpdateItem on ${P}Projection`)],
      };
    case 'chaining':
      return {
        properties: {
          environment: {
            NEXT_FUNCTION_NAME: `\${self:service}-\${sls:stage}-nextStep`,
            STATE_MACHINE_ARN: `arn:aws:states:\${aws:region}:\${aws:accountId}:stateMachine:\${self:service}-\${sls:stage}-workflow`,
          },
          destinations: { onFailure: `arn:aws:sqs:\${aws:region}:\${aws:accountId}:\${self:service}-\${sls:stage}-${n.kebab}-failures` },
          events: [{ eventBridge: { pattern: { source: [eventSource], 'detail-type': ['OrderPlaced'] } } }],
        },
        resources: { [`${P}Failures`]: { Type: 'AWS::SQS::Queue', Properties: { QueueName: `\${self:service}-\${sls:stage}-${n.kebab}-failures` } } },
        notes: [iamNote('lambda:InvokeFunction on NEXT_FUNCTION_NAME, states:StartExecution on STATE_MACHINE_ARN and sqs:SendMessage on the failures queue')],
      };
    case 'queue-worker':
      return {
        properties: {
          timeout: 30,
          environment: { IDEMPOTENCY_TABLE: ref(`${P}Idempotency`) },
          events: [{ sqs: { arn: getAtt(`${P}Queue.Arn`), batchSize: 10, maximumBatchingWindow: 5, functionResponseType: 'ReportBatchItemFailures' } }],
        },
        resources: queueResources(P),
        notes: [iamNote(`dynamodb:PutItem and dynamodb:DeleteItem on ${P}Idempotency`)],
      };
  }
}

function queueResources(P: string): CfgMap {
  return {
    [`${P}Queue`]: {
      Type: 'AWS::SQS::Queue',
      // 6× the function timeout (30 s), as AWS recommends for Lambda event sources.
      Properties: { VisibilityTimeout: 180, RedrivePolicy: { deadLetterTargetArn: getAtt(`${P}DeadLetters.Arn`), maxReceiveCount: 5 } },
    },
    [`${P}DeadLetters`]: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1209600 } },
    [`${P}Idempotency`]: table('pk', undefined, undefined, 'expiresAt'),
  };
}

/** SAM: the function's Events, settings, policies and resources for a pattern. */
export function samSpec(pattern: PatternId, n: Names): AwsFunctionSpec {
  const P = n.pascal;
  switch (pattern) {
    case 'api':
      return { properties: { Events: { Post: { Type: 'HttpApi', Properties: { Path: `/${n.kebab}`, Method: 'post' } } } }, resources: {}, notes: [] };
    case 'file-processing': {
      // A fixed bucket name lets the policy name the bucket without a circular reference to it.
      const bucketName = sub(`\${AWS::AccountId}-\${AWS::Region}-${n.kebab}`);
      return {
        properties: {
          Timeout: 60,
          Environment: { Variables: { OUTPUT_PREFIX: 'processed/' } },
          Policies: [{ S3CrudPolicy: { BucketName: bucketName } }],
          Events: {
            Upload: {
              Type: 'S3',
              Properties: {
                Bucket: ref(`${P}Bucket`),
                Events: 's3:ObjectCreated:*',
                Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'uploads/' }] } },
              },
            },
          },
        },
        resources: { [`${P}Bucket`]: { Type: 'AWS::S3::Bucket', Properties: { BucketName: bucketName } } },
        notes: [],
      };
    }
    case 'scheduled': {
      const bucketName = sub(`\${AWS::AccountId}-\${AWS::Region}-${n.kebab}-data`);
      return {
        properties: {
          Timeout: 300,
          Environment: { Variables: { BUCKET_NAME: bucketName, CLEANUP_PREFIX: 'tmp/', RETENTION_DAYS: '30' } },
          Policies: [{ S3CrudPolicy: { BucketName: bucketName } }],
          Events: { Nightly: { Type: 'Schedule', Properties: { Schedule: 'cron(0 3 * * ? *)', Description: `Runs ${n.name} nightly` } } },
        },
        resources: {},
        notes: [],
      };
    }
    case 'stream':
      return {
        properties: {
          Environment: { Variables: { ALERT_THRESHOLD: '75' } },
          Events: {
            Telemetry: {
              Type: 'Kinesis',
              Properties: {
                Stream: getAtt(`${P}Stream.Arn`),
                StartingPosition: 'LATEST',
                BatchSize: 100,
                MaximumRetryAttempts: 3,
                BisectBatchOnFunctionError: true,
                FunctionResponseTypes: ['ReportBatchItemFailures'],
              },
            },
            Sensors: { Type: 'IoTRule', Properties: { Sql: telemetrySql, AwsIotSqlVersion: '2016-03-23' } },
          },
        },
        resources: { [`${P}Stream`]: { Type: 'AWS::Kinesis::Stream', Properties: { StreamModeDetails: { StreamMode: 'ON_DEMAND' } } } },
        notes: [],
      };
    case 'event-sourcing':
      return {
        properties: {
          Environment: { Variables: { EVENTS_TABLE: ref(`${P}Events`), PROJECTION_TABLE: ref(`${P}Projection`) } },
          Policies: [{ DynamoDBCrudPolicy: { TableName: ref(`${P}Events`) } }, { DynamoDBCrudPolicy: { TableName: ref(`${P}Projection`) } }],
          Events: {
            Store: {
              Type: 'DynamoDB',
              Properties: {
                Stream: getAtt(`${P}Events.StreamArn`),
                StartingPosition: 'LATEST',
                BatchSize: 100,
                MaximumRetryAttempts: 5,
                BisectBatchOnFunctionError: true,
                FunctionResponseTypes: ['ReportBatchItemFailures'],
              },
            },
            Published: { Type: 'EventBridgeRule', Properties: { Pattern: { source: [eventSource] } } },
          },
        },
        resources: { [`${P}Events`]: table('pk', 'version', 'NEW_IMAGE'), [`${P}Projection`]: table('id') },
        notes: [],
      };
    case 'chaining':
      return {
        properties: {
          Environment: {
            Variables: {
              NEXT_FUNCTION_NAME: 'next-step',
              STATE_MACHINE_ARN: sub('arn:aws:states:${AWS::Region}:${AWS::AccountId}:stateMachine:workflow'),
            },
          },
          Policies: [
            { LambdaInvokePolicy: { FunctionName: 'next-step' } },
            { StepFunctionsExecutionPolicy: { StateMachineName: 'workflow' } },
            { SQSSendMessagePolicy: { QueueName: getAtt(`${P}Failures.QueueName`) } },
          ],
          EventInvokeConfig: { MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Type: 'SQS', Destination: getAtt(`${P}Failures.Arn`) } } },
          Events: { OrderPlaced: { Type: 'EventBridgeRule', Properties: { Pattern: { source: [eventSource], 'detail-type': ['OrderPlaced'] } } } },
        },
        resources: { [`${P}Failures`]: { Type: 'AWS::SQS::Queue' } },
        notes: [],
      };
    case 'queue-worker':
      return {
        properties: {
          Timeout: 30,
          Environment: { Variables: { IDEMPOTENCY_TABLE: ref(`${P}Idempotency`) } },
          Policies: [{ DynamoDBCrudPolicy: { TableName: ref(`${P}Idempotency`) } }],
          Events: {
            Jobs: {
              Type: 'SQS',
              Properties: { Queue: getAtt(`${P}Queue.Arn`), BatchSize: 10, MaximumBatchingWindowInSeconds: 5, FunctionResponseTypes: ['ReportBatchItemFailures'] },
            },
          },
        },
        resources: queueResources(P),
        notes: [],
      };
  }
}

/** File extension of a handler per language on AWS. JavaScript handlers are ES modules. */
export const awsExtensions: Record<Exclude<Language, 'csharp'>, string> = { ts: '.ts', js: '.mjs', python: '.py' };
