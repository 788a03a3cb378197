import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { log } from '../lib/log';

interface NewTodo {
  title: string;
  due?: string;
}

function parse(body: string | undefined): NewTodo | undefined {
  try {
    const value = JSON.parse(body ?? '') as Partial<NewTodo>;
    return typeof value.title === 'string' && value.title.trim() ? { title: value.title.trim(), due: value.due } : undefined;
  } catch {
    return undefined;
  }
}

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const todo = parse(event.body);
  if (!todo) {
    return { statusCode: 400, body: JSON.stringify({ message: 'Send a JSON body with a non-empty "title".' }) };
  }
  const id = randomUUID();
  log('INFO', 'todo created', { id, requestId: event.requestContext.requestId });
  return { statusCode: 201, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, ...todo }) };
};
