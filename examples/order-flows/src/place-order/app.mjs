import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';

const lambda = new LambdaClient({});
const sfn = new SFNClient({});
const NEXT_FUNCTION = process.env.NEXT_FUNCTION_NAME ?? '';
const STATE_MACHINE_ARN = process.env.STATE_MACHINE_ARN ?? '';

/**
 * @param {'INFO' | 'WARN' | 'ERROR'} level
 * @param {string} message
 * @param {Record<string, unknown>} [fields]
 */
const log = (level, message, fields = {}) => {
  console.log(JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields }));
};

/**
 * Three ways to hand work on: an asynchronous invoke of the next function (fire and forget, Lambda retries
 * it), a Step Functions execution for multi-step work, and this function's own Lambda Destinations
 * (configured on the function: its result goes to onSuccess / onFailure when it is invoked asynchronously).
 * @param {import('aws-lambda').EventBridgeEvent<'OrderPlaced', { orderId: string }>} event
 * @param {import('aws-lambda').Context} context
 */
export const handler = async (event, context) => {
  const id = event.detail.orderId;
  const input = JSON.stringify({ orderId: id, causationId: event.id });

  await lambda.send(new InvokeCommand({ FunctionName: NEXT_FUNCTION, InvocationType: 'Event', Payload: Buffer.from(input) }));

  // The execution name is unique per state machine: a redelivered event cannot start the workflow twice.
  const name = `${id}-${event.id}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
  const execution = await sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name, input }));

  log('INFO', 'Work handed on', { requestId: context.awsRequestId, id, next: NEXT_FUNCTION, executionArn: execution.executionArn });
  return { id, executionArn: execution.executionArn };
};
