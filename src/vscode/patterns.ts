import type * as vscode from 'vscode';
import type { Services } from './services';
import type { PromptState } from './newFunctionCommand';
import { registerNewFunctionCommand } from './newFunctionCommand';
import { registerTriggerCompletion } from './triggerCompletion';

/** What the patterns feature exposes to integration tests through the extension's API. */
export interface PatternsApi {
  /** The quick pick / input box "New Function from Pattern" shows right now, if any. */
  newFunctionPrompt(): PromptState | undefined;
}

/** Patterns: "New Function from Pattern…" and the context-aware trigger snippets. */
export function registerPatterns(context: vscode.ExtensionContext, services: Services): PatternsApi {
  const command = registerNewFunctionCommand(context, services.model, services.commands);
  registerTriggerCompletion(context, services.model);
  return { newFunctionPrompt: () => command.prompt() };
}
