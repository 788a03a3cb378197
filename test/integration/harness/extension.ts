// What every suite needs about the extension under test: where it is, what it contributes.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/vscode/extension';
import { recordPosted } from './posted';

export const EXTENSION_ID = 'serverless-workbench.serverless-workbench';

interface Manifest {
  contributes?: { commands?: { command: string }[] };
}

/** The extension under test, activated; fails with the ids VS Code knows when it is missing. */
export async function activatedExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) {
    const known = vscode.extensions.all.filter((e) => !e.packageJSON?.isBuiltin).map((e) => e.id);
    assert.fail(`extension ${EXTENSION_ID} is not loaded; non-builtin extensions: ${known.join(', ') || 'none'}`);
  }
  await extension.activate();
  assert.equal(extension.isActive, true, `${EXTENSION_ID} did not become active`);
  return extension;
}

/** Command ids contributed by the manifest on disk (the package.json next to the loaded code). */
export function contributedCommands(extension: vscode.Extension<unknown>): string[] {
  const manifest = JSON.parse(readFileSync(join(extension.extensionPath, 'package.json'), 'utf8')) as Manifest;
  return (manifest.contributes?.commands ?? []).map((c) => c.command);
}

/** Asserts that each contributed command has a handler registered in this extension host. */
export async function assertCommandsRegistered(extension: vscode.Extension<unknown>): Promise<void> {
  const contributed = contributedCommands(extension);
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = contributed.filter((id) => !registered.has(id));
  assert.deepEqual(missing, [], `contributed commands without a registered handler: ${missing.join(', ')}`);
}

/** The activated extension's API, after the first workspace scan. */
export async function extensionApi(): Promise<ExtensionApi> {
  const a = (await activatedExtension()).exports as ExtensionApi;
  // Before any test opens the Invoke view or a panel, so every message they are sent is seen (harness/posted.ts).
  recordPosted(a);
  await a.model.ready();
  return a;
}

/** A path in the (temporary copy of the) fixture workspace. */
export function workspaceFile(...parts: string[]): string {
  return join(vscode.workspace.workspaceFolders![0].uri.fsPath, ...parts);
}
