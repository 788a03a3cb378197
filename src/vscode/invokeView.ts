import * as vscode from 'vscode';
import type { WebviewPage } from './webviewHtml';
import { loadWebview } from './webviewHtml';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { createLambdaClient } from '../aws/connection';
import type { FunctionRef, InvokeSessionDeps } from '../invoke/invokeSession';
import { InvokeSession, RunHistory } from '../invoke/invokeSession';
import { perTenant } from '../invoke/lambdaEnvironment';
import type { LocalRuntime } from '../invoke/localRuntime';
import { azureLocalUnavailable } from '../invoke/azurePlatform';
import { remoteInvoke } from '../invoke/remoteInvoke';
import { SavedEventStore } from '../invoke/savedEvents';
import type { Project } from '../model/types';
import type { EventSource, HostToWebview, RunRecord } from '../shared/invokeProtocol';
import type { InvokeResult } from '../shared/invokeResult';
import { parseWebviewMessage } from '../shared/invokeProtocol';
import type { AwsStatus } from './awsSettings';
import { chooseAwsProfileAndRegion, connectionFor, connectionForCall, registerAwsStatus } from './awsSettings';
import { awsRemoteNote } from './trust';
import type { Services } from './services';
import type { TreeNode } from './functionsTree';
import { functionDescription } from './functionsTree';
import { commandIds, viewIds } from './ids';
import { createLocalRuntime } from './localRuntimeSetup';
import { functionFromArg } from './pickFunction';
import { registerSavedEventsCommand } from './savedEventsCommand';

const DRAFTS_KEY = 'serverlessWorkbench.invoke.drafts';
const INVOKE_PANEL_TYPE = 'serverlessWorkbench.invokePanel';

/** The Invoke view's page (the same for the sidebar view and the editor panel). */
export function invokePage(extensionUri: vscode.Uri): WebviewPage {
  return {
    title: 'Invoke',
    script: vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'invokeMain.js'),
    style: vscode.Uri.joinPath(extensionUri, 'media', 'invoke.css'),
    body: '<main id="app" aria-label="Invoke function"></main>',
  };
}

