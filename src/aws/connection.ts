/**
 * Where AWS calls go: profile, region and endpoint resolved from settings, samconfig.toml, the project and
 * the environment; SDK clients built lazily (the SDK is heavy and most sessions never call AWS).
 */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { homedir } from 'node:os';
import { sep } from 'node:path';
import type { FunctionDef, Project } from '../model/types';
import { samEnvironment } from '../model/samConfig';
import { pickRemoteValue } from '../shared/remoteTrust';
import type { AwsProfileFiles } from './profiles';
import { profileRegion, readAwsProfiles, sdkHomeDir } from './profiles';

/** What the user set explicitly (VS Code settings, CLI flags). */
export interface AwsConnectionSettings {
  profile?: string;
  region?: string;
  endpointUrl?: string;
}

/**
 * Where a resolved value came from, shown next to it so a person knows what to change. `profile`: the region of the
 * profile in use, from the shared config (or credentials) file.
 */
export type AwsSettingOrigin = 'setting' | 'samconfig' | 'project' | 'env' | 'profile' | 'default';

export interface AwsConnection {
  /** undefined: the SDK's default chain without a named profile. */
  profile?: string;
  region: string;
  endpointUrl?: string;
  origin: { profile: AwsSettingOrigin; region: AwsSettingOrigin };
  /** With `origin.region` `env`: the variable that set it. */
  regionVariable?: 'AWS_REGION' | 'AWS_DEFAULT_REGION';
  /** With `origin.region` `profile`: the profile whose `region` it is (`default` when none is named) and the file that sets it. */
  regionProfile?: { profile: string; file: string };
  /** A profile the workspace names (samconfig.toml, `provider.profile`) that was not used: the workspace is not trusted. */
  ignoredProfile?: { profile: string; origin: 'samconfig' | 'project' };
}

export type AwsService = 'lambda' | 'logs' | 'cloudformation';

const endpointEnvNames: Record<AwsService, string> = {
  lambda: 'AWS_ENDPOINT_URL_LAMBDA',
  logs: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
  cloudformation: 'AWS_ENDPOINT_URL_CLOUDFORMATION',
};

export interface AwsConnectionInput {
  settings: AwsConnectionSettings;
  project?: Project;
  env: Record<string, string | undefined>;
  service?: AwsService;
  /**
   * false: the workspace is not trusted, so it does not choose whose credentials sign the calls: a profile named by
   * its samconfig.toml or `provider.profile` is ignored (the editor already ignores its profile and endpoint settings).
   */
  workspaceTrusted?: boolean;
  /**
   * The shared config and credentials files as read by `readAwsProfiles` (the caller reads them once and keeps them:
   * this function stays synchronous). Without them no profile's region counts.
   */
  profiles?: AwsProfileFiles;
}

/**
 * Profile, region and endpoint for a call. The region, first found: the explicit setting (`--region`), samconfig.toml,
 * the project (`provider.region`; the model gives Serverless Framework projects the Framework's `us-east-1` when it
 * is not written), `AWS_REGION` then `AWS_DEFAULT_REGION`, the `region` of the profile in use in the shared files
 * (the named profile, else `default`), `us-east-1`. The last three are the AWS SDK's own order (environment, then the
 * profile; `AWS_DEFAULT_REGION` is the AWS CLI's variable).
 */
export function resolveAwsConnection(input: AwsConnectionInput): AwsConnection {
  const { settings, project, env } = input;
  const trusted = input.workspaceTrusted !== false;
  // The model read the project's samconfig (its `default` environment's deploy parameters, then global ones).
  const sam = samEnvironment(project);

  // The one rule for remote features (src/shared/remoteTrust.ts): a profile the workspace names waits for trust.
  const picked = pickRemoteValue(
    'profile',
    [
      [nonEmpty(settings.profile), 'user'],
      [nonEmpty(sam?.profile), 'samconfig'],
      [nonEmpty(project?.profile), 'project'],
      [nonEmpty(env.AWS_PROFILE), 'env'],
    ],
    trusted,
  );
  const profile = picked.value;
  const profileOrigin: AwsSettingOrigin = picked.source === 'user' || picked.source === 'choice' || picked.source === 'workspace' ? 'setting' : (picked.source as AwsSettingOrigin);
  const firstIgnored = picked.ignored[0];
  const ignoredProfile: AwsConnection['ignoredProfile'] = firstIgnored ? { profile: firstIgnored.value, origin: firstIgnored.source === 'samconfig' ? 'samconfig' : 'project' } : undefined;

  const service = input.service ?? 'lambda';
  const endpointUrl = nonEmpty(settings.endpointUrl) ?? nonEmpty(env[endpointEnvNames[service]]) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  const conn = (region: string, origin: AwsSettingOrigin, extra: Pick<AwsConnection, 'regionVariable' | 'regionProfile'> = {}): AwsConnection => ({
    profile,
    region,
    endpointUrl,
    origin: { profile: profileOrigin, region: origin },
    ...extra,
    ...(ignoredProfile ? { ignoredProfile } : {}),
  });

  for (const [value, origin] of [
    [nonEmpty(settings.region), 'setting'],
    [nonEmpty(sam?.region), 'samconfig'],
    [nonEmpty(project?.region), 'project'],
  ] as const) {
    if (value) return conn(value, origin);
  }
  for (const variable of ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const) {
    const value = nonEmpty(env[variable]);
    if (value) return conn(value, 'env', { regionVariable: variable });
  }
  // The profile that signs the calls (a workspace-named one passed over in an untrusted workspace is not it).
  const own = input.profiles ? profileRegion(input.profiles, profile ?? 'default') : undefined;
  const region = nonEmpty(own?.region);
  if (own && region) return conn(region, 'profile', { regionProfile: { profile: profile ?? 'default', file: own.file } });
  return conn('us-east-1', 'default');
}

