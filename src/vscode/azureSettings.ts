import * as vscode from 'vscode';
import type { TokenCredential } from '@azure/core-auth';
import type { AzureClientOptions, AzureSettings, FunctionApp } from '../azure/connection';
import { describeAzureError, findFunctionApp, listFunctionApps, listSubscriptions } from '../azure/connection';
import type { Project } from '../model/types';
import type { Commands } from './commands';
import type { Config } from './config';
import { commandIds } from './ids';
import { azureRemoteNote } from './trust';

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
 * window's value), the subscription and endpoint per window. The subscription and app follow the remote-trust rule
 * (src/shared/remoteTrust.ts): in an untrusted workspace only the person's own choice counts, never the workspace's.
 */
export function azureSettings(config: Config, project?: Project): AzureSettings {
  return {
    subscriptionId: config.get('azureSubscription'),
    functionApp: config.get('azureFunctionApp', project?.root),
    resourceManagerEndpoint: config.get('azureResourceManagerEndpoint'),
  };
}

/** Client options for the SDKs (the credential and the endpoint). Tests replace the credential and add a CA. */
export interface AzureAccess {
  clients: () => AzureClientOptions;
}

export function vscodeAzureAccess(config: Config): AzureAccess {
  const credential = vscodeCredential();
  return { clients: () => ({ credential, resourceManagerEndpoint: config.get('azureResourceManagerEndpoint') }) };
}

/**
 * The function app remote calls for this project go to (the settings); asks for one with the quick picks when
 * none is set. Undefined when the person cancels.
 */
export async function functionAppFor(config: Config, project: Project, access: AzureAccess): Promise<FunctionApp | undefined> {
  const settings = azureSettings(config, project);
  if (!settings.subscriptionId || !settings.functionApp) return chooseAzureFunctionApp(config, access, project);
  return findFunctionApp(access.clients(), settings.subscriptionId, settings.functionApp);
}

/**
 * Quick picks: the subscription, then its function app; written to the workspace settings (in an untrusted workspace
 * remembered for it outside its files: Config.choose).
 */
export async function chooseAzureFunctionApp(config: Config, access: AzureAccess, project?: Project): Promise<FunctionApp | undefined> {
  const clients = access.clients();
  const current = azureSettings(config, project);
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
  await config.choose('azureSubscription', sub.value);
  await config.choose('azureFunctionApp', `${app.app.resourceGroup}/${app.app.name}`, project?.root);
  return app.app;
}

/** The status-bar item for Azure (shown when the workspace has an Azure Functions app): the function app and subscription. */
export function registerAzureStatus(context: vscode.ExtensionContext, services: { config: Config; commands: Commands }, hasAzure: () => boolean, access: AzureAccess): { refresh: () => void } {
  const { config, commands } = services;
  const item = vscode.window.createStatusBarItem('serverlessWorkbench.azure', vscode.StatusBarAlignment.Left, 9);
  item.name = 'Serverless: Azure function app';
  item.command = commandIds.chooseAzureFunctionApp;
  const refresh = (): void => {
    if (!hasAzure()) {
      item.hide();
      return;
    }
    const s = azureSettings(config);
    const untrusted = azureRemoteNote(config);
    const escape = (v: string): string => v.replace(/\$\(/g, '\\$(');
    item.text = `$(azure) ${s.functionApp ? escape(s.functionApp.split('/').pop()!) : 'no function app'}`;
    const code = (v: string): string => `\`${v.replace(/`/g, "'")}\``;
    item.tooltip = new vscode.MarkdownString(
      `Azure for remote invoke and logs\n\nFunction app: ${code(s.functionApp ?? 'not chosen')}\n\nSubscription: ${code(s.subscriptionId ?? 'not chosen')}${s.resourceManagerEndpoint ? `\n\nResource Manager: ${code(s.resourceManagerEndpoint)}` : ''}${untrusted ? `\n\n${untrusted.replace(/[\\`*_[\]<>$]/g, '\\$&')}` : ''}\n\nClick to change.`,
    );
    item.show();
  };
  refresh();
  context.subscriptions.push(
    item,
    commands.register('chooseAzureFunctionApp', () => chooseAzureFunctionApp(config, access)),
    config.onDidChange((e) => {
      if (e.affects('azure')) refresh();
    }),
  );
  return { refresh };
}
