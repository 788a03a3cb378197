/**
 * One Azure connection for every remote feature (the counterpart of src/aws/connection.ts): who signs in (a
 * TokenCredential: VS Code's Microsoft sign-in in the extension, DefaultAzureCredential in the CLI), which
 * subscription and function app, and where Azure Resource Manager is. The SDKs (`@azure/arm-appservice`,
 * `@azure/arm-resources-subscriptions`, `@azure/identity`) are loaded lazily: most sessions never call Azure.
 * Keys read here are handed to the caller and never logged or stored.
 */
import type { WebSiteManagementClient } from '@azure/arm-appservice';
import type { TokenCredential } from '@azure/core-auth';

/** The Resource Manager token scope (also accepted by an app's Kudu/SCM site). */
export const ARM_SCOPE = 'https://management.azure.com/.default';
export const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';

/** What the person chose (settings, CLI flags, environment). */
export interface AzureSettings {
  subscriptionId?: string;
  /** `name` or `resourceGroup/name`. */
  functionApp?: string;
  /** Another cloud's Resource Manager (or a test's loopback server). */
  resourceManagerEndpoint?: string;
}

/** How SDK clients are built: the credential, the endpoint, and (tests) the CA of a loopback TLS server. */
export interface AzureClientOptions {
  credential: TokenCredential;
  resourceManagerEndpoint?: string;
  tlsOptions?: { ca?: string };
}

export interface AzureSubscription {
  subscriptionId: string;
  displayName: string;
  tenantId?: string;
}

/** A function app as the remote features need it. */
export interface FunctionApp {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location?: string;
  /** `<app>.azurewebsites.net`: where its functions are called. */
  defaultHostName: string;
  /** `<app>.scm.azurewebsites.net`: Kudu, the log stream. */
  scmHostName?: string;
  /** Flex Consumption apps carry `functionAppConfig`; other plans are priced as Consumption. */
  plan: 'flex' | 'consumption';
  /** The Application Insights resource linked to the app (its `hidden-link: /app-insights-resource-id` tag). */
  appInsightsResourceId?: string;
  linux: boolean;
}

/** `[rg/]name` → its parts. */
export function parseFunctionAppRef(ref: string): { resourceGroup?: string; name: string } {
  const parts = ref.trim().split('/').filter(Boolean);
  return parts.length >= 2 ? { resourceGroup: parts[parts.length - 2], name: parts[parts.length - 1] } : { name: parts[0] ?? '' };
}

function clientOptions(o: AzureClientOptions): Record<string, unknown> {
  return {
    endpoint: (o.resourceManagerEndpoint ?? DEFAULT_ARM_ENDPOINT).replace(/\/+$/, ''),
    // The token is for Resource Manager, wherever its endpoint is (the clients would otherwise ask for `<endpoint>/.default`).
    credentials: { scopes: [ARM_SCOPE] },
    ...(o.tlsOptions ? { tlsOptions: o.tlsOptions } : {}),
    userAgentOptions: { userAgentPrefix: 'serverless-workbench' },
  };
}

async function webClient(o: AzureClientOptions, subscriptionId: string): Promise<WebSiteManagementClient> {
  const { WebSiteManagementClient } = await import('@azure/arm-appservice');
  return new WebSiteManagementClient(o.credential, subscriptionId, clientOptions(o));
}