/** The Invoke feature's runtime objects, also what integration tests inspect. */
export class InvokeFeature implements vscode.Disposable {
  readonly runtime: LocalRuntime;
  readonly history = new RunHistory();
  viewSession: InvokeSession | undefined;
  panelSession: InvokeSession | undefined;
  panel: vscode.WebviewPanel | undefined;
  /** Session dependencies other features add (Debug, cost); set before the view resolves. */
  sessionExtras: Pick<InvokeSessionDeps, 'debugLocal' | 'cost' | 'host' | 'hostTarget'> = {};
  private readonly disposables: vscode.Disposable[] = [];
  private readonly viewWaiters: Array<(s: InvokeSession) => void> = [];
  /** The function a command asked the sidebar view to show before the view existed. */
  requestedFnId: string | undefined;
  /** Called whenever a view's state is sent (the selected function may have changed). */
  onStatePosted: (() => void) | undefined;
  /** The AWS status-bar item (profile · region, and where they come from). */
  awsStatus: AwsStatus | undefined;
  /** Azure functions in the cloud (set by the Azure feature): remote runs, the chosen app, choosing one. */
  azure:
    | {
        remote: (req: { fn: FunctionRef['fn']; project: Project; event: unknown; signal: AbortSignal }) => Promise<InvokeResult>;
        state: (ref: FunctionRef) => { functionApp?: string; subscription?: string };
        choose: () => void;
        /** The remote-trust note for the function's app (src/shared/remoteTrust.ts), undefined when trusted. */
        note: (ref: FunctionRef) => string | undefined;
      }
    | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly services: Services,
    /** The Functions tree the view follows. */
    readonly tree: vscode.TreeView<TreeNode>,
  ) {
    this.runtime = createLocalRuntime(context, services.config, (fn, project) => services.localCloud.serviceEnv(fn, project));
  }

  dispose(): void {
    this.viewSession?.dispose();
    this.panelSession?.dispose();
    this.runtime.dispose();
    for (const d of this.disposables) d.dispose();
  }

  sessionDeps(post: (msg: HostToWebview) => void, inSidebar: boolean): InvokeSessionDeps {
    const { model, config, commands } = this.services;
    const drafts = (): Record<string, string> => this.context.workspaceState.get<Record<string, string>>(DRAFTS_KEY) ?? {};
    return {
      functions: () => model.allFunctions(),
      functionById: (id) => model.functionById(id),
      summary: (ref) => ({ id: ref.fn.id, name: ref.fn.name, project: projectLabel(ref.project), description: functionDescription(ref.fn), ...(perTenant(ref.fn) ? { perTenant: true } : {}) }),
      // Through the local cloud: what the function invokes or triggers runs locally too (the Flows view shows it);
      // every invocation's log lines reach the Logs view from there.
      local: async (req) => {
        const target = { fn: req.fn, project: req.project };
        const run = await this.services.localCloud.invoke(target, req.event, {
          coldStart: req.coldStart,
          region: connectionFor(this.services, req.project).region,
          signal: req.signal,
          onLog: req.onLog,
          ...(req.tenantId ? { tenantId: req.tenantId } : {}),
          ...(req.onChunk ? { onChunk: req.onChunk } : {}),
        });
        return run.result;
      },
      remote: async (req) => {
        if (req.project.kind === 'azure-functions') {
          if (!this.azure) throw new Error('Remote invoke of Azure functions is not available.');
          return this.azure.remote(req);
        }
        const conn = await connectionForCall(this.services, req.project);
        const client = await createLambdaClient(conn);
        try {
          return await remoteInvoke({ ...req, conn, client });
        } finally {
          client.destroy();
        }
      },
      // Read (never run) for the request body its types describe; the editor's unsaved text wins.
      handlerSource: async (ref) => {
        const file = ref.fn.handlerInfo.file;
        if (!file) return undefined;
        const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
        return { file, text: open?.getText() ?? (await readFile(file, 'utf8')) };
      },
      savedEvents: (project) => {
        const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(project.file));
        return folder ? new SavedEventStore(folder.uri.fsPath) : undefined;
      },
      drafts: {
        get: (fnId) => drafts()[fnId],
        set: (fnId, text) => {
          const next = { ...drafts() };
          if (text === undefined) delete next[fnId];
          else next[fnId] = text;
          void this.context.workspaceState.update(DRAFTS_KEY, next);
        },
      },
      history: this.history,
      aws: (ref) => {
        const conn = connectionFor(this.services, ref?.project);
        return { profile: conn.profile ?? 'default', region: conn.region, ...(conn.endpointUrl ? { endpointUrl: conn.endpointUrl } : {}) };
      },
      localUnavailable: (ref) => (ref.project.kind === 'azure-functions' ? azureLocalUnavailable(ref.fn, ref.project) : undefined),
      remoteUnavailable: (ref) => (ref.project.kind === 'azure-functions' && !this.azure ? 'Remote invoke of Azure functions is not available.' : undefined),
      azure: (ref) => this.azure?.state(ref) ?? {},
      chooseAzure: () => this.azure?.choose(),
      // The command table's reason, worded as every refused command words it.
      localDisabledReason: () => commands.featureUnavailable('localInvoke')?.message,
      // The one remote-trust note, the same for AWS and Azure, invoke and logs.
      remoteNote: (ref) => (ref.project.kind === 'azure-functions' ? this.azure?.note(ref) : awsRemoteNote(config, connectionFor(this.services, ref.project))),
      prompt: {
        name: (title, value) =>
          Promise.resolve(
            vscode.window.showInputBox({ prompt: title, value, ignoreFocusOut: true, validateInput: (v) => (/^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,99}$/.test(v.trim()) ? undefined : 'Letters, digits, spaces, . _ - ( ), up to 100 characters') }),
          ),
        confirm: async (message) => (await vscode.window.showWarningMessage(message, { modal: true }, 'Delete')) === 'Delete',
      },
      openSource: (file, line, column) => void this.openSource(file, line, column),
      chooseAws: () => void chooseAwsProfileAndRegion(this.services),
      openPanel: (fnId, source) => void this.openPanel(fnId, source),
      post: (msg) => {
        // The status bar shows the AWS target of the function on screen.
        if (msg.type === 'state') this.onStatePosted?.();
        post(msg);
      },
      inSidebar,
      ...this.sessionExtras,
    };
  }

  /** Shows a run that was started outside the view (the Debug command, a launch configuration). */
  showRun(run: RunRecord): void {
    if (this.viewSession) this.viewSession.addRun(run);
    else this.history.add(run);
    this.panelSession?.addRun(run);
  }

  /** The sidebar view's session once VS Code has resolved the view (focusing it does not wait for that). */
  viewReady(): Promise<InvokeSession> {
    if (this.viewSession) return Promise.resolve(this.viewSession);
    return new Promise((resolve) => this.viewWaiters.push(resolve));
  }

  /** Called when the sidebar view gets its session. */
  viewResolved(session: InvokeSession): void {
    this.viewSession = session;
    for (const w of this.viewWaiters.splice(0)) w(session);
  }

  /** Wires a webview (view or panel) to a new session; returns the session. */
  attach(webview: vscode.Webview, inSidebar: boolean, owner: vscode.Disposable[]): InvokeSession {
    const roots = [vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.context.extensionUri, 'media')];
    loadWebview(webview, { enableScripts: true, localResourceRoots: roots }, invokePage(this.context.extensionUri));
    const session = new InvokeSession(this.sessionDeps((msg) => void webview.postMessage(msg), inSidebar));
    owner.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const msg = parseWebviewMessage(raw);
        if (!msg) {
          // Its type only: a message's content can be the workspace's (events, file names).
          const type = raw && typeof raw === 'object' && typeof (raw as { type?: unknown }).type === 'string' ? JSON.stringify((raw as { type: string }).type.slice(0, 40)) : typeof raw;
          this.services.log.warn(`Invoke view: ignored an invalid message (type ${type})`);
          return;
        }
        session.handle(msg).catch((err: unknown) => this.services.log.error(`Invoke view: ${(err as Error).message}`));
      }),
    );
    return session;
  }

  /** Opens (or reveals) the editor panel on a function, and on `event` when given (the sidebar's "Open in Editor"). */
  async openPanel(fnId: string | undefined, event?: EventSource): Promise<void> {
    if (this.panel) {
      this.panel.reveal();
      if (fnId) await this.panelSession?.show(fnId, event);
      return;
    }
    const panel = vscode.window.createWebviewPanel(INVOKE_PANEL_TYPE, 'Invoke', vscode.ViewColumn.Active, { enableScripts: true });
    await this.adoptPanel(panel, fnId ?? this.viewSession?.selectedFunction, event);
  }

  /** Wires a panel (new, or restored by VS Code after a reload) to a session. */
  async adoptPanel(panel: vscode.WebviewPanel, fnId: string | undefined, event?: EventSource): Promise<void> {
    const owned: vscode.Disposable[] = [];
    const session = this.attach(panel.webview, false, owned);
    await session.show(fnId, event);
    this.panel = panel;
    this.panelSession = session;
    panel.onDidDispose(() => {
      session.dispose();
      for (const d of owned) d.dispose();
      if (this.panel === panel) {
        this.panel = undefined;
        this.panelSession = undefined;
      }
    }, undefined, this.disposables);
  }

  /** Opens a stack frame's file, only when it is a file of the workspace. */
  async openSource(file: string, line: number, column: number): Promise<void> {
    const uri = vscode.Uri.file(file);
    if (!vscode.workspace.getWorkspaceFolder(uri)) {
      void vscode.window.showInformationMessage(`${file} is not in the workspace.`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const pos = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: true });
  }

  refreshAll(): void {
    void this.viewSession?.refresh();
    void this.panelSession?.refresh();
  }
}

