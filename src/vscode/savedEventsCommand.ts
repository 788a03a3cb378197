import * as vscode from 'vscode';
import { eventChoices, generateEvent } from '../events/catalogue';
import { SavedEventStore } from '../invoke/savedEvents';
import type { Commands } from './commands';
import { commandIds } from './ids';
import type { InvokeFeature } from './invokeView';
import { functionFromArg } from './pickFunction';
import type { WorkspaceModel } from './workspaceModel';

const NAME_RULE = (v: string): string | undefined => (/^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,99}$/.test(v.trim()) ? undefined : 'Letters, digits, spaces, . _ - ( ), up to 100 characters');

/**
 * "Saved Events…" on a function of the tree: create one from a sample event, and open, rename, duplicate or
 * delete the saved ones, without opening the Invoke view.
 */
export function registerSavedEventsCommand(context: vscode.ExtensionContext, model: WorkspaceModel, commands: Commands, feature: InvokeFeature): void {
  context.subscriptions.push(
    commands.register('manageSavedEvents', async (arg?: unknown) => {
      const ref = await functionFromArg(model, arg, 'Function whose saved events to manage');
      if (!ref) return;
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(ref.project.file));
      if (!folder) {
        void vscode.window.showWarningMessage('Saved events need the project to be inside an open workspace folder.');
        return;
      }
      const store = new SavedEventStore(folder.uri.fsPath);
      const saved = await store.list(ref.project, ref.fn);
      const pick = await vscode.window.showQuickPick(
        [
          { label: '$(add) New saved event from a sample…', name: undefined as string | undefined },
          ...saved.map((s) => ({ label: `$(json) ${s.name}`, name: s.name as string | undefined })),
        ],
        { placeHolder: `Saved events of ${ref.fn.name}` },
      );
      if (!pick) return;
      try {
        if (pick.name === undefined) {
          const kinds = eventChoices(ref.fn, { project: ref.project });
          const kind = await vscode.window.showQuickPick(kinds.map((c) => ({ label: c.label, description: c.kind.id, choice: c })), { placeHolder: 'Sample event to start from' });
          if (!kind) return;
          const name = await vscode.window.showInputBox({ prompt: 'Name of the saved event', value: kind.choice.kind.id, validateInput: NAME_RULE });
          if (!name) return;
          const trigger = kind.choice.triggerIndex !== undefined ? ref.fn.triggers[kind.choice.triggerIndex] : undefined;
          const created = await store.save(ref.project, ref.fn, name, `${JSON.stringify(generateEvent(kind.choice.kind.id, { fn: ref.fn, project: ref.project, trigger }), null, 2)}\n`);
          await vscode.window.showTextDocument(vscode.Uri.file(created.file));
        } else {
          const name = pick.name;
          const action = await vscode.window.showQuickPick(['Open in the Invoke view', 'Open the file', 'Rename…', 'Duplicate', 'Delete'], { placeHolder: name });
          if (action === 'Open in the Invoke view') {
            await vscode.commands.executeCommand(commandIds.invokeFunction, ref.fn.id);
            await feature.viewSession?.handle({ type: 'loadEvent', fnId: ref.fn.id, source: { kind: 'saved', name } });
          } else if (action === 'Open the file') {
            await vscode.window.showTextDocument(vscode.Uri.file(saved.find((s) => s.name === name)!.file));
          } else if (action === 'Rename…') {
            const to = await vscode.window.showInputBox({ prompt: `Rename "${name}" to`, value: name, validateInput: NAME_RULE });
            if (to) await store.rename(ref.project, ref.fn, name, to);
          } else if (action === 'Duplicate') {
            await store.duplicate(ref.project, ref.fn, name);
          } else if (action === 'Delete') {
            if ((await vscode.window.showWarningMessage(`Delete the saved event "${name}" of ${ref.fn.name}?`, { modal: true }, 'Delete')) === 'Delete') await store.delete(ref.project, ref.fn, name);
          }
        }
        feature.refreshAll();
      } catch (err) {
        void vscode.window.showErrorMessage((err as Error).message);
      }
    }),
  );
}