/**
 * `resolveAwsConnection` for one call (the CLI): the shared files are read only when nothing explicit chose the
 * region, so a `--region`, samconfig.toml, `provider.region` or `AWS_REGION` costs no file read.
 */
export async function loadAwsConnection(input: Omit<AwsConnectionInput, 'profiles'>, home = sdkHomeDir(input.env)): Promise<AwsConnection> {
  const first = resolveAwsConnection(input);
  if (first.origin.region !== 'default') return first;
  return resolveAwsConnection({ ...input, profiles: await readAwsProfiles(input.env, home) });
}

/**
 * Where the region came from, in words a person can act on: `setting` is named by the caller (the editor's setting,
 * the CLI's `--region`); files under the home folder are shown from `~`.
 */
export function describeRegionOrigin(conn: AwsConnection, options: { setting: string; home?: string }): string {
  switch (conn.origin.region) {
    case 'setting':
      return options.setting;
    case 'samconfig':
      return 'samconfig';
    case 'project':
      return 'provider.region';
    case 'env':
      return conn.regionVariable ?? 'AWS_REGION';
    case 'profile':
      return conn.regionProfile ? `profile ${conn.regionProfile.profile} in ${homeRelative(conn.regionProfile.file, options.home ?? homedir())}` : 'the profile';
    case 'default':
      return 'default';
  }
}

/**
 * The region for a message about something not found there, saying where it came from when nothing in the project or
 * on the command line chose it (the likeliest reason for looking in the wrong region).
 */
export function regionInWords(conn: AwsConnection): string {
  if (conn.origin.region === 'profile') return `${conn.region} (the region of profile ${conn.regionProfile?.profile ?? conn.profile ?? 'default'})`;
  if (conn.origin.region === 'default') return `${conn.region} (no region is set: the default)`;
  return conn.region;
}

/** `~/.aws/config` for a file under the home folder; other paths as they are. */
export function homeRelative(file: string, home: string): string {
  const base = home.endsWith(sep) ? home.slice(0, -1) : home;
  return base && file.startsWith(base + sep) ? `~${sep}${file.slice(base.length + 1)}` : file;
}

