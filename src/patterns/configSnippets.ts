import type { TriggerType } from '../model/types';

/** Where a config snippet fits; the completion provider offers each only there. */
export type ConfigContext = 'serverless-events' | 'sam-events' | 'azure-bindings';

/** A trigger config snippet, in template markup (see snippetText.ts), with the trigger type it creates. */
export interface ConfigSnippet {
  prefix: string;
  description: string;
  context: ConfigContext;
  trigger: TriggerType;
  body: string;
}

const sf = (prefix: string, trigger: TriggerType, description: string, body: string): ConfigSnippet => ({ prefix, description, context: 'serverless-events', trigger, body });
const sam = (prefix: string, trigger: TriggerType, description: string, body: string): ConfigSnippet => ({ prefix, description, context: 'sam-events', trigger, body });
const az = (prefix: string, trigger: TriggerType, description: string, body: string): ConfigSnippet => ({ prefix, description, context: 'azure-bindings', trigger, body });

// The same prefix means the same trigger in every format: `sls-sqs` is an SF event in serverless.yml and a
// SAM event under `Events:`. Bodies are relative to the cursor's indentation.

/** Serverless Framework `events:` list items. */
export const serverlessEventSnippets: readonly ConfigSnippet[] = [
  sf('sls-http', 'http', 'API Gateway REST API (v1) event', '- http:\n    path: {{1:/items}}\n    method: {{2|get,post,put,patch,delete,any|}}{{0}}'),
  sf('sls-httpapi', 'httpApi', 'API Gateway HTTP API (v2) event', '- httpApi:\n    path: {{1:/items}}\n    method: {{2|get,post,put,patch,delete,*|}}{{0}}'),
  sf('sls-s3', 's3', 'S3 object event (created under a prefix)', '- s3:\n    bucket: {{1:uploads-bucket}}\n    event: {{2|s3:ObjectCreated:*,s3:ObjectRemoved:*|}}\n    rules:\n      - prefix: {{3:uploads/}}{{0}}'),
  sf('sls-schedule', 'schedule', 'EventBridge schedule (rate or cron)', '- schedule:\n    rate: {{1|rate(1 hour),cron(0 3 * * ? *),rate(5 minutes)|}}\n    enabled: true{{0}}'),
  sf('sls-sqs', 'sqs', 'SQS queue event with partial batch failures', '- sqs:\n    arn: !GetAtt {{1:Queue}}.Arn\n    batchSize: {{2:10}}\n    functionResponseType: ReportBatchItemFailures{{0}}'),
  sf('sls-sns', 'sns', 'SNS topic subscription', '- sns:\n    topicName: {{1:notifications}}{{0}}'),
  sf('sls-stream-dynamodb', 'dynamodb', 'DynamoDB stream event with partial batch failures', '- stream:\n    type: dynamodb\n    arn: !GetAtt {{1:Table}}.StreamArn\n    startingPosition: {{2|LATEST,TRIM_HORIZON|}}\n    batchSize: {{3:100}}\n    functionResponseType: ReportBatchItemFailures{{0}}'),
  sf('sls-stream-kinesis', 'kinesis', 'Kinesis stream event with partial batch failures', '- stream:\n    type: kinesis\n    arn: !GetAtt {{1:Stream}}.Arn\n    startingPosition: {{2|LATEST,TRIM_HORIZON|}}\n    batchSize: {{3:100}}\n    functionResponseType: ReportBatchItemFailures{{0}}'),
  sf('sls-eventbridge', 'eventbridge', 'EventBridge rule (event pattern)', '- eventBridge:\n    pattern:\n      source:\n        - {{1:app.orders}}\n      detail-type:\n        - {{2:OrderPlaced}}{{0}}'),
  sf('sls-iot', 'iot', 'IoT topic rule (SQL)', "- iot:\n    sql: \"SELECT * FROM '{{1:sensors/+/telemetry}}'\"\n    sqlVersion: '2016-03-23'{{0}}"),
  sf('sls-websocket', 'websocket', 'API Gateway WebSocket route', '- websocket:\n    route: {{1|$connect,$disconnect,$default|}}{{0}}'),
  sf('sls-cloudwatch-log', 'cloudwatchLog', 'CloudWatch Logs subscription filter', "- cloudwatchLog:\n    logGroup: {{1:/aws/lambda/other-function}}\n    filter: '{{2:ERROR}}'{{0}}"),
];

