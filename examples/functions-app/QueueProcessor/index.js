module.exports = async function (context, job) {
  context.log(`Processing job ${job.id} (dequeue count ${context.bindingData.dequeueCount}).`);
};
