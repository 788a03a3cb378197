/**
 * Remote invoke of an Azure function: through its function app's host in Azure, like a local host. HTTP triggers
 * are called on `https://<app>.azurewebsites.net/<route>` with the function's key (authLevel function) or the
 * master key (authLevel admin); other triggers go through the admin endpoint with the master key. Keys are read
 * through Azure Resource Manager for this one call and never stored, logged or put in a message.
 */
import type { AzureClientOptions, FunctionApp } from '../azure/connection';
import { AzureError, describeAzureError, functionKey, masterKey } from '../azure/connection';
import type { FunctionDef, Project } from '../model/types';
import type { InvokeResult } from '../shared/invokeResult';
import { azureTrigger } from './azureTriggerData';
import { invokeThroughHost } from './functionsHost';

export interface RemoteAzureRequest {
  fn: FunctionDef;
  project: Project;
  event: unknown;
  app: FunctionApp;
  clients: AzureClientOptions;
  signal?: AbortSignal;
}

export async function remoteAzureInvoke(req: RemoteAzureRequest): Promise<InvokeResult> {
  const trigger = azureTrigger(req.fn);
  const http = trigger?.type === 'http';
  const authLevel = typeof trigger?.config.authLevel?.value === 'string' ? trigger.config.authLevel.value.toLowerCase() : 'function';
  const keys: { function?: string; master?: string } = {};
  try {
    if (http && authLevel === 'function') keys.function = await functionKey(req.clients, req.app, req.fn.name);
    else if (http && authLevel === 'admin') keys.function = await masterKey(req.clients, req.app);
    else if (!http) keys.master = await masterKey(req.clients, req.app);
  } catch (err) {
    throw new AzureError(describeAzureError(err, `read the keys of ${req.app.name}`));
  }
  const result = await invokeThroughHost({
    hostUrl: `https://${req.app.defaultHostName}`,
    fn: req.fn,
    project: req.project,
    event: req.event,
    keys,
    target: 'remote',
    signal: req.signal,
    ca: req.clients.tlsOptions?.ca,
  });
  return { ...result, functionName: `${req.app.name}/${req.fn.name}` };
}
