import * as vscode from 'vscode';
import { relative } from 'node:path';
import type { FunctionDef, Project } from '../model/types';
import type { TreeNode } from './functionsTree';
import { functionDescription } from './functionsTree';
import type { WorkspaceModel } from './workspaceModel';

export interface FunctionRef {
  project: Project;
  fn: FunctionDef;
}

/**
 * Resolves the function a command was invoked on: a tree node, a function id (CodeLens, tests), or, when
 * the command came from the palette, a quick pick over every function of the workspace.
 */
export async function functionFromArg(model: WorkspaceModel, arg: unknown, placeHolder: string, filter?: (ref: FunctionRef) => boolean): Promise<FunctionRef | undefined> {
  await model.ready();
  if (typeof arg === 'string') return model.functionById(arg);
  if (arg && typeof arg === 'object' && 'kind' in arg) {
    const node = arg as TreeNode;
    if (node.kind === 'function' || node.kind === 'trigger') return model.functionById(node.fn.id);
  }
  return pickFunction(model, placeHolder, filter);
}

export async function pickFunction(model: WorkspaceModel, placeHolder: string, filter?: (ref: FunctionRef) => boolean): Promise<FunctionRef | undefined> {
  const all = model.allFunctions().filter((r) => !filter || filter(r));
  if (all.length === 0) {
    void vscode.window.showInformationMessage('No functions found in this workspace. Open a folder with a serverless.yml, a SAM template or an Azure Functions app.');
    return undefined;
  }
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const items = all.map((ref) => ({
    label: `$(symbol-function) ${ref.fn.name}`,
    description: functionDescription(ref.fn),
    detail: root ? relative(root, ref.fn.file) : ref.fn.file,
    ref,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.ref;
}
