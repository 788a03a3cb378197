/**
 * The sample-event catalogue: every event the generators can produce, which trigger type it belongs to,
 * and the `@types/aws-lambda` type it satisfies (checked by a unit test).
 */
import type { FunctionDef, Trigger, TriggerType } from '../model/types';
import type { EventContext, EventInput } from './eventContext';
import { configValue, eventContext } from './eventContext';
import { azureBlobEvent, azureCosmosEvent, azureEventGridEvent, azureEventHubEvent, azureHttpEvent, azureQueueEvent, azureServiceBusEvent, azureTimerEvent } from './azureEvents';
import {
  albEvent,
  apiGatewayHttpEvent,
  apiGatewayRestEvent,
  functionUrlEvent,
  httpApiAuthorizerEvent,
  requestAuthorizerEvent,
  tokenAuthorizerEvent,
  websocketConnectEvent,
  websocketMessageEvent,
} from './httpEvents';
import { dynamodbEvent, firehoseEvent, kinesisEvent, mqEvent, mskEvent, pipeBatch, s3Event, selfManagedKafkaEvent, snsEvent, sqsEvent, sqsIsFifo } from './messageEvents';
import type { CognitoTrigger } from './otherEvents';
import {
  alexaEvent,
  cloudFrontEvent,
  cloudWatchLogsEvent,
  cognitoEvent,
  configuredCognitoTrigger,
  customResourceEvent,
  eventBridgeEvent,
  iotEvent,
  scheduledEvent,
  sesEvent,
} from './otherEvents';

export interface EventKind {
  /** Stable id, used by the CLI (`events generate ID`) and saved in history. */
  id: string;
  title: string;
  /** The trigger type whose functions get this event; undefined for events no trigger config produces. */
  triggerType?: TriggerType;
  platform: 'aws' | 'azure';
  /** The `@types/aws-lambda` type the event satisfies (a type expression); undefined when there is none. */
  awsType?: string;
  generate: (ctx: EventContext) => object;
}

const cognito = (t: CognitoTrigger, title: string, awsType: string): EventKind => ({
  id: `cognito-${t.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`,
  title: `Cognito user pool: ${title}`,
  triggerType: 'cognito',
  platform: 'aws',
  awsType,
  generate: (ctx) => cognitoEvent(ctx, t),
});

/** S3 delete notifications carry no size or eTag; the type is S3Event's record without them. */
const s3DeleteType =
  "{ Records: Array<Omit<S3EventRecord, 's3'> & { s3: Omit<S3EventRecord['s3'], 'object'> & { object: Omit<S3EventRecord['s3']['object'], 'size' | 'eTag'> } }> }";

/** `$connect` carries the handshake headers and, unlike messages, no messageId. */
const wsConnectType =
  "Omit<APIGatewayProxyWebsocketEventV2, 'requestContext'> & { headers: Record<string, string>; multiValueHeaders: Record<string, string[]>; requestContext: Omit<APIGatewayEventWebsocketRequestContextV2, 'messageId'> }";

/** The type demands `authorizer: undefined`, which JSON cannot say: the key is absent instead. */
const requestAuthorizerType =
  "Omit<APIGatewayRequestAuthorizerEvent, 'requestContext'> & { requestContext: Omit<APIGatewayRequestAuthorizerEvent['requestContext'], 'authorizer'> }";

