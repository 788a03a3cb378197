import { test } from 'node:test';
import assert from 'node:assert/strict';
import { azureTriggerTypes, codeRegistrations, parseAzureFunctions } from '../../src/model/azureFunctions';

test('function.json bindings: the trigger (direction in, *Trigger) maps to the vocabulary; outputs are not triggers', () => {
  const functionJsons = Object.keys(azureTriggerTypes).map((type, i) => ({
    file: `/az/F${i}/function.json`,
    text: JSON.stringify({ bindings: [{ type, direction: 'in', name: 'x' }, { type: 'http', direction: 'out', name: 'res' }] }, null, 2),
  }));
  const p = parseAzureFunctions({ hostFile: '/az/host.json', hostText: '{"version":"2.0"}', functionJsons, codeFiles: [], localSettings: '{"Values":{"FUNCTIONS_WORKER_RUNTIME":"python"}}' });
  assert.equal(p.kind, 'azure-functions');
  assert.deepEqual(p.functions.map((f) => f.triggers.map((t) => t.type)), Object.values(azureTriggerTypes).map((t) => [t]));
  assert.equal(p.functions[0].name, 'F0');
  assert.equal(p.functions[0].runtime?.value, 'python');
  assert.deepEqual(p.functions[0].handlerInfo.defaultEntries, ['__init__.py']);
  assert.equal(p.functions[0].triggers[0].range.start.line, 2);
});

test('scriptFile and entryPoint name the handler; bad JSON is a finding', () => {
  const p = parseAzureFunctions({
    hostFile: '/az/host.json',
    hostText: '{}',
    functionJsons: [
      { file: '/az/T/function.json', text: '{"scriptFile":"../dist/t.js","entryPoint":"run","bindings":[{"type":"timerTrigger","direction":"in","name":"t","schedule":"0 */5 * * * *"}]}' },
      { file: '/az/Bad/function.json', text: '{"bindings": [' },
    ],
    codeFiles: [],
  });
  assert.equal(p.functions[0].handlerInfo.entryPoint, '../dist/t.js');
  assert.equal(p.functions[0].handlerInfo.exportName, 'run');
  assert.equal(p.functions[0].triggers[0].config.schedule.value, '0 */5 * * * *');
  assert.ok(p.findings.some((f) => f.rule === 'yaml-syntax' && f.file === '/az/Bad/function.json'));
});

test('Node v4 registrations and C# attributes declare functions in code', () => {
  const node = codeRegistrations({ file: '/az/src/functions/a.ts', text: "import { app } from '@azure/functions';\n\napp.http('hello', {\n  methods: ['GET', 'POST'],\n  authLevel: 'anonymous',\n  handler: async () => ({}),\n});\napp.timer('tick', { schedule: '0 */5 * * * *', handler: () => {} });\n" });
  assert.deepEqual(node.map((f) => [f.name, f.triggers[0].type, f.keyRange.start.line]), [['hello', 'http', 2], ['tick', 'schedule', 7]]);
  assert.deepEqual(node[0].triggers[0].config.methods.value, ['GET', 'POST']);
  const cs = codeRegistrations({ file: '/az/Funcs.cs', text: 'public static class Funcs {\n  [FunctionName("Old")]\n  public static IActionResult Run([HttpTrigger(AuthorizationLevel.Function, "get")] HttpRequest req) => null;\n  [Function(nameof(Isolated))]\n  public void Isolated([QueueTrigger("jobs")] string msg) {}\n}\n' });
  assert.deepEqual(cs.map((f) => [f.name, f.triggers[0].type]), [['Old', 'http'], ['Isolated', 'queue']]);
});

test('binding types compare case-insensitively, as the Functions host does; extension triggers are known', async () => {
  const { validateProject } = await import('../../src/validation/validate');
  const binding = (type: string, extra: Record<string, string> = {}): string => JSON.stringify({ bindings: [{ type, direction: 'in', name: 'x', ...extra }] });
  const p = parseAzureFunctions({
    hostFile: '/az/host.json',
    hostText: '{"version":"2.0"}',
    functionJsons: [
      { file: '/az/Rabbit/function.json', text: binding('rabbitMqTrigger', { queueName: 'q' }) },
      { file: '/az/Http/function.json', text: binding('HttpTrigger', { authLevel: 'nobody' }) },
      { file: '/az/Auth/function.json', text: binding('authenticationEventsTrigger') },
      { file: '/az/Queue/function.json', text: binding('QUEUETRIGGER') },
    ],
    codeFiles: [],
    localSettings: '{"Values":{"FUNCTIONS_WORKER_RUNTIME":"node"}}',
  });
  assert.deepEqual(p.functions.map((f) => f.triggers[0].type), ['other', 'http', 'other', 'queue']);
  const findings = validateProject(p, { today: '2026-11-30' }).filter((f) => f.rule !== 'handler-not-found');
  // No "unknown trigger type"; the rules of the documented type apply to the other spelling.
  assert.deepEqual(findings.map((f) => `${f.file} ${f.rule}`), ['/az/Http/function.json azure-auth-level', '/az/Queue/function.json azure-required-property']);
});
