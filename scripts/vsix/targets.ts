/**
 * The packages `npm run package` builds: one per VS Code target, each with the esbuild binary of its platform
 * (esbuild's binaries are static, so the Alpine targets take the Linux ones), and a universal one with
 * esbuild-wasm for any platform without a package of its own.
 */
import type { Arch, ExecutableFormat } from './binaryFormat';

export interface NativeBinary {
  /** The npm package that carries it. */
  pkg: string;
  /** Its path inside that package. */
  file: string;
  format: ExecutableFormat;
  arch: Arch;
  bits: 32 | 64;
}

export interface VsixTarget {
  /** The `vsce --target` value; undefined for the universal package. */
  target?: string;
  /** What the package is for, in a sentence's words. */
  label: string;
  /** Undefined: the package carries esbuild-wasm. */
  native?: NativeBinary;
}

const linux = (arch: 'x64' | 'arm64' | 'arm'): NativeBinary => ({ pkg: `@esbuild/linux-${arch}`, file: 'bin/esbuild', format: 'elf', arch, bits: arch === 'arm' ? 32 : 64 });
const darwin = (arch: 'x64' | 'arm64'): NativeBinary => ({ pkg: `@esbuild/darwin-${arch}`, file: 'bin/esbuild', format: 'mach-o', arch, bits: 64 });
const win32 = (arch: 'x64' | 'arm64'): NativeBinary => ({ pkg: `@esbuild/win32-${arch}`, file: 'esbuild.exe', format: 'pe', arch, bits: 64 });

export const vsixTargets: VsixTarget[] = [
  { target: 'linux-x64', label: 'Linux x64', native: linux('x64') },
  { target: 'linux-arm64', label: 'Linux arm64', native: linux('arm64') },
  { target: 'linux-armhf', label: 'Linux armhf (32-bit ARM)', native: linux('arm') },
  { target: 'alpine-x64', label: 'Alpine Linux x64 (remote and containers)', native: linux('x64') },
  { target: 'alpine-arm64', label: 'Alpine Linux arm64 (remote and containers)', native: linux('arm64') },
  { target: 'darwin-x64', label: 'macOS Intel', native: darwin('x64') },
  { target: 'darwin-arm64', label: 'macOS Apple silicon', native: darwin('arm64') },
  { target: 'win32-x64', label: 'Windows x64', native: win32('x64') },
  { target: 'win32-arm64', label: 'Windows arm64', native: win32('arm64') },
  { label: 'any other platform (esbuild-wasm)' },
];

export function vsixFileName(t: VsixTarget): string {
  return `serverless-workbench-${t.target ?? 'universal'}.vsix`;
}
