import * as vscode from 'vscode';
import { LocalCloud } from '../flows/localCloud';
import { LocalLogBus } from '../logs/localLogBus';
import { AwsProfiles } from './awsProfiles';
import { registerCodeLens } from './codeLens';
import { registerColdStart } from './coldStart';
import { registerDebug } from './debugFunction';
import type { FlowsFeature } from './flowsView';
import { registerFlows } from './flowsView';
import type { FunctionsTreeProvider } from './functionsTree';
import { registerFunctionsTree } from './functionsTree';
import type { LogsFeature } from './logsCommands';
import { registerLogs } from './logsCommands';
import { registerAzure } from './azureFeature';
import type { FunctionsHosts } from './functionsHost';
import { registerFunctionsHosts } from './functionsHost';
import type { InvokeFeature } from './invokeView';
import { registerInvoke } from './invokeView';
import { registerNavigation } from './navigation';
import { registerPatterns } from './patterns';
import type { ValidationDiagnostics } from './diagnostics';
import { registerValidation } from './diagnostics';
import { Commands } from './commands';
import { createConfig } from './vscodeConfig';
import type { Services } from './services';
import { WorkspaceModel } from './workspaceModel';


/** What `activate` returns: the services, and the tree for integration tests that inspect what it shows. */
export interface ExtensionApi extends Services {
  functionsTree: FunctionsTreeProvider;
  validation: ValidationDiagnostics;
  logs: LogsFeature;
  invoke: InvokeFeature;
  flows: FlowsFeature;
  functionsHosts: FunctionsHosts;
}

/** The composition root: builds the shared services and lets each feature register itself. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = vscode.window.createOutputChannel('Serverless Workbench', { log: true });
  try {
    return activateWith(context, log);
  } catch (err) {
    // Shown, not only thrown: VS Code would put it in its own log, where nobody looks.
    log.error(`Activation failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    const line = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    void vscode.window.showErrorMessage(`Serverless Workbench could not start: ${line}`, 'Show Log').then((picked) => picked && log.show());
    throw err;
  }
}

function activateWith(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): ExtensionApi {
  const config = createConfig(context);
  const model = new WorkspaceModel(log, config);
  context.subscriptions.push(log, model);
  // The Logs feature is built below; until then no tail runs.
  let tailing = (): boolean => false;
  // What the command table checks before a command runs (late-bound: the features below are not built yet).
  const commands = new Commands(
    () => ({ trusted: config.trusted, hasFunctions: model.allFunctions().length > 0, hasAzureApp: model.projects().some((p) => p.kind === 'azure-functions'), tailing: tailing() }),
    () => model.ready(),
    log,
  );
  const codeLenses = registerCodeLens(context, model, config);
  const localLogBus = new LocalLogBus();
  const writers = new Map<string, { write: (t: string) => void; end: () => void }>();
  const localCloud = new LocalCloud({
    runtime: (req) => invoke.runtime.invoke(req),
    projects: () => model.projects(),
    hostEnv: process.env,
    awsServices: () => config.get('localAwsServices'),
    // Every local invocation's lines go to the Logs view, tagged with its request id.
    onLog: (_flow, inv, text) => {
      let w = writers.get(inv.id);
      if (!w) writers.set(inv.id, (w = localLogBus.invocationWriter(inv.functionId)));
      w.write(text);
    },
    onInvocation: (_flow, inv) => {
      writers.get(inv.id)?.end();
      writers.delete(inv.id);
    },
  });
  context.subscriptions.push({ dispose: () => localCloud.dispose() });
  const awsProfiles = new AwsProfiles();
  context.subscriptions.push(awsProfiles);
  const services: Services = { model, config, commands, log, localLogBus, codeLenses, localCloud, awsProfiles };

  const tree = registerFunctionsTree(context, model);
  registerNavigation(context, services, () => tree.provider.refresh());
  registerPatterns(context, services);
  const validation = registerValidation(context, model, config);
  const logs = registerLogs(context, services);
  tailing = () => logs.controller.running;
  const invoke = registerInvoke(context, services, tree.view);
  registerColdStart(context, services, tree.provider);
  registerDebug(context, services, invoke);
  const flows = registerFlows(context, services, invoke);
  const functionsHosts = registerFunctionsHosts(context, services, invoke);
  registerAzure(context, services, invoke, logs);
  // A command in the manifest always has a handler (a unit test compares the manifest with the table).
  const missing = commands.missing();
  if (missing.length) log.error(`Commands without a handler: ${missing.join(', ')}`);

  void model.ready();
  return { ...services, functionsTree: tree.provider, validation, logs, invoke, flows, functionsHosts };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