function projectLabel(p: Project): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(p.file));
  const where = folder ? relative(folder.uri.fsPath, p.file) : p.file;
  return p.service && p.kind !== 'azure-functions' ? `${p.service} · ${where}` : where;
}

/** The Invoke view (sidebar, under the Functions tree), its editor panel, commands, CodeLens and AWS status. */
export function registerInvoke(context: vscode.ExtensionContext, services: Services, tree: vscode.TreeView<TreeNode>): InvokeFeature {
  const feature = new InvokeFeature(context, services, tree);
  const { commands, config } = services;
  context.subscriptions.push(feature);
  const viewOwned: vscode.Disposable[] = [];
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(viewIds.invoke, {
      resolveWebviewView(view) {
        const session = feature.attach(view.webview, true, viewOwned);
        const selected = tree.selection[0];
        const initial = feature.requestedFnId ?? (selected && selected.kind !== 'project' ? selected.fn.id : undefined);
        feature.requestedFnId = undefined;
        if (initial) void session.show(initial);
        feature.viewResolved(session);
        view.onDidDispose(() => {
          session.dispose();
          for (const d of viewOwned.splice(0)) d.dispose();
          if (feature.viewSession === session) feature.viewSession = undefined;
        });
      },
    }),
    // The view follows the tree: selecting a function (or one of its triggers) shows it.
    tree.onDidChangeSelection((e) => {
      const node = e.selection[0];
      if (node && node.kind !== 'project') void feature.viewSession?.show(node.fn.id);
    }),
    commands.register('invokeFunction', async (arg?: unknown) => {
      const ref: FunctionRef | undefined = await functionFromArg(services.model, arg, 'Function to invoke');
      if (!ref) return undefined;
      if (!feature.viewSession) feature.requestedFnId = ref.fn.id;
      await vscode.commands.executeCommand(`${viewIds.invoke}.focus`);
      await feature.viewSession?.show(ref.fn.id);
      return ref.fn.id;
    }),
    commands.register('openInvokePanel', async (arg?: unknown) => {
      const ref = arg === undefined ? undefined : await functionFromArg(services.model, arg, 'Function to invoke');
      await feature.openPanel(ref?.fn.id);
    }),
    // After a window reload VS Code restores an open Invoke panel; its webview state names the function.
    vscode.window.registerWebviewPanelSerializer(INVOKE_PANEL_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const fnId = state && typeof state === 'object' && typeof (state as { fnId?: unknown }).fnId === 'string' ? (state as { fnId: string }).fnId : undefined;
        feature.panel?.dispose();
        await feature.adoptPanel(panel, fnId);
      },
    }),
    services.model.onDidChange(() => feature.refreshAll()),
    // Trust changes what runs locally and which AWS profile and endpoint count.
    config.onDidChange((e) => {
      if (e.trustGranted || e.affects('aws')) feature.refreshAll();
    }),
    // A profile's region in ~/.aws/config can be the region the view shows.
    services.awsProfiles.onDidChange(() => feature.refreshAll()),
  );
  // "▶ Invoke" above every function in a config and above every handler export.
  context.subscriptions.push(
    services.codeLenses.add(({ fn, where }) => ({
      title: where === 'config' ? '$(play) Invoke' : `$(play) Invoke ${fn.name}`,
      tooltip: `Invoke ${fn.name} with a sample event`,
      command: commandIds.invokeFunction,
      arguments: [fn.id],
    })),
  );
  registerSavedEventsCommand(context, services.model, commands, feature);
  const status = registerAwsStatus(context, services, () => {
    const id = feature.panelSession?.selectedFunction ?? feature.viewSession?.selectedFunction;
    return id ? services.model.functionById(id)?.project : undefined;
  });
  feature.onStatePosted = status.refresh;
  feature.awsStatus = status;
  return feature;
}