/** The SDK warns about Node 20 on every client construction; users of a CLI should not see that noise. */
function quietSdk(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

async function clientConfig(conn: AwsConnection): Promise<{
  region: string;
  endpoint?: string;
  credentials: ReturnType<typeof fromNodeProviderChain>;
}> {
  quietSdk();
  const providers = await import('@aws-sdk/credential-providers');
  // The node chain covers env, shared config/credentials files, SSO, process and web-identity credentials.
  const credentials = providers.fromNodeProviderChain(conn.profile ? { profile: conn.profile } : {});
  return { region: conn.region, ...(conn.endpointUrl ? { endpoint: conn.endpointUrl } : {}), credentials };
}

export async function createLambdaClient(conn: AwsConnection): Promise<LambdaClient> {
  const config = await clientConfig(conn);
  const { LambdaClient } = await import('@aws-sdk/client-lambda');
  return new LambdaClient(config);
}

export async function createLogsClient(conn: AwsConnection): Promise<CloudWatchLogsClient> {
  const config = await clientConfig(conn);
  const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs');
  // StartLiveTail has a `stream-` host prefix that breaks custom endpoints (LocalStack, loopback): drop it there.
  return new CloudWatchLogsClient({ ...config, ...(conn.endpointUrl ? { disableHostPrefix: true } : {}) });
}

export async function createCloudFormationClient(conn: AwsConnection): Promise<CloudFormationClient> {
  const config = await clientConfig(conn);
  const { CloudFormationClient } = await import('@aws-sdk/client-cloudformation');
  return new CloudFormationClient(config);
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  errno?: string | number;
  address?: string;
  port?: number;
  hostname?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/**
 * One line saying what went wrong with an AWS call and what to do about it.
 * `what` names the operation ("invoke orders-dev-create"); `conn` lets the message name the profile and endpoint.
 */
export function describeAwsError(err: unknown, what: string, conn?: AwsConnection): string {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as ErrorLike;
  const name = e.name ?? '';
  const message = firstLine(e.message ?? '');
  const code = networkCode(e);
  const profileHint = conn?.profile ? ` --profile ${conn.profile}` : '';

  if (/expired|TokenRefreshRequired/i.test(name) || /(token|session).*(expired|is expired)|expired.*token|refresh.*token.*(failed|invalid)/i.test(message)) {
    return `${what}: the AWS credentials have expired; run aws sso login${profileHint} (or refresh the profile's credentials) and try again`;
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials|credentials? (not|could not be) (found|loaded)/i.test(message)) {
    return `${what}: no AWS credentials found${conn?.profile ? ` for profile "${conn.profile}"` : ''}; run aws configure (or aws configure sso) or choose another profile`;
  }
  if (
    /AccessDenied|UnauthorizedOperation|NotAuthorized|UnrecognizedClient|InvalidClientTokenId|InvalidSignature|SignatureDoesNotMatch/i.test(name) ||
    e.$metadata?.httpStatusCode === 403
  ) {
    return `${what}: access denied${conn?.profile ? ` for profile "${conn.profile}"` : ''}${message ? ` (${message})` : ''}; check the credentials' permissions`;
  }
  if (/ResourceNotFound|NotFound|NoSuch/i.test(name) || /does not exist|not found/i.test(message) || e.$metadata?.httpStatusCode === 404) {
    return `${what}: not found in ${conn ? regionInWords(conn) : 'this region'}${message ? ` (${message})` : ''}; is it deployed to this stage, region and account?`;
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded|LimitExceeded/i.test(name) || e.$metadata?.httpStatusCode === 429) {
    return `${what}: AWS is throttling requests${message ? ` (${message})` : ''}; wait a moment and try again`;
  }
  if (code) {
    const target = conn?.endpointUrl ?? (e.address ? `${e.address}${e.port ? `:${e.port}` : ''}` : (e.hostname ?? 'AWS'));
    const why = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' ? 'host not found' : code === 'ETIMEDOUT' || code === 'TimeoutError' ? 'timed out' : code;
    return `${what}: cannot reach ${target} (${why})${conn?.endpointUrl ? '; is the endpoint running?' : '; check the network connection'}`;
  }
  return `${what}: ${name && name !== 'Error' ? `${name}: ` : ''}${message || 'unknown error'}`;
}

function networkCode(e: ErrorLike): string | undefined {
  const codes = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE'];
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const c = cur as ErrorLike;
    if (typeof c.code === 'string' && codes.includes(c.code)) return c.code;
    if (c.name === 'TimeoutError') return 'TimeoutError';
    // Aggregated connect errors (happy eyeballs) keep the codes in `errors`.
    const inner = (c as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length) {
      const found = networkCode(inner[0] as ErrorLike);
      if (found) return found;
    }
    cur = c.cause;
  }
  return undefined;
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

function nonEmpty(s: string | undefined): string | undefined {
  return s !== undefined && s.trim() !== '' ? s.trim() : undefined;
}

/** The stack name SAM deploys to: `stack_name` of the project's samconfig (read with the model). */
export function samStackName(project: Project | undefined): string | undefined {
  return nonEmpty(samEnvironment(project)?.stackName);
}

/**
 * The function's name in the cloud: from the model when it is known statically, else (SAM/CloudFormation
 * functions without `FunctionName`) the physical id of the stack resource. Throws one-line errors.
 */
export async function resolveDeployedName(fn: FunctionDef, project: Project, conn: AwsConnection): Promise<string> {
  if (fn.deployedName) return fn.deployedName;
  if (project.kind !== 'sam' && project.kind !== 'cloudformation') {
    throw new Error(`the deployed name of ${fn.name} is not known statically (it depends on unresolved values)`);
  }
  const stackName = samStackName(project);
  if (!stackName) {
    throw new Error(`${fn.name} has no FunctionName; set stack_name in samconfig.toml (sam deploy --guided writes it) so its deployed name can be looked up`);
  }
  const client = await createCloudFormationClient(conn);
  try {
    const { DescribeStackResourceCommand } = await import('@aws-sdk/client-cloudformation');
    const out = await client.send(new DescribeStackResourceCommand({ StackName: stackName, LogicalResourceId: fn.name }));
    const physical = out.StackResourceDetail?.PhysicalResourceId;
    if (!physical) throw new Error(`stack ${stackName} has no physical resource for ${fn.name} yet; deploy it first`);
    return physical;
  } catch (err) {
    if (err instanceof Error && err.message.startsWith(`stack ${stackName} has no physical`)) throw err;
    throw new Error(describeAwsError(err, `look up ${fn.name} in stack ${stackName}`, conn), { cause: err });
  } finally {
    client.destroy();
  }
}
