import * as vscode from 'vscode';
import { eventChoices, generateEvent } from '../events/catalogue';
import type { FlowSource } from '../flows/flowInputs';
import { deliver, flowSources, FlowInputError } from '../flows/flowInputs';
import type { DeadLetter, FlowInvocation } from '../flows/flowRun';
import { formatDuration } from '../flows/flowRun';
import { flowTree, outcome } from '../flows/flowText';
import { summarizeCalls } from '../shared/invokeResult';
import type { FlowRecord, LocalCloud } from '../flows/localCloud';
import { SavedEventStore } from '../invoke/savedEvents';
import type { RunRecord } from '../shared/invokeProtocol';
import type { Services } from './services';
import { commandIds, viewIds } from './ids';
import type { InvokeFeature } from './invokeView';
import type { FunctionRef } from './pickFunction';
import { functionFromArg, pickFunction } from './pickFunction';

export type FlowNode =
  | { kind: 'flow'; flow: FlowRecord }
  | { kind: 'invocation'; flow: FlowRecord; inv: FlowInvocation; depth: number }
  | { kind: 'deadLetters'; flow: FlowRecord }
  | { kind: 'deadLetter'; flow: FlowRecord; letter: DeadLetter };


/** The Flows view: each local run as a tree of the invocations it caused, newest first. */
class FlowsTreeProvider implements vscode.TreeDataProvider<FlowNode> {
  private readonly emitter = new vscode.EventEmitter<FlowNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly cloud: LocalCloud) {}

  refresh(): void {
    this.emitter.fire(undefined);
  }

  dispose(): void {
    this.emitter.dispose();
  }

  /** Flows worth showing: the ones asked for, and plain invokes that invoked or triggered something. */
  visibleFlows(): FlowRecord[] {
    return this.cloud
      .flowList()
      .filter((f) => f.origin === 'flow' || f.run.invocations.length > (f.origin === 'invoke' ? 1 : 0))
      .slice()
      .reverse();
  }

  getChildren(node?: FlowNode): FlowNode[] {
    if (!node) return this.visibleFlows().map((flow) => ({ kind: 'flow', flow }));
    if (node.kind === 'flow') {
      const top = flowTree(node.flow.run.invocations).filter((r) => r.depth === 0);
      const out: FlowNode[] = top.map(({ inv }) => ({ kind: 'invocation', flow: node.flow, inv, depth: 0 }));
      if (node.flow.run.deadLetters.length > 0) out.push({ kind: 'deadLetters', flow: node.flow });
      return out;
    }
    if (node.kind === 'invocation') {
      return node.flow.run.invocations.filter((i) => i.parentId === node.inv.id).map((inv) => ({ kind: 'invocation', flow: node.flow, inv, depth: node.depth + 1 }));
    }
    if (node.kind === 'deadLetters') return node.flow.run.deadLetters.map((letter) => ({ kind: 'deadLetter', flow: node.flow, letter }));
    return [];
  }

  getTreeItem(node: FlowNode): vscode.TreeItem {
    switch (node.kind) {
      case 'flow':
        return flowItem(node.flow);
      case 'invocation':
        return invocationItem(node.flow, node.inv);
      case 'deadLetters': {
        const n = node.flow.run.deadLetters.length;
        const item = new vscode.TreeItem(`Dead letters (${n})`, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('mail', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.contextValue = 'flowDeadLetters';
        return item;
      }
      case 'deadLetter': {
        const item = new vscode.TreeItem(node.letter.queue, vscode.TreeItemCollapsibleState.None);
        item.description = `received ${node.letter.receiveCount}× · ${oneLine(node.letter.body, 80)}`;
        const md = new vscode.MarkdownString();
        md.appendMarkdown(`**${escapeMd(node.letter.queue)}** · message \`${node.letter.messageId}\` · received ${node.letter.receiveCount}×\n\n`);
        md.appendCodeblock(prettyJson(node.letter.body), 'json');
        item.tooltip = md;
        item.iconPath = new vscode.ThemeIcon('mail');
        item.contextValue = 'flowDeadLetter';
        return item;
      }
    }
  }
}

function flowItem(flow: FlowRecord): vscode.TreeItem {
  const invs = flow.run.invocations;
  const errors = invs.filter((i) => i.error).length;
  const item = new vscode.TreeItem(flow.title, vscode.TreeItemCollapsibleState.Expanded);
  const parts = [`${invs.length} invocation${invs.length === 1 ? '' : 's'}`];
  if (errors) parts.push(`${errors} failed`);
  if (flow.run.deadLetters.length) parts.push(`${flow.run.deadLetters.length} dead letter${flow.run.deadLetters.length === 1 ? '' : 's'}`);
  parts.push(new Date(flow.startedAt).toLocaleTimeString());
  item.description = parts.join(' · ');
  const stopped = flow.result?.stopped;
  item.iconPath = !flow.done
    ? new vscode.ThemeIcon('loading~spin')
    : errors || flow.run.deadLetters.length || stopped
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  const md = new vscode.MarkdownString(`**${escapeMd(flow.title)}**\n\n${escapeMd(parts.join(' · '))}`);
  if (flow.result) md.appendMarkdown(`\n\n${formatDuration(flow.result.virtualMs)} of Lambda time (retries and visibility timeouts are simulated, not waited for)`);
  if (stopped) md.appendMarkdown(`\n\n$(warning) ${escapeMd(stopped)}`);
  md.supportThemeIcons = true;
  item.tooltip = md;
  item.contextValue = flow.done ? 'flow:done' : 'flow:running';
  item.id = flow.id;
  return item;
}

function invocationItem(flow: FlowRecord, inv: FlowInvocation): vscode.TreeItem {
  const hasChildren = flow.run.invocations.some((i) => i.parentId === inv.id);
  const item = new vscode.TreeItem(inv.function, hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  const failures = (inv.result as { batchItemFailures?: unknown[] } | null | undefined)?.batchItemFailures;
  const partial = Array.isArray(failures) && failures.length > 0;
  const bits = [inv.trigger];
  if (inv.attempt > 1) bits.push(`attempt ${inv.attempt}`);
  bits.push(formatDuration(inv.durationMs));
  if (inv.at > 0) bits.push(`+${formatDuration(inv.at)}`);
  if (inv.error) bits.push(inv.error.errorType);
  else if (partial) bits.push(`${failures.length} item failure${failures.length === 1 ? '' : 's'}`);
  item.description = bits.join(' · ');
  item.iconPath = inv.error
    ? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'))
    : partial
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escapeMd(inv.function)}** · ${escapeMd(inv.trigger)} · attempt ${inv.attempt} · ${escapeMd(outcome(inv))}\n\n`);
  if (inv.calls.length) md.appendMarkdown(`Answered locally: ${escapeMd(summarizeCalls(inv.calls))}\n\n`);
  for (const note of inv.notes) md.appendMarkdown(`- ${escapeMd(note)}\n`);
  md.appendMarkdown('\nEvent:\n');
  md.appendCodeblock(firstLines(JSON.stringify(inv.event, null, 2) ?? 'null', 30), 'json');
  item.tooltip = md;
  item.contextValue = 'flowInvocation';
  item.command = { command: commandIds.openFlowInvocation, title: 'Open in the Invoke view', arguments: [flow.id, inv.id] };
  return item;
}

export interface FlowsFeature {
  readonly cloud: LocalCloud;
  /** What the view shows (integration tests read it like the tree does). */
  readonly provider: vscode.TreeDataProvider<FlowNode>;
  visibleFlows(): FlowRecord[];
}

/** The Flows view, its commands (Run Flow…, Send Messages…, Clear) and the local cloud's log lines in the Logs view. */
export function registerFlows(context: vscode.ExtensionContext, services: Services, invoke: InvokeFeature): FlowsFeature {
  const cloud = services.localCloud;
  const provider = new FlowsTreeProvider(cloud);
  const view = vscode.window.createTreeView(viewIds.flows, { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(provider, view);

  let pending: NodeJS.Timeout | undefined;
  const refreshSoon = (): void => {
    // A 1,000-message flow ends hundreds of invocations a second: redraw at most ten times a second.
    pending ??= setTimeout(() => {
      pending = undefined;
      provider.refresh();
    }, 100);
  };
  context.subscriptions.push(cloud.onDidChangeFlows(refreshSoon), { dispose: () => pending && clearTimeout(pending) });

  // Trust is the command table's to check (commandTable.ts): runFlow and sendMessages run the workspace's handlers.
  const { commands } = services;

  const runFlow = async (title: string, ref: FunctionRef, start: (flow: FlowRecord) => Promise<string | undefined>): Promise<FlowRecord | undefined> => {
    const flow = cloud.startFlow(title);
    await vscode.commands.executeCommand(`${viewIds.flows}.focus`);
    provider.refresh();
    return vscode.window.withProgress({ location: { viewId: viewIds.flows }, title }, async () => {
      try {
        const what = await start(flow);
        const result = await cloud.finish(flow);
        const errors = result.invocations.filter((i) => i.error).length;
        const summary = `${ref.fn.name}: ${what ? `${what}; ` : ''}${result.invocations.length} invocation${result.invocations.length === 1 ? '' : 's'}, ${errors} failed, ${result.deadLetters.length} dead letter${result.deadLetters.length === 1 ? '' : 's'}.`;
        if (result.stopped) void vscode.window.showWarningMessage(`${summary} ${result.stopped}.`);
        else services.log.info(`Flow ${summary}`);
        return flow;
      } catch (err) {
        await cloud.finish(flow);
        const message = err instanceof FlowInputError ? err.message : err instanceof Error ? err.message.split('\n')[0] : String(err);
        void vscode.window.showErrorMessage(`Flow of ${ref.fn.name}: ${message}`);
        return flow;
      }
    });
  };

  const awsFunction = (ref: FunctionRef): boolean => ref.project.kind !== 'azure-functions';

  context.subscriptions.push(
    // Arguments: a function (tree node or id) and, from scripts and tests, the event (skips the picker).
    commands.register('runFlow', async (arg?: unknown, presetEvent?: unknown) => {
      const ref = typeof arg === 'string' || (arg && typeof arg === 'object') ? await functionFromArg(services.model, arg, 'Function to run') : await pickFunction(services.model, 'Function to run as a flow', awsFunction);
      if (!ref) return undefined;
      if (!awsFunction(ref)) {
        void vscode.window.showInformationMessage(`${ref.fn.name} is an Azure function: flows follow AWS Lambda's event sources. Use Invoke.`);
        return undefined;
      }
      const event = presetEvent !== undefined ? presetEvent : await chooseEvent(ref);
      if (event === undefined) return undefined;
      const flow = await runFlow(`${ref.fn.name} (run)`, ref, async (f) => {
        const target = f.run.topology.functions.find((x) => x.fn.id === ref.fn.id);
        if (!target) throw new FlowInputError(`${ref.fn.name} is not in the workspace model any more`);
        await f.run.invoke(target, event, { trigger: 'run' });
        return undefined;
      });
      return flow?.id;
    }),
    // Arguments: a function and, from scripts and tests, the messages (skips the prompts).
    commands.register('sendMessages', async (arg?: unknown, preset?: unknown) => {
      const topology = cloud.topology();
      const feedable = (ref: FunctionRef): boolean => {
        const target = topology.functions.find((f) => f.fn.id === ref.fn.id);
        return target !== undefined && flowSources(topology, target).length > 0;
      };
      const ref = arg !== undefined ? await functionFromArg(services.model, arg, 'Function to send messages to') : await pickFunction(services.model, 'Function whose queue, stream, bus, bucket, topic or schedule to feed', feedable);
      if (!ref) return undefined;
      const target = topology.functions.find((f) => f.fn.id === ref.fn.id);
      const sources = target ? flowSources(topology, target) : [];
      if (sources.length === 0) {
        void vscode.window.showInformationMessage(`${ref.fn.name} has no queue, stream, event bus, bucket, topic or schedule trigger to send to. Use Run Flow….`);
        return undefined;
      }
      const source = sources.length === 1 ? sources[0] : (await vscode.window.showQuickPick(sources.map((s) => ({ label: s.label, source: s })), { placeHolder: `Send to which trigger of ${ref.fn.name}?` }))?.source;
      if (!source) return undefined;
      const messages = Array.isArray(preset) ? (preset as unknown[]) : await askMessages(source, ref);
      if (!messages) return undefined;
      const flow = await runFlow(`${ref.fn.name} (${source.label})`, ref, async (f) => deliver(f.run, sameSource(f, source, ref), messages, { putObject: (b, k, body) => cloud.putObject(b, k, body) }));
      return flow?.id;
    }),
    commands.register('clearFlows', () => {
      cloud.clearFlows();
      provider.refresh();
    }),
    commands.register('openFlowInvocation', async (flowId?: unknown, invId?: unknown) => {
      const flow = cloud.flowList().find((f) => f.id === flowId);
      const inv = flow?.run.invocations.find((i) => i.id === invId);
      const result = inv ? flow?.run.results.get(inv.id) : undefined;
      if (!flow || !inv || !result) return;
      await vscode.commands.executeCommand(commandIds.invokeFunction, inv.functionId);
      await invoke.viewReady();
      const run: RunRecord = { runId: `${flow.id}:${inv.id}`, fnId: inv.functionId, startedAt: flow.startedAt + inv.at, eventLabel: `${inv.trigger}${inv.attempt > 1 ? ` · attempt ${inv.attempt}` : ''} (flow)`, result };
      invoke.showRun(run);
    }),
  );

  /** The event of a Run Flow: a generated sample per trigger, or one of the function's saved events. */
  async function chooseEvent(ref: FunctionRef): Promise<unknown> {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(ref.project.file));
    const store = folder ? new SavedEventStore(folder.uri.fsPath) : undefined;
    const saved = store ? await store.list(ref.project, ref.fn).catch(() => []) : [];
    type Item = vscode.QuickPickItem & { get: () => Promise<unknown> };
    const items: Item[] = [
      ...eventChoices(ref.fn, { fn: ref.fn, project: ref.project }).map((c) => ({
        label: `$(symbol-event) ${c.label}`,
        description: 'generated',
        get: async () => generateEvent(c.kind.id, { fn: ref.fn, project: ref.project, trigger: c.triggerIndex !== undefined ? ref.fn.triggers[c.triggerIndex] : undefined }),
      })),
      ...saved.map((s) => ({ label: `$(save) ${s.name}`, description: 'saved event', get: async () => JSON.parse(await store!.read(ref.project, ref.fn, s.name)) as unknown })),
      { label: '$(json) Empty object', description: '{}', get: async () => ({}) },
    ];
    const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { placeHolder: `Event for ${ref.fn.name}` });
    if (!picked) return undefined;
    try {
      return await picked.get();
    } catch (err) {
      void vscode.window.showErrorMessage(`That event cannot be read: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      return undefined;
    }
  }

  return { cloud, provider, visibleFlows: () => provider.visibleFlows() };
}

/** The source picked before the flow started, found again in the flow's own topology (the model may have changed). */
function sameSource(flow: FlowRecord, source: FlowSource, ref: FunctionRef): FlowSource {
  const target = flow.run.topology.functions.find((f) => f.fn.id === ref.fn.id);
  const found = target ? flowSources(flow.run.topology, target).find((s) => s.kind === source.kind && s.label === source.label) : undefined;
  if (!found) throw new FlowInputError(`the ${source.label} trigger of ${ref.fn.name} changed while you typed; send again`);
  return found;
}

/** Asks for the messages: a JSON array typed in (prefilled with a sample), or the number of schedule firings. */
async function askMessages(source: FlowSource, ref: FunctionRef): Promise<unknown[] | undefined> {
  if (source.kind === 'schedule') {
    const n = await vscode.window.showInputBox({ prompt: `How many firings of the ${source.label} to run?`, value: '3', validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 100 ? undefined : 'A number from 1 to 100') });
    return n === undefined ? undefined : [Number(n)];
  }
  const sample: Record<FlowSource['kind'], string> = {
    sqs: '[{"orderId": "1"}, {"orderId": "2"}, {"orderId": "3"}]',
    kinesis: '[{"id": "sensor-1", "temperature": 21.5}, {"id": "sensor-2", "temperature": 19}]',
    dynamodb: '[{"pk": "order#1", "version": 1, "status": "created"}]',
    eventbridge: '[{"orderId": "1"}]',
    s3: '[{"key": "uploads/example.csv", "body": "id,total\\n1,42\\n"}]',
    sns: '["hello"]',
    schedule: '[3]',
  };
  // Example inputs next to the project (flows/*.json) come first: the examples ship theirs there.
  const files = await exampleInputs(ref.project.root);
  if (files.length > 0) {
    type Choice = vscode.QuickPickItem & { file?: vscode.Uri };
    const choices: Choice[] = [...files.map((file) => ({ label: `$(json) ${vscode.workspace.asRelativePath(file)}`, file })), { label: '$(edit) Type the messages…' }];
    const choice = await vscode.window.showQuickPick(choices, { placeHolder: `Messages for the ${source.label}` });
    if (!choice) return undefined;
    if (choice.file) {
      try {
        const parsed = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(choice.file))) as unknown;
        if (!Array.isArray(parsed)) throw new Error('the file must hold a JSON array');
        return parsed;
      } catch (err) {
        void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(choice.file)}: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
    }
  }
  const text = await vscode.window.showInputBox({
    title: `Send to the ${source.label} of ${ref.fn.name}`,
    prompt: 'A JSON array: one item per message (bodies, records, event details, object keys or notifications)',
    value: sample[source.kind],
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        return Array.isArray(JSON.parse(v)) ? undefined : 'Give a JSON array, e.g. [{"id": 1}, {"id": 2}]';
      } catch (err) {
        return `Not JSON: ${err instanceof Error ? err.message : String(err)}`;
      }
    },
  });
  return text === undefined ? undefined : (JSON.parse(text) as unknown[]);
}

async function exampleInputs(root: string): Promise<vscode.Uri[]> {
  try {
    const dir = vscode.Uri.file(`${root}/flows`);
    const entries = await vscode.workspace.fs.readDirectory(dir);
    return entries.filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.json')).map(([name]) => vscode.Uri.joinPath(dir, name));
  } catch {
    return [];
  }
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The first `n` lines of a text, with a line saying how many more there are. */
function firstLines(text: string, n: number): string {
  const lines = text.split('\n');
  return lines.length <= n ? text : `${lines.slice(0, n).join('\n')}\n… ${lines.length - n} more lines`;
}

function oneLine(text: string, n: number): string {
  const t = text.replace(/\s+/g, ' ');
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

/** Markdown-escapes workspace text so it shows as written (names, messages). */
function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
