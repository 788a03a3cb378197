// The proofs that generated code is valid in its language, with the tools a developer has offline:
// tsc (with @types/aws-lambda and the real AWS SDK / @azure/functions types), `node --check`,
// `python3 -m py_compile`, and a tree-sitter C# grammar (web-tree-sitter + tree-sitter-c-sharp's wasm).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const repoRoot = join(__dirname, '..', '..', '..');

/** A scratch folder inside the repo (git-ignored .cache/), so module resolution finds the repo's node_modules. */
export function scratchDir(name: string): { dir: string; dispose: () => void } {
  const base = join(repoRoot, '.cache');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `${name}-`));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface SourceFile {
  name: string;
  text: string;
}

/** Type-checks TypeScript files (and JavaScript with JSDoc types, with checkJs); one line per diagnostic (empty when clean). */
export function typeCheck(files: SourceFile[], options: { checkJs?: boolean } = {}): string[] {
  const { dir, dispose } = scratchDir('tsc');
  try {
    const paths = files.map((f) => {
      const p = join(dir, f.name);
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, f.text);
      return p;
    });
    const program = ts.createProgram(paths, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: false,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      allowJs: options.checkJs,
      checkJs: options.checkJs,
      types: ['node', 'aws-lambda'],
      typeRoots: [join(repoRoot, 'node_modules', '@types')],
    });
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  } finally {
    dispose();
  }
}

/** `node --check` on each file; returns the failures. */
export function nodeCheck(files: SourceFile[]): string[] {
  return runEach(files, 'node-check', (p) => execFileSync(process.execPath, ['--check', p], { stdio: 'pipe' }));
}

/** `python3 -m py_compile` on each file; returns the failures. */
export function pyCompile(files: SourceFile[]): string[] {
  return runEach(files, 'py-compile', (p) => execFileSync('python3', ['-m', 'py_compile', p], { stdio: 'pipe', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONPYCACHEPREFIX: join(p, '..', '.pyc') } }));
}

function runEach(files: SourceFile[], name: string, check: (path: string) => void): string[] {
  const { dir, dispose } = scratchDir(name);
  const failures: string[] = [];
  try {
    for (const f of files) {
      const p = join(dir, f.name);
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, f.text);
      try {
        check(p);
      } catch (err) {
        const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? String(err);
        failures.push(`${f.name}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
      }
    }
  } finally {
    dispose();
  }
  return failures;
}

interface CSharpParser {
  parse(text: string): { rootNode: { hasError: boolean; descendantsOfType(type: string | string[]): Array<{ startPosition: { row: number } }> } } | null;
}

let csharp: Promise<CSharpParser> | undefined;

/** A C# parser from the tree-sitter grammar's wasm build (no .NET SDK needed). */
async function csharpParser(): Promise<CSharpParser> {
  csharp ??= (async () => {
    const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init();
    const language = await Language.load(join(repoRoot, 'node_modules', 'tree-sitter-c-sharp', 'tree-sitter-c_sharp.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser as unknown as CSharpParser;
  })();
  return csharp;
}

/** Parses each file as C#; returns the files with syntax errors (with the first error's line). */
export async function csharpSyntaxCheck(files: SourceFile[]): Promise<string[]> {
  const parser = await csharpParser();
  const failures: string[] = [];
  for (const f of files) {
    const tree = parser.parse(f.text);
    if (!tree) {
      failures.push(`${f.name}: not parsed`);
      continue;
    }
    if (tree.rootNode.hasError) {
      const bad = tree.rootNode.descendantsOfType(['ERROR', 'MISSING'])[0];
      failures.push(`${f.name}: syntax error${bad ? ` near line ${bad.startPosition.row + 1}` : ''}`);
    }
  }
  return failures;
}
