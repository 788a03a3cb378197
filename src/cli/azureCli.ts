/**
 * What the CLI needs for Azure: the credential (DefaultAzureCredential: environment, workload identity, managed
 * identity, Azure CLI, …), the subscription and function app from flags or the environment, and the extra CA of
 * NODE_EXTRA_CA_CERTS for calls made with our own HTTP client.
 */
import { readFileSync } from 'node:fs';
import type { AzureClientOptions } from '../azure/connection';
import { UsageError } from './args';

export interface AzureCliTarget {
  subscriptionId: string;
  functionApp: string;
  clients: AzureClientOptions;
}

/** `--subscription` / AZURE_SUBSCRIPTION_ID and `--app` / AZURE_FUNCTION_APP; usage errors say which is missing. */
export async function azureCliTarget(flags: { subscription?: string; app?: string; endpointUrl?: string }, env: Record<string, string | undefined>, name: string): Promise<AzureCliTarget> {
  const subscriptionId = flags.subscription ?? env.AZURE_SUBSCRIPTION_ID;
  const functionApp = flags.app ?? env.AZURE_FUNCTION_APP;
  if (!subscriptionId) throw new UsageError(`${name} is an Azure function: give its subscription with --subscription ID (or AZURE_SUBSCRIPTION_ID)`);
  if (!functionApp) throw new UsageError(`${name} is an Azure function: give its function app with --app [RESOURCE_GROUP/]NAME (or AZURE_FUNCTION_APP)`);
  const { DefaultAzureCredential } = await import('@azure/identity');
  const ca = extraCa(env);
  return {
    subscriptionId,
    functionApp,
    clients: { credential: new DefaultAzureCredential(), ...(flags.endpointUrl ? { resourceManagerEndpoint: flags.endpointUrl } : {}), ...(ca ? { tlsOptions: { ca } } : {}) },
  };
}

/** The certificates NODE_EXTRA_CA_CERTS names (a corporate proxy's CA), for clients that set their own CA list. */
export function extraCa(env: Record<string, string | undefined>): string | undefined {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
