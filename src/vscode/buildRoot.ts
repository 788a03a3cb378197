import type * as vscode from 'vscode';
import { join } from 'node:path';
import { userTempRoot } from '../node/privateDir';

/**
 * Where the extension builds TypeScript handlers: its global storage, which lives in the user's own profile (the
 * runtime checks it is private before use). Only when that storage is not on the local file system does the
 * per-user temp folder stand in. The debugger reads source maps from the same folder.
 */
export function extensionBuildRoot(context: vscode.ExtensionContext): string {
  const storage = context.globalStorageUri;
  return storage.scheme === 'file' ? join(storage.fsPath, 'build') : join(userTempRoot(), 'build');
}
