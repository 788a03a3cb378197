import type * as vscode from 'vscode';
import { describeAzureError, findFunctionApp } from '../azure/connection';
import { remoteAzureInvoke } from '../invoke/remoteAzure';
import type { AzureAccess } from './azureSettings';
import { azureSettings, chooseAzureFunctionApp, functionAppFor, registerAzureStatus, vscodeAzureAccess } from './azureSettings';
import type { Services } from './services';
import { azureRemoteNote } from './trust';
import type { InvokeFeature } from './invokeView';
import type { LogsFeature } from './logsCommands';

/**
 * Azure functions in the cloud: sign-in through VS Code's Microsoft account, the subscription and function app
 * (status bar, quick picks, settings), remote invoke from the Invoke view, and the app's log stream and
 * Application Insights traces in the Logs view. The SDKs load on the first remote call, not on activation.
 */
export function registerAzure(context: vscode.ExtensionContext, services: Services, invoke: InvokeFeature, logs: LogsFeature, access: AzureAccess = vscodeAzureAccess(services.config)): void {
  const { config } = services;
  const status = registerAzureStatus(context, services, () => services.model.projects().some((p) => p.kind === 'azure-functions'), access);
  context.subscriptions.push(services.model.onDidChange(() => status.refresh()));
  invoke.azure = {
    remote: async (req) => {
      const app = await functionAppFor(config, req.project, access).catch((err: unknown) => {
        throw new Error(describeAzureError(err, 'find the function app'));
      });
      if (!app) throw new Error('No function app chosen: choose one with Serverless: Choose Azure Subscription and Function App….');
      return remoteAzureInvoke({ fn: req.fn, project: req.project, event: req.event, app, clients: access.clients(), signal: req.signal });
    },
    state: (ref) => {
      const s = azureSettings(config, ref.project);
      return { ...(s.functionApp ? { functionApp: s.functionApp } : {}), ...(s.subscriptionId ? { subscription: s.subscriptionId } : {}) };
    },
    choose: () => void chooseAzureFunctionApp(config, access),
    note: (ref) => azureRemoteNote(config, ref.project.root),
  };
  logs.controller.azure = {
    target: async (project, note) => {
      const s = azureSettings(config, project);
      if (!s.subscriptionId || !s.functionApp) {
        // Not asked here (a tail starts many at once): the note says how to choose; the remote-trust rule keeps a
        // function app the workspace names out of an untrusted window.
        note(`${project.service ?? 'Azure app'}: choose its function app (Serverless: Choose Azure Subscription and Function App…) to see its log stream and Application Insights traces`);
        return undefined;
      }
      const clients = access.clients();
      try {
        return { app: await findFunctionApp(clients, s.subscriptionId, s.functionApp), credential: clients.credential, ca: clients.tlsOptions?.ca };
      } catch (err) {
        note(describeAzureError(err, `find the function app ${s.functionApp}`));
        return undefined;
      }
    },
  };
  context.subscriptions.push(
    config.onDidChange((e) => {
      if (e.affects('azure')) invoke.refreshAll();
    }),
  );
}
