// Writes snippets/*.json from the pattern templates (src/patterns). A unit test fails when they differ,
// so run `npm run snippets` after changing a template.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { snippetFileContents } from '../src/patterns/snippetFiles';

const root = join(__dirname, '..');
for (const [path, text] of Object.entries(snippetFileContents())) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path}`);
}
