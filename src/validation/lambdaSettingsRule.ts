import type { FunctionDef, Located, Project, Value } from '../model/types';
import { isUnresolved } from '../model/types';
import { getPath } from '../model/yamlTree';
import type { Finding } from '../shared/finding';
import type { SourceRange } from '../shared/range';
import type { Rule } from './rule';
import { closest, isDynamic, makeFinding } from './values';

/** Allowed values of the Lambda settings of 2023-2026 (CloudFormation `AWS::Lambda::Function` reference). */
const allowed = {
  LogFormat: ['Text', 'JSON'],
  ApplicationLogLevel: ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'],
  SystemLogLevel: ['DEBUG', 'INFO', 'WARN'],
  ApplyOn: ['PublishedVersions', 'None'],
  RecursiveLoop: ['Allow', 'Terminate'],
  InvokeMode: ['BUFFERED', 'RESPONSE_STREAM'],
  AuthType: ['AWS_IAM', 'NONE'],
  TenantIsolationMode: ['PER_TENANT'],
  Architecture: ['x86_64', 'arm64'],
} as const;

type Setting = keyof typeof allowed;

export const lambdaSettingValueRule: Rule = {
  id: 'lambda-setting-value',
  severity: 'error',
  description: 'Values of LoggingConfig, SnapStart, RecursiveLoop, function URLs, TenancyConfig and architectures must be ones Lambda accepts.',
  check(project) {
    if (project.kind === 'azure-functions') return [];
    const out: Finding[] = [];
    const seen = new Set<string>();
    const report = (fn: FunctionDef, l: Located | undefined, value: Value | undefined, setting: Setting, label: string = setting): void => {
      if (!l || typeof value !== 'string' || isDynamic(value)) return;
      const ok = allowed[setting] as readonly string[];
      if (ok.includes(value)) return;
      // Point at the value itself when the function's own definition holds it (not Globals or the provider).
      const range = valueRange(project, fn, label) ?? l.range;
      const key = `${range.start.line}:${range.start.character}:${label}`;
      if (seen.has(key)) return;
      seen.add(key);
      const suggestion = closest(value, ok);
      out.push(makeFinding(fn.file, range, this.id, 'error', `${label} "${value}" is not valid; use ${suggestion ? `"${suggestion}"` : ok.join(', ')}${suggestion && ok.length > 1 ? ` (one of ${ok.join(', ')})` : ''}.`));
    };
    for (const fn of project.functions) {
      const p = fn.properties;
      if (project.kind === 'serverless-framework') {
        report(fn, fn.architecture, fn.architecture?.value, 'Architecture', 'architecture');
        const url = record(p.url?.value);
        report(fn, p.url, url?.invokeMode, 'InvokeMode', 'url.invokeMode');
        continue;
      }
      const logging = record(p.LoggingConfig?.value);
      if (logging) {
        for (const s of ['LogFormat', 'ApplicationLogLevel', 'SystemLogLevel'] as const) report(fn, p.LoggingConfig, logging[s], s, `LoggingConfig.${s}`);
        // Log levels filter JSON logs only: Lambda refuses them with the Text format.
        const levels = ['ApplicationLogLevel', 'SystemLogLevel'].filter((s) => logging[s] !== undefined);
        if (levels.length && (logging.LogFormat === undefined || logging.LogFormat === 'Text')) {
          out.push(makeFinding(fn.file, p.LoggingConfig.range, this.id, 'error', `LoggingConfig.${levels[0]} needs LogFormat: JSON (log levels apply to JSON logs only); add it.`));
        }
      }
      report(fn, p.SnapStart, record(p.SnapStart?.value)?.ApplyOn, 'ApplyOn', 'SnapStart.ApplyOn');
      report(fn, p.RecursiveLoop, p.RecursiveLoop?.value, 'RecursiveLoop');
      report(fn, p.TenancyConfig, record(p.TenancyConfig?.value)?.TenantIsolationMode, 'TenantIsolationMode', 'TenancyConfig.TenantIsolationMode');
      const url = record(p.FunctionUrlConfig?.value);
      report(fn, p.FunctionUrlConfig, url?.InvokeMode, 'InvokeMode', 'FunctionUrlConfig.InvokeMode');
      report(fn, p.FunctionUrlConfig, url?.AuthType, 'AuthType', 'FunctionUrlConfig.AuthType');
      const archs = p.Architectures?.value;
      if (Array.isArray(archs)) {
        for (const a of archs) report(fn, p.Architectures, a, 'Architecture', 'Architectures');
        if (archs.length > 1) out.push(makeFinding(fn.file, p.Architectures.range, this.id, 'error', 'Architectures takes one value (x86_64 or arm64); keep one.'));
      }
    }
    return out;
  },
};

function valueRange(project: Project, fn: FunctionDef, label: string): SourceRange | undefined {
  const path = label.split('.');
  const base = project.kind === 'serverless-framework' ? ['functions', fn.name] : ['Resources', fn.name, 'Properties'];
  const node = getPath(project.tree, [...base, ...path]);
  return node?.kind === 'scalar' ? node.range : undefined;
}

function record(v: Value | undefined): Record<string, Value> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) && !isUnresolved(v) ? v : undefined;
}

