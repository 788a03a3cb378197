import * as vscode from 'vscode';
import { join, relative } from 'node:path';
import type { FileSystem } from '../model/fileSystem';
import type { Project } from '../model/types';
import { nodeFileSystem } from '../node/nodeFileSystem';
import { patterns } from '../patterns/catalog';
import { isAzurePattern } from '../patterns/handlers';
import type { InstallStep, NewFunctionPlan, NewFunctionTarget } from '../patterns/newFunction';
import { PatternError, planNewFunction } from '../patterns/newFunction';
import type { Language, PatternId } from '../patterns/types';
import { languageLabels } from '../patterns/types';
import type { TreeNode } from './functionsTree';
import type { Commands } from './commands';
import type { WorkspaceModel } from './workspaceModel';

/** Arguments that skip prompts (from other commands or scripts); anything missing is asked. */
interface NewFunctionArgs {
  pattern?: PatternId;
  language?: Language;
  name?: string;
  /** A project config file path, or `create:serverless.yml` / `create:template.yaml`. */
  project?: string;
}

const defaultNames: Record<PatternId, string> = {
  api: 'createItem',
  'file-processing': 'processUpload',
  scheduled: 'cleanup',
  stream: 'processTelemetry',
  'event-sourcing': 'projectEvents',
  chaining: 'startWorkflow',
  'queue-worker': 'processJob',
};

/** Registers "Serverless: New Function from Pattern…". */
export function registerNewFunctionCommand(context: vscode.ExtensionContext, model: WorkspaceModel, commands: Commands): void {
  context.subscriptions.push(
    commands.register('newFunction', async (args?: NewFunctionArgs | TreeNode) => {
      // From a project's context menu in the tree: that project is the target.
      const options: NewFunctionArgs = args && 'kind' in args ? (args.kind === 'project' ? { project: args.project.file } : {}) : (args ?? {});
      return newFunction(model, commands, options);
    }),
  );
}

async function newFunction(model: WorkspaceModel, commands: Commands, args: NewFunctionArgs): Promise<string | undefined> {
  await model.ready();
  // A target given up front (the tree's project menu) narrows the patterns and languages offered.
  const given = args.project ? targetFromArg(model, args.project) : undefined;
  if (args.project && !given) return undefined;
  const azureApp = given && 'project' in given && given.project.kind === 'azure-functions' ? given.project : undefined;
  const azure = Boolean(azureApp);
  // Only Azure apps in the workspace: the patterns read as Azure's.
  const azureOnly = azure || (!given && model.projects().length > 0 && model.projects().every((p) => p.kind === 'azure-functions'));
  const offered = patterns.filter((p) => !azureOnly || isAzurePattern(p.id));
  const pattern =
    args.pattern ??
    (await pick(
      'Pattern (1/4)',
      offered.map((p) => ({
        label: azureOnly && p.azure ? p.azure.label : p.label,
        description: p.id,
        detail: azureOnly && p.azure ? p.azure.description : p.azure ? `${p.description} Azure: ${p.azure.description}` : p.description,
        value: p.id,
      })),
    ));
  if (!pattern) return undefined;

  // A function.json (v3) app gets v3 JavaScript functions; TypeScript there means the v4 model (said before writing).
  const v3App = azureApp?.azure?.nodeModel === 'v3';
  const langs: Language[] = azure ? (azureApp?.azure?.workerRuntime?.startsWith('dotnet') ? ['csharp'] : ['js', 'ts', 'csharp']) : given ? ['ts', 'js', 'python'] : isAzurePattern(pattern) ? ['ts', 'js', 'python', 'csharp'] : ['ts', 'js', 'python'];
  const languageNote = (l: Language): string | undefined => {
    if (v3App && l === 'js') return 'v3 model (function.json), as the app';
    if (v3App && l === 'ts') return 'v4 model: moves the app (its function.json functions stop loading)';
    if (l === 'csharp') return 'Azure Functions';
    return l === 'python' && isAzurePattern(pattern) ? 'AWS Lambda' : undefined;
  };
  const language =
    args.language ??
    (await pick(
      'Language (2/4)',
      langs.map((l) => ({ label: languageLabels[l], description: languageNote(l), value: l })),
    ));
  if (!language) return undefined;

  const taken = new Set(model.allFunctions().map((r) => r.fn.name));
  let suggestion = defaultNames[pattern];
  for (let i = 2; taken.has(suggestion); i++) suggestion = `${defaultNames[pattern]}${i}`;
  const name = args.name ?? (await askName(suggestion, taken));
  if (!name) return undefined;

  const target = given ?? (await pickTarget(model, pattern, language));
  if (!target) return undefined;

  let plan: NewFunctionPlan;
  const azureModel = 'project' in target && target.project.azure?.nodeModel === 'v3' && language === 'ts' ? 'v4' : undefined;
  try {
    plan = await planNewFunction(openDocumentsFileSystem(), { pattern, name, language, target, ...(azureModel ? { azureModel } : {}) });
  } catch (err) {
    if (err instanceof PatternError) {
      void vscode.window.showErrorMessage(`New function: ${err.message}.`);
      return undefined;
    }
    throw err;
  }
  if (plan.warning) {
    const go = await vscode.window.showWarningMessage(`${plan.warning}.`, { modal: true }, 'Add the v4 Function');
    if (go !== 'Add the v4 Function') return undefined;
  }
  if (!(await applyPlan(plan))) return undefined;
  await model.filesChanged([...plan.writes.map((w) => w.path), ...(plan.configEdit ? [plan.configEdit.file] : [])]);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(plan.handlerFile));
  await vscode.window.showTextDocument(doc);
  // Running npm runs the workspace's package scripts: offered only when the command table allows it.
  if (plan.install) void offerInstall(name, plan.install, !commands.featureUnavailable('installCommand'));
  return plan.handlerFile;
}

