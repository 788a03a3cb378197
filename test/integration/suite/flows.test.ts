import * as assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FlowNode } from '../../../src/vscode/flowsView';
import { extensionApi, workspaceFile } from '../harness/extension';
import { posted } from '../harness/posted';
import { waitFor } from '../harness/waitFor';

// The project these tests run lives outside the shared fixture workspace (other suites count its projects): it is
// copied in for this suite and removed after it. out/integration/suite → test/fixtures/flows/flows-app.
const source = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'flows', 'flows-app');

function fnId(a: Awaited<ReturnType<typeof extensionApi>>, name: string): string {
  const ref = a.model.allFunctions().find((r) => r.fn.name === name);
  assert.ok(ref, `no function ${name}`);
  return ref.fn.id;
}

/** Label, description and icon of each node under `parent`, as the Flows view shows them. */
async function shown(a: Awaited<ReturnType<typeof extensionApi>>, parent?: FlowNode): Promise<Array<{ node: FlowNode; label: string; description: string; icon: string }>> {
  const nodes = (await a.flows.provider.getChildren(parent)) ?? [];
  return Promise.all(
    nodes.map(async (node) => {
      const item = await a.flows.provider.getTreeItem(node);
      return { node, label: String(item.label), description: String(item.description ?? ''), icon: (item.iconPath as vscode.ThemeIcon).id };
    }),
  );
}

suite('Flows view', () => {
  suiteSetup(async () => {
    const a = await extensionApi();
    cpSync(source, workspaceFile('flows-app'), { recursive: true });
    await waitFor(() => a.model.allFunctions().some((r) => r.fn.name === 'PlaceOrder'), { message: 'the copied flows-app is in the model', timeout: 30_000 });
  });
  // Later suites expect the Explorer side bar the window started with and an Invoke view not pointed at a function.
  suiteTeardown(async () => {
    const a = await extensionApi();
    await vscode.commands.executeCommand('workbench.action.closeAllGroups');
    await vscode.commands.executeCommand('workbench.view.explorer');
    await a.invoke.viewSession?.show(undefined);
    rmSync(workspaceFile('flows-app'), { recursive: true, force: true });
    await waitFor(() => !a.model.allFunctions().some((r) => r.fn.name === 'PlaceOrder'), { message: 'flows-app left the model', timeout: 30_000 });
  });

  test('Run Flow runs the chaining example: the event invokes the next function through the SDK, shown as a child; a node opens the run in the Invoke view', async () => {
    const a = await extensionApi();
    const event = { version: '0', id: 'evt-1', 'detail-type': 'OrderPlaced', source: 'app.orders', detail: { orderId: 'o-42' } };
    const flowId = await vscode.commands.executeCommand<string>('serverlessWorkbench.runFlow', fnId(a, 'PlaceOrder'), event);
    assert.ok(flowId, 'the command returns the flow it ran');
    const flow = await waitFor(() => a.flows.visibleFlows().find((f) => f.id === flowId && f.done), { message: 'the flow finished', timeout: 60_000 });
    const rows = flow.run.invocations.map((i) => [i.function, i.trigger, i.parentId ?? null, i.error?.errorMessage ?? 'ok']);
    assert.deepEqual(rows, [
      ['PlaceOrder', 'run', null, 'ok'],
      ['NextStep', 'event', 'i1', 'ok'],
    ]);
    assert.deepEqual(flow.run.invocations[1].event, { orderId: 'o-42', causationId: 'evt-1' });
    assert.deepEqual(
      flow.run.invocations[0].calls.map((c) => `${c.service} ${c.operation}`),
      ['Lambda Invoke (Event)', 'Step Functions StartExecution (recorded, not run locally)'],
    );

    const top = await shown(a);
    const root = top.find((r) => r.node.kind === 'flow' && r.node.flow.id === flowId);
    assert.ok(root, 'the flow is in the view');
    assert.equal(root.label, 'PlaceOrder (run)');
    assert.match(root.description, /^2 invocations · /);
    assert.equal(root.icon, 'pass');
    const [placeOrder] = await shown(a, root.node);
    assert.equal(placeOrder.label, 'PlaceOrder');
    assert.match(placeOrder.description, /^run · /);
    const [next] = await shown(a, placeOrder.node);
    assert.equal(next.label, 'NextStep');
    assert.match(next.description, /^event · /);

    const mark = posted(a).mark();
    const item = await a.flows.provider.getTreeItem(next.node);
    assert.equal(item.command?.command, 'serverlessWorkbench.openFlowInvocation');
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    // The run reaches the view as a finished run, or in its history when the view was still loading.
    const shownRun = await waitFor(
      () =>
        posted(a)
          .since(mark)
          .map((p) => p.msg)
          .flatMap((m) => (m.type === 'invoke/finished' ? [m.run] : m.type === 'state' ? m.state.history : []))
          .find((r) => r.runId === `${flowId}:i2`),
      { message: 'the Invoke view shows the flow invocation', timeout: 30_000 },
    );
    assert.equal(shownRun.fnId, fnId(a, 'NextStep'));
    assert.deepEqual(shownRun.result.result, { orderId: 'o-42', step: 'reserved' });
  });

  test('Send Messages runs the queue worker with its partial failures: the bad message is retried until the redrive policy moves it to the DLQ', async () => {
    const a = await extensionApi();
    const flowId = await vscode.commands.executeCommand<string>('serverlessWorkbench.sendMessages', fnId(a, 'Worker'), ['{"job":1}', 'not json']);
    const flow = await waitFor(() => a.flows.visibleFlows().find((f) => f.id === flowId && f.done), { message: 'the flow finished', timeout: 60_000 });
    assert.deepEqual(flow.run.invocations.map((i) => [i.function, i.attempt]), [['Worker', 1], ['Worker', 2]]);
    assert.deepEqual(flow.run.deadLetters.map((d) => [d.queue, d.body, d.receiveCount]), [['JobsDeadLetters', 'not json', 2]]);
    const root = (await shown(a)).find((r) => r.node.kind === 'flow' && r.node.flow.id === flowId)!;
    assert.equal(root.label, 'Worker (queue Jobs)');
    assert.match(root.description, /^2 invocations · 1 dead letter · /);
    assert.equal(root.icon, 'warning');
    const children = await shown(a, root.node);
    const dead = children.find((c) => c.node.kind === 'deadLetters')!;
    assert.equal(dead.label, 'Dead letters (1)');
    const [letter] = await shown(a, dead.node);
    assert.equal(letter.label, 'JobsDeadLetters');
    assert.match(letter.description, /^received 2× · not json$/);
  });
});
