// Copies the public real-world corpora into test/corpus/ so the tests run on a plain clone.
//   node scripts/vendorCorpus.mjs [SOURCE]    SOURCE defaults to ../shared/corpus
// Everything is kept (configs, handler sources, package.json, LICENSE files) except third-party Python
// packages that layers bundle (a `python/` folder holding packages: boto3, botocore, pymysql …). The model
// never reads them, and they were two thirds of the bytes.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const source = process.argv[2] ?? join(root, '..', 'shared', 'corpus');
const target = join(root, 'test', 'corpus');

/** The corpora that are vendored, and their name under test/corpus. */
const corpora = [
  ['serverless-patterns', 'serverless-patterns'],
  ['serverless-examples-with-sources', 'serverless-examples'],
];

/** A Lambda layer's `python/` folder that holds packages (a sub-folder with `__init__.py`). */
function isLayerPackageFolder(dir) {
  if (!dir.endsWith('/python')) return false;
  return readdirSync(dir, { withFileTypes: true }).some((e) => e.isDirectory() && existsSync(join(dir, e.name, '__init__.py')));
}

let files = 0;
let bytes = 0;
let dropped = 0;
function copyTree(from, to) {
  if (isLayerPackageFolder(from)) {
    dropped += countFiles(from);
    return;
  }
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, e.name);
    if (e.isDirectory()) copyTree(src, join(to, e.name));
    else if (e.isFile()) {
      mkdirSync(dirname(join(to, e.name)), { recursive: true });
      cpSync(src, join(to, e.name));
      files++;
      bytes += statSync(src).size;
    }
  }
}

function countFiles(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(join(dir, e.name)) : 1;
  return n;
}

for (const [from, to] of corpora) {
  const src = join(source, from);
  if (!existsSync(src)) {
    console.error(`${src} does not exist`);
    process.exit(2);
  }
  rmSync(join(target, to), { recursive: true, force: true });
  copyTree(src, join(target, to));
}
console.log(`${files} files (${(bytes / 1048576).toFixed(1)} MB) copied to ${relative(process.cwd(), target)}; ${dropped} files of bundled Python packages left out`);