export async function listSubscriptions(o: AzureClientOptions): Promise<AzureSubscription[]> {
  const { SubscriptionClient } = await import('@azure/arm-resources-subscriptions');
  const client = new SubscriptionClient(o.credential, clientOptions(o));
  const out: AzureSubscription[] = [];
  for await (const s of client.subscriptions.list()) {
    if (s.subscriptionId) out.push({ subscriptionId: s.subscriptionId, displayName: s.displayName ?? s.subscriptionId, tenantId: s.tenantId });
  }
  return out.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

interface SiteLike {
  id?: string;
  name?: string;
  kind?: string;
  location?: string;
  resourceGroup?: string;
  defaultHostName?: string;
  enabledHostNames?: string[];
  hostNameSslStates?: Array<{ name?: string; hostType?: string }>;
  functionAppConfig?: unknown;
  tags?: Record<string, string>;
}

function toApp(site: SiteLike, subscriptionId: string): FunctionApp {
  const name = site.name ?? '';
  const resourceGroup = site.resourceGroup ?? /\/resourceGroups\/([^/]+)/i.exec(site.id ?? '')?.[1] ?? '';
  const insights = Object.entries(site.tags ?? {}).find(([k]) => /^hidden-link:.*\/app-insights-resource-id$/i.test(k))?.[1];
  return {
    id: site.id ?? '',
    subscriptionId,
    resourceGroup,
    name,
    location: site.location,
    defaultHostName: site.defaultHostName ?? `${name}.azurewebsites.net`,
    // Kudu's host is the "Repository" host name (`<app>.scm.azurewebsites.net`).
    scmHostName: site.hostNameSslStates?.find((h) => h.hostType === 'Repository')?.name ?? site.enabledHostNames?.find((h) => h.includes('.scm.')),
    plan: site.functionAppConfig ? 'flex' : 'consumption',
    ...(insights ? { appInsightsResourceId: insights } : {}),
    linux: /linux/i.test(site.kind ?? ''),
  };
}

/** The subscription's function apps (sites whose kind includes `functionapp`). */
export async function listFunctionApps(o: AzureClientOptions, subscriptionId: string): Promise<FunctionApp[]> {
  const client = await webClient(o, subscriptionId);
  const out: FunctionApp[] = [];
  for await (const site of client.webApps.list()) {
    if (/functionapp/i.test(site.kind ?? '')) out.push(toApp(site as SiteLike, subscriptionId));
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** A function app by `[rg/]name`; without the resource group it is looked up in the subscription's apps. */
export async function findFunctionApp(o: AzureClientOptions, subscriptionId: string, ref: string): Promise<FunctionApp> {
  const { resourceGroup, name } = parseFunctionAppRef(ref);
  if (resourceGroup) {
    const client = await webClient(o, subscriptionId);
    return toApp((await client.webApps.get(resourceGroup, name)) as SiteLike, subscriptionId);
  }
  const apps = (await listFunctionApps(o, subscriptionId)).filter((a) => a.name.toLowerCase() === name.toLowerCase());
  if (apps.length === 0) throw new AzureError(`no function app named ${name} in subscription ${subscriptionId}`);
  if (apps.length > 1) throw new AzureError(`${apps.length} function apps are named ${name}: give the resource group too (${apps.map((a) => `${a.resourceGroup}/${a.name}`).join(', ')})`);
  return apps[0];
}

/** The `default` key of a function (for HTTP triggers with authLevel function). */
export async function functionKey(o: AzureClientOptions, app: FunctionApp, functionName: string): Promise<string | undefined> {
  const client = await webClient(o, app.subscriptionId);
  const keys = await client.webApps.listFunctionKeys(app.resourceGroup, app.name, functionName);
  const props = keys.properties ?? {};
  return props.default ?? Object.values(props)[0];
}

/** The app's master key (admin endpoint, authLevel admin). */
export async function masterKey(o: AzureClientOptions, app: FunctionApp): Promise<string | undefined> {
  const client = await webClient(o, app.subscriptionId);
  return (await client.webApps.listHostKeys(app.resourceGroup, app.name)).masterKey;
}

/** An Azure failure the person can act on, in one line. */
export class AzureError extends Error {}

/** One line for a failed Azure call: sign-in, permissions, not found, network — never a token or a key. */
export function describeAzureError(err: unknown, what: string): string {
  if (err instanceof AzureError) return err.message;
  const e = err as { statusCode?: number; code?: string; name?: string; message?: string; cause?: { code?: string } };
  const status = e.statusCode;
  if (e.name === 'CredentialUnavailableError' || e.name === 'AggregateAuthenticationError' || /credential|sign in|az login/i.test(e.message ?? '') && !status) {
    return `cannot ${what}: not signed in to Azure (${firstLine(e.message)}); sign in (Azure CLI: az login)`;
  }
  if (status === 401) return `cannot ${what}: Azure rejected the sign-in (401); sign in again`;
  if (status === 403) return `cannot ${what}: access denied (403); your account needs a role on the function app that can read its keys (e.g. Website Contributor)`;
  if (status === 404) return `cannot ${what}: not found (404): check the subscription, resource group and app name`;
  const code = e.code ?? e.cause?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT') return `cannot ${what}: Azure is not reachable (${code})`;
  return `cannot ${what}: ${firstLine(e.message) || String(err)}`;
}

function firstLine(s: string | undefined): string {
  return (s ?? '').split('\n')[0].trim();
}
