import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDotEnv } from '../../../src/invoke/lambdaEnvironment';

// `.env` stays a hand-written reader: Node 20's util.parseEnv folds a line without `=` into the next key
// (`BROKEN\nB=2` becomes one key "BROKEN\nB"), which would silently drop B from a local invocation.
test('.env: a line without = is skipped and the next key is kept', () => {
  assert.deepEqual(parseDotEnv('A=1\nBROKEN\nB=2\n'), { A: '1', B: '2' });
});

test('.env: export prefixes, quotes, escapes in double quotes, inline comments after unquoted values', () => {
  const text = ['export TABLE=orders', 'QUOTED="a b # not a comment"', "SINGLE='x\\ny'", 'ESCAPED="line1\\nline2 \\"q\\""', 'PLAIN=value # comment', '  # whole-line comment', 'EMPTY=', 'DOTTED.KEY=1'].join('\n');
  assert.deepEqual(parseDotEnv(text), {
    TABLE: 'orders',
    QUOTED: 'a b # not a comment',
    SINGLE: 'x\\ny',
    ESCAPED: 'line1\nline2 "q"',
    PLAIN: 'value',
    EMPTY: '',
    'DOTTED.KEY': '1',
  });
});
