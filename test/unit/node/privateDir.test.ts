import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { prepareHandler } from '../../../src/invoke/handlerBuild';
import { functionSettings } from '../../../src/invoke/lambdaEnvironment';
import type { PrivateDirHost } from '../../../src/node/privateDir';
import { ensurePrivateDir, privateTempFolder, processHost, UnsafeDirectoryError, userTempRoot } from '../../../src/node/privateDir';
import { projectWith } from '../helpers/runtimeHarness';

const posix = process.platform !== 'win32';
const mode = (p: string): number => statSync(p).mode & 0o777;

let scratch: string;
let savedTmp: string | undefined;
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'swb-private-'));
  // os.tmpdir() reads TMPDIR on every call: the per-user temp root of these tests lives in the scratch folder.
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
});
after(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(scratch, { recursive: true, force: true });
});

describe('private folders', () => {
  test('a new folder (and its missing parents) is created for this user alone', async () => {
    const dir = join(scratch, 'new', 'deep');
    assert.equal(await ensurePrivateDir(dir), dir);
    assert.ok(statSync(dir).isDirectory());
    if (posix) {
      assert.equal(mode(dir), 0o700);
      assert.equal(mode(dirname(dir)), 0o700);
    }
  });

  test('an existing folder of this user that others can read is tightened to 0700', async () => {
    const dir = join(scratch, 'loose');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    await ensurePrivateDir(dir);
    if (posix) assert.equal(mode(dir), 0o700);
  });

  test('a folder owned by another user is refused', async () => {
    const dir = join(scratch, 'theirs');
    mkdirSync(dir);
    const other: PrivateDirHost = { platform: 'linux', uid: lstatSync(dir).uid + 1 };
    await assert.rejects(ensurePrivateDir(dir, other), (err: Error) => err instanceof UnsafeDirectoryError && /belongs to another user/.test(err.message));
  });

  test('a symlink where the folder should be is refused, even to a folder of this user', async () => {
    const target = join(scratch, 'target');
    mkdirSync(target);
    const link = join(scratch, 'link');
    symlinkSync(target, link, 'dir');
    await assert.rejects(ensurePrivateDir(link), (err: Error) => err instanceof UnsafeDirectoryError && /not a plain directory/.test(err.message));
  });

  test('Windows: the per-user temp directory is trusted as it is (no uid, no mode bits)', async () => {
    const dir = join(scratch, 'win');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    await ensurePrivateDir(dir, { platform: 'win32', uid: undefined });
    if (posix) assert.equal(mode(dir), 0o755);
  });

  test('the per-user temp root is named after the user id, under the temp directory', () => {
    assert.equal(userTempRoot({ platform: 'linux', uid: 1000 }, '/tmp'), '/tmp/serverless-workbench-1000');
    assert.match(userTempRoot({ platform: 'win32', uid: undefined }, 'C:\\Temp'), /^C:\\Temp[\\/]serverless-workbench-[A-Za-z0-9._-]+$/);
  });

  test('a planted per-user temp root is passed over for a fresh random private folder', async () => {
    const host: PrivateDirHost = { ...processHost, uid: (processHost.uid ?? 0) + 4242 };
    if (!posix) host.platform = 'linux';
    // Someone else's folder (as the checks see it) sits where this user's would be.
    const planted = userTempRoot(host);
    mkdirSync(planted, { recursive: true });
    const dir = await privateTempFolder('build', { ...host, uid: lstatSync(planted).uid + 1 });
    assert.ok(!dir.startsWith(planted), dir);
    assert.ok(dir.startsWith(scratch), dir);
    assert.equal(await privateTempFolder('build', { ...host, uid: lstatSync(planted).uid + 1 }), dir, 'the fallback is reused within the process');
  });
});

describe('TypeScript bundles go to a private folder', () => {
  test('without a build root: the per-user temp folder, 0700', async () => {
    const { project } = await projectWith({
      'serverless.yml': 'service: b\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  hello:\n    handler: src/app.handler\n',
      'src/app.ts': 'export const handler = async (): Promise<number> => 1;\n',
    });
    const fn = project.functions[0];
    const prepared = await prepareHandler(fn, functionSettings(fn, project));
    assert.equal(prepared.buildError, undefined, JSON.stringify(prepared.buildError));
    const root = join(userTempRoot(), 'build');
    assert.ok(prepared.modulePath.startsWith(root), `${prepared.modulePath} is under ${root}`);
    if (posix) {
      assert.equal(mode(userTempRoot()), 0o700);
      assert.equal(mode(root), 0o700);
    }
  });

  test('with a build root (the extension storage): that folder, checked', async () => {
    const { project } = await projectWith({
      'serverless.yml': 'service: b\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  hello:\n    handler: src/app.handler\n',
      'src/app.ts': 'export const handler = async (): Promise<number> => 2;\n',
    });
    const fn = project.functions[0];
    const storage = join(scratch, 'globalStorage', 'build');
    const prepared = await prepareHandler(fn, functionSettings(fn, project), storage);
    assert.ok(prepared.modulePath.startsWith(storage));
    if (posix) assert.equal(mode(storage), 0o700);
    const planted = join(scratch, 'planted-build');
    symlinkSync(join(scratch, 'globalStorage'), planted, 'dir');
    await assert.rejects(prepareHandler(fn, functionSettings(fn, project), planted), UnsafeDirectoryError);
  });
});
