import * as vscode from 'vscode';
import type { AwsConnection, AwsConnectionSettings } from '../aws/connection';
import { describeRegionOrigin, resolveAwsConnection } from '../aws/connection';
import { describeAwsProfile, readAwsProfiles } from '../aws/profiles';
import type { Project } from '../model/types';
import type { AwsProfiles } from './awsProfiles';
import type { Commands } from './commands';
import type { Config } from './config';
import { commandIds } from './ids';
import { awsRemoteNote } from './trust';

/** The AWS settings of the window (`serverlessWorkbench.aws.*`), profile and endpoint under the remote-trust rule. */
export function awsSettings(config: Config): AwsConnectionSettings {
  return { profile: config.get('awsProfile'), region: config.get('awsRegion'), endpointUrl: config.get('awsEndpointUrl') };
}

/** What resolving a connection in the editor needs: the settings and the shared AWS files as last read. */
export interface AwsAccess {
  config: Config;
  awsProfiles: AwsProfiles;
}

/**
 * Where a remote call for this project goes, from the settings, samconfig.toml, the project, the environment and the
 * profile's own region in ~/.aws/config (as last read: no file is read here); in an untrusted workspace never with a
 * profile the workspace names (see trust.ts).
 */
export function connectionFor(aws: AwsAccess, project: Project | undefined, service: 'lambda' | 'logs' | 'cloudformation' = 'lambda'): AwsConnection {
  const { config } = aws;
  return resolveAwsConnection({ settings: awsSettings(config), project, env: process.env, service, workspaceTrusted: config.trusted, profiles: aws.awsProfiles.current() });
}

/**
 * `connectionFor` for a remote call about to be made: when the region would come from the profile (or nothing), the
 * shared files are read first, so the call never goes by a stale read.
 */
export async function connectionForCall(aws: AwsAccess, project: Project | undefined, service: 'lambda' | 'logs' | 'cloudformation' = 'lambda'): Promise<AwsConnection> {
  const now = connectionFor(aws, project, service);
  if (now.origin.region !== 'profile' && now.origin.region !== 'default') return now;
  await aws.awsProfiles.refresh();
  return connectionFor(aws, project, service);
}

const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-east-1', 'me-central-1', 'af-south-1',
];

/**
 * A quick pick for the profile, then one for the region; written to the workspace settings (in an untrusted
 * workspace the profile is remembered for it outside its files: see Config.choose).
 */
export async function chooseAwsProfileAndRegion(aws: AwsAccess): Promise<void> {
  const { config } = aws;
  const current = awsSettings(config);
  const read = await readAwsProfiles(process.env);
  aws.awsProfiles.accept(read);
  const { profiles } = read;
  const profilePick = await vscode.window.showQuickPick(
    [
      { label: '$(gear) SDK default chain', description: 'environment, default profile, SSO, instance roles', value: '' },
      ...profiles.map((p) => ({ label: p.name, description: [p.name === current.profile ? 'current' : '', describeAwsProfile(p)].filter(Boolean).join(' · '), value: p.name })),
    ],
    { placeHolder: profiles.length ? 'AWS profile for remote invoke and logs' : 'No profiles in ~/.aws/config or ~/.aws/credentials', ignoreFocusOut: true },
  );
  if (!profilePick) return;
  const regionPick = await vscode.window.showQuickPick(
    [
      { label: '$(gear) From the project, environment or profile', description: "samconfig.toml, provider.region, AWS_REGION, the profile's region", value: '' },
      ...REGIONS.map((r) => ({ label: r, description: r === current.region ? 'current' : '', value: r })),
      { label: '$(edit) Other…', description: '', value: '?' },
    ],
    { placeHolder: 'AWS region', ignoreFocusOut: true },
  );
  if (!regionPick) return;
  let region = regionPick.value;
  if (region === '?') {
    region = (await vscode.window.showInputBox({ prompt: 'AWS region', value: current.region ?? '', validateInput: (v) => (/^[a-z]{2}(-[a-z]+)+-\d$/.test(v.trim()) ? undefined : 'A region looks like eu-west-1') }))?.trim() ?? '';
    if (!region) return;
  }
  await config.choose('awsProfile', profilePick.value || undefined);
  await config.choose('awsRegion', region || undefined);
}

/** What the AWS status-bar item shows (integration tests read it here: VS Code does not expose a status-bar item). */
export interface AwsStatus {
  refresh(): void;
  readonly text: string;
  /** The tooltip's Markdown source. */
  readonly tooltip: string;
}

/** The status-bar item that shows and switches the AWS profile and region. */
export function registerAwsStatus(context: vscode.ExtensionContext, services: AwsAccess & { commands: Commands }, activeProject: () => Project | undefined): AwsStatus {
  const { config, commands, awsProfiles } = services;
  const item = vscode.window.createStatusBarItem('serverlessWorkbench.aws', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Serverless: AWS profile and region';
  item.command = commandIds.chooseAwsProfile;
  let tooltip = '';
  const refresh = (): void => {
    const conn = connectionFor(services, activeProject());
    const untrusted = awsRemoteNote(config, conn);
    // `$(` in a value would be read as an icon: the status bar shows it with the parenthesis escaped.
    item.text = `$(cloud) ${(conn.profile ?? 'default').replace(/\$\(/g, '\\$(')} · ${conn.region.replace(/\$\(/g, '\\$(')}`;
    // Values come from settings and config files: code spans keep them literal (backticks dropped); the origins name
    // files and profiles, so Markdown in them is escaped.
    const code = (v: string): string => `\`${v.replace(/`/g, "'")}\``;
    const words = (v: string): string => v.replace(/[\\`*_[\]<>$]/g, '\\$&');
    const regionFrom = describeRegionOrigin(conn, { setting: 'setting' });
    tooltip = `AWS for remote invoke and logs\n\nProfile: ${code(conn.profile ?? 'SDK default chain')} (from ${conn.origin.profile})\n\nRegion: ${code(conn.region)} (from ${words(regionFrom)})${conn.endpointUrl ? `\n\nEndpoint: ${code(conn.endpointUrl)}` : ''}${untrusted ? `\n\n${words(untrusted)}` : ''}\n\nClick to change.`;
    item.tooltip = new vscode.MarkdownString(tooltip);
    item.show();
  };
  refresh();
  context.subscriptions.push(
    item,
    commands.register('chooseAwsProfile', () => chooseAwsProfileAndRegion(services)),
    // A trust grant is a change of the profile and endpoint settings (the workspace's values count from then on).
    config.onDidChange((e) => {
      if (e.affects('aws')) refresh();
    }),
    // ~/.aws/config changed (or was read for the first time): the profile's region may be another.
    awsProfiles.onDidChange(refresh),
  );
  return {
    refresh,
    get text() {
      return item.text;
    },
    get tooltip() {
      return tooltip;
    },
  };
}
