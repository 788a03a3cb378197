import * as vscode from 'vscode';
import { webviewHtml } from './webviewHtml';
import { AnalysisError, analyzeColdStart } from '../analysis/coldStart';
import { runtimeFamily } from '../model/handlers';
import type { FunctionDef } from '../model/types';
import { loadEsbuild } from '../invoke/esbuildLoader';
import { nodeFileSystem } from '../node/nodeFileSystem';
import type { ColdStartHostMessage } from '../shared/coldStartProtocol';
import { isColdStartWebviewMessage } from '../shared/coldStartProtocol';
import type { ColdStartReport } from '../shared/coldStartReport';
import { summarizeReport } from '../shared/coldStartReport';
import type { Services } from './services';
import type { FunctionsTreeProvider } from './functionsTree';
import type { FunctionRef } from './pickFunction';
import { functionFromArg } from './pickFunction';

/** Whether the analysis covers the function: a Node.js handler file (Lambda `nodejs*`, Azure `node`, or unknown). */
export function analysable(fn: FunctionDef): boolean {
  const file = fn.handlerInfo.file;
  if (!file || fn.handlerInfo.notLocal || !/\.[cm]?[jt]sx?$/.test(file)) return false;
  const family = runtimeFamily(typeof fn.runtime?.value === 'string' ? fn.runtime.value : undefined);
  return family === 'node' || family === 'unknown';
}

interface Analysed {
  report: ColdStartReport;
  at: Date;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#|<>$]/g, '\\$&');
}

function time(d: Date): string {
  return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/**
 * "Serverless: Analyze Cold Start": runs the analysis, shows it in one reusable webview panel and keeps the
 * last report per function for the tree tooltip. Owns the panel; disposed with the extension.
 */
export class ColdStartController implements vscode.Disposable {
  private readonly reports = new Map<string, Analysed>();
  private readonly disposables: vscode.Disposable[] = [];
  private panel: vscode.WebviewPanel | undefined;
  private shown: { ref: FunctionRef; message: ColdStartHostMessage } | undefined;
  private readonly fs = nodeFileSystem();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly services: Services,
    private readonly onDidAnalyse: () => void,
  ) {}

  /** Markdown for the function's tooltip in the tree, once it has been analysed. */
  tooltipSummary(fn: FunctionDef): string | undefined {
    const a = this.reports.get(fn.id);
    if (!a) return undefined;
    return `$(pulse) Cold start (analysed ${escapeMd(time(a.at))}): ${escapeMd(summarizeReport(a.report))}`;
  }

  /** The command (trust checked by the command table): resolves the function, analyses, shows. Returns the report (tests use it). */
  async run(arg: unknown): Promise<ColdStartReport | undefined> {
    const ref = await functionFromArg(this.services.model, arg, 'Function to analyze for cold start', (r) => analysable(r.fn));
    if (!ref) return undefined;
    return this.analyse(ref);
  }

  private async analyse(ref: FunctionRef): Promise<ColdStartReport | undefined> {
    const fn = ref.fn;
    this.show(ref, { type: 'coldStart/running', functionName: fn.name });
    try {
      const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Analyzing cold start of ${fn.name}` }, () =>
        analyzeColdStart(fn, { loadEsbuild: async () => (await loadEsbuild()).esbuild, readFile: (p) => this.fs.readFile(p) }),
      );
      const at = new Date();
      this.reports.set(fn.id, { report, at });
      this.services.log.info(`Cold start of ${fn.name}: ${summarizeReport(report)} (${report.durationMs} ms)`);
      this.show(ref, { type: 'coldStart/report', report, handlerLabel: vscode.workspace.asRelativePath(report.handlerFile), analysedAt: time(at) });
      this.onDidAnalyse();
      return report;
    } catch (err) {
      const message = err instanceof AnalysisError ? err.message : `analysis failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
      this.services.log.warn(`Cold start of ${fn.name}: ${message}`);
      this.show(ref, { type: 'coldStart/error', functionName: fn.name, message });
      void vscode.window.showWarningMessage(`Cold-start analysis of ${fn.name}: ${message}`);
      return undefined;
    }
  }

  private show(ref: FunctionRef, message: ColdStartHostMessage): void {
    this.shown = { ref, message };
    const title = `Cold Start: ${ref.fn.name}`;
    if (!this.panel) {
      const media = vscode.Uri.joinPath(this.extensionUri, 'media');
      const scripts = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
      this.panel = vscode.window.createWebviewPanel('serverlessWorkbench.coldStart', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        localResourceRoots: [media, scripts],
      });
      this.panel.webview.html = this.html(this.panel.webview, media, scripts);
      this.panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m), this, this.disposables);
      this.panel.onDidDispose(() => (this.panel = undefined), this, this.disposables);
    } else {
      this.panel.reveal(undefined, true);
    }
    this.panel.title = title;
    void this.panel.webview.postMessage(message);
  }

  private onMessage(m: unknown): void {
    if (!isColdStartWebviewMessage(m)) {
      this.services.log.warn('Cold Start view: ignored an unexpected message');
      return;
    }
    const shown = this.shown;
    switch (m.type) {
      case 'ready':
        if (shown) void this.panel?.webview.postMessage(shown.message);
        return;
      case 'coldStart/reanalyze': {
        if (!shown) return;
        // The function may have changed since: re-read it from the model.
        const fresh = this.services.model.functionById(shown.ref.fn.id);
        if (fresh) void this.analyse(fresh);
        return;
      }
      case 'coldStart/openHandler': {
        const file = shown?.ref.fn.handlerInfo.file;
        if (!file) return;
        const line = m.line ?? shown.ref.fn.handlerInfo.exportLine ?? 0;
        const pos = new vscode.Position(line, 0);
        void vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
        return;
      }
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  private html(webview: vscode.Webview, media: vscode.Uri, scripts: vscode.Uri): string {
    return webviewHtml(webview, {
      title: 'Cold Start',
      script: vscode.Uri.joinPath(scripts, 'coldStartMain.js'),
      style: vscode.Uri.joinPath(media, 'coldStart.css'),
      body: '<main id="root" aria-live="polite"></main>',
    });
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** Registers "Serverless: Analyze Cold Start" and the cold-start line of the function tooltips. */
export function registerColdStart(context: vscode.ExtensionContext, services: Services, tree: FunctionsTreeProvider): ColdStartController {
  const controller = new ColdStartController(context.extensionUri, services, () => tree.refresh());
  const { commands } = services;
  context.subscriptions.push(
    controller,
    commands.register('analyzeColdStart', (arg: unknown) => controller.run(arg)),
    tree.addTooltipExtra((fn) => controller.tooltipSummary(fn)),
  );
  return controller;
}
