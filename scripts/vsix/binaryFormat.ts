/**
 * What kind of executable a file is, read from its header: ELF (Linux), Mach-O (macOS) or PE (Windows), and the
 * processor it is for. Enough to tell that a package carries the binary its target needs.
 */
export type ExecutableFormat = 'elf' | 'mach-o' | 'pe';
export type Arch = 'x64' | 'arm64' | 'arm' | 'ia32' | 'other';

export interface Executable {
  format: ExecutableFormat;
  arch: Arch;
  /** 32 or 64 bit. */
  bits: 32 | 64;
}

const elfMachines: Record<number, Arch> = { 0x3e: 'x64', 0xb7: 'arm64', 0x28: 'arm', 0x03: 'ia32' };
const machoCpus: Record<number, Arch> = { 0x01000007: 'x64', 0x0100000c: 'arm64', 0x0000000c: 'arm', 0x00000007: 'ia32' };
const peMachines: Record<number, Arch> = { 0x8664: 'x64', 0xaa64: 'arm64', 0x01c4: 'arm', 0x014c: 'ia32' };

/** The executable format of `bytes` (the first few KB of a file are enough), or undefined when it is none of the three. */
export function executableFormat(bytes: Buffer): Executable | undefined {
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46) {
    const bits = bytes[4] === 2 ? 64 : 32;
    const machine = bytes[5] === 1 ? bytes.readUInt16LE(18) : bytes.readUInt16BE(18);
    return { format: 'elf', arch: elfMachines[machine] ?? 'other', bits };
  }
  if (bytes.length >= 8) {
    const magic = bytes.readUInt32LE(0);
    if (magic === 0xfeedfacf || magic === 0xfeedface) {
      return { format: 'mach-o', arch: machoCpus[bytes.readUInt32LE(4)] ?? 'other', bits: magic === 0xfeedfacf ? 64 : 32 };
    }
  }
  if (bytes.length >= 0x40 && bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    if (pe + 24 <= bytes.length && bytes.toString('latin1', pe, pe + 4) === 'PE\0\0') {
      // The optional header's magic tells PE32 (0x10b) from PE32+ (0x20b).
      const bits = bytes.readUInt16LE(pe + 24) === 0x20b ? 64 : 32;
      return { format: 'pe', arch: peMachines[bytes.readUInt16LE(pe + 4)] ?? 'other', bits };
    }
  }
  return undefined;
}

export function describeExecutable(e: Executable | undefined): string {
  return e ? `${e.format === 'elf' ? 'ELF' : e.format === 'pe' ? 'PE' : 'Mach-O'} ${e.bits}-bit ${e.arch}` : 'not an executable';
}
