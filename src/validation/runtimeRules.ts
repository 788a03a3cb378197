import type { Located, Project } from '../model/types';
import { get } from '../model/yamlTree';
import type { Finding } from '../shared/finding';
import type { Rule, ValidationContext } from './rule';
import { looksLikeNewerRuntime, newestRuntime, runtimeInfo, runtimeTable } from './runtimeTable';
import { closest, literalString, makeFinding, replaceScalar } from './values';

/** Runtime values of AWS functions, each once (a provider/Globals default is shared by many functions). */
function runtimes(project: Project): Array<{ file: string; l: Located; value: string }> {
  if (project.kind === 'azure-functions') return [];
  const seen = new Set<string>();
  const out: Array<{ file: string; l: Located; value: string }> = [];
  for (const fn of project.functions) {
    const value = literalString(fn.runtime);
    if (!value || !fn.runtime) continue;
    const file = fn.runtime.file ?? fn.file;
    const key = `${file}:${fn.runtime.range.start.line}:${fn.runtime.range.start.character}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file, l: fn.runtime, value });
  }
  return out;
}

/** A SCREAMING_SNAKE_CASE token such as `JAVA_VERSION`: runtimes are lower case, so this is a placeholder. */
const PLACEHOLDER = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;

export const runtimeUnknownRule: Rule = {
  id: 'runtime-unknown',
  severity: 'error',
  description: 'The runtime is not an AWS Lambda runtime identifier.',
  check(project) {
    const out: Finding[] = [];
    // Plugins may map their own runtime names (serverless-rust's `rust`): then only a warning.
    const severity = project.kind === 'serverless-framework' && get(project.tree, 'plugins') !== undefined ? 'warning' : 'error';
    for (const { file, l, value } of runtimes(project)) {
      if (runtimeInfo(value) || looksLikeNewerRuntime(value)) continue;
      if (PLACEHOLDER.test(value)) {
        // `Runtime: PYTHON3_VERSION` in a file a build script copies and fills in with sed: not deployable as it
        // is, but not a typo either.
        out.push(makeFinding(file, l.range, this.id, 'warning', `"${value}" is not a Lambda runtime; if it is a placeholder your build replaces, deploy the filled-in copy.`));
        continue;
      }
      const suggestion = closest(value, runtimeTable.map((r) => r.id));
      const edit = suggestion ? replaceScalar(file, l, value, suggestion) : undefined;
      out.push(
        makeFinding(
          file,
          l.range,
          this.id,
          severity,
          `"${value}" is not a Lambda runtime${suggestion ? `; did you mean "${suggestion}"?` : `; use e.g. ${newestRuntime.nodejs}, ${newestRuntime.python}, ${newestRuntime.java}.`}`,
          edit ? [{ title: `Change to ${suggestion}`, edits: [edit], preferred: true }] : undefined,
        ),
      );
    }
    return out;
  },
};

export const runtimeDeprecatedRule: Rule = {
  id: 'runtime-deprecated',
  severity: 'warning',
  description: 'The runtime is deprecated (warning) or AWS blocks updates of functions using it (error).',
  check(project, ctx: ValidationContext) {
    const out: Finding[] = [];
    for (const { file, l, value } of runtimes(project)) {
      const info = runtimeInfo(value);
      if (!info?.deprecated || info.deprecated > ctx.today) continue;
      const blocked = info.updateBlocked !== undefined && info.updateBlocked <= ctx.today;
      const noCreate = info.createBlocked !== undefined && info.createBlocked <= ctx.today;
      const newest = newestRuntime[info.family];
      const edit = replaceScalar(file, l, value, newest);
      const message = blocked
        ? `${value} is retired: AWS blocks updates of functions using it since ${info.updateBlocked}; move to ${newest}.`
        : noCreate
          ? `${value} is deprecated since ${info.deprecated}, and AWS blocks creating functions with it since ${info.createBlocked} (a new stack or stage fails to deploy); move to ${newest}.`
          : `${value} is deprecated since ${info.deprecated} (no more security patches); move to ${newest}.`;
      out.push(makeFinding(file, l.range, this.id, blocked || noCreate ? 'error' : 'warning', message, edit ? [{ title: `Change runtime to ${newest}`, edits: [edit], preferred: true }] : undefined));
    }
    return out;
  },
};