export const eventKinds: readonly EventKind[] = [
  { id: 'apigateway-rest', title: 'API Gateway REST API (proxy)', triggerType: 'http', platform: 'aws', awsType: 'APIGatewayProxyEvent', generate: apiGatewayRestEvent },
  { id: 'apigateway-http', title: 'API Gateway HTTP API (payload v2)', triggerType: 'httpApi', platform: 'aws', awsType: 'APIGatewayProxyEventV2', generate: apiGatewayHttpEvent },
  { id: 'apigateway-token-authorizer', title: 'API Gateway token authorizer', triggerType: 'http', platform: 'aws', awsType: 'APIGatewayTokenAuthorizerEvent', generate: tokenAuthorizerEvent },
  { id: 'apigateway-request-authorizer', title: 'API Gateway request authorizer', triggerType: 'http', platform: 'aws', awsType: requestAuthorizerType, generate: requestAuthorizerEvent },
  { id: 'apigateway-http-authorizer', title: 'HTTP API Lambda authorizer (v2)', triggerType: 'httpApi', platform: 'aws', awsType: 'APIGatewayRequestAuthorizerEventV2', generate: httpApiAuthorizerEvent },
  { id: 'websocket-connect', title: 'WebSocket $connect', triggerType: 'websocket', platform: 'aws', awsType: wsConnectType, generate: websocketConnectEvent },
  { id: 'websocket-message', title: 'WebSocket message', triggerType: 'websocket', platform: 'aws', awsType: 'APIGatewayProxyWebsocketEventV2', generate: websocketMessageEvent },
  { id: 'alb', title: 'Application Load Balancer', triggerType: 'alb', platform: 'aws', awsType: 'ALBEvent', generate: albEvent },
  { id: 'function-url', title: 'Lambda Function URL', triggerType: 'functionUrl', platform: 'aws', awsType: 'LambdaFunctionURLEvent | LambdaFunctionURLEventWithIAMAuthorizer', generate: functionUrlEvent },
  { id: 'schedule', title: 'Scheduled event (EventBridge rule)', triggerType: 'schedule', platform: 'aws', awsType: 'ScheduledEvent', generate: scheduledEvent },
  { id: 's3-put', title: 'S3 object created', triggerType: 's3', platform: 'aws', awsType: 'S3Event', generate: (c) => s3Event(c, 'put') },
  { id: 's3-delete', title: 'S3 object deleted', triggerType: 's3', platform: 'aws', awsType: s3DeleteType, generate: (c) => s3Event(c, 'delete') },
  { id: 'sqs', title: 'SQS standard queue', triggerType: 'sqs', platform: 'aws', awsType: 'SQSEvent', generate: (c) => sqsEvent(c, false) },
  { id: 'sqs-fifo', title: 'SQS FIFO queue', triggerType: 'sqs', platform: 'aws', awsType: 'SQSEvent', generate: (c) => sqsEvent(c, true) },
  { id: 'sns', title: 'SNS notification', triggerType: 'sns', platform: 'aws', awsType: 'SNSEvent', generate: snsEvent },
  { id: 'dynamodb-insert', title: 'DynamoDB stream: INSERT', triggerType: 'dynamodb', platform: 'aws', awsType: 'DynamoDBStreamEvent', generate: (c) => dynamodbEvent(c, 'INSERT') },
  { id: 'dynamodb-modify', title: 'DynamoDB stream: MODIFY', triggerType: 'dynamodb', platform: 'aws', awsType: 'DynamoDBStreamEvent', generate: (c) => dynamodbEvent(c, 'MODIFY') },
  { id: 'dynamodb-remove', title: 'DynamoDB stream: REMOVE', triggerType: 'dynamodb', platform: 'aws', awsType: 'DynamoDBStreamEvent', generate: (c) => dynamodbEvent(c, 'REMOVE') },
  { id: 'kinesis', title: 'Kinesis data stream', triggerType: 'kinesis', platform: 'aws', awsType: 'KinesisStreamEvent', generate: kinesisEvent },
  { id: 'firehose', title: 'Data Firehose transformation', platform: 'aws', awsType: 'FirehoseTransformationEvent', generate: firehoseEvent },
  { id: 'eventbridge', title: 'EventBridge custom event', triggerType: 'eventbridge', platform: 'aws', awsType: 'EventBridgeEvent<string, unknown>', generate: eventBridgeEvent },
  { id: 'iot', title: 'IoT rule', triggerType: 'iot', platform: 'aws', awsType: 'IoTEvent<Record<string, unknown>>', generate: iotEvent },
  cognito('PreSignUp', 'pre sign-up', 'PreSignUpTriggerEvent'),
  cognito('PostConfirmation', 'post confirmation', 'PostConfirmationTriggerEvent'),
  cognito('PreAuthentication', 'pre authentication', 'PreAuthenticationTriggerEvent'),
  cognito('PostAuthentication', 'post authentication', 'PostAuthenticationTriggerEvent'),
  cognito('PreTokenGeneration', 'pre token generation', 'PreTokenGenerationTriggerEvent'),
  cognito('CustomMessage', 'custom message', 'CustomMessageTriggerEvent'),
  cognito('DefineAuthChallenge', 'define auth challenge', 'DefineAuthChallengeTriggerEvent'),
  { id: 'cloudwatch-logs', title: 'CloudWatch Logs subscription', triggerType: 'cloudwatchLog', platform: 'aws', awsType: 'CloudWatchLogsEvent', generate: cloudWatchLogsEvent },
  { id: 'msk', title: 'Amazon MSK (Kafka)', triggerType: 'kafka', platform: 'aws', awsType: 'MSKEvent', generate: mskEvent },
  { id: 'kafka-self-managed', title: 'Self-managed Apache Kafka', triggerType: 'kafka', platform: 'aws', awsType: 'SelfManagedKafkaEvent', generate: selfManagedKafkaEvent },
  // @types/aws-lambda has no Amazon MQ event type; the shapes follow the Lambda developer guide.
  { id: 'mq-activemq', title: 'Amazon MQ (ActiveMQ)', triggerType: 'mq', platform: 'aws', generate: (c) => mqEvent({ ...c, trigger: c.trigger && { ...c.trigger, sourceType: 'activemq' } }) },
  { id: 'mq-rabbitmq', title: 'Amazon MQ (RabbitMQ)', triggerType: 'mq', platform: 'aws', generate: (c) => mqEvent({ ...c, trigger: { ...(c.trigger ?? emptyTrigger('mq')), sourceType: 'rabbitmq' } }) },
  { id: 'cloudformation-custom-resource', title: 'CloudFormation custom resource: create', platform: 'aws', awsType: 'CloudFormationCustomResourceCreateEvent', generate: customResourceEvent },
  { id: 'ses', title: 'SES email received', platform: 'aws', awsType: 'SESEvent', generate: sesEvent },
  { id: 'cloudfront-viewer-request', title: 'CloudFront viewer request (Lambda@Edge)', platform: 'aws', awsType: 'CloudFrontRequestEvent', generate: (c) => cloudFrontEvent(c, 'viewer-request') },
  { id: 'cloudfront-origin-response', title: 'CloudFront origin response (Lambda@Edge)', platform: 'aws', awsType: 'CloudFrontResponseEvent', generate: (c) => cloudFrontEvent(c, 'origin-response') },
  // No @types/aws-lambda type for Alexa requests (the ask-sdk has its own).
  { id: 'alexa', title: 'Alexa skill launch request', triggerType: 'alexa', platform: 'aws', generate: alexaEvent },
  { id: 'azure-http', title: 'Azure HTTP request', triggerType: 'http', platform: 'azure', generate: azureHttpEvent },
  { id: 'azure-timer', title: 'Azure timer', triggerType: 'schedule', platform: 'azure', generate: azureTimerEvent },
  { id: 'azure-queue', title: 'Azure Storage queue message', triggerType: 'queue', platform: 'azure', generate: azureQueueEvent },
  { id: 'azure-blob', title: 'Azure blob', triggerType: 'blob', platform: 'azure', generate: azureBlobEvent },
  { id: 'azure-servicebus', title: 'Azure Service Bus message', triggerType: 'serviceBus', platform: 'azure', generate: azureServiceBusEvent },
  { id: 'azure-eventhub', title: 'Azure Event Hubs events', triggerType: 'eventHub', platform: 'azure', generate: azureEventHubEvent },
  { id: 'azure-cosmosdb', title: 'Azure Cosmos DB change feed', triggerType: 'cosmosDB', platform: 'azure', generate: azureCosmosEvent },
  { id: 'azure-eventgrid', title: 'Azure Event Grid event', triggerType: 'eventGrid', platform: 'azure', generate: azureEventGridEvent },
];

