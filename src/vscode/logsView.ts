import * as vscode from 'vscode';
import { loadWebview } from './webviewHtml';
import type { LogsHostMessage, LogsViewMessage } from '../shared/logsProtocol';
import { isLogsViewMessage, logsViewBody, logsViewLineLimit } from '../shared/logsProtocol';
import { viewIds } from './ids';

type ProbeResult = Extract<LogsViewMessage, { type: 'logs/probeResult' }>;

/**
 * The Logs webview view in the panel. It only shows: lines arrive as messages and are rendered as
 * text by the view's script. Lines posted before the view is ready wait here (bounded like the view).
 */
export class LogsViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private waiting: LogsHostMessage[] = [];
  private waitingLines = 0;
  private lastStatus: LogsHostMessage | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly probes = new Map<number, (r: ProbeResult) => void>();
  private nextProbe = 1;
  private readonly closedEmitter = new vscode.EventEmitter<void>();
  private readonly stopEmitter = new vscode.EventEmitter<void>();
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  /** The view was closed (its webview disposed): the tail must stop. */
  readonly onDidClose = this.closedEmitter.event;
  /** The view's Stop button. */
  readonly onDidRequestStop = this.stopEmitter.event;
  readonly onDidBecomeReady = this.readyEmitter.event;

  constructor(private readonly extensionUri: vscode.Uri) {}

  get isOpen(): boolean {
    return this.view !== undefined;
  }

  get isReady(): boolean {
    return this.ready;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const webviewRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const mediaRoot = vscode.Uri.joinPath(this.extensionUri, 'media');
    loadWebview(
      view.webview,
      { enableScripts: true, localResourceRoots: [webviewRoot, mediaRoot] },
      { title: 'Logs', script: vscode.Uri.joinPath(webviewRoot, 'logsMain.js'), style: vscode.Uri.joinPath(mediaRoot, 'logs.css'), body: logsViewBody },
    );
    const subscriptions: vscode.Disposable[] = [];
    view.webview.onDidReceiveMessage((m: unknown) => this.receive(m), this, subscriptions);
    view.onDidDispose(
      () => {
        for (const d of subscriptions) d.dispose();
        this.view = undefined;
        this.ready = false;
        this.closedEmitter.fire();
      },
      this,
      subscriptions,
    );
  }

  post(message: LogsHostMessage): void {
    if (message.type === 'logs/status') this.lastStatus = message;
    if (this.view && this.ready) {
      void this.view.webview.postMessage(message);
      return;
    }
    if (message.type === 'logs/clear') {
      this.waiting = [];
      this.waitingLines = 0;
    }
    if (message.type === 'logs/status') return;
    this.waiting.push(message);
    if (message.type === 'logs/lines') {
      this.waitingLines += message.lines.length;
      // Keep about what the view would keep: drop the oldest batches beyond its ring buffer.
      while (this.waitingLines > logsViewLineLimit && this.dropFirstLines()) {
        // dropFirstLines shrinks waitingLines
      }
    }
  }

  /** Reveals the view in the panel (creating it when needed). */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${viewIds.logs}.focus`);
  }

  /** What the view shows (integration tests, benchmark). */
  probe(limit = 200, timeoutMs = 5000): Promise<ProbeResult> {
    if (!this.view || !this.ready) return Promise.reject(new Error('the Logs view is not open'));
    const id = this.nextProbe++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.probes.delete(id);
        reject(new Error('the Logs view did not answer'));
      }, timeoutMs);
      this.probes.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      void this.view!.webview.postMessage({ type: 'logs/probe', id, limit } satisfies LogsHostMessage);
    });
  }

  dispose(): void {
    this.closedEmitter.dispose();
    this.stopEmitter.dispose();
    this.readyEmitter.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private dropFirstLines(): boolean {
    const i = this.waiting.findIndex((m) => m.type === 'logs/lines');
    if (i < 0) return false;
    const [dropped] = this.waiting.splice(i, 1);
    if (dropped.type === 'logs/lines') this.waitingLines -= dropped.lines.length;
    return true;
  }

  private receive(message: unknown): void {
    // The webview is untrusted: anything that is not one of our messages is ignored.
    if (!isLogsViewMessage(message)) return;
    switch (message.type) {
      case 'logs/ready': {
        this.ready = true;
        const queued = this.waiting;
        this.waiting = [];
        this.waitingLines = 0;
        if (this.lastStatus) void this.view?.webview.postMessage(this.lastStatus);
        for (const m of queued) void this.view?.webview.postMessage(m);
        this.readyEmitter.fire();
        break;
      }
      case 'logs/stop':
        this.stopEmitter.fire();
        break;
      case 'logs/probeResult':
        this.probes.get(message.id)?.(message);
        this.probes.delete(message.id);
        break;
      default: {
        const unknown: never = message;
        void unknown;
      }
    }
  }
}

