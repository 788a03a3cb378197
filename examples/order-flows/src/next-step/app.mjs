/**
 * The next step of an order: placeOrder invokes it asynchronously with `{ orderId, causationId }`.
 * @param {{ orderId: string; causationId: string }} event
 * @param {import('aws-lambda').Context} context
 */
export const handler = async (event, context) => {
  if (typeof event.orderId !== 'string') throw new Error('Expected { orderId, causationId }');
  console.log(JSON.stringify({ level: 'INFO', message: 'Next step done', orderId: event.orderId, causationId: event.causationId, requestId: context.awsRequestId }));
  return { orderId: event.orderId, step: 'reserved' };
};
