// The services every feature gets: in their own module, so a feature imports them without importing the
// composition root (extension.ts), which imports every feature.
import type * as vscode from 'vscode';
import type { LocalCloud } from '../flows/localCloud';
import type { LocalLogBus } from '../logs/localLogBus';
import type { FunctionCodeLenses } from './codeLens';
import type { WorkspaceModel } from './workspaceModel';

/** What features share: the one model and the log channel. Built here, passed down. */
export interface Services {
  model: WorkspaceModel;
  log: vscode.LogOutputChannel;
  /** Local invocations publish their log lines here (`publish({ timestamp, message, function, requestId })`); the Logs view reads them. */
  localLogBus: LocalLogBus;
  /** The one CodeLens provider: features add their lenses (Invoke, Debug, Logs) to it. */
  codeLenses: FunctionCodeLenses;
  /** The local Lambda endpoint and flows: every local invocation goes through it. */
  localCloud: LocalCloud;
}
