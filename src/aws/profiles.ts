/**
 * The profiles of the shared AWS config and credentials files, read by the SDK's own loader (`@smithy/core/config`,
 * the home of `@smithy/shared-ini-file-loader`): `[profile x]` and `[default]` sections of `~/.aws/config`, the
 * sections of `~/.aws/credentials`, `[sso-session x]` sections, and `AWS_CONFIG_FILE` /
 * `AWS_SHARED_CREDENTIALS_FILE`. Only names and non-secret settings (region, SSO) leave this module: keys and
 * tokens are never returned, so they cannot end up in a log or a picker.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface AwsProfile {
  name: string;
  /**
   * The profile's `region`, as the SDK's region provider reads it: the credentials file's section before the config
   * file's (`NODE_REGION_CONFIG_FILE_OPTIONS.preferredFile` is `credentials`).
   */
  region?: string;
  /** The file that set `region` (its path). */
  regionFile?: string;
  /** Signs in through IAM Identity Center: the `sso_session` it names, or `true` for a legacy `sso_start_url` profile. */
  sso?: string | true;
  /** Which files define the profile. */
  files: Array<'config' | 'credentials'>;
}

export interface AwsProfileFiles {
  profiles: AwsProfile[];
  /** Names of the `[sso-session x]` sections. */
  ssoSessions: string[];
  /** The two files read (each may be missing). */
  configFile: string;
  credentialsFile: string;
}

/** The home folder as the SDK finds it (`getHomeDir`): HOME, USERPROFILE, HOMEDRIVE+HOMEPATH, then the OS's. */
export function sdkHomeDir(env: Record<string, string | undefined>): string {
  return env.HOME || env.USERPROFILE || (env.HOMEPATH ? `${env.HOMEDRIVE ?? ''}${env.HOMEPATH}` : '') || homedir();
}

/** Where the SDK looks for the two files, for this environment. */
export function awsProfileFilePaths(env: Record<string, string | undefined>, home = sdkHomeDir(env)): { configFile: string; credentialsFile: string } {
  return {
    configFile: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

const ssoSessionPrefix = 'sso-session.';
const servicesPrefix = 'services.';

/** The profiles, sorted by name; missing or unreadable files give none (never an exception). */
export async function readAwsProfiles(env: Record<string, string | undefined>, home = sdkHomeDir(env)): Promise<AwsProfileFiles> {
  const { configFile, credentialsFile } = awsProfileFilePaths(env, home);
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  // ignoreCache: the person may have run `aws configure` since the last look.
  const files = await loadSharedConfigFiles({ configFilepath: configFile, filepath: credentialsFile, ignoreCache: true }).catch(() => ({ configFile: {}, credentialsFile: {} }));
  const byName = new Map<string, AwsProfile>();
  const ssoSessions: string[] = [];
  const profile = (name: string): AwsProfile => {
    let p = byName.get(name);
    if (!p) byName.set(name, (p = { name, files: [] }));
    return p;
  };
  for (const [key, section] of Object.entries(files.configFile ?? {})) {
    if (key.startsWith(ssoSessionPrefix)) {
      ssoSessions.push(key.slice(ssoSessionPrefix.length));
      continue;
    }
    if (key.startsWith(servicesPrefix)) continue;
    const p = profile(key);
    p.files.push('config');
    if (section.region) Object.assign(p, { region: section.region, regionFile: configFile });
    if (section.sso_session) p.sso = section.sso_session;
    else if (section.sso_start_url) p.sso = true;
  }
  for (const [key, section] of Object.entries(files.credentialsFile ?? {})) {
    const p = profile(key);
    p.files.push('credentials');
    if (section.region) Object.assign(p, { region: section.region, regionFile: credentialsFile });
  }
  const profiles = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { profiles, ssoSessions: ssoSessions.sort(), configFile, credentialsFile };
}

/** The region a profile sets, and the file it is in; undefined when the profile sets none (or does not exist). */
export function profileRegion(files: AwsProfileFiles, name: string): { region: string; file: string } | undefined {
  const p = files.profiles.find((x) => x.name === name);
  return p?.region && p.regionFile ? { region: p.region, file: p.regionFile } : undefined;
}

/** A short, secret-free description of a profile for a picker: `SSO (my-sso) · eu-west-1`. */
export function describeAwsProfile(p: AwsProfile): string {
  const parts: string[] = [];
  if (p.sso) parts.push(p.sso === true ? 'SSO' : `SSO (${p.sso})`);
  else if (p.files.includes('credentials')) parts.push('keys in credentials file');
  if (p.region) parts.push(p.region);
  return parts.join(' · ');
}
