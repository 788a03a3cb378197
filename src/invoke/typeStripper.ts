/**
 * The export scan's type stripper: esbuild's `transform` turns a TypeScript, TSX or JSX handler into JavaScript
 * with the same imports and exports (types erased, nothing bundled, nothing run) plus a source map back to the
 * original lines. esbuild is loaded on the first TypeScript handler the model scans, not at activation; when it
 * cannot run here, the scan reads the TypeScript as it is (es-module-lexer tolerates most of it).
 */
import type { TypeStripper } from '../model/exportScan';
import type { Esbuild } from './esbuildLoader';
import { loadEsbuild } from './esbuildLoader';

function loaderFor(file: string): 'ts' | 'tsx' | 'jsx' | undefined {
  if (/\.[cm]?ts$/.test(file)) return 'ts';
  if (file.endsWith('.tsx')) return 'tsx';
  if (file.endsWith('.jsx')) return 'jsx';
  return undefined;
}

/** A stripper on the given esbuild (loaded lazily by default; loading is tried once). */
export function esbuildTypeStripper(load: () => Promise<Esbuild> = async () => (await loadEsbuild()).esbuild): TypeStripper {
  let esbuild: Promise<Esbuild | undefined> | undefined;
  return async (text, file) => {
    const loader = loaderFor(file);
    if (!loader) return undefined;
    esbuild ??= load().catch(() => undefined);
    const es = await esbuild;
    if (!es) return undefined;
    try {
      // No tsconfig: the syntax alone decides what is a type. JSX becomes calls, which the lexers read.
      const out = await es.transform(text, { loader, sourcefile: file, sourcemap: 'external', target: 'esnext', tsconfigRaw: {}, logLevel: 'silent' });
      return { code: out.code, map: out.map };
    } catch {
      return undefined;
    }
  };
}
