import * as vscode from 'vscode';
import type { AwsConnection } from '../aws/connection';
import { createLogsClient, describeAwsError, resolveDeployedName } from '../aws/connection';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { AzureRemoteAccess, TailedFunction } from '../logs/functionTail';
import { tailFunctions } from '../logs/functionTail';
import { LineBatcher } from '../logs/lineBatcher';
import type { LocalLogBus } from '../logs/localLogBus';
import type { TailStatus } from '../logs/logEvent';
import { parseSince } from '../logs/parseSince';
import { sdkLogsApi } from '../logs/sdkLogsApi';
import type { Project } from '../model/types';
import type { AwsAccess } from './awsSettings';
import { connectionFor, connectionForCall } from './awsSettings';
import type { Config } from './config';
import { commandIds, contextKeys, settingIds, viewIds } from './ids';
import { awsRemoteNote, azureRemoteNote } from './trust';
import type { LogsViewProvider } from './logsView';

/** One running tail: its abort controller, the SDK clients it opened, its counters. */
interface Session {
  title: string;
  controller: AbortController;
  batcher: LineBatcher;
  clients: CloudWatchLogsClient[];
  statuses: Map<string, TailStatus>;
  notes: string[];
  /** Set when CloudWatch cannot be reached for want of credentials: what the status says instead of a mode. */
  notConnected?: string;
  events: number;
  rate: number;
}

/** The AWS CLI guide to `aws configure sso` (signing in with IAM Identity Center), offered when there are no credentials. */
export const awsSsoDocsUrl = 'https://docs.aws.amazon.com/cli/latest/userguide/sso-configure-profile-token.html';

/**
 * Runs at most one tail at a time for the Logs view: starts it (local bus + CloudWatch), feeds the
 * view in batches, keeps the status bar (state, events/s) current, and stops it when asked, when a
 * new tail starts, or when the view closes.
 */
