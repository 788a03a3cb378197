import * as vscode from 'vscode';
import type { AwsConnection, AwsConnectionSettings } from '../aws/connection';
import { resolveAwsConnection } from '../aws/connection';
import { describeAwsProfile, readAwsProfiles } from '../aws/profiles';
import type { Project } from '../model/types';
import type { Commands } from './commands';
import type { Config } from './config';
import { commandIds } from './ids';
import { awsRemoteNote } from './trust';

/** The AWS settings of the window (`serverlessWorkbench.aws.*`), profile and endpoint under the remote-trust rule. */
export function awsSettings(config: Config): AwsConnectionSettings {
  return { profile: config.get('awsProfile'), region: config.get('awsRegion'), endpointUrl: config.get('awsEndpointUrl') };
}

/**
 * Where a remote call for this project goes, from the settings, samconfig.toml, the project and the environment;
 * in an untrusted workspace never with a profile the workspace names (see trust.ts).
 */
export function connectionFor(config: Config, project: Project | undefined, service: 'lambda' | 'logs' | 'cloudformation' = 'lambda'): AwsConnection {
  return resolveAwsConnection({ settings: awsSettings(config), project, env: process.env, service, workspaceTrusted: config.trusted });
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
export async function chooseAwsProfileAndRegion(config: Config): Promise<void> {
  const current = awsSettings(config);
  const { profiles } = await readAwsProfiles(process.env);
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
      { label: '$(gear) From the project or environment', description: 'samconfig.toml, provider.region, AWS_REGION', value: '' },
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

/** The status-bar item that shows and switches the AWS profile and region. */
export function registerAwsStatus(context: vscode.ExtensionContext, services: { config: Config; commands: Commands }, activeProject: () => Project | undefined): { refresh: () => void } {
  const { config, commands } = services;
  const item = vscode.window.createStatusBarItem('serverlessWorkbench.aws', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Serverless: AWS profile and region';
  item.command = commandIds.chooseAwsProfile;
  const refresh = (): void => {
    const conn = connectionFor(config, activeProject());
    const untrusted = awsRemoteNote(config, conn);
    // `$(` in a value would be read as an icon: the status bar shows it with the parenthesis escaped.
    item.text = `$(cloud) ${(conn.profile ?? 'default').replace(/\$\(/g, '\\$(')} · ${conn.region.replace(/\$\(/g, '\\$(')}`;
    // Values come from settings and config files: code spans keep them literal (backticks dropped).
    const code = (v: string): string => `\`${v.replace(/`/g, "'")}\``;
    item.tooltip = new vscode.MarkdownString(
      `AWS for remote invoke and logs\n\nProfile: ${code(conn.profile ?? 'SDK default chain')} (from ${conn.origin.profile})\n\nRegion: ${code(conn.region)} (from ${conn.origin.region})${conn.endpointUrl ? `\n\nEndpoint: ${code(conn.endpointUrl)}` : ''}${untrusted ? `\n\n${untrusted.replace(/[\\`*_[\]<>$]/g, '\\$&')}` : ''}\n\nClick to change.`,
    );
    item.show();
  };
  refresh();
  context.subscriptions.push(
    item,
    commands.register('chooseAwsProfile', () => chooseAwsProfileAndRegion(config)),
    // A trust grant is a change of the profile and endpoint settings (the workspace's values count from then on).
    config.onDidChange((e) => {
      if (e.affects('aws')) refresh();
    }),
  );
  return { refresh };
}
