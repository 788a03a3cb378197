/**
 * The AWS SDK for JavaScript v3 that Lambda's Node.js runtimes provide: a handler may import `@aws-sdk/client-*`
 * without packaging it (Lambda Developer Guide, "Building Lambda functions with Node.js": runtimes include the
 * SDK v3). The local runtime ships the clients listed here in `<runtime dir>/sdk/node_modules`; CommonJS finds them
 * through NODE_PATH (after the project's own node_modules, as on Lambda), ES modules through a resolve hook that
 * the worker registers only when the handler imports an SDK package its project does not have (registering a
 * hook costs tens of milliseconds, which would otherwise inflate every cold start).
 */
import { existsSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The packages the local runtime provides (a subset of what Lambda provides: the rest must be packaged). */
export const providedSdkPackages = [
  '@aws-sdk/client-lambda',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-sns',
  '@aws-sdk/client-eventbridge',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/util-dynamodb',
  '@aws-sdk/client-s3',
  '@aws-sdk/lib-storage',
  '@aws-sdk/client-sfn',
] as const;

/** Where the provided SDK's packages are, under the runtime folder. */
export function providedSdkNodeModules(runtimeDir: string): string {
  return join(runtimeDir, 'sdk', 'node_modules');
}

const SDK_IMPORT = /(?:from\s*|import\s*\(\s*|import\s+|require\s*\(\s*)['"](@aws-sdk\/[^'"/]+(?:\/[^'"]*)?)['"]/g;
const RELATIVE_IMPORT = /(?:from\s*|import\s*\(\s*|import\s+)['"](\.\.?\/[^'"]+)['"]/g;

/**
 * The SDK packages an ES module handler (and the local modules it imports, a few levels deep) imports that its
 * project cannot resolve. Read statically: cheap, and it runs before any user code.
 */
export function unresolvableSdkImports(entry: string, maxFiles = 50): string[] {
  const missing = new Set<string>();
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0 && seen.size < maxFiles) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const m of text.matchAll(SDK_IMPORT)) {
      const pkg = m[1].split('/').slice(0, 2).join('/');
      if (!missing.has(pkg) && !packageFolderFrom(dirname(file), pkg)) missing.add(pkg);
    }
    for (const m of text.matchAll(RELATIVE_IMPORT)) {
      const target = resolvePath(dirname(file), m[1]);
      for (const candidate of [target, `${target}.mjs`, `${target}.js`, join(target, 'index.mjs'), join(target, 'index.js')]) {
        if (existsSync(candidate) && /\.(m?js|cjs)$/.test(candidate)) {
          queue.push(candidate);
          break;
        }
      }
    }
  }
  return [...missing];
}

/** The package's folder as ES module resolution finds it: node_modules folders upwards (NODE_PATH does not count). */
function packageFolderFrom(dir: string, pkg: string): string | undefined {
  for (let cur = dir; ; ) {
    const candidate = join(cur, 'node_modules', pkg, 'package.json');
    if (existsSync(candidate)) return dirname(candidate);
    const up = dirname(cur);
    if (up === cur) return undefined;
    cur = up;
  }
}

/** A resolve hook: a bare `@aws-sdk/…` specifier the project cannot resolve is resolved from the provided SDK. */
const HOOK = `
let parentURL;
export function initialize(data) { parentURL = data.parentURL; }
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && specifier.startsWith('@aws-sdk/')) return next(specifier, { ...context, parentURL });
    throw err;
  }
}
`;

let registered = false;

/** Makes the provided SDK importable from ES modules (once per worker). */
export function registerProvidedSdk(runtimeDir: string): void {
  if (registered) return;
  registered = true;
  const parentURL = pathToFileURL(join(runtimeDir, 'sdk', 'index.js')).href;
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`, { data: { parentURL } });
}
