/** The result of a cold-start analysis: computed in src/analysis, shown by the extension's view and tooltip. */

/** A module of the bundle: a file of the function or of a package. */
export interface ModuleSize {
  /** Path relative to the function's code folder. */
  path: string;
  /** The npm package it belongs to; undefined for the function's own files. */
  packageName?: string;
  bytes: number;
}

export interface PackageSize {
  name: string;
  bytes: number;
  modules: number;
  /** Install folders (more than one: duplicated copies). */
  roots: string[];
}

/** A direct import of the handler module and what it brings into the bundle. */
export interface DirectImport {
  specifier: string;
  /** 0-based line in the handler module; undefined when only esbuild saw it. */
  line?: number;
  kind: 'import' | 'require' | 'dynamic';
  /** Left out of the bundle: provided by the runtime, or a Node built-in. */
  external: boolean;
  externalReason?: 'runtime' | 'builtin' | 'unresolved';
  /** Bytes of every module reachable through this import (modules shared with other imports count in each). */
  bytes: number;
  modules: number;
}

export type AdviceId =
  | 'aws-sdk-v2'
  | 'large-package-few-exports'
  | 'client-per-invocation'
  | 'top-level-await'
  | 'top-level-sync-work'
  | 'large-bundle'
  | 'duplicate-package'
  | 'unresolved-import';

export interface Advice {
  id: AdviceId;
  severity: 'warning' | 'info';
  /** One line saying what is wrong. */
  title: string;
  /** What to do about it. */
  detail: string;
  /** 0-based line in the handler module, when the advice is about one. */
  line?: number;
}

export interface ColdStartReport {
  functionId: string;
  functionName: string;
  handlerFile: string;
  runtime: string;
  /** esbuild target, e.g. `node20`. */
  target: string;
  format: 'esm' | 'cjs';
  /** Minified bundle size in bytes: what the runtime parses and evaluates at init. */
  bundleBytes: number;
  moduleCount: number;
  /** Heaviest first. */
  modules: ModuleSize[];
  packages: PackageSize[];
  imports: DirectImport[];
  /** Left out of the bundle because the runtime provides them. */
  runtimeProvided: string[];
  advice: Advice[];
  /** Time the analysis took. */
  durationMs: number;
}

const KB = 1024;

export function formatBytes(bytes: number): string {
  if (bytes < KB) return `${bytes} B`;
  if (bytes < 1024 * KB) return `${(bytes / KB).toFixed(bytes < 10 * KB ? 1 : 0)} KB`;
  return `${(bytes / (1024 * KB)).toFixed(2)} MB`;
}

/** One line for a tooltip or a CLI summary: `412 KB bundle · 38 modules · 2 warnings · heaviest: lodash 70 KB`. */
export function summarizeReport(r: ColdStartReport): string {
  const warnings = r.advice.filter((a) => a.severity === 'warning').length;
  const parts = [`${formatBytes(r.bundleBytes)} bundle`, `${r.moduleCount} module${r.moduleCount === 1 ? '' : 's'}`];
  parts.push(warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : 'no warnings');
  const heaviest = r.packages[0];
  if (heaviest) parts.push(`heaviest: ${heaviest.name} ${formatBytes(heaviest.bytes)}`);
  return parts.join(' · ');
}