function emptyTrigger(type: TriggerType): Trigger {
  const r = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { type, sourceType: type, range: r, typeRange: r, config: {} };
}

export function eventKind(id: string): EventKind | undefined {
  return eventKinds.find((k) => k.id === id);
}

function isAzure(fn: FunctionDef | undefined, input: EventInput): boolean {
  return input.project?.kind === 'azure-functions' || /function\.json$|\.cs$/.test(fn?.file ?? '');
}

/** The event that fits a trigger best: the configured variant (FIFO queue, Cognito trigger, Kafka flavour…). */
export function defaultEventKind(trigger: Trigger, azure = false): EventKind | undefined {
  const ctx = eventContext({ trigger });
  const byId = (id: string): EventKind | undefined => eventKind(id);
  if (azure) return eventKinds.find((k) => k.platform === 'azure' && k.triggerType === trigger.type);
  switch (trigger.type) {
    case 'sqs':
      return byId(sqsIsFifo(ctx) ? 'sqs-fifo' : 'sqs');
    case 's3': {
      const events = JSON.stringify(trigger.config.event?.value ?? trigger.config.Events?.value ?? '');
      return byId(/ObjectRemoved/.test(events) && !/ObjectCreated/.test(events) ? 's3-delete' : 's3-put');
    }
    case 'cognito': {
      const t = configuredCognitoTrigger(ctx);
      return byId(t ? `cognito-${t.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}` : 'cognito-pre-sign-up');
    }
    case 'kafka': {
      // SF `kafka`/SAM `SelfManagedKafka`, or a mapping or pipe that names bootstrap servers instead of a cluster.
      const selfManaged = /^(kafka|SelfManagedKafka)$/.test(trigger.sourceType) || configValue(trigger, 'bootstrapServers', 'KafkaBootstrapServers') !== undefined;
      return byId(selfManaged ? 'kafka-self-managed' : 'msk');
    }
    case 'mq':
      return byId(/rabbit/i.test(trigger.sourceType) ? 'mq-rabbitmq' : 'mq-activemq');
    case 'websocket':
      return byId(authorizerKind(trigger) ?? (trigger.config.route?.value === '$connect' ? 'websocket-connect' : 'websocket-message'));
    case 'eventbridge': {
      const isSchedule = trigger.config.schedule !== undefined && trigger.config.pattern === undefined;
      return byId(isSchedule ? 'schedule' : 'eventbridge');
    }
    case 'http':
    case 'httpApi': {
      const authorizer = authorizerKind(trigger);
      if (authorizer) return byId(authorizer);
      return eventKinds.find((k) => k.platform === 'aws' && k.triggerType === trigger.type);
    }
    case 'other':
      return otherKinds[trigger.wiring?.resourceType ?? ''] ? byId(otherKinds[trigger.wiring!.resourceType]) : trigger.sourceType.startsWith('Custom::') ? byId('cloudformation-custom-resource') : undefined;
    default:
      return eventKinds.find((k) => k.platform === 'aws' && k.triggerType === trigger.type);
  }
}

