import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inBindingsArray, yamlKeyPath, yamlSnippetContext } from '../../../src/patterns/completionContext';

/** Path at the `|` marker of a text. */
function pathAt(marked: string): string[] {
  const offset = marked.indexOf('|');
  const text = marked.replace('|', '');
  const before = text.slice(0, offset).split('\n');
  return yamlKeyPath(text, before.length - 1, before[before.length - 1].length);
}

const sf = `service: s
functions:
  createOrder:
    handler: h.main
    events:
      - http:
          path: /x
          method: post
`;

test('a new line in a function\'s events list (indented or not, typed dash or prefix)', () => {
  assert.deepEqual(pathAt(sf + '      |'), ['functions', 'createOrder', 'events']);
  assert.deepEqual(pathAt(sf + '      - |'), ['functions', 'createOrder', 'events']);
  assert.deepEqual(pathAt(sf + '      sls|'), ['functions', 'createOrder', 'events']);
  assert.deepEqual(pathAt('functions:\n  a:\n    events:\n    - http: GET /\n    - |'), ['functions', 'a', 'events']);
  assert.deepEqual(pathAt('functions:\n  a:\n    events:\n      |'), ['functions', 'a', 'events']);
  assert.deepEqual(pathAt('functions:\n  a:\n    events:\n\n      # comment\n      |\n  b:\n'), ['functions', 'a', 'events']);
});

test('not inside an event, not beside events, not at the top', () => {
  assert.deepEqual(pathAt(sf + '          |'), ['functions', 'createOrder', 'events', '-', 'http']);
  assert.deepEqual(pathAt(sf + '    |'), ['functions', 'createOrder']);
  assert.deepEqual(pathAt(sf + '|'), []);
  assert.deepEqual(pathAt('provider:\n  environment:\n    |'), ['provider', 'environment']);
});

test('SAM Events of a function resource', () => {
  const sam = 'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        Api:\n          Type: Api\n';
  assert.deepEqual(pathAt(sam + '        |'), ['Resources', 'Fn', 'Properties', 'Events']);
  assert.deepEqual(pathAt(sam + '          |'), ['Resources', 'Fn', 'Properties', 'Events', 'Api']);
});

test('the context needs the right project kind and a function the model knows', () => {
  assert.equal(yamlSnippetContext(['functions', 'a', 'events'], 'serverless-framework', ['a']), 'serverless-events');
  assert.equal(yamlSnippetContext(['functions', 'a', 'events'], 'serverless-framework', []), undefined);
  assert.equal(yamlSnippetContext(['functions', 'a', 'events'], 'sam', ['a']), undefined);
  assert.equal(yamlSnippetContext(['Resources', 'Fn', 'Properties', 'Events'], 'sam', ['Fn']), 'sam-events');
  assert.equal(yamlSnippetContext(['Resources', 'Fn', 'Properties', 'Events'], 'serverless-framework', ['Fn']), undefined);
  assert.equal(yamlSnippetContext(['Resources', 'Table', 'Properties', 'Events'], 'sam', ['Fn']), undefined);
});

test('function.json: only between binding objects', () => {
  const text = '{\n  "bindings": [\n    { "type": "httpTrigger", "name": "req]" },\n    \n  ],\n  "disabled": false\n}';
  assert.equal(inBindingsArray(text, text.indexOf('    \n') + 4), true);
  assert.equal(inBindingsArray(text, text.indexOf('"name"')), false);
  assert.equal(inBindingsArray(text, text.indexOf('"disabled"')), false);
  assert.equal(inBindingsArray('{ "scriptFile": "x" }', 5), false);
});
