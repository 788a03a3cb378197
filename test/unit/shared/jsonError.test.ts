import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeJsonError, jsonErrorOffset, jsonProblem } from '../../../src/shared/jsonError';

test('valid JSON has no error offset, whatever its shape', () => {
  for (const t of ['{}', '[]', ' 1 ', '"a\\u00e9\\n"', '{"a":[1,-2.5e3,true,false,null,{"b":"c"}]}', '\n{\n  "x": 0\n}\n']) {
    assert.equal(jsonErrorOffset(t), undefined, t);
    assert.equal(jsonProblem(t), undefined, t);
  }
});

test('invalid JSON: the offending character, with line and column', () => {
  const cases: Array<[string, number, number, RegExp]> = [
    ['{"a": }', 1, 7, /Unexpected token '}'/],
    ['{\n  "a": 1,\n}', 3, 1, /Unexpected token '}'/],
    ['{"a": 1', 1, 8, /Unexpected end of JSON input/],
    ["{'a': 1}", 1, 2, /Unexpected token '''/],
    ['[1, 2] x', 1, 8, /Unexpected token 'x'/],
    ['{"a": tru}', 1, 10, /Unexpected token '}'/],
    ['', 1, 1, /Unexpected end/],
    ['[01]', 1, 3, /Unexpected token '1'/],
  ];
  for (const [text, line, column, re] of cases) {
    const p = jsonProblem(text);
    assert.ok(p, text);
    assert.deepEqual([p.line, p.column], [line, column], `${text}: ${p.message}`);
    assert.match(p.message, re);
    let err: unknown;
    try {
      JSON.parse(text);
    } catch (e) {
      err = e;
    }
    assert.ok(err, `${text} parses?`);
    assert.match(describeJsonError(text, err), new RegExp(`at line ${line}, column ${column}$`));
  }
});
