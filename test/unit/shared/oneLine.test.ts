import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oneLine } from '../../../src/shared/text';

test('oneLine: line breaks and control characters become escapes; ordinary text is untouched', () => {
  assert.equal(oneLine('"PeerID\n"x"" is not a resource'), '"PeerID\\n"x"" is not a resource');
  assert.equal(oneLine('a\r\nb\rc\td\u0000e\u2028f'), 'a\\nb\\rc d\\u0000e\\u2028f');
  const plain = 'Timeout 901 is over the 900 s limit; lower it. "éü😀" stays.';
  assert.equal(oneLine(plain), plain);
});

test('oneLine: a huge word keeps its start and end; a huge text of short words keeps its start and its advice', () => {
  const word = oneLine(`"${'x'.repeat(1_000_000)}" is not a parameter; declare it.`);
  assert.equal(word, `"${'x'.repeat(98)}…${'x'.repeat(98)}" is not a parameter; declare it.`);
  const words = oneLine(`Unknown key "${'zz '.repeat(100_000)}"; did you mean "runtime"?`);
  assert.ok(words.length <= 1001, `${words.length}`);
  assert.ok(words.startsWith('Unknown key "zz zz'));
  assert.ok(words.endsWith('"; did you mean "runtime"?'));
});
