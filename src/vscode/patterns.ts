import type * as vscode from 'vscode';
import type { Services } from './services';
import { registerNewFunctionCommand } from './newFunctionCommand';
import { registerTriggerCompletion } from './triggerCompletion';

/** Patterns: "New Function from Pattern…" and the context-aware trigger snippets. */
export function registerPatterns(context: vscode.ExtensionContext, services: Services): void {
  registerNewFunctionCommand(context, services.model, services.commands);
  registerTriggerCompletion(context, services.model);
}
