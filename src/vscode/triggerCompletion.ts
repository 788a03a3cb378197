import * as vscode from 'vscode';
import { inBindingsArray, yamlKeyPath, yamlSnippetContext } from '../patterns/completionContext';
import type { ConfigContext, ConfigSnippet } from '../patterns/configSnippets';
import { configSnippets } from '../patterns/configSnippets';
import { expandTemplate, toSnippetBody } from '../patterns/snippetText';
import type { WorkspaceModel } from './workspaceModel';

/**
 * Trigger snippets where they fit, decided with the model: Serverless Framework events inside a function's
 * `events:` of a serverless.yml, SAM event blocks under a function's `Events:` of a SAM template, binding
 * objects inside `"bindings"` of a function.json. Nowhere else, and never one format's syntax in another's file.
 */
export class TriggerCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly model: WorkspaceModel) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const context = this.contextAt(document, position);
    if (!context) return [];
    const line = document.lineAt(position.line).text.slice(0, position.character);
    // Replace what was typed on the line (`- `, `sls-sq`), so the snippet brings its own dash.
    const typedFrom = line.length - line.trimStart().length;
    const range = new vscode.Range(position.line, typedFrom, position.line, position.character);
    const typed = line.slice(typedFrom);
    return configSnippets.filter((s) => s.context === context).map((s) => item(s, range, typed));
  }

  private contextAt(document: vscode.TextDocument, position: vscode.Position): ConfigContext | undefined {
    const file = document.uri.fsPath;
    if (document.uri.scheme !== 'file') return undefined;
    if (file.endsWith('function.json')) return inBindingsArray(document.getText(), document.offsetAt(position)) ? 'azure-bindings' : undefined;
    const project = this.model.project(file);
    if (!project) return undefined;
    const path = yamlKeyPath(document.getText(), position.line, position.character);
    return yamlSnippetContext(path, project.kind, project.functions.map((f) => f.name));
  }
}

function item(s: ConfigSnippet, range: vscode.Range, typed: string): vscode.CompletionItem {
  const it = new vscode.CompletionItem({ label: s.prefix, description: s.description }, vscode.CompletionItemKind.Snippet);
  it.insertText = new vscode.SnippetString(toSnippetBody(s.body));
  it.range = range;
  // The filter runs over the replaced text: keep a typed dash matching.
  it.filterText = typed.startsWith('-') ? `- ${s.prefix}` : s.prefix;
  it.detail = `${s.trigger} trigger`;
  const lang = s.context === 'azure-bindings' ? 'json' : 'yaml';
  it.documentation = new vscode.MarkdownString().appendCodeblock(expandTemplate(s.body), lang);
  it.sortText = `0-${s.prefix}`;
  return it;
}

export function registerTriggerCompletion(context: vscode.ExtensionContext, model: WorkspaceModel): void {
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(
      [
        { scheme: 'file', language: 'yaml' },
        { scheme: 'file', language: 'json', pattern: '**/function.json' },
        { scheme: 'file', language: 'jsonc', pattern: '**/function.json' },
      ],
      new TriggerCompletionProvider(model),
    ),
  );
}
