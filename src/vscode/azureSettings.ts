import * as vscode from 'vscode';
import type { TokenCredential } from '@azure/core-auth';
import type { AzureClientOptions, AzureSettings, FunctionApp } from '../azure/connection';
import { describeAzureError, findFunctionApp, listFunctionApps, listSubscriptions } from '../azure/connection';
import type { Project } from '../model/types';
import { commandIds, settingIds } from './ids';

/** The Microsoft authentication provider VS Code ships: the person signs in once, VS Code keeps the session. */
const PROVIDER = 'microsoft';

/**
 * A TokenCredential over VS Code's Microsoft sign-in: the first call asks the person to sign in (once; VS Code
 * remembers the session), later calls reuse it. Tokens stay in memory for the request that needs them.
 */
export function vscodeCredential(): TokenCredential {
  return {
    async getToken(scopes) {
      const list = (Array.isArray(scopes) ? scopes : [scopes]).map((s) => s);
      const session = await vscode.authentication.getSession(PROVIDER, list, { createIfNone: true });
      // VS Code does not say when its token expires; it refreshes it before handing it out, so an hour is safe for one call.
      return { token: session.accessToken, expiresOnTimestamp: Date.now() + 50 * 60_000 };
    },
  };
}

/**
 * `serverlessWorkbench.azure.*` for a project: the function app per folder (resource scope; without a project the
 * value for any folder), the subscription and endpoint per window, each read in its own scope as VS Code expects.
 */
export function azureSettings(project?: Project): AzureSettings {
  const perWindow = vscode.workspace.getConfiguration();
  const perFolder = vscode.workspace.getConfiguration(undefined, project ? vscode.Uri.file(project.root) : null);
  const s = (c: vscode.WorkspaceConfiguration, id: string): string | undefined => c.get<string>(id)?.trim() || undefined;
  return {
    subscriptionId: s(perWindow, settingIds.azureSubscription),
    functionApp: s(perFolder, settingIds.azureFunctionApp),
    resourceManagerEndpoint: s(perWindow, settingIds.azureResourceManagerEndpoint),
  };
}

/** Client options for the SDKs (the credential and the endpoint). Tests replace the credential and add a CA. */
export interface AzureAccess {
  clients: () => AzureClientOptions;
}

export function vscodeAzureAccess(): AzureAccess {
  const credential = vscodeCredential();
  return { clients: () => ({ credential, resourceManagerEndpoint: azureSettings().resourceManagerEndpoint }) };
}

/**
 * The function app remote calls for this project go to (the settings); asks for one with the quick picks when
 * none is set. Undefined when the person cancels.
 */
export async function functionAppFor(project: Project, access: AzureAccess): Promise<FunctionApp | undefined> {
  let settings = azureSettings(project);
  if (!settings.subscriptionId || !settings.functionApp) {
    const chosen = await chooseAzureFunctionApp(access, project);
    if (!chosen) return undefined;
    settings = azureSettings(project);
  }
  return findFunctionApp(access.clients(), settings.subscriptionId!, settings.functionApp!);
}

/** Quick picks: the subscription, then its function app; written to the workspace settings. */
export async function chooseAzureFunctionApp(access: AzureAccess, project?: Project): Promise<FunctionApp | undefined> {
  const clients = access.clients();
  const current = azureSettings(project);
  let subscriptions;
  try {
    subscriptions = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Reading your Azure subscriptions…' }, () => listSubscriptions(clients));
  } catch (err) {
    void vscode.window.showErrorMessage(describeAzureError(err, 'list your Azure subscriptions'));
    return undefined;
  }
  if (subscriptions.length === 0) {
    void vscode.window.showWarningMessage('Your Azure account has no subscriptions.');
    return undefined;
  }
  const sub = await vscode.window.showQuickPick(
    subscriptions.map((s) => ({ label: s.displayName, description: s.subscriptionId === current.subscriptionId ? `${s.subscriptionId} · current` : s.subscriptionId, value: s.subscriptionId })),
    { placeHolder: 'Azure subscription of the function app', ignoreFocusOut: true },
  );
  if (!sub) return undefined;
  let apps: FunctionApp[];
  try {
    apps = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading the function apps of ${sub.label}…` }, () => listFunctionApps(clients, sub.value));
  } catch (err) {
    void vscode.window.showErrorMessage(describeAzureError(err, `list the function apps of ${sub.label}`));
    return undefined;
  }
  if (apps.length === 0) {
    void vscode.window.showWarningMessage(`${sub.label} has no function apps.`);
    return undefined;
  }
  const app = await vscode.window.showQuickPick(
    apps.map((a) => ({ label: a.name, description: `${a.resourceGroup} · ${a.location ?? ''} · ${a.plan === 'flex' ? 'Flex Consumption' : 'Consumption/other'}`, app: a })),
    { placeHolder: 'Function app for remote invoke and logs', ignoreFocusOut: true },
  );
  if (!app) return undefined;
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration().update(settingIds.azureSubscription, sub.value, target);
  await vscode.workspace.getConfiguration(undefined, project ? vscode.Uri.file(project.root) : null).update(settingIds.azureFunctionApp, `${app.app.resourceGroup}/${app.app.name}`, target);
  return app.app;
}

/** The status-bar item for Azure (shown when the workspace has an Azure Functions app): the function app and subscription. */
export function registerAzureStatus(context: vscode.ExtensionContext, hasAzure: () => boolean, access: AzureAccess): { refresh: () => void } {
  const item = vscode.window.createStatusBarItem('serverlessWorkbench.azure', vscode.StatusBarAlignment.Left, 9);
  item.name = 'Serverless: Azure function app';
  item.command = commandIds.chooseAzureFunctionApp;
  const refresh = (): void => {
    if (!hasAzure()) {
      item.hide();
      return;
    }
    const s = azureSettings();
    const escape = (v: string): string => v.replace(/\$\(/g, '\\$(');
    item.text = `$(azure) ${s.functionApp ? escape(s.functionApp.split('/').pop()!) : 'no function app'}`;
    const code = (v: string): string => `\`${v.replace(/`/g, "'")}\``;
    item.tooltip = new vscode.MarkdownString(
      `Azure for remote invoke and logs\n\nFunction app: ${code(s.functionApp ?? 'not chosen')}\n\nSubscription: ${code(s.subscriptionId ?? 'not chosen')}${s.resourceManagerEndpoint ? `\n\nResource Manager: ${code(s.resourceManagerEndpoint)}` : ''}\n\nClick to change.`,
    );
    item.show();
  };
  refresh();
  context.subscriptions.push(
    item,
    vscode.commands.registerCommand(commandIds.chooseAzureFunctionApp, () => chooseAzureFunctionApp(access)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('serverlessWorkbench.azure')) refresh();
    }),
  );
  return { refresh };
}
