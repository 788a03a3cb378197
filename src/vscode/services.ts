// The services every feature gets: in their own module, so a feature imports them without importing the
// composition root (extension.ts), which imports every feature.
import type * as vscode from 'vscode';
import type { LocalCloud } from '../flows/localCloud';
import type { LocalLogBus } from '../logs/localLogBus';
import type { AwsProfiles } from './awsProfiles';
import type { FunctionCodeLenses } from './codeLens';
import type { Commands } from './commands';
import type { Config } from './config';
import type { WorkspaceModel } from './workspaceModel';

/** What features share: the one model, the settings, the command table and the log channel. Built here, passed down. */
export interface Services {
  model: WorkspaceModel;
  /** Every setting, typed, with change events (features subscribe instead of reading VS Code's settings). */
  config: Config;
  /** Commands register through the table, which refuses (and says why) when a command cannot run. */
  commands: Commands;
  log: vscode.LogOutputChannel;
  /** Local invocations publish their log lines here (`publish({ timestamp, message, function, requestId })`); the Logs view reads them. */
  localLogBus: LocalLogBus;
  /** The one CodeLens provider: features add their lenses (Invoke, Debug, Logs) to it. */
  codeLenses: FunctionCodeLenses;
  /** The local Lambda endpoint and flows: every local invocation goes through it. */
  localCloud: LocalCloud;
  /** The shared AWS config and credentials files as last read (profiles and their regions), kept fresh. */
  awsProfiles: AwsProfiles;
}
