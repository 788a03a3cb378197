import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { languageSnippetFiles } from '../../../src/patterns/snippetFiles';
import { commandIds } from '../../../src/vscode/ids';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: {
    snippets: Array<{ language: string; path: string }>;
    viewsWelcome: Array<{ view: string; contents: string; when?: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    commands: Array<{ command: string; title: string; icon?: string }>;
  };
};

test('the language snippet files are contributed for their languages, and exist', () => {
  const expected = Object.values(languageSnippetFiles)
    .map((f) => ({ language: f.vscodeLanguage, path: `./${f.path}` }))
    .sort((a, b) => a.language.localeCompare(b.language));
  const contributed = [...manifest.contributes.snippets].sort((a, b) => a.language.localeCompare(b.language));
  assert.deepEqual(contributed, expected);
  for (const s of contributed) assert.ok(existsSync(join(root, s.path)), s.path);
  // Config snippets are offered by the context-aware provider only, never as static YAML/JSON snippets.
  assert.ok(!contributed.some((s) => s.language === 'yaml' || s.language === 'json'));
});

test('"New Function from Pattern…" is in the palette, the Functions view title and its welcome view', () => {
  const cmd = manifest.contributes.commands.find((c) => c.command === commandIds.newFunction);
  assert.equal(cmd?.title, 'New Function from Pattern\u2026');
  assert.ok(manifest.contributes.menus['view/title'].some((m) => m.command === commandIds.newFunction));
  const welcome = manifest.contributes.viewsWelcome.find((w) => w.view === 'serverlessWorkbench.functions' && w.when === 'serverlessWorkbench.ready');
  assert.match(welcome?.contents ?? '', /\[Create a function from a pattern\]\(command:serverlessWorkbench\.newFunction\)/);
});