/** SAM `Events:` entries (an event logical id with Type and Properties). */
export const samEventSnippets: readonly ConfigSnippet[] = [
  sam('sls-http', 'http', 'SAM Api event (API Gateway REST API)', '{{1:GetItems}}:\n  Type: Api\n  Properties:\n    Path: {{2:/items}}\n    Method: {{3|get,post,put,patch,delete,any|}}{{0}}'),
  sam('sls-httpapi', 'httpApi', 'SAM HttpApi event (API Gateway HTTP API)', '{{1:GetItems}}:\n  Type: HttpApi\n  Properties:\n    Path: {{2:/items}}\n    Method: {{3|get,post,put,patch,delete,any|}}{{0}}'),
  sam('sls-s3', 's3', 'SAM S3 event (the bucket must be in this template)', '{{1:Upload}}:\n  Type: S3\n  Properties:\n    Bucket: !Ref {{2:Bucket}}\n    Events: {{3|s3:ObjectCreated:*,s3:ObjectRemoved:*|}}\n    Filter:\n      S3Key:\n        Rules:\n          - Name: prefix\n            Value: {{4:uploads/}}{{0}}'),
  sam('sls-schedule', 'schedule', 'SAM Schedule event (rate or cron)', '{{1:Nightly}}:\n  Type: Schedule\n  Properties:\n    Schedule: {{2|rate(1 hour),cron(0 3 * * ? *),rate(5 minutes)|}}{{0}}'),
  sam('sls-sqs', 'sqs', 'SAM SQS event with partial batch failures', '{{1:Jobs}}:\n  Type: SQS\n  Properties:\n    Queue: !GetAtt {{2:Queue}}.Arn\n    BatchSize: {{3:10}}\n    FunctionResponseTypes:\n      - ReportBatchItemFailures{{0}}'),
  sam('sls-sns', 'sns', 'SAM SNS event', '{{1:Notifications}}:\n  Type: SNS\n  Properties:\n    Topic: !Ref {{2:Topic}}{{0}}'),
  sam('sls-stream-dynamodb', 'dynamodb', 'SAM DynamoDB stream event with partial batch failures', '{{1:TableStream}}:\n  Type: DynamoDB\n  Properties:\n    Stream: !GetAtt {{2:Table}}.StreamArn\n    StartingPosition: {{3|LATEST,TRIM_HORIZON|}}\n    BatchSize: {{4:100}}\n    FunctionResponseTypes:\n      - ReportBatchItemFailures{{0}}'),
  sam('sls-stream-kinesis', 'kinesis', 'SAM Kinesis event with partial batch failures', '{{1:Telemetry}}:\n  Type: Kinesis\n  Properties:\n    Stream: !GetAtt {{2:Stream}}.Arn\n    StartingPosition: {{3|LATEST,TRIM_HORIZON|}}\n    BatchSize: {{4:100}}\n    FunctionResponseTypes:\n      - ReportBatchItemFailures{{0}}'),
  sam('sls-eventbridge', 'eventbridge', 'SAM EventBridgeRule event (event pattern)', '{{1:OrderPlaced}}:\n  Type: EventBridgeRule\n  Properties:\n    Pattern:\n      source:\n        - {{2:app.orders}}\n      detail-type:\n        - {{3:OrderPlaced}}{{0}}'),
  sam('sls-iot', 'iot', 'SAM IoTRule event (SQL)', "{{1:Sensors}}:\n  Type: IoTRule\n  Properties:\n    Sql: \"SELECT * FROM '{{2:sensors/+/telemetry}}'\"\n    AwsIotSqlVersion: '2016-03-23'{{0}}"),
  sam('sls-cloudwatch-log', 'cloudwatchLog', 'SAM CloudWatchLogs subscription', "{{1:Errors}}:\n  Type: CloudWatchLogs\n  Properties:\n    LogGroupName: {{2:/aws/lambda/other-function}}\n    FilterPattern: '{{3:ERROR}}'{{0}}"),
];

/** Azure `function.json` binding objects (inside `"bindings": [ … ]`). */
export const azureBindingSnippets: readonly ConfigSnippet[] = [
  az('sls-http', 'http', 'Azure HTTP trigger with its HTTP output binding', '{\n  "type": "httpTrigger",\n  "direction": "in",\n  "name": "req",\n  "authLevel": "{{1|function,anonymous,admin|}}",\n  "methods": ["{{2|get,post,put,patch,delete|}}"]\n},\n{\n  "type": "http",\n  "direction": "out",\n  "name": "res"\n}{{0}}'),
  az('sls-timer', 'schedule', 'Azure timer trigger (NCRONTAB with seconds)', '{\n  "type": "timerTrigger",\n  "direction": "in",\n  "name": "timer",\n  "schedule": "{{1:0 0 2 * * *}}"\n}{{0}}'),
  az('sls-queue', 'queue', 'Azure Storage queue trigger', '{\n  "type": "queueTrigger",\n  "direction": "in",\n  "name": "message",\n  "queueName": "{{1:jobs}}",\n  "connection": "{{2:AzureWebJobsStorage}}"\n}{{0}}'),
  az('sls-blob', 'blob', 'Azure Storage blob trigger', '{\n  "type": "blobTrigger",\n  "direction": "in",\n  "name": "blob",\n  "path": "{{1:uploads}}/{name}",\n  "connection": "{{2:AzureWebJobsStorage}}"\n}{{0}}'),
];

export const configSnippets: readonly ConfigSnippet[] = [...serverlessEventSnippets, ...samEventSnippets, ...azureBindingSnippets];