/** Wired triggers of type `other` whose resource says which event the function receives. */
const otherKinds: Record<string, string> = {
  'AWS::CloudFormation::CustomResource': 'cloudformation-custom-resource',
  'AWS::KinesisFirehose::DeliveryStream': 'firehose',
  'AWS::SES::ReceiptRule': 'ses',
};

/** A Lambda authorizer (wired by an API's authorizer, or named by a Serverless Framework event): its event fits. */
function authorizerKind(trigger: Trigger): string | undefined {
  const type = configValue(trigger, 'AuthorizerType');
  if (typeof type !== 'string' || (!trigger.wiring && trigger.sourceType !== 'authorizer')) return undefined;
  if (trigger.type === 'httpApi') return 'apigateway-http-authorizer';
  return type.toUpperCase() === 'TOKEN' ? 'apigateway-token-authorizer' : 'apigateway-request-authorizer';
}

/** An event the picker offers for a function: generated from one of its triggers, or generic. */
export interface EventChoice {
  kind: EventKind;
  /** Index into `fn.triggers` of the trigger that fills the event. */
  triggerIndex?: number;
  /** Shown in the picker: `S3 object created (orders-uploads)`. */
  label: string;
}

/** The events for a function: the best fit per trigger first, then the other variants of its trigger types. */
export function eventChoices(fn: FunctionDef, input: EventInput = {}): EventChoice[] {
  const azure = isAzure(fn, input);
  const out: EventChoice[] = [];
  const seen = new Set<string>();
  fn.triggers.forEach((t, i) => {
    const kind = defaultEventKind(t, azure);
    if (kind && !seen.has(`${kind.id}#${i}`)) {
      seen.add(`${kind.id}#${i}`);
      out.push({ kind, triggerIndex: i, label: `${kind.title}${t.name ? ` (${t.name})` : ''}` });
    }
  });
  fn.triggers.forEach((t, i) => {
    for (const kind of eventKinds) {
      if (kind.triggerType !== t.type || (kind.platform === 'azure') !== azure || seen.has(`${kind.id}#${i}`)) continue;
      if (out.some((c) => c.kind.id === kind.id)) continue;
      seen.add(`${kind.id}#${i}`);
      out.push({ kind, triggerIndex: i, label: kind.title });
    }
  });
  return out;
}

/** Generates an event of a kind, filled from the function's trigger of that type when there is one. */
export function generateEvent(kindId: string, input: EventInput = {}): object {
  const kind = eventKind(kindId);
  if (!kind) throw new Error(`unknown event type "${kindId}"; see "events list"`);
  // The trigger this variant is the best fit for (the MSK one for `msk`), else any of the same type.
  const azure = input.fn ? isAzure(input.fn, input) : false;
  // Events without a trigger type of their own (custom resources, Firehose, SES) fit the trigger they are the default of.
  const fits = input.fn?.triggers.filter((t) => (kind.triggerType !== undefined && t.type === kind.triggerType) || defaultEventKind(t, azure)?.id === kind.id) ?? [];
  const trigger = input.trigger ?? fits.find((t) => defaultEventKind(t, azure)?.id === kind.id) ?? fits[0];
  const event = kind.generate(eventContext({ ...input, trigger }));
  // A pipe hands its target the batch itself: a JSON array of the source's records.
  return trigger?.wiring?.resourceType === 'AWS::Pipes::Pipe' ? pipeBatch(event) : event;
}

/**
 * Resolves what a person typed (`s3-put`, or a trigger type like `s3` / `httpApi`) to an event kind,
 * using the function's trigger of that type to pick the variant.
 */
export function resolveEventKind(typed: string, fn?: FunctionDef, azure = false): EventKind | undefined {
  const type = typed as TriggerType;
  const trigger = fn?.triggers.find((t) => t.type === type);
  if (trigger) return defaultEventKind(trigger, azure);
  const exact = eventKind(typed);
  if (exact) return exact;
  return eventKinds.find((k) => k.triggerType === type && (k.platform === 'azure') === azure) ?? eventKinds.find((k) => k.triggerType?.toLowerCase() === typed.toLowerCase());
}
