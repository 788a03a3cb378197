/**
 * Opens a built .vsix and checks that it carries what its target runs: the bundles, the manifest's target, and
 * esbuild: the native binary in the format and for the processor of the target (ELF / Mach-O / PE, x64 / arm64 /
 * arm), executable where the platform cares, or esbuild-wasm in the universal package or as a target's fallback.
 */
import type { ArchiveEntry } from './archives';
import { readZip } from './archives';
import { describeExecutable, executableFormat } from './binaryFormat';
import type { VsixTarget } from './targets';

export interface PackageReport {
  /** What was found, for the log: `esbuild 0.28.2, @esbuild/darwin-arm64: Mach-O 64-bit arm64`. */
  summary: string;
  problems: string[];
}

const E = 'extension/';

function json(entry: ArchiveEntry | undefined): Record<string, unknown> | undefined {
  try {
    return entry ? (JSON.parse(entry.read().toString('utf8')) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks one package. `esbuildVersion` is the version the lock file pins; `wasmFallback` accepts esbuild-wasm in a
 * targeted package (when packaging had to fall back, and said so).
 */
export function checkPackage(vsix: Buffer, t: VsixTarget, esbuildVersion: string, wasmFallback = false): PackageReport {
  const problems: string[] = [];
  let entries: Map<string, ArchiveEntry>;
  try {
    entries = readZip(vsix);
  } catch (err) {
    return { summary: 'unreadable', problems: [`not a readable .vsix: ${(err as Error).message}`] };
  }
  for (const required of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/cli.js', 'extension/dist/cliMain.js', 'extension/dist/runtime/nodeBootstrap.js', 'extension.vsixmanifest']) {
    if (!entries.has(required)) problems.push(`${required} is missing`);
  }
  const manifest = entries.get('extension.vsixmanifest')?.read().toString('utf8') ?? '';
  const platform = /TargetPlatform="([^"]+)"/.exec(manifest)?.[1];
  if (platform !== t.target) problems.push(`the manifest's target platform is ${platform ?? 'none'}, not ${t.target ?? 'none (universal)'}`);

  const binaries = [...entries.keys()].filter((n) => /^extension\/node_modules\/@esbuild\/[^/]+\/(bin\/esbuild|esbuild\.exe)$/.test(n));
  const wasm = entries.get(`${E}node_modules/esbuild-wasm/esbuild.wasm`);
  const versionOf = (pkg: string): unknown => json(entries.get(`${E}node_modules/${pkg}/package.json`))?.version;
  const parts: string[] = [];

  if (t.native && !(wasmFallback && wasm)) {
    const expectedPath = `${E}node_modules/${t.native.pkg}/${t.native.file}`;
    const binary = entries.get(expectedPath);
    if (!entries.has(`${E}node_modules/esbuild/lib/main.js`)) problems.push('node_modules/esbuild/lib/main.js (the esbuild API) is missing');
    if (versionOf('esbuild') !== esbuildVersion) problems.push(`esbuild is ${String(versionOf('esbuild'))}, not ${esbuildVersion}`);
    if (versionOf(t.native.pkg) !== esbuildVersion) problems.push(`${t.native.pkg} is ${String(versionOf(t.native.pkg))}, not ${esbuildVersion}`);
    const others = binaries.filter((b) => b !== expectedPath);
    if (others.length) problems.push(`binaries of other platforms: ${others.map((b) => b.slice(E.length)).join(', ')}`);
    if (wasm) problems.push('esbuild-wasm is there too (only the native binary belongs in this package)');
    if (!binary) problems.push(`${expectedPath.slice(E.length)} is missing`);
    else {
      const found = executableFormat(binary.read().subarray(0, 4096));
      const wanted = { format: t.native.format, arch: t.native.arch, bits: t.native.bits };
      if (found?.format !== wanted.format || found.arch !== wanted.arch || found.bits !== wanted.bits) {
        problems.push(`${t.native.pkg}/${t.native.file} is ${describeExecutable(found)}, not ${describeExecutable(wanted)}`);
      }
      // VS Code keeps the zip entry's mode when it installs a .vsix: the binary must be executable (not on Windows).
      if (t.native.format !== 'pe' && binary.mode !== undefined && (binary.mode & 0o111) === 0) problems.push(`${t.native.file} is not executable (mode ${binary.mode.toString(8)})`);
      parts.push(`esbuild ${String(versionOf('esbuild'))}, ${t.native.pkg}: ${describeExecutable(found)}${binary.mode !== undefined ? `, mode ${binary.mode.toString(8)}` : ''}`);
    }
  } else {
    if (!wasm) problems.push('node_modules/esbuild-wasm/esbuild.wasm is missing');
    else if (wasm.read().readUInt32BE(0) !== 0x0061736d) problems.push('esbuild.wasm is not a WebAssembly module');
    for (const f of ['lib/main.js', 'bin/esbuild', 'wasm_exec_node.js', 'wasm_exec.js']) if (!entries.has(`${E}node_modules/esbuild-wasm/${f}`)) problems.push(`esbuild-wasm/${f} is missing`);
    if (versionOf('esbuild-wasm') !== esbuildVersion) problems.push(`esbuild-wasm is ${String(versionOf('esbuild-wasm'))}, not ${esbuildVersion}`);
    if (binaries.length) problems.push(`native binaries in a WebAssembly package: ${binaries.map((b) => b.slice(E.length)).join(', ')}`);
    parts.push(`esbuild-wasm ${String(versionOf('esbuild-wasm'))}${wasmFallback ? ' (fallback: no native binary could be had)' : ''}`);
  }
  return { summary: parts.join('; '), problems };
}
