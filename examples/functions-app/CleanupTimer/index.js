module.exports = async function (context, timer) {
  if (timer.isPastDue) context.log.warn('Cleanup is running late.');
  context.log('Cleanup finished.');
};
