module.exports = async function (context, req) {
  const name = context.bindingData.name || (req.body && req.body.name);
  if (!name) {
    context.res = { status: 400, body: 'Pass a name in the route or the JSON body.' };
    return;
  }
  context.res = { status: 200, headers: { 'content-type': 'application/json' }, body: { greeting: `Hello, ${name}!` } };
};
