import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { openSync, readSync, closeSync } from 'node:fs';
import { arch } from 'node:os';
import type { Executable } from '../../../scripts/vsix/binaryFormat';
import { describeExecutable, executableFormat } from '../../../scripts/vsix/binaryFormat';

function head(file: string, bytes = 4096): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    return buf.subarray(0, readSync(fd, buf, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

/** Headers as the linkers write them, down to the fields the detection reads. */
function elf(bits: 32 | 64, machine: number): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = bits === 64 ? 2 : 1;
  b[5] = 1; // little-endian
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(machine, 18);
  return b;
}
function macho(cpu: number): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeUInt32LE(cpu, 4);
  return b;
}
function pe(machine: number, optionalMagic = 0x20b): Buffer {
  const b = Buffer.alloc(0x200);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(machine, 0x84);
  b.writeUInt16LE(optionalMagic, 0x80 + 24);
  return b;
}

describe('executable formats', () => {
  const cases: Array<[string, Buffer, Executable | undefined]> = [
    ['ELF x86-64 (linux-x64, alpine-x64)', elf(64, 0x3e), { format: 'elf', arch: 'x64', bits: 64 }],
    ['ELF AArch64 (linux-arm64, alpine-arm64)', elf(64, 0xb7), { format: 'elf', arch: 'arm64', bits: 64 }],
    ['ELF ARM 32-bit (linux-armhf)', elf(32, 0x28), { format: 'elf', arch: 'arm', bits: 32 }],
    ['Mach-O x86_64 (darwin-x64)', macho(0x01000007), { format: 'mach-o', arch: 'x64', bits: 64 }],
    ['Mach-O arm64 (darwin-arm64)', macho(0x0100000c), { format: 'mach-o', arch: 'arm64', bits: 64 }],
    ['PE32+ AMD64 (win32-x64)', pe(0x8664), { format: 'pe', arch: 'x64', bits: 64 }],
    ['PE32+ ARM64 (win32-arm64)', pe(0xaa64), { format: 'pe', arch: 'arm64', bits: 64 }],
    ['PE32 i386', pe(0x14c, 0x10b), { format: 'pe', arch: 'ia32', bits: 32 }],
    ['an unknown ELF machine', elf(64, 0xf3), { format: 'elf', arch: 'other', bits: 64 }],
    ['WebAssembly', Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), undefined],
    ['a shell script', Buffer.from('#!/bin/sh\necho hi\n'), undefined],
    ['MZ without a PE header', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(0x80)]), undefined],
    ['a truncated ELF header', elf(64, 0x3e).subarray(0, 10), undefined],
    ['nothing', Buffer.alloc(0), undefined],
  ];
  for (const [name, bytes, expected] of cases) {
    test(name, () => assert.deepEqual(executableFormat(bytes), expected));
  }

  test('this machine\'s own Node.js is read as what it is', () => {
    const found = executableFormat(head(process.execPath));
    const format = process.platform === 'win32' ? 'pe' : process.platform === 'darwin' ? 'mach-o' : 'elf';
    assert.equal(found?.format, format);
    assert.equal(found?.arch, arch() === 'x64' || arch() === 'arm64' || arch() === 'arm' ? arch() : 'other');
  });

  test('descriptions', () => {
    assert.equal(describeExecutable({ format: 'mach-o', arch: 'arm64', bits: 64 }), 'Mach-O 64-bit arm64');
    assert.equal(describeExecutable(undefined), 'not an executable');
  });
});