/**
 * Says which packages the new handler needs, with the whole command in the message, and offers to run it in a
 * terminal in the folder of the project's package.json (trusted workspaces only: npm runs scripts) or to copy it.
 */
async function offerInstall(name: string, step: InstallStep, canRun: boolean): Promise<void> {
  const run = 'Run in Terminal';
  const copy = 'Copy Command';
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(step.cwd));
  const where = folder && folder.uri.fsPath !== step.cwd ? ` (in ${vscode.workspace.asRelativePath(step.cwd, false)})` : '';
  const actions = canRun ? [run, copy] : [copy];
  const picked = await vscode.window.showInformationMessage(`${name} added. Install what its handler imports${where}: ${step.command}`, ...actions);
  if (picked === run) {
    const terminal = vscode.window.createTerminal({ name: `npm install: ${name}`, cwd: step.cwd });
    terminal.show();
    terminal.sendText(step.command);
  } else if (picked === copy) {
    // Pasted into a terminal at the workspace folder, the command must first go where package.json is.
    const text = where ? `cd "${vscode.workspace.asRelativePath(step.cwd, false)}" && ${step.command}` : step.command;
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(`$(check) Copied: ${text}`, 4000);
  }
}

interface Item<T> extends vscode.QuickPickItem {
  value: T;
}

/** One quick pick step; resolves undefined when dismissed. */
function pick<T>(title: string, items: Item<T>[]): Promise<T | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<Item<T>>();
    qp.title = `New Function from Pattern: ${title}`;
    qp.items = items;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    let result: T | undefined;
    qp.onDidAccept(() => {
      result = qp.selectedItems[0]?.value ?? qp.activeItems[0]?.value;
      qp.hide();
    });
    qp.onDidHide(() => {
      qp.dispose();
      resolve(result);
    });
    qp.show();
  });
}

function askName(suggestion: string, taken: Set<string>): Promise<string | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = 'New Function from Pattern: Name (3/4)';
    box.prompt = 'The function name (its key in serverless.yml, its logical id in a SAM template, its Azure function name)';
    box.value = suggestion;
    box.valueSelection = [0, suggestion.length];
    let result: string | undefined;
    const problem = (v: string): string | undefined => {
      if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(v)) return 'Use letters, digits, "-" and "_", starting with a letter.';
      if (taken.has(v)) return `A function named "${v}" already exists in this workspace.`;
      return undefined;
    };
    box.onDidChangeValue((v) => {
      box.validationMessage = problem(v);
    });
    box.onDidAccept(() => {
      if (problem(box.value)) return;
      result = box.value;
      box.hide();
    });
    box.onDidHide(() => {
      box.dispose();
      resolve(result);
    });
    box.show();
  });
}

