import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/vscode/extension';
import { extensionApi, workspaceFile } from '../harness/extension';
import { waitFor } from '../harness/waitFor';
import type { ShownPrompt } from '../harness/prompts';
import { shownPrompt, watchPrompts } from '../harness/prompts';

type Step = 'pattern' | 'language' | 'name' | 'project';
const stepTitles: Record<Step, RegExp> = { pattern: /: Pattern \(1\/4\)$/, language: /: Language \(2\/4\)$/, name: /: Name \(3\/4\)$/, project: /: Project \(4\/4\)$/ };

/** The prompt of a step when it is the one on screen (read from the real quick pick / input box). */
function promptOf(step: Step): ShownPrompt | undefined {
  const p = shownPrompt();
  return p && stepTitles[step].test(p.title) ? p : undefined;
}

/** Waits for the command's prompt of a step, moves to the wanted item with the quick-open keys, presses Enter. */
async function answer(step: Step, wanted?: (label: string) => boolean): Promise<void> {
  const prompt = await waitFor(() => promptOf(step), { message: `the ${step} prompt` });
  if (wanted) {
    assert.ok(prompt.items.some(wanted), `${step}: no matching item in ${prompt.items.join(' | ')}`);
    await waitFor(() => promptOf(step)?.active !== undefined, { message: `${step}: an item is active` });
    for (let i = 0; i < prompt.items.length && !wanted(promptOf(step)?.active ?? ''); i++) {
      const before = promptOf(step)?.active;
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await waitFor(() => promptOf(step)?.active !== undefined && promptOf(step)?.active !== before, { message: `${step}: the next item is active` });
    }
    assert.ok(wanted(promptOf(step)?.active ?? ''), `${step}: could not move to the item (active: ${promptOf(step)?.active})`);
  }
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  await waitFor(() => promptOf(step) === undefined, { message: `the ${step} prompt closes` });
}

async function treeFunctionNames(a: ExtensionApi, projectLabel: string): Promise<string[]> {
  for (const node of await a.functionsTree.getChildren()) {
    const item = await a.functionsTree.getTreeItem(node);
    if (item.label === projectLabel) return Promise.all((await a.functionsTree.getChildren(node)).map(async (n) => String((await a.functionsTree.getTreeItem(n)).label)));
  }
  return [];
}

