import * as vscode from 'vscode';
import type { Project } from '../model/types';
import type { Finding, Severity } from '../shared/finding';
import type { SourceRange } from '../shared/range';
import { rangeContains } from '../shared/range';
import { todayUtc } from '../validation/rule';
import { triggerHelp } from '../validation/triggerHelp';
import { validateProject } from '../validation/validate';
import type { Config } from './config';
import type { WorkspaceModel } from './workspaceModel';

const severities: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function toRange(r: SourceRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/**
 * Diagnostics for the model's config files that are open in an editor. The model already debounces edits
 * and re-models only the changed file; this re-validates only the projects it reports as changed, and
 * keeps each project's findings so quick fixes and later opens need no recomputation.
 */
export class ValidationDiagnostics implements vscode.Disposable, vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  readonly collection = vscode.languages.createDiagnosticCollection('serverless');
  private readonly findingsByProject = new WeakMap<Project, Finding[]>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(
    private readonly model: WorkspaceModel,
    private readonly docsRoot: vscode.Uri,
    private readonly config: Config,
  ) {
    this.disposables.push(
      model.onDidChange((changed) => void this.refreshProjects(changed)),
      vscode.workspace.onDidOpenTextDocument((doc) => void this.refreshDocument(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.collection.delete(doc.uri)),
      // VS Code keeps a closed editor's document alive for a while; a closed tab is what a person sees.
      vscode.window.tabGroups.onDidChangeTabs((e) => this.onTabsChanged(e)),
      config.onDidChange((e) => {
        if (e.affects('validationEnabled')) void this.refreshAll();
      }),
    );
  }

  /** Validates what is open now (after the first scan). */
  async refreshAll(): Promise<void> {
    await this.model.ready();
    for (const doc of vscode.workspace.textDocuments) await this.refreshDocument(doc);
  }

  /** The findings of the project(s) a file belongs to, for that file. */
  async findingsFor(file: string): Promise<Finding[]> {
    const out: Finding[] = [];
    for (const p of this.model.projectsForFile(file)) out.push(...(await this.validate(p)).filter((f) => f.file === file));
    return out;
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== 'serverless') continue;
      const rule = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
      const finding = this.cachedFindings(doc.uri.fsPath).find((f) => f.rule === rule && toRange(f.range).isEqual(d.range));
      for (const fix of finding?.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) action.edit.replace(vscode.Uri.file(e.file), toRange(e.range), e.newText);
        action.diagnostics = [d];
        action.isPreferred = fix.preferred;
        actions.push(action);
      }
    }
    return actions;
  }

  /** Hover on a trigger key: what the trigger does. */
  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    for (const p of this.model.projectsForFile(doc.uri.fsPath)) {
      for (const fn of p.functions) {
        for (const t of fn.triggers) {
          if ((t.file ?? fn.file) !== doc.uri.fsPath || !rangeContains(t.typeRange, { line: pos.line, character: pos.character })) continue;
          const md = new vscode.MarkdownString();
          // Names come from the workspace: plain text, never markdown.
          md.appendText(`${t.sourceType} → ${t.type} trigger of ${fn.name}`);
          md.appendMarkdown(`\n\n${triggerHelp[t.type]}`);
          return new vscode.Hover(md, toRange(t.typeRange));
        }
      }
    }
    return undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private onTabsChanged(e: vscode.TabChangeEvent): void {
    const open = new Set(vscode.window.tabGroups.all.flatMap((g) => g.tabs).flatMap((t) => (t.input instanceof vscode.TabInputText ? [t.input.uri.toString()] : [])));
    for (const t of e.closed) {
      if (t.input instanceof vscode.TabInputText && !open.has(t.input.uri.toString())) this.collection.delete(t.input.uri);
    }
    // A tab reopened on a document VS Code still holds fires no open-document event.
    for (const t of e.opened) {
      if (!(t.input instanceof vscode.TabInputText)) continue;
      const uri = t.input.uri;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc) void this.refreshDocument(doc);
    }
  }

  private cachedFindings(file: string): Finding[] {
    return this.model.projectsForFile(file).flatMap((p) => (this.findingsByProject.get(p) ?? []).filter((f) => f.file === file));
  }

  private enabled(uri: vscode.Uri): boolean {
    return this.config.get('validationEnabled', uri.fsPath);
  }

  private async validate(project: Project): Promise<Finding[]> {
    const cached = this.findingsByProject.get(project);
    if (cached) return cached;
    const findings = validateProject(project, { today: todayUtc() });
    this.findingsByProject.set(project, findings);
    return findings;
  }

  private async refreshProjects(changed: Project[]): Promise<void> {
    const files = new Set(changed.flatMap((p) => [p.file, ...p.files]));
    for (const doc of vscode.workspace.textDocuments) {
      if (files.has(doc.uri.fsPath)) await this.refreshDocument(doc);
    }
    // A removed config: its diagnostics go with it.
    for (const p of changed) if (!this.model.project(p.file)) this.collection.delete(vscode.Uri.file(p.file));
  }

  private async refreshDocument(doc: vscode.TextDocument): Promise<void> {
    if (doc.uri.scheme !== 'file' || doc.isClosed) return;
    const projects = this.model.projectsForFile(doc.uri.fsPath).filter((p) => p.file === doc.uri.fsPath || p.files.includes(doc.uri.fsPath));
    if (projects.length === 0 || !this.enabled(doc.uri)) {
      this.collection.delete(doc.uri);
      return;
    }
    const findings = await this.findingsFor(doc.uri.fsPath);
    if (doc.isClosed) return;
    this.collection.set(doc.uri, findings.map((f) => this.toDiagnostic(f)));
  }

  private toDiagnostic(f: Finding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(toRange(f.range), f.message, severities[f.severity]);
    d.source = 'serverless';
    d.code = { value: f.rule, target: vscode.Uri.joinPath(this.docsRoot, `${f.rule}.md`) };
    return d;
  }
}

const selector: vscode.DocumentSelector = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
];

/** Wires diagnostics, quick fixes and trigger hovers for the model's config files. */
export function registerValidation(context: vscode.ExtensionContext, model: WorkspaceModel, config: Config): ValidationDiagnostics {
  const diagnostics = new ValidationDiagnostics(model, vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules'), config);
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider(selector, diagnostics, { providedCodeActionKinds: ValidationDiagnostics.providedCodeActionKinds }),
    vscode.languages.registerHoverProvider(selector, { provideHover: (doc, pos) => diagnostics.provideHover(doc, pos) }),
  );
  void diagnostics.refreshAll();
  return diagnostics;
}