/** Projects that can take the pattern in the language, plus "create" choices. */
async function pickTarget(model: WorkspaceModel, pattern: PatternId, language: Language): Promise<NewFunctionTarget | undefined> {
  const fits = (p: Project): boolean => {
    if (p.note) return false;
    if (p.kind === 'azure-functions') return isAzurePattern(pattern) && language !== 'python';
    return (p.kind === 'serverless-framework' || p.kind === 'sam') && language !== 'csharp';
  };
  const kinds: Record<Project['kind'], string> = { 'serverless-framework': 'Serverless Framework', sam: 'SAM', cloudformation: 'CloudFormation', 'azure-functions': 'Azure Functions' };
  // The pattern's own platform first: Lambda projects before Azure apps, except for C#.
  const rank = (p: Project): number => (p.kind === 'azure-functions' ? (language === 'csharp' ? 0 : 1) : 0);
  const azureModelLabel = (p: Project): string => (p.azure?.nodeModel === 'v3' ? ' (function.json, v3 model)' : p.azure?.nodeModel ? ' (v4 model)' : '');
  const items: Item<NewFunctionTarget>[] = model
    .projects()
    .filter(fits)
    .sort((a, b) => rank(a) - rank(b))
    .map((p) => ({ label: p.service ?? relative(rootOf(p.file), p.root), description: `${kinds[p.kind]}${p.kind === 'azure-functions' ? azureModelLabel(p) : ''} · ${vscode.workspace.asRelativePath(p.file)}`, value: { project: p } }));
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder && language !== 'csharp') {
    for (const [file, kind, label] of [
      ['serverless.yml', 'serverless-framework', 'Create serverless.yml'],
      ['template.yaml', 'sam', 'Create template.yaml (SAM)'],
    ] as const) {
      if (!model.project(join(folder, file))) items.push({ label: `$(new-file) ${label}`, description: 'in the workspace folder', value: { create: { kind, file: join(folder, file) } } });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(`No project here can take a ${languageLabels[language]} function; open a workspace folder to create one.`);
    return undefined;
  }
  return pick('Project (4/4)', items);
}

function rootOf(file: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
  return folder?.uri.fsPath ?? file;
}

function targetFromArg(model: WorkspaceModel, project: string): NewFunctionTarget | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (project.startsWith('create:') && folder) {
    const file = project.slice('create:'.length);
    return { create: { kind: file.startsWith('serverless') ? 'serverless-framework' : 'sam', file: join(folder, file) } };
  }
  const p = model.project(project);
  if (!p) void vscode.window.showErrorMessage(`New function: ${project} is not a project the workspace model knows.`);
  return p ? { project: p } : undefined;
}

/** Reads open editors' text (unsaved edits included) before the disk, so the plan sees what the user sees. */
function openDocumentsFileSystem(): FileSystem {
  const disk = nodeFileSystem();
  return {
    readFile: async (p) => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === p)?.getText() ?? disk.readFile(p),
    stat: (p) => disk.stat(p),
    readDirectory: (p) => disk.readDirectory(p),
  };
}

/**
 * Applies the plan as one workspace edit (one undo step in the config's editor). A config that was saved is saved
 * again; one with unsaved edits keeps them and stays unsaved (the function is added to the text in the editor,
 * not to the file on disk): saving is the person's choice.
 */
async function applyPlan(plan: NewFunctionPlan): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  const encoder = new TextEncoder();
  for (const w of plan.writes) edit.createFile(vscode.Uri.file(w.path), { contents: encoder.encode(w.text), overwrite: false });
  let configDoc: vscode.TextDocument | undefined;
  if (plan.configEdit) {
    configDoc = await vscode.workspace.openTextDocument(vscode.Uri.file(plan.configEdit.file));
    if (configDoc.getText() !== plan.configEdit.before) {
      void vscode.window.showErrorMessage(`New function: ${vscode.workspace.asRelativePath(plan.configEdit.file)} changed meanwhile; run the command again.`);
      return false;
    }
    for (const ins of plan.configEdit.inserts) {
      const range = new vscode.Range(configDoc.positionAt(ins.offset), configDoc.positionAt(ins.end ?? ins.offset));
      edit.replace(configDoc.uri, range, ins.text);
    }
  }
  const unsaved = configDoc?.isDirty ?? false;
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage('New function: the edit could not be applied.');
    return false;
  }
  if (configDoc && !unsaved) await configDoc.save();
  return true;
}
