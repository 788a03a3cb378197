import * as vscode from 'vscode';
import { basename, dirname, relative } from 'node:path';
import { isDefault } from '../model/defaults';
import { handlerLabel, runtimeFamily } from '../model/handlers';
import type { FunctionDef, Project, Trigger } from '../model/types';
import { displayValue } from '../model/types';
import { commandIds, contextKeys, viewIds } from './ids';
import { triggerDetail, triggerIcons } from './triggerDisplay';
import type { WorkspaceModel } from './workspaceModel';

export type TreeNode =
  | { kind: 'project'; project: Project }
  | { kind: 'function'; project: Project; fn: FunctionDef }
  | { kind: 'trigger'; project: Project; fn: FunctionDef; trigger: Trigger; index: number };

const kindLabels: Record<Project['kind'], string> = {
  'serverless-framework': 'Serverless Framework',
  sam: 'SAM',
  cloudformation: 'CloudFormation',
  'azure-functions': 'Azure Functions',
};

/** Extra Markdown for a function's tooltip from another feature (the cold-start summary); undefined for none. */
export type TooltipExtra = (fn: FunctionDef) => string | undefined;

/** Project → function → trigger, read from the shared model; refreshes itself when the model changes. */
export class FunctionsTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly tooltipExtras: TooltipExtra[] = [];

  constructor(private readonly model: WorkspaceModel) {}

  refresh(): void {
    this.emitter.fire(undefined);
  }

  /** Lets another feature add lines to function tooltips without the tree knowing about it. */
  addTooltipExtra(extra: TooltipExtra): vscode.Disposable {
    this.tooltipExtras.push(extra);
    return new vscode.Disposable(() => this.tooltipExtras.splice(this.tooltipExtras.indexOf(extra), 1));
  }

  dispose(): void {
    this.emitter.dispose();
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.model.projects().map((project) => ({ kind: 'project', project }));
    if (node.kind === 'project') return node.project.functions.map((fn) => ({ kind: 'function', project: node.project, fn }));
    if (node.kind === 'function') return node.fn.triggers.map((trigger, index) => ({ kind: 'trigger', project: node.project, fn: node.fn, trigger, index }));
    return [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'function') return { kind: 'project', project: node.project };
    if (node.kind === 'trigger') return { kind: 'function', project: node.project, fn: node.fn };
    return undefined;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'project':
        return projectItem(node.project);
      case 'function': {
        const item = functionItem(node.project, node.fn);
        for (const extra of this.tooltipExtras) {
          const md = extra(node.fn);
          if (md) (item.tooltip as vscode.MarkdownString).appendMarkdown(`${md}\n\n`);
        }
        return item;
      }
      case 'trigger':
        return triggerItem(node.fn, node.trigger, node.index);
    }
  }
}

function workspaceRelative(file: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
  return folder ? relative(folder.uri.fsPath, file) : file;
}

