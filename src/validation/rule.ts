import type { Project } from '../model/types';
import type { Finding, Severity } from '../shared/finding';

/** What a rule may know besides the project: data only, so rules stay pure and testable. */
export interface ValidationContext {
  /** Today's date (UTC, `YYYY-MM-DD`): runtime deprecation depends on it. */
  today: string;
}

/** A validation rule: a stable id, its default severity, and a pure check. */
export interface Rule {
  id: string;
  severity: Severity;
  /** One line for the rule index and hovers. */
  description: string;
  check(project: Project, ctx: ValidationContext): Finding[];
}

/** Today's date in UTC as `YYYY-MM-DD`. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
