import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const id = event.pathParameters?.id;
  if (!id) return { statusCode: 400, body: JSON.stringify({ message: 'Missing the id path parameter.' }) };
  return { statusCode: 200, body: JSON.stringify({ id, title: 'Water the plants', done: false }) };
};
