import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandTemplate, tabStops, toSnippetBody } from '../../../src/patterns/snippetText';

test('tab stops become snippet placeholders; repeats mirror the first', () => {
  assert.equal(toSnippetBody('interface {{1:Job}} {} const j: {{1}} = x;{{0}}'), 'interface ${1:Job} {} const j: ${1} = x;${0}');
});

test('choices keep their options, the first is the default', () => {
  assert.equal(toSnippetBody("m === '{{2|POST,PUT|}}'"), "m === '${2|POST,PUT|}'");
  assert.equal(expandTemplate("m === '{{2|POST,PUT|}}'"), "m === 'POST'");
});

test('code that uses $ and template strings is escaped in the snippet body, kept in the expansion', () => {
  const template = 'const s = `${a}-{{1:b}}`; // \\d';
  assert.equal(toSnippetBody(template), 'const s = `\\${a}-${1:b}`; // \\\\d');
  assert.equal(expandTemplate(template), 'const s = `${a}-b`; // \\d');
});

test('expansion takes values for chosen tab stops (the function name) and defaults for the rest', () => {
  assert.equal(expandTemplate("app.http('{{1:hello}}', { handler: {{1}} }) {{2:x}}{{0}}", { 1: 'orders' }), "app.http('orders', { handler: orders }) x");
  assert.deepEqual(tabStops('{{2:a}} {{1:b}} {{2}} {{0}}'), [2, 1, 0]);
});

test('C# interpolation-like braces around a tab stop stay literal', () => {
  assert.equal(expandTemplate('"Job {{{5:OrderId}}} done"'), '"Job {OrderId} done"');
});

test('every template and config snippet reads back (TextMate syntax) to the same default text', async () => {
  const { allHandlerTemplates } = await import('../../../src/patterns/handlers');
  const { configSnippets } = await import('../../../src/patterns/configSnippets');
  const { expandSnippetBody } = await import('../helpers/snippetExpand');
  const bodies = [...allHandlerTemplates().map((t) => t.template.body), ...configSnippets.map((s) => s.body)];
  for (const body of bodies) assert.equal(expandSnippetBody(toSnippetBody(body)), expandTemplate(body));
});