suite('Patterns', () => {
  suiteSetup(() => watchPrompts());

  const created = ['serverless.yml', 'src', 'azure-app/src/functions/createWidget.js'];

  suiteTeardown(async () => {
    const a = await extensionApi();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Delete what the suite created the way a person would (Explorer → Delete), so the model drops it too.
    const edit = new vscode.WorkspaceEdit();
    for (const f of created) edit.deleteFile(vscode.Uri.file(workspaceFile(f)), { recursive: true, ignoreIfNotExists: true });
    await vscode.workspace.applyEdit(edit);
    for (const f of created) rmSync(workspaceFile(f), { recursive: true, force: true });
    await a.model.filesChanged(created.map((f) => workspaceFile(f)));
    await waitFor(() => a.model.project(workspaceFile('serverless.yml')) === undefined, { message: 'the model drops the deleted serverless.yml' });
  });

  test('New Function from Pattern: the quick picks create serverless.yml, the handler opens, the tree shows the function', async () => {
    const a = await extensionApi();
    assert.equal(existsSync(workspaceFile('serverless.yml')), false);
    const done = vscode.commands.executeCommand<string | undefined>('serverlessWorkbench.newFunction');
    await answer('pattern', (l) => l === 'Queue worker (SQS)');
    await answer('language', (l) => l === 'TypeScript');
    const name = await waitFor(() => promptOf('name')?.value, { message: 'the suggested name' });
    assert.equal(name, 'processJob');
    await answer('name');
    await answer('project', (l) => l.includes('Create serverless.yml'));
    const handler = await done;
    assert.equal(handler, workspaceFile('src', 'handlers', 'processJob.ts'));

    const editor = await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === handler && vscode.window.activeTextEditor, { message: 'the handler is the active editor' });
    assert.match(editor.document.getText(), /batchItemFailures/);
    const config = readFileSync(workspaceFile('serverless.yml'), 'utf8');
    assert.match(config, /functions:\n {2}# Grant .*\n {2}processJob:\n {4}handler: src\/handlers\/processJob\.handler\n/);
    await waitFor(async () => (await treeFunctionNames(a, 'workspace')).includes('processJob'), { message: 'the tree shows processJob' });
    const fn = a.model.allFunctions().find((r) => r.fn.name === 'processJob')!.fn;
    assert.deepEqual(fn.triggers.map((t) => t.type), ['sqs']);
    assert.equal(fn.handlerInfo.file, handler);
    // The generated config passes the extension's own validation.
    assert.deepEqual((await a.validation.findingsFor(workspaceFile('serverless.yml'))).filter((f) => f.severity !== 'info'), []);
  });

  test('a second function goes into the existing project; a comment there survives', async () => {
    const a = await extensionApi();
    const file = workspaceFile('serverless.yml');
    // The user adds a comment in the editor and saves.
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# KEEP: a comment the user wrote\n'));
    await doc.save();
    const done = vscode.commands.executeCommand<string | undefined>('serverlessWorkbench.newFunction');
    await answer('pattern', (l) => l === 'REST / HTTP API endpoint');
    await answer('language', (l) => l === 'JavaScript');
    await answer('name');
    await answer('project', (l) => l === 'workspace');
    assert.equal(await done, workspaceFile('src', 'handlers', 'createItem.mjs'));
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# KEEP: a comment the user wrote\n/);
    await waitFor(async () => (await treeFunctionNames(a, 'workspace')).join() === 'processJob,createItem', { message: 'the tree shows both functions' });
  });

  test('from a project in the tree, the command asks only pattern, language and name', async () => {
    const a = await extensionApi();
    const projects = await a.functionsTree.getChildren();
    const labels = await Promise.all(projects.map(async (n) => String((await a.functionsTree.getTreeItem(n)).label)));
    const node = projects[labels.indexOf('workspace')];
    const done = vscode.commands.executeCommand<string | undefined>('serverlessWorkbench.newFunction', node);
    await answer('pattern', (l) => l === 'Scheduled job (cron / rate)');
    await answer('language', (l) => l === 'JavaScript');
    await answer('name');
    assert.equal(await done, workspaceFile('src', 'handlers', 'cleanup.mjs'));
    await waitFor(async () => (await treeFunctionNames(a, 'workspace')).join() === 'processJob,createItem,cleanup', { message: 'the tree shows cleanup' });
    assert.deepEqual(a.model.allFunctions().find((r) => r.fn.name === 'cleanup')?.fn.triggers.map((t) => t.type), ['schedule']);
  });

  test('a function added to a Node v4 Azure app (registered in code) shows in the tree without Refresh', async () => {
    const a = await extensionApi();
    const handler = await vscode.commands.executeCommand<string | undefined>('serverlessWorkbench.newFunction', { pattern: 'api', language: 'js', name: 'createWidget', project: workspaceFile('azure-app', 'host.json') });
    assert.equal(handler, workspaceFile('azure-app', 'src', 'functions', 'createWidget.js'));
    await waitFor(async () => (await treeFunctionNames(a, 'azure-app')).includes('createWidget'), { message: 'the tree shows createWidget under azure-app' });
    assert.deepEqual(a.model.allFunctions().find((r) => r.fn.name === 'createWidget')?.fn.triggers.map((t) => t.type), ['http']);
  });

  test('with unsaved edits in the config, the function is added to the editor\'s text (edits kept, one undo step, nothing saved)', async () => {
    const a = await extensionApi();
    const file = workspaceFile('serverless.yml');
    const onDisk = readFileSync(file, 'utf8');
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# UNSAVED: typed, not saved\n'));
    const typed = doc.getText();
    assert.equal(doc.isDirty, true);
    const handler = await vscode.commands.executeCommand<string | undefined>('serverlessWorkbench.newFunction', { pattern: 'scheduled', language: 'js', name: 'tidyUp', project: file });
    try {
      assert.equal(handler, workspaceFile('src', 'handlers', 'tidyUp.mjs'));
      assert.match(doc.getText(), /^# UNSAVED: typed, not saved\n/);
      assert.match(doc.getText(), /\n {2}tidyUp:\n/);
      assert.equal(doc.isDirty, true, 'the config is left unsaved');
      assert.equal(readFileSync(file, 'utf8'), onDisk, 'the file on disk is untouched');
      await waitFor(async () => (await treeFunctionNames(a, 'workspace')).includes('tidyUp'), { message: 'the tree shows tidyUp from the editor\'s text' });
      // One undo step takes the function out and keeps what the person typed.
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('undo');
      await waitFor(() => doc.getText() === typed, { message: 'one undo gives back the typed text' });
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      rmSync(workspaceFile('src', 'handlers', 'tidyUp.mjs'), { force: true });
      await a.model.filesChanged([file, workspaceFile('src', 'handlers', 'tidyUp.mjs')]);
    }
    assert.equal(readFileSync(file, 'utf8'), onDisk);
  });

  test('YAML completion offers Serverless Framework event snippets only inside a function\'s events', async () => {
    const a = await extensionApi();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('serverless.yml'));
    const editor = await vscode.window.showTextDocument(doc);
    const eventsLine = doc.getText().split('\n').findIndex((l) => /^ {4}events:/.test(l));
    // A new list item at the end of the first function's events.
    let line = eventsLine + 1;
    while (line < doc.lineCount && /^ {6}/.test(doc.lineAt(line).text)) line++;
    await editor.edit((e) => e.insert(new vscode.Position(line, 0), '      - \n'));
    const labels = async (pos: vscode.Position): Promise<string[]> => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
      return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).filter((l) => l.startsWith('sls-'));
    };
    await waitFor(() => a.model.project(doc.uri.fsPath) !== undefined);
    const inside = await labels(new vscode.Position(line, 8));
    for (const p of ['sls-http', 'sls-httpapi', 'sls-sqs', 'sls-s3', 'sls-schedule', 'sls-stream-kinesis']) assert.ok(inside.includes(p), `${p} offered in events (got ${inside.join(', ')})`);
    const sqs = (await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line, 8))).items.find(
      (i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'sls-sqs',
    )!;
    const body = (sqs.insertText as vscode.SnippetString).value;
    assert.match(body, /^- sqs:\n {4}arn: !GetAtt \$\{1:Queue\}\.Arn/);
    assert.doesNotMatch(body, /Type: SQS/, 'never SAM syntax in serverless.yml');
    assert.deepEqual(await labels(new vscode.Position(0, 0)), [], 'nothing at the top level');
    assert.deepEqual(await labels(new vscode.Position(eventsLine, 4)), [], 'nothing beside events:');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('SAM templates get SAM event blocks under Events', async () => {
    await extensionApi();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('sam-app', 'template.yaml'));
    const editor = await vscode.window.showTextDocument(doc);
    const eventsLine = doc.getText().split('\n').findIndex((l) => /^ {6}Events:/.test(l));
    await editor.edit((e) => e.insert(new vscode.Position(eventsLine + 1, 0), '        \n'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(eventsLine + 1, 8));
    const sqs = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'sls-sqs');
    assert.ok(sqs, 'sls-sqs offered under Events');
    assert.match((sqs.insertText as vscode.SnippetString).value, /^\$\{1:Jobs\}:\n {2}Type: SQS\n/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('function.json gets Azure binding snippets inside "bindings"', async () => {
    await extensionApi();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('azure-app', 'HttpHello', 'function.json'));
    const editor = await vscode.window.showTextDocument(doc);
    const open = doc.getText().indexOf('[', doc.getText().indexOf('"bindings"'));
    const at = doc.positionAt(open + 1);
    await editor.edit((e) => e.insert(at, '\n    \n'));
    const pos = new vscode.Position(at.line + 1, 4);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).filter((l) => l.startsWith('sls-'));
    assert.deepEqual(labels.sort(), ['sls-blob', 'sls-http', 'sls-queue', 'sls-timer']);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('handler snippets are contributed for TypeScript, JavaScript, Python and C#', async () => {
    for (const [language, prefix] of [
      ['typescript', 'sls-queue-worker'],
      ['javascript', 'sls-stream'],
      ['python', 'sls-event-sourcing'],
      ['csharp', 'sls-azure-http-isolated'],
    ] as const) {
      const doc = await vscode.workspace.openTextDocument({ language, content: 'sls' });
      const labels = await waitFor(
        async () => {
          const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(0, 3));
          const found = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
          return found.includes(prefix) ? found : undefined;
        },
        { message: `${prefix} offered in ${language}` },
      );
      assert.ok(labels.includes(prefix));
    }
  });
});
