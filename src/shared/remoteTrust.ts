/**
 * The one rule for remote features in an untrusted workspace (AWS remote invoke, AWS logs, Azure remote invoke,
 * Azure logs): they all work, and none of them takes from the workspace *where* a call goes or *whose* identity
 * signs it. A profile, endpoint, subscription or function app counts only when the person chose it: their user
 * settings, their environment, or a choice made in this window (a quick pick). What the workspace names (its
 * `.vscode/settings.json`, samconfig.toml, `provider.profile`) is passed over and said so, until the workspace is
 * trusted. Nothing of the workspace runs for a remote call, so refusing remote features outright would protect
 * nothing more; taking the workspace's endpoint or profile would send the person's signed requests where the
 * repository wants.
 */

/** Where a value that decides a remote call's destination or identity came from. */
export type RemoteValueSource =
  /** User settings (local or remote), machine settings. */
  | 'user'
  /** A choice the person made in a quick pick of this window (kept for the workspace by the editor, not in it). */
  | 'choice'
  /** The environment of the editor (`AWS_PROFILE`, `AWS_ENDPOINT_URL`, …). */
  | 'env'
  /** The workspace's or a folder's `.vscode/settings.json`. */
  | 'workspace'
  /** samconfig.toml of the project. */
  | 'samconfig'
  /** The project's own config (`provider.profile`). */
  | 'project'
  | 'default';

/** The remote features the rule covers; each applies it the same way (see the module comment). */
export const remoteFeatures = ['AWS remote invoke', 'AWS logs', 'Azure remote invoke', 'Azure logs'] as const;
export type RemoteFeature = (typeof remoteFeatures)[number];

/** Whether a value from `source` may choose a remote call's destination or identity. */
export function remoteSourceAllowed(source: RemoteValueSource, trusted: boolean): boolean {
  return trusted || (source !== 'workspace' && source !== 'samconfig' && source !== 'project');
}

/** A value the workspace named that a remote call did not use. */
export interface IgnoredRemoteValue {
  what: 'profile' | 'endpoint' | 'subscription' | 'function app';
  value: string;
  source: Extract<RemoteValueSource, 'workspace' | 'samconfig' | 'project'>;
}

/** The message, the same for every remote feature, shown wherever a remote target is shown in an untrusted workspace. */
export const untrustedRemoteMessage =
  'This workspace is not trusted: remote invoke and logs (AWS and Azure) use only what you chose (your user settings, your environment, a choice you make here), never a profile, endpoint, subscription or function app the workspace names.';

const sourceNames: Record<IgnoredRemoteValue['source'], string> = { workspace: 'workspace settings', samconfig: 'samconfig.toml', project: 'provider.profile' };

/** The note for an untrusted workspace, naming what was passed over; undefined when the workspace is trusted. */
export function untrustedRemoteNote(trusted: boolean, ignored: readonly IgnoredRemoteValue[] = []): string | undefined {
  if (trusted) return undefined;
  if (ignored.length === 0) return untrustedRemoteMessage;
  const list = ignored.map((i) => `${i.what} "${i.value}" from ${sourceNames[i.source]}`).join(', ');
  return `${untrustedRemoteMessage} (Ignored: ${list}.)`;
}

/**
 * The first candidate the rule allows, in order of precedence, and the workspace-named ones passed over on the way.
 * Every remote setting (AWS profile, Azure subscription and function app) is picked through here.
 */
export function pickRemoteValue<T extends string>(
  what: IgnoredRemoteValue['what'],
  candidates: ReadonlyArray<readonly [T | undefined, RemoteValueSource]>,
  trusted: boolean,
): { value?: T; source: RemoteValueSource; ignored: IgnoredRemoteValue[] } {
  const ignored: IgnoredRemoteValue[] = [];
  for (const [value, source] of candidates) {
    if (value === undefined || value === '') continue;
    if (!remoteSourceAllowed(source, trusted)) {
      if (!ignored.some((i) => i.value === value && i.source === source)) ignored.push({ what, value, source: source as IgnoredRemoteValue['source'] });
      continue;
    }
    return { value, source, ignored };
  }
  return { source: 'default', ignored };
}
