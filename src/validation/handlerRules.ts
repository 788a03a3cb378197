import { pathApi } from '../model/paths';
import type { FunctionDef, Project } from '../model/types';
import type { FixData, Finding } from '../shared/finding';
import type { Rule } from './rule';
import { makeFinding } from './values';

const buildOutput = /^(dist|build|out|lib|\.build|\.webpack|\.esbuild|\.serverless|target|bin)[\\/]/;

function handlerRange(fn: FunctionDef): FunctionDef['keyRange'] {
  return fn.handler?.range ?? fn.keyRange;
}

export const handlerNotFoundRule: Rule = {
  id: 'handler-not-found',
  severity: 'error',
  description: "The handler's source file does not exist (after trying the runtime's and bundlers' extensions).",
  check(project) {
    const out: Finding[] = [];
    for (const fn of project.functions) {
      const info = fn.handlerInfo;
      if (info.file || info.notLocal || info.inline || info.candidates.length === 0) continue;
      const root = fn.codeRoot ?? project.root;
      const { basename, relative } = pathApi(root);
      const tried = info.candidates.slice(0, 3).map((c) => relative(root, c) || basename(c));
      const more = info.candidates.length > 3 ? ` and ${info.candidates.length - 3} more` : '';
      // A handler in a build output folder exists only after a build (tsc to dist/, webpack, …): a warning.
      const built = buildOutput.test(relative(root, info.candidates[0]));
      out.push(
        built
          ? makeFinding(fn.file, handlerRange(fn), this.id, 'warning', `Handler file not found (tried ${tried.join(', ')}${more}); it looks like build output: build first, or point the handler at the source.`)
          : makeFinding(fn.file, handlerRange(fn), this.id, 'error', `Handler file not found (tried ${tried.join(', ')}${more}); create it or fix the handler path.`),
      );
    }
    return out;
  },
};

/** A minimal export for the handler's language: it compiles and says it is a stub. */
function exportStub(file: string, name: string, esm: boolean): string | undefined {
  const ext = pathApi(file).extname(file);
  if (ext === '.py') return `\n\ndef ${name}(event, context):\n    raise RuntimeError("${name}: write this handler")\n`;
  if (!/^\.[cm]?[jt]sx?$/.test(ext)) return undefined;
  const useEsm = ext === '.mjs' || ext === '.mts' || (ext !== '.cjs' && ext !== '.cts' && (esm || ext === '.ts' || ext === '.tsx'));
  if (name === 'default') return useEsm ? `\nexport default async (event) => {\n  throw new Error('write this handler');\n};\n` : undefined;
  const param = ext.includes('t') && !ext.includes('j') ? 'event: unknown' : 'event';
  return useEsm
    ? `\nexport const ${name} = async (${param}) => {\n  throw new Error('${name}: write this handler');\n};\n`
    : `\nmodule.exports.${name} = async (${param}) => {\n  throw new Error('${name}: write this handler');\n};\n`;
}

export const handlerExportNotFoundRule: Rule = {
  id: 'handler-export-not-found',
  severity: 'warning',
  description: 'The handler file exists but does not export the named function.',
  check(project: Project) {
    const out: Finding[] = [];
    for (const fn of project.functions) {
      const info = fn.handlerInfo;
      // Only when the static scan is sure: re-exports and dynamic code leave exportFound undefined.
      if (info.exportFound !== false || !info.file) continue;
      const name = info.exportName ?? 'default';
      const { basename } = pathApi(info.file);
      const lf = info.fileEnd ? exportStub(info.file, name, info.moduleType === 'esm') : undefined;
      const stub = lf && info.crlf ? lf.replace(/\n/g, '\r\n') : lf;
      const fixes: FixData[] | undefined =
        stub && info.fileEnd ? [{ title: `Add an export stub "${name}" to ${basename(info.file)}`, edits: [{ file: info.file, range: { start: info.fileEnd, end: info.fileEnd }, newText: stub }] }] : undefined;
      out.push(makeFinding(fn.file, handlerRange(fn), this.id, 'warning', `${basename(info.file)} does not export "${name}"; export it or fix the handler name.`, fixes));
    }
    return out;
  },
};

export const handlerCaseMismatchRule: Rule = {
  id: 'handler-case-mismatch',
  severity: 'warning',
  description: "The handler's path differs in case from the file on disk: found on this machine's file system, not on Lambda's.",
  check(project: Project) {
    const out: Finding[] = [];
    for (const fn of project.functions) {
      const c = fn.handlerInfo.caseOnDisk;
      if (!c) continue;
      out.push(
        makeFinding(
          fn.file,
          handlerRange(fn),
          this.id,
          'warning',
          `The handler file is ${c.onDisk} on disk, not ${c.named}: found here because this file system ignores case, but Lambda's does not; match the case.`,
        ),
      );
    }
    return out;
  },
};
