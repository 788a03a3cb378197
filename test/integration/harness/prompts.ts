// The quick pick or input box on screen, read from the real VS Code objects: vscode.window.createQuickPick and
// createInputBox are wrapped (the extension under development gets the same API object as its tests) so the test
// holds the widgets a command creates and reads their title, items, active item and value as a person sees them.
// Nothing of it is in the product.
import * as vscode from 'vscode';

export interface ShownPrompt {
  title: string;
  items: string[];
  active?: string;
  value: string;
}

type Widget = vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox;

// Each suite file is bundled with its own copy of this module: the state lives on the window namespace under a
// registered symbol, so every suite sees the widgets whichever copy wrapped the factories.
const stateKey = Symbol.for('serverless-workbench.test.shownPrompts');
type WithState = { [stateKey]?: { shown: Widget[] } };

function state(): { shown: Widget[] } {
  const holder = vscode.window as unknown as WithState;
  const existing = holder[stateKey];
  if (existing) return existing;
  const created = { shown: [] as Widget[] };
  holder[stateKey] = created;
  // A widget counts from its creation (commands set its title and items, then show it) until it is hidden.
  const track = <W extends Widget>(widget: W): W => {
    created.shown.push(widget);
    widget.onDidHide(() => {
      created.shown = created.shown.filter((w) => w !== widget);
    });
    return widget;
  };
  const createQuickPick = vscode.window.createQuickPick.bind(vscode.window);
  const createInputBox = vscode.window.createInputBox.bind(vscode.window);
  Object.assign(vscode.window, {
    createQuickPick: <T extends vscode.QuickPickItem>() => track(createQuickPick<T>() as unknown as vscode.QuickPick<vscode.QuickPickItem>),
    createInputBox: () => track(createInputBox()),
  });
  return created;
}

/** Starts watching; call before the command that shows the prompts. */
export function watchPrompts(): void {
  state();
}

/** The prompt on screen (the last one created and not hidden), if any. */
export function shownPrompt(): ShownPrompt | undefined {
  const widget = state().shown.at(-1);
  if (!widget) return undefined;
  if ('items' in widget) {
    return { title: widget.title ?? '', items: widget.items.map((i) => i.label), active: widget.activeItems[0]?.label, value: widget.value };
  }
  return { title: widget.title ?? '', items: [], value: widget.value };
}
