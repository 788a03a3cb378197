import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedExtension, assertCommandsRegistered, contributedCommands } from '../harness/extension';

suite('Smoke', () => {
  test('opens the fixture workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'expected exactly one workspace folder');
  });

  test('extension activates', async () => {
    await activatedExtension();
  });

  test('every contributed command is registered', async () => {
    const extension = await activatedExtension();
    assert.ok(contributedCommands(extension).length > 0, 'package.json contributes no commands');
    await assertCommandsRegistered(extension);
  });
});
