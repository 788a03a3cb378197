// Every command, declared once with what it needs (rust-analyzer's command table): when a need is not met the
// command is not run and says why, in one sentence of the same shape everywhere, instead of each feature checking
// trust on its own. This module does not import `vscode`; commands.ts registers the table, and a unit test compares
// it with package.json (titles, palette `when` clauses, trust gating).
import type { commandIds } from './ids';

/** What a command may need before it runs. */
export type Requirement =
  /** It runs the workspace's code (handlers, bundling, a Functions host, npm). */
  | 'trust'
  /** It acts on a function, and the workspace has none. */
  | 'functions'
  /** It acts on an Azure Functions app (host.json), and the workspace has none. */
  | 'azureApp'
  /** It stops a running log tail, and none is running. */
  | 'tailing';

/** Needs checked once the command knows its function (they depend on it). */
export type FunctionRequirement =
  /** No interpreter of the function's runtime on this machine. */
  'interpreter';

export type CommandName = keyof typeof commandIds;

export interface CommandSpec {
  /** The manifest's title (a unit test compares). */
  title: string;
  requires: readonly Requirement[];
  functionRequires?: readonly FunctionRequirement[];
  /** What running it does to the workspace, for the trust reason ("runs the workspace's handlers"). */
  runs?: string;
  /** The `commandPalette` `when` clause of the manifest, when it has one. */
  palette?: string;
}

/** The commands. Trust-gated ones stay in the palette: run there, they say why they cannot run. */
export const commandTable: Record<CommandName, CommandSpec> = {
  refresh: { title: 'Refresh', requires: [] },
  goToHandler: { title: 'Go to Handler', requires: ['functions'] },
  goToDefinition: { title: 'Go to Definition', requires: ['functions'] },
  copyDeployedName: { title: 'Copy Deployed Name', requires: ['functions'] },
  newFunction: { title: 'New Function from Pattern…', requires: [] },
  tailLogs: { title: 'Tail Logs…', requires: ['functions'] },
  stopLogs: { title: 'Stop Tailing Logs', requires: ['tailing'], palette: 'serverlessWorkbench.logsTailing' },
  clearLogs: { title: 'Clear Logs', requires: [] },
  invokeFunction: { title: 'Invoke Function…', requires: ['functions'] },
  openInvokePanel: { title: 'Open Invoke Panel', requires: [] },
  chooseAwsProfile: { title: 'Choose AWS Profile and Region…', requires: [] },
  manageSavedEvents: { title: 'Saved Events…', requires: ['functions'] },
  analyzeColdStart: { title: 'Analyze Cold Start', requires: ['trust', 'functions'], runs: 'bundles the handler with esbuild, reading the workspace’s code and installed packages' },
  debugFunction: { title: 'Debug Function…', requires: ['trust', 'functions'], functionRequires: ['interpreter'], runs: "runs the workspace's handler" },
  runFlow: { title: 'Run Flow…', requires: ['trust', 'functions'], runs: "runs the workspace's handlers" },
  sendMessages: { title: 'Send Messages…', requires: ['trust', 'functions'], runs: "runs the workspace's handlers" },
  clearFlows: { title: 'Clear Flows', requires: [] },
  openFlowInvocation: { title: 'Open in Invoke View', requires: [], palette: 'false' },
  startFunctionsHost: { title: 'Start Functions Host (func start)', requires: ['trust', 'azureApp'], runs: "starts func on the workspace's app" },
  stopFunctionsHost: { title: 'Stop Functions Host', requires: ['azureApp'] },
  chooseAzureFunctionApp: { title: 'Choose Azure Subscription and Function App…', requires: [] },
};

/**
 * Features that are not commands but have the same needs (targets of the Invoke view): the same reasons apply,
 * worded the same way.
 */
export const featureTable = {
  localInvoke: { title: 'Local invoke', requires: ['trust'], runs: "runs the workspace's handler" },
  functionsHost: { title: 'Starting a Functions host', requires: ['trust'], runs: "runs the workspace's app" },
  installCommand: { title: 'Running npm install', requires: ['trust'], runs: "runs the workspace's package scripts" },
} satisfies Record<string, CommandSpec>;

/** What the table needs to know about the window. */
export interface Preconditions {
  trusted: boolean;
  hasFunctions: boolean;
  hasAzureApp: boolean;
  tailing: boolean;
}

/** Why a command cannot run: the sentence shown, and the one action that would help. */
export interface Refusal {
  requirement: Requirement | FunctionRequirement;
  message: string;
  action?: { title: string; command: string; args?: unknown[] };
}

/** VS Code's own command for the trust dialog. */
export const manageTrustCommand = 'workbench.trust.manage';

/** The reason for an unmet need, in the one shape every command and feature uses: "<Title> is unavailable: <why>." */
export function refusal(spec: Pick<CommandSpec, 'title' | 'runs'>, requirement: Requirement | FunctionRequirement, detail?: string): Refusal {
  const title = spec.title.replace(/…$/, '');
  const say = (why: string): string => `${title} is unavailable: ${why}`;
  switch (requirement) {
    case 'trust':
      return {
        requirement,
        message: say(`this workspace is not trusted, and it ${spec.runs ?? "runs the workspace's code"}. Trust the workspace (Manage Workspace Trust) to use it.`),
        action: { title: 'Manage Workspace Trust', command: manageTrustCommand },
      };
    case 'functions':
      return { requirement, message: say('no functions in this workspace. Open a folder with a serverless.yml, a SAM template or an Azure Functions app.') };
    case 'azureApp':
      return { requirement, message: say('no Azure Functions app (host.json) in this workspace.') };
    case 'tailing':
      return { requirement, message: say('no log tail is running.') };
    case 'interpreter':
      return { requirement, message: say(`${detail ?? 'no interpreter for the function’s runtime on this machine'}${detail?.endsWith('.') ? '' : '.'}`), action: { title: 'Open Settings', command: 'workbench.action.openSettings', args: ['serverlessWorkbench.local.interpreters'] } };
  }
}

/** The first unmet need of a command (in the order it lists them), or undefined when it can run. */
export function unavailable(spec: CommandSpec, state: Preconditions): Refusal | undefined {
  for (const r of spec.requires) {
    const met = r === 'trust' ? state.trusted : r === 'functions' ? state.hasFunctions : r === 'azureApp' ? state.hasAzureApp : state.tailing;
    if (!met) return refusal(spec, r);
  }
  return undefined;
}
