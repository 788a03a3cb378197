import type { SourceRange } from './range';

/** Severity of a finding; maps 1:1 to VS Code's DiagnosticSeverity and to the CLI's `severity`. */
export type Severity = 'error' | 'warning' | 'info';

/** A text edit computed by the core; the editor applies it as a WorkspaceEdit, the CLI could print it. */
export interface TextEditData {
  file: string;
  range: SourceRange;
  newText: string;
}

/** A fix offered for a finding (a quick fix in the editor). */
export interface FixData {
  title: string;
  edits: TextEditData[];
  /** The preferred fix is applied by "Fix all" / auto-fix. */
  preferred?: boolean;
}

/** A problem found in a file: parse problems from the model and rule findings from validation. */
export interface Finding {
  file: string;
  range: SourceRange;
  severity: Severity;
  /** Stable kebab-case id, e.g. `yaml-syntax` or `schedule-expression`. */
  rule: string;
  /** One line that says what is wrong and what to do. */
  message: string;
  fixes?: FixData[];
}
