// Every contributed handler snippet (snippets/*.json, as VS Code reads them), expanded with its defaults, is
// valid code in its language; and what `new` writes is that same text. The checkers are shown to fail on
// broken input first, so a green run means something.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allHandlerTemplates } from '../../../src/patterns/handlers';
import type { SnippetEntry } from '../../../src/patterns/snippetFiles';
import { languageSnippetFiles, snippetFileContents } from '../../../src/patterns/snippetFiles';
import { expandTemplate } from '../../../src/patterns/snippetText';
import type { Language } from '../../../src/patterns/types';
import type { SourceFile } from '../helpers/compileChecks';
import { csharpSyntaxCheck, nodeCheck, pyCompile, typeCheck } from '../helpers/compileChecks';
import { expandSnippetBody } from '../helpers/snippetExpand';

const repo = join(__dirname, '..', '..', '..');
const templates = allHandlerTemplates();

/** The snippets of a language file on disk, expanded with defaults, as files to check. */
function files(language: Language, ext: string): SourceFile[] {
  const entries = JSON.parse(readFileSync(join(repo, languageSnippetFiles[language].path), 'utf8')) as Record<string, SnippetEntry>;
  return Object.values(entries).map((e, i) => ({
    // Azure Node v4 files are CommonJS (require), Lambda handlers ES modules.
    name: `${e.prefix}-${i}${ext === '.mjs' && e.prefix.startsWith('sls-azure') ? '.cjs' : ext}`,
    text: expandSnippetBody(e.body.join('\n')),
  }));
}

test('snippets/*.json are generated from the templates (run `npm run snippets` after editing one)', () => {
  for (const [path, text] of Object.entries(snippetFileContents())) {
    assert.equal(readFileSync(join(repo, path), 'utf8'), text, `${path} is stale`);
  }
});

test('a snippet expanded by the editor is exactly what `new` writes', () => {
  const all = [...files('ts', '.ts'), ...files('js', '.mjs'), ...files('python', '.py'), ...files('csharp', '.cs')].map((f) => f.text);
  for (const t of templates) assert.ok(all.includes(expandTemplate(t.template.body)), `${t.template.prefix} (${t.template.language})`);
});

test('the checkers reject broken code (so passing means something)', async () => {
  assert.ok(typeCheck([{ name: 'bad.ts', text: "import type { SQSEvent } from 'aws-lambda';\nexport const h = (e: SQSEvent): number => e.Records[0].body;\n" }]).length > 0);
  assert.ok(typeCheck([{ name: 'bad.ts', text: "import { NoSuchCommand } from '@aws-sdk/client-s3';\nexport const x = NoSuchCommand;\n" }]).length > 0);
  assert.ok(typeCheck([{ name: 'bad.mjs', text: "/** @param {import('aws-lambda').SQSEvent} e */\nexport const h = (e) => e.Records[0].nope.x;\n" }], { checkJs: true }).length > 0);
  assert.equal(nodeCheck([{ name: 'bad.mjs', text: 'export const = 1;\n' }]).length, 1);
  assert.equal(pyCompile([{ name: 'bad.py', text: 'def handler(event, context)\n    return 1\n' }]).length, 1);
  assert.equal((await csharpSyntaxCheck([{ name: 'Bad.cs', text: 'public class A { public void M() { var x = ; } }' }])).length, 1);
});

test('there is a handler for every AWS pattern in TypeScript, JavaScript and Python, and Azure HTTP/timer/queue in Node and C#', () => {
  const count = (platform: string, language: string): number => templates.filter((t) => t.platform === platform && t.template.language === language).length;
  assert.deepEqual([count('aws', 'ts'), count('aws', 'js'), count('aws', 'python')], [7, 7, 7]);
  assert.deepEqual([count('azure', 'ts'), count('azure', 'js'), count('azure', 'csharp')], [3, 3, 6]);
  assert.deepEqual([files('ts', '.ts').length, files('js', '.mjs').length, files('python', '.py').length, files('csharp', '.cs').length], [10, 10, 7, 6]);
});

test('TypeScript handlers type-check with @types/aws-lambda, the AWS SDK v3 and @azure/functions (strict)', () => {
  assert.deepEqual(typeCheck(files('ts', '.ts')), []);
});

test('JavaScript handlers pass node --check', () => {
  assert.deepEqual(nodeCheck(files('js', '.mjs')), []);
});

test('JavaScript handlers also type-check through their JSDoc types (checkJs)', () => {
  assert.deepEqual(typeCheck(files('js', '.mjs'), { checkJs: true }), []);
});

test('Python handlers compile (py_compile)', () => {
  assert.deepEqual(pyCompile(files('python', '.py')), []);
});

test('C# functions parse as C# (tree-sitter C# grammar)', async () => {
  assert.deepEqual(await csharpSyntaxCheck(files('csharp', '.cs')), []);
});

test('handlers use AWS SDK v3 only, never v2', () => {
  for (const t of templates) {
    const text = expandTemplate(t.template.body);
    assert.doesNotMatch(text, /require\(['"]aws-sdk['"]\)|from ['"]aws-sdk['"]/, t.template.prefix);
  }
});

test('queue and stream handlers report partial batch failures', () => {
  for (const t of templates.filter((x) => x.platform === 'aws' && ['queue-worker', 'stream', 'event-sourcing'].includes(x.pattern))) {
    assert.match(t.template.body, /batchItemFailures|batch_item_failures/, `${t.template.language} ${t.pattern}`);
  }
});
