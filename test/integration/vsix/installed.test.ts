// Runs against the packaged .vsix installed into a fresh extensions folder (see vsixSmoke.ts).
import * as assert from 'node:assert/strict';
import { resolve, sep } from 'node:path';
import { activatedExtension, assertCommandsRegistered } from '../harness/extension';

suite('Packaged extension', () => {
  test('installed .vsix is present, activates and registers its commands', async () => {
    const extension = await activatedExtension();
    // Guards against testing the development copy by mistake: it must come from the extensions dir.
    const expectedDir = process.env.SWB_EXPECT_EXTENSIONS_DIR;
    if (expectedDir) {
      assert.ok(
        resolve(extension.extensionPath).startsWith(resolve(expectedDir) + sep),
        `loaded from ${extension.extensionPath}, not from the installed extensions dir ${expectedDir}`,
      );
    }
    await assertCommandsRegistered(extension);
  });
});