function projectItem(p: Project): vscode.TreeItem {
  const folderName = basename(dirname(p.file));
  const label = p.service && p.kind !== 'azure-functions' ? p.service : folderName;
  const item = new vscode.TreeItem(label, p.functions.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = `project:${p.file}`;
  item.description = `${kindLabels[p.kind]} · ${workspaceRelative(p.file)}`;
  const errors = p.findings.filter((f) => f.severity === 'error' && (f.rule === 'yaml-syntax' || f.rule === 'config-shape' || f.rule === 'yaml-too-complex'));
  item.iconPath = new vscode.ThemeIcon(errors.length ? 'warning' : p.kind === 'azure-functions' ? 'azure' : 'folder-library', errors.length ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMd(label)}** — ${kindLabels[p.kind]}\n\n`);
  md.appendMarkdown(`$(file) ${escapeMd(workspaceRelative(p.file))}\n\n`);
  const stage = p.stage ?? (p.stageExpr ? `unknown: ${p.stageExpr}` : undefined);
  if (stage && p.kind === 'serverless-framework') md.appendMarkdown(`Stage ${code(stage)}${p.region ? ` · region ${code(p.region)}` : ''}\n\n`);
  if (p.note) md.appendMarkdown(`$(info) ${escapeMd(p.note)}\n\n`);
  for (const e of errors.slice(0, 3)) md.appendMarkdown(`$(warning) Line ${e.range.start.line + 1}: ${escapeMd(e.message)}\n\n`);
  item.tooltip = md;
  if (p.note || p.functions.length === 0) {
    item.description = `${item.description} · ${p.note ? 'not statically readable' : 'no functions'}`;
  }
  item.contextValue = p.kind === 'azure-functions' ? 'project:azure' : 'project:aws';
  item.resourceUri = vscode.Uri.file(p.file);
  item.command = { command: 'vscode.open', title: 'Open Config', arguments: [vscode.Uri.file(p.file)] };
  return item;
}

/** `nodejs20.x · 512 MB · 10 s`. */
export function functionDescription(fn: FunctionDef): string {
  const parts: string[] = [];
  const runtime = displayValue(fn.runtime?.value);
  if (runtime) parts.push(runtime);
  const mark = (setting: 'memorySize' | 'timeout'): string => (isDefault(fn, setting) ? ' (default)' : '');
  const mem = displayValue(fn.memorySize?.value);
  if (mem) parts.push(`${/^\d+$/.test(mem) ? `${mem} MB` : mem}${mark('memorySize')}`);
  const timeout = displayValue(fn.timeout?.value);
  if (timeout) parts.push(`${/^\d+$/.test(timeout) ? `${timeout} s` : timeout}${mark('timeout')}`);
  return parts.join(' · ');
}

/**
 * `function[:handler]:<cloud>:<runtime family>`, e.g. `function:handler:aws:node`: menus show Logs only for
 * Lambda functions (CloudWatch), Debug for Lambda Node/Python handlers, Analyze Cold Start for Node ones.
 */
function functionContext(project: Project, fn: FunctionDef): string {
  const cloud = project.kind === 'azure-functions' ? 'azure' : 'aws';
  const family = runtimeFamily(typeof fn.runtime?.value === 'string' ? fn.runtime.value : undefined);
  return ['function', ...(fn.handlerInfo.file ? ['handler'] : []), cloud, family].join(':');
}

function functionItem(project: Project, fn: FunctionDef): vscode.TreeItem {
  const item = new vscode.TreeItem(fn.name, fn.triggers.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `function:${fn.id}`;
  item.description = functionDescription(fn);
  const missingHandler = fn.handlerInfo.candidates.length > 0 && !fn.handlerInfo.file;
  item.iconPath = new vscode.ThemeIcon('symbol-function', missingHandler ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
  item.tooltip = functionTooltip(fn);
  item.contextValue = functionContext(project, fn);
  item.command = { command: commandIds.goToDefinition, title: 'Go to Definition', arguments: [fn.id] };
  return item;
}

export function functionTooltip(fn: FunctionDef): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMd(fn.name)}**\n\n`);
  md.appendMarkdown(`Deployed name: ${code(fn.deployedName ?? (fn.deployedNameExpr ? `unknown: ${fn.deployedNameExpr}` : 'unknown until deployed'))}\n\n`);
  const handler = handlerLabel(fn);
  if (handler) md.appendMarkdown(`Handler: ${code(handler)}\n\n`);
  if (fn.handlerInfo.file) md.appendMarkdown(`$(file-code) ${escapeMd(workspaceRelative(fn.handlerInfo.file))}${fn.handlerInfo.exportFound === false ? ' — export not found' : ''}\n\n`);
  else if (fn.handlerInfo.inline) md.appendMarkdown('$(file-code) Inline code in the template\n\n');
  else if (fn.handlerInfo.notLocal) md.appendMarkdown(`$(info) ${escapeMd(fn.handlerInfo.notLocal)}\n\n`);
  else if (fn.handlerInfo.candidates.length) md.appendMarkdown(`$(warning) Handler file not found (tried ${fn.handlerInfo.candidates.length} paths)\n\n`);
  const desc = functionDescription(fn);
  if (desc) md.appendMarkdown(`${escapeMd(desc)}\n\n`);
  if (fn.logGroup) md.appendMarkdown(`Log group: ${code(fn.logGroup)}\n\n`);
  return md;
}

function triggerItem(fn: FunctionDef, t: Trigger, index: number): vscode.TreeItem {
  const item = new vscode.TreeItem(t.type, vscode.TreeItemCollapsibleState.None);
  item.id = `trigger:${fn.id}#${index}`;
  const detail = triggerDetail(t);
  item.description = detail;
  item.iconPath = new vscode.ThemeIcon(triggerIcons[t.type]);
  item.tooltip = t.wiring
    ? `${t.type} trigger wired by ${t.wiring.logicalId} (${t.wiring.resourceType})${detail && detail !== t.name ? `: ${detail}` : ''}`
    : `${t.sourceType}${t.name ? ` (${t.name})` : ''}${detail ? `: ${detail}` : ''}`;
  item.contextValue = 'trigger';
  item.command = { command: 'vscode.open', title: 'Show Trigger', arguments: [vscode.Uri.file(t.file ?? fn.file), { selection: toVsRange(t.range.start.line, t.range.start.character) }] };
  return item;
}

function toVsRange(line: number, character: number): vscode.Range {
  return new vscode.Range(line, character, line, character);
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#|<>$]/g, '\\$&');
}

/** A code span; its content is literal in Markdown, so it is not escaped (backticks are dropped). */
function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

/** Registers the Functions tree and keeps it in sync with the model. */
export function registerFunctionsTree(context: vscode.ExtensionContext, model: WorkspaceModel): { provider: FunctionsTreeProvider; view: vscode.TreeView<TreeNode> } {
  const provider = new FunctionsTreeProvider(model);
  const view = vscode.window.createTreeView(viewIds.functions, { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(
    provider,
    view,
    model.onDidChange(() => {
      provider.refresh();
      void vscode.commands.executeCommand('setContext', contextKeys.hasProjects, model.projects().length > 0);
    }),
  );
  void model.ready().then(() => {
    void vscode.commands.executeCommand('setContext', contextKeys.ready, true);
    void vscode.commands.executeCommand('setContext', contextKeys.hasProjects, model.projects().length > 0);
    provider.refresh();
  });
  return { provider, view };
}
