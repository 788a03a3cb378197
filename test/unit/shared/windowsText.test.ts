// Text as Windows editors write it: a UTF-8 byte order mark before the first character, CRLF line ends.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDotEnv } from '../../../src/invoke/lambdaEnvironment';
import { checkEventJson } from '../../../src/invoke/savedEvents';
import { moduleTypeOf } from '../../../src/model/handlers';
import { nodeFileSystem } from '../../../src/node/nodeFileSystem';
import { withoutBom } from '../../../src/shared/text';
import { runCli } from '../../../src/cli/main';
import { copyFixture } from '../helpers/cliHarness';
import { buildRuntime } from '../helpers/runtimeHarness';

const BOM = '\uFEFF';
const dir = mkdtempSync(join(tmpdir(), 'swb-bom-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('byte order marks and CRLF', () => {
  test('the mark goes, nothing else does', () => {
    assert.equal(withoutBom(`${BOM}{"a":1}`), '{"a":1}');
    assert.equal(withoutBom('{"a":1}'), '{"a":1}');
    assert.equal(withoutBom(`x${BOM}`), `x${BOM}`);
  });

  test('.env: the first variable survives a BOM, values carry no carriage return', () => {
    assert.deepEqual(parseDotEnv(`${BOM}API_KEY=abc\r\nexport TABLE="orders"\r\n# note\r\nEMPTY=\r\n`), { API_KEY: 'abc', TABLE: 'orders', EMPTY: '' });
  });

  test('a saved event with a BOM and CRLF parses', () => {
    assert.deepEqual(checkEventJson(`${BOM}{\r\n  "body": "x"\r\n}\r\n`), { body: 'x' });
  });

  test('files the model reads: a package.json saved with a BOM still says "type": "module"', async () => {
    writeFileSync(join(dir, 'package.json'), `${BOM}{\r\n  "type": "module"\r\n}\r\n`);
    writeFileSync(join(dir, 'app.js'), 'export const handler = async () => 1;\r\n');
    assert.equal(await moduleTypeOf(join(dir, 'app.js'), nodeFileSystem()), 'esm');
    assert.equal((await nodeFileSystem().readFile(join(dir, 'package.json')))?.charCodeAt(0), '{'.charCodeAt(0));
  });

  test('CLI: invoke --event with a file Notepad saved', async () => {
    const ws = copyFixture('workspace');
    try {
      const event = join(ws.dir, 'event.json');
      writeFileSync(event, `${BOM}{\r\n  "body": "{\\"total\\": 7}"\r\n}\r\n`);
      let stdout = '';
      const code = await runCli(['invoke', 'createOrder', '--event', event, '--json'], {
        cwd: join(ws.dir, 'orders-service'),
        env: { PATH: process.env.PATH },
        runtimeDir: buildRuntime(),
        stdout: (t) => (stdout += t),
        stderr: () => undefined,
        readStdin: async () => '',
        isTty: false,
      });
      const r = { code, stdout };
      assert.equal(r.code, 0, r.stdout.slice(0, 2000));
      const out = JSON.parse(r.stdout) as { result: { statusCode: number; body: string } };
      assert.equal(out.result.statusCode, 201);
      assert.equal((JSON.parse(out.result.body) as { total: number }).total, 7);
    } finally {
      ws.dispose();
    }
  });
});

describe('blocking reads (the CLI)', () => {
  test('the model file system answers the same with blocking reads: text without BOM, stats, sorted folders, missing paths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swb-fs-blocking-'));
    writeFileSync(join(dir, 'b.yml'), '\ufeffservice: b\r\n');
    writeFileSync(join(dir, 'a.json'), '{}');
    const look = async (blocking: boolean): Promise<unknown> => {
      const fs = nodeFileSystem({ blocking });
      return [await fs.readFile(join(dir, 'b.yml')), await fs.stat(join(dir, 'a.json')), await fs.stat(dir), await fs.readDirectory(dir), await fs.readFile(join(dir, 'none')), await fs.stat(join(dir, 'none')), await fs.readDirectory(join(dir, 'none'))];
    };
    const blocking = await look(true);
    assert.deepEqual(blocking, await look(false));
    assert.deepEqual(blocking, ['service: b\r\n', { type: 'file', size: 2 }, { type: 'directory', size: (await nodeFileSystem().stat(dir))!.size }, [{ name: 'a.json', type: 'file' }, { name: 'b.yml', type: 'file' }], undefined, undefined, []]);
    rmSync(dir, { recursive: true, force: true });
  });
});
