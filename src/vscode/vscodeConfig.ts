import * as vscode from 'vscode';
import type { ChoiceMemory, SettingsStore, TrustState } from './config';
import { Config } from './config';

const CHOICES_KEY = 'serverlessWorkbench.untrustedChoices';

/** The Config over VS Code's settings, workspace trust and this workspace's extension state (for untrusted choices). */
export function createConfig(context: vscode.ExtensionContext): Config {
  const uri = (folder: string | undefined): vscode.Uri | null => (folder ? vscode.Uri.file(folder) : null);
  const store: SettingsStore = {
    get: (key, folder) => vscode.workspace.getConfiguration(undefined, uri(folder)).get<unknown>(key),
    inspect: (key, folder) => {
      const i = vscode.workspace.getConfiguration(undefined, uri(folder)).inspect<unknown>(key);
      return { user: i?.globalValue, workspace: i?.workspaceValue, folder: i?.workspaceFolderValue };
    },
    write: async (key, value, folder) => {
      const target = !vscode.workspace.workspaceFolders?.length
        ? vscode.ConfigurationTarget.Global
        : folder && (vscode.workspace.workspaceFolders.length > 1 || vscode.workspace.workspaceFile)
          ? vscode.ConfigurationTarget.WorkspaceFolder
          : vscode.ConfigurationTarget.Workspace;
      await vscode.workspace.getConfiguration(undefined, uri(folder)).update(key, value, target);
    },
    onDidChange: (listener) => vscode.workspace.onDidChangeConfiguration((e) => listener((key) => e.affectsConfiguration(key))),
  };
  const trust: TrustState = {
    trusted: () => vscode.workspace.isTrusted,
    onDidGrant: (listener) => vscode.workspace.onDidGrantWorkspaceTrust(listener),
  };
  const choices: ChoiceMemory = {
    get: (key) => context.workspaceState.get<Record<string, string>>(CHOICES_KEY)?.[key],
    set: async (key, value) => {
      const next = { ...(context.workspaceState.get<Record<string, string>>(CHOICES_KEY) ?? {}) };
      if (value === undefined) delete next[key];
      else next[key] = value;
      await context.workspaceState.update(CHOICES_KEY, next);
    },
  };
  const config = new Config(store, trust, choices);
  context.subscriptions.push(config);
  return config;
}
