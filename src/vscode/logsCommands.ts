import * as vscode from 'vscode';
import { basename, relative } from 'node:path';
import type { TailedFunction } from '../logs/functionTail';
import type { Project } from '../model/types';
import type { TreeNode } from './functionsTree';
import type { Services } from './services';
import { functionDescription } from './functionsTree';
import { commandIds, viewIds } from './ids';
import { LogsController } from './logsController';
import { LogsViewProvider } from './logsView';
import type { WorkspaceModel } from './workspaceModel';

export interface LogsFeature {
  view: LogsViewProvider;
  controller: LogsController;
}

/** The Logs view, its commands (Tail Logs…, Stop, Clear), the tree action and the "Logs" CodeLens. */
export function registerLogs(context: vscode.ExtensionContext, services: Services): LogsFeature {
  const view = new LogsViewProvider(context.extensionUri);
  const controller = new LogsController(view, services.localLogBus, services.log, services);
  const { commands } = services;
  context.subscriptions.push(
    view,
    controller,
    // Kept alive while another panel tab is in front, so the lines survive; closing the view stops the tail.
    vscode.window.registerWebviewViewProvider(viewIds.logs, view, { webviewOptions: { retainContextWhenHidden: true } }),
    commands.register('tailLogs', async (arg?: unknown) => {
      const picked = await targetsFromArg(services.model, arg);
      if (picked) await controller.start(picked.functions, picked.title);
    }),
    commands.register('stopLogs', () => controller.stop()),
    commands.register('clearLogs', () => controller.clear()),
    // "Logs" above each function in a config (CloudWatch for Lambda; the function app's logs for Azure).
    services.codeLenses.add(({ fn, where }) =>
      where === 'config' ? { title: '$(output) Logs', tooltip: `Tail the logs of ${fn.name} in the Logs view`, command: commandIds.tailLogs, arguments: [fn.id] } : undefined,
    ),
  );
  return { view, controller };
}

/** What a Tail Logs command was invoked on: a tree node, a function id (CodeLens), or a quick pick. */
async function targetsFromArg(model: WorkspaceModel, arg: unknown): Promise<{ functions: TailedFunction[]; title: string } | undefined> {
  await model.ready();
  if (typeof arg === 'string') {
    const ref = model.functionById(arg);
    if (ref) return { functions: [ref], title: ref.fn.name };
  }
  if (arg && typeof arg === 'object' && 'kind' in arg) {
    const node = arg as TreeNode;
    if (node.kind === 'project') return projectTargets(node.project);
    const ref = model.functionById(node.fn.id);
    if (ref) return { functions: [ref], title: ref.fn.name };
  }
  return pickTargets(model);
}

function projectTargets(project: Project): { functions: TailedFunction[]; title: string } | undefined {
  if (project.functions.length === 0) {
    void vscode.window.showInformationMessage(`${projectName(project)} has no functions to tail.`);
    return undefined;
  }
  return { functions: project.functions.map((fn) => ({ fn, project })), title: `${projectName(project)} (${project.functions.length} functions)` };
}

function projectName(project: Project): string {
  return project.service ?? basename(project.root);
}

async function pickTargets(model: WorkspaceModel): Promise<{ functions: TailedFunction[]; title: string } | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  type Item = vscode.QuickPickItem & { pick?: () => { functions: TailedFunction[]; title: string } | undefined };
  const items: Item[] = [];
  for (const project of model.projects()) {
    if (project.functions.length === 0) continue;
    items.push({ label: projectName(project), kind: vscode.QuickPickItemKind.Separator });
    items.push({
      label: `$(folder) ${projectName(project)}: all ${project.functions.length} functions`,
      detail: root ? relative(root, project.file) : project.file,
      pick: () => projectTargets(project),
    });
    for (const fn of project.functions) {
      items.push({ label: `$(symbol-function) ${fn.name}`, description: functionDescription(fn), pick: () => ({ functions: [{ fn, project }], title: fn.name }) });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No functions found in this workspace. Open a folder with a serverless.yml, a SAM template or an Azure Functions app.');
    return undefined;
  }
  const chosen = await vscode.window.showQuickPick(items, { placeHolder: 'Tail the logs of a function or a whole project', matchOnDescription: true, matchOnDetail: true });
  return chosen?.pick?.();
}