export class LogsController implements vscode.Disposable {
  private session: Session | undefined;
  /** How Azure functions' remote logs are reached; set by the Azure feature. */
  azure: AzureRemoteAccess | undefined;
  private readonly statusBar = vscode.window.createStatusBarItem('serverlessWorkbench.logs', vscode.StatusBarAlignment.Left, 10);
  private readonly ticker: ReturnType<typeof setInterval>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly view: LogsViewProvider,
    private readonly bus: LocalLogBus,
    private readonly log: vscode.LogOutputChannel,
    private readonly aws: AwsAccess,
  ) {
    this.statusBar.name = 'Serverless Logs';
    this.statusBar.command = `${viewIds.logs}.focus`;
    this.disposables.push(
      this.statusBar,
      view.onDidClose(() => this.stop()),
      view.onDidRequestStop(() => this.stop()),
    );
    // events/s: counted per second, shown each second.
    this.ticker = setInterval(() => this.tick(), 1000);
  }

  get running(): boolean {
    return this.session !== undefined;
  }

  /** The status bar's text (empty when not tailing). */
  get statusText(): string {
    return this.session ? this.statusBar.text : '';
  }

  /** The status bar's tooltip: the mode and its details and notes (empty when not tailing). */
  get statusDetail(): string {
    const t = this.statusBar.tooltip;
    return this.session ? (typeof t === 'string' ? t : (t?.value ?? '')) : '';
  }

  async start(functions: TailedFunction[], title: string): Promise<void> {
    this.stop();
    await this.view.reveal();
    this.view.post({ type: 'logs/clear' });
    // Both settings are per folder: the tailed functions' folder decides (a tail covers one project or function).
    const folder = functions[0]?.project.file;
    const mode = this.config.get('logsMode', folder);
    const sinceText = this.config.get('logsSince', folder);
    const since = sinceText ? parseSince(sinceText, Date.now()) : undefined;
    const controller = new AbortController();
    const session: Session = {
      title,
      controller,
      batcher: new LineBatcher((lines) => this.view.post({ type: 'logs/lines', lines })),
      clients: [],
      statuses: new Map(),
      notes: [],
      events: 0,
      rate: 0,
    };
    this.session = session;
    void vscode.commands.executeCommand('setContext', contextKeys.logsTailing, true);
    // Remote logs follow the one remote-trust rule (src/shared/remoteTrust.ts), as remote invoke does: they run,
    // with the person's own profile, endpoint and function app, and the note says so once.
    const first = functions[0]?.project;
    const trustNote = first?.kind === 'azure-functions' ? azureRemoteNote(this.config, first.root) : first ? awsRemoteNote(this.config, connectionFor(this.aws, first, 'logs')) : undefined;
    if (trustNote && mode !== 'local') session.notes.push(trustNote);
    if (sinceText && since === undefined) session.notes.push(`${settingIds.logsSince} "${sinceText}" is not a duration like 10m or an ISO date; no history`);
    this.render();

    const tail = tailFunctions({
      functions,
      bus: this.bus,
      mode,
      since,
      signal: controller.signal,
      remote: {
        connection: (project) => this.connection(project),
        api: async (conn) => {
          const client = await createLogsClient(conn);
          session.clients.push(client);
          if (controller.signal.aborted) client.destroy();
          return sdkLogsApi(client);
        },
        resolveDeployedName,
        describeError: describeAwsError,
      },
      azure: this.azure,
      onStatus: (status) => {
        for (const g of status.logGroups) session.statuses.set(g, status);
        if (status.detail) this.log.info(`logs: ${status.mode} ${status.state} ${status.logGroups.join(', ')}: ${status.detail}`);
        this.render();
      },
      onNote: (note) => {
        session.notes.push(note);
        this.log.warn(`logs: ${note}`);
        this.render();
      },
      onRemoteFailure: (failure) => {
        this.log.warn(`logs: ${failure.message}`);
        if (failure.noCredentials) {
          const first = session.notConnected === undefined;
          const profile = connectionFor(this.aws, failure.project, 'logs').profile;
          session.notConnected = `no AWS credentials${profile ? ` for profile "${profile}"` : ''}`;
          if (first) void this.offerSignIn(session, functions, failure.project);
        } else {
          session.notes.push(failure.message);
        }
        this.render();
      },
    });
    void (async () => {
      try {
        for await (const event of tail) {
          session.events++;
          session.batcher.push(event);
        }
      } catch (err) {
        session.notes.push(err instanceof Error ? err.message : String(err));
      } finally {
        session.batcher.flush();
        if (this.session === session) this.render();
      }
    })();
  }

  stop(): void {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    session.controller.abort();
    session.batcher.flush();
    session.batcher.dispose();
    for (const c of session.clients) c.destroy();
    void vscode.commands.executeCommand('setContext', contextKeys.logsTailing, false);
    this.view.post({ type: 'logs/status', title: `Stopped: ${session.title}`, state: 'idle', detail: '' });
    this.statusBar.hide();
  }

  clear(): void {
    this.view.post({ type: 'logs/clear' });
  }

  dispose(): void {
    this.stop();
    clearInterval(this.ticker);
    for (const d of this.disposables) d.dispose();
  }

  private async connection(project: Project): Promise<{ conn: AwsConnection }> {
    return { conn: await connectionForCall(this.aws, project, 'logs') };
  }

  private get config(): Config {
    return this.aws.config;
  }

  /**
   * Says once per tail that CloudWatch is not connected, with the two ways out: choose a profile (the tail then
   * restarts when the choice changed where logs come from), or read how to sign in with `aws configure sso`.
   */
  private async offerSignIn(session: Session, functions: TailedFunction[], project: Project): Promise<void> {
    const choose = 'Choose Profile…';
    const docs = 'Open AWS Docs';
    const picked = await vscode.window.showWarningMessage(
      `Logs of ${session.title}: not connected to CloudWatch (${session.notConnected}). Local invocations still show.`,
      choose,
      docs,
    );
    if (picked === docs) {
      await vscode.env.openExternal(vscode.Uri.parse(awsSsoDocsUrl));
    } else if (picked === choose) {
      const before = connectionFor(this.aws, project, 'logs');
      await vscode.commands.executeCommand(commandIds.chooseAwsProfile);
      const after = connectionFor(this.aws, project, 'logs');
      if (this.session === session && (before.profile !== after.profile || before.region !== after.region)) await this.start(functions, session.title);
    }
  }

  private tick(): void {
    const s = this.session;
    if (!s) return;
    s.rate = s.events;
    s.events = 0;
    this.render();
  }

  /** The mode in a few words: Live Tail, polling (and why), not connected, local only. */
  private modeText(s: Session): { short: string; detail: string } {
    if (s.notConnected) return { short: 'not connected', detail: [`${s.notConnected}; local invocations only`, ...s.notes.slice(-2)].join(' · ') };
    const statuses = [...s.statuses.values()];
    const live = statuses.filter((x) => x.mode === 'live-tail' && x.state !== 'stopped').length;
    const polling = statuses.filter((x) => x.mode === 'polling' && x.state !== 'stopped');
    const reconnecting = statuses.find((x) => x.state === 'reconnecting');
    const parts: string[] = [];
    if (live) parts.push('Live Tail');
    if (polling.length) parts.push('polling');
    if (statuses.some((x) => x.mode === 'log-stream' && x.state === 'streaming')) parts.push('log stream');
    if (statuses.some((x) => x.mode === 'app-insights' && x.state !== 'stopped')) parts.push('App Insights (polling)');
    const short = parts.length ? parts.join(' + ') : statuses.length ? 'connecting' : 'local';
    const why = polling.find((p) => p.detail)?.detail;
    const details = [reconnecting?.detail, why, ...s.notes.slice(-3)].filter((d): d is string => Boolean(d));
    return { short, detail: details.join(' · ') };
  }

  private render(): void {
    const s = this.session;
    if (!s) return;
    const mode = this.modeText(s);
    const rate = `${s.rate} ev/s`;
    this.view.post({ type: 'logs/status', title: `${s.title} · ${mode.short} · ${rate}`, state: s.notConnected ? 'error' : 'tailing', detail: mode.detail });
    this.statusBar.text = `${s.notConnected ? '$(debug-disconnect)' : '$(pulse)'} ${s.title}: ${mode.short} · ${rate}`;
    this.statusBar.tooltip = `Tailing logs of ${s.title} (${mode.short})${mode.detail ? `\n${mode.detail}` : ''}`;
    this.statusBar.show();
  }
}
