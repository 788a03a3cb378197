import * as vscode from 'vscode';
import type { AwsConnection, AwsConnectionSettings } from '../aws/connection';
import { resolveAwsConnection } from '../aws/connection';
import { describeAwsProfile, readAwsProfiles } from '../aws/profiles';
import type { Project } from '../model/types';
import { commandIds, settingIds } from './ids';
import { untrustedAwsDetail } from './trust';

/** The AWS settings of the window (`serverlessWorkbench.aws.*`). */
export function awsSettings(): AwsConnectionSettings {
  const c = vscode.workspace.getConfiguration();
  const s = (id: string): string | undefined => c.get<string>(id)?.trim() || undefined;
  return { profile: s(settingIds.awsProfile), region: s(settingIds.awsRegion), endpointUrl: s(settingIds.awsEndpointUrl) };
}

/**
 * Where a remote call for this project goes, from the settings, samconfig.toml, the project and the environment;
 * in an untrusted workspace never with a profile the workspace names (see trust.ts).
 */
export function connectionFor(project: Project | undefined, service: 'lambda' | 'logs' | 'cloudformation' = 'lambda'): AwsConnection {
  return resolveAwsConnection({ settings: awsSettings(), project, env: process.env, service, workspaceTrusted: vscode.workspace.isTrusted });
}

const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-east-1', 'me-central-1', 'af-south-1',
];

/** A quick pick for the profile, then one for the region; written to the workspace settings. */
export async function chooseAwsProfileAndRegion(): Promise<void> {
  const current = awsSettings();
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
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
  const config = vscode.workspace.getConfiguration();
  await config.update(settingIds.awsProfile, profilePick.value || undefined, target);
  await config.update(settingIds.awsRegion, region || undefined, target);
}

/** The status-bar item that shows and switches the AWS profile and region. */
export function registerAwsStatus(context: vscode.ExtensionContext, activeProject: () => Project | undefined): { refresh: () => void } {
  const item = vscode.window.createStatusBarItem('serverlessWorkbench.aws', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Serverless: AWS profile and region';
  item.command = commandIds.chooseAwsProfile;
  const refresh = (): void => {
    const conn = connectionFor(activeProject());
    const untrusted = untrustedAwsDetail(conn);
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
    vscode.commands.registerCommand(commandIds.chooseAwsProfile, chooseAwsProfileAndRegion),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('serverlessWorkbench.aws')) refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(refresh),
  );
  return { refresh };
}
