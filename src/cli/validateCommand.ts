import { relative } from 'node:path';
import type { Finding } from '../shared/finding';
import { todayUtc } from '../validation/rule';
import { allRules, validateProject } from '../validation/validate';
import { UsageError, flagString, parseArgs } from './args';
import type { CliIo } from './io';
import { exitCodes } from './io';
import { loadProjects } from './loadProjects';

export const validateUsage = 'validate [PATH...] [--format text|json|sarif|github]     check trigger configuration';

const formats = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof formats)[number];

/** `validate`: every finding of every project; exit 1 when any is an error. */
export async function validateCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { values: ['format'] });
  const format = (flagString(args, 'format') ?? 'text') as Format;
  if (!formats.includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')}`);
  const projects = await loadProjects(io, args.positionals);
  const today = todayUtc();
  const findings = projects.flatMap((p) => validateProject(p, { today }));
  const rel = (file: string): string => relative(io.cwd, file) || '.';
  if (projects.length === 0 && format === 'text') {
    io.stdout('No serverless projects found (serverless.yml, SAM/CloudFormation templates, Azure host.json).\n');
    return exitCodes.ok;
  }
  io.stdout(render(format, findings, rel));
  return findings.some((f) => f.severity === 'error') ? exitCodes.findings : exitCodes.ok;
}

function render(format: Format, findings: Finding[], rel: (f: string) => string): string {
  switch (format) {
    case 'json':
      return JSON.stringify({ findings: findings.map((f) => ({ file: rel(f.file), ...position(f), severity: f.severity, rule: f.rule, message: f.message })) }, null, 2) + '\n';
    case 'sarif':
      return JSON.stringify(sarif(findings, rel), null, 2) + '\n';
    case 'github':
      return findings.map((f) => githubAnnotation(f, rel)).join('');
    case 'text':
      return text(findings, rel);
  }
}

/** 1-based lines and columns, as the CLI contract and editors count them. */
function position(f: Finding): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: f.range.start.line + 1, column: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 };
}

function text(findings: Finding[], rel: (f: string) => string): string {
  if (findings.length === 0) return 'No problems found.\n';
  const lines = findings.map((f) => {
    const p = position(f);
    return `${rel(f.file)}:${p.line}:${p.column}  ${f.severity.padEnd(7)}  ${f.message}  [${f.rule}]`;
  });
  const count = (s: Finding['severity']): number => findings.filter((f) => f.severity === s).length;
  lines.push('', `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info.`);
  return lines.join('\n') + '\n';
}

/** GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`. */
function githubAnnotation(f: Finding, rel: (f: string) => string): string {
  const level = f.severity === 'info' ? 'notice' : f.severity;
  const p = position(f);
  const prop = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/:/g, '%3A').replace(/,/g, '%2C');
  const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return `::${level} file=${prop(rel(f.file).split('\\').join('/'))},line=${p.line},col=${p.column},endLine=${p.endLine},endColumn=${p.endColumn},title=${prop(f.rule)}::${data(f.message)}\n`;
}

/** A SARIF 2.1.0 log with one run: the rules as reportingDescriptors, each finding as a result. */
function sarif(findings: Finding[], rel: (f: string) => string): unknown {
  const ruleIds = [...allRules.map((r) => r.id), ...new Set(findings.map((f) => f.rule).filter((id) => !allRules.some((r) => r.id === id)))];
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const level = (s: Finding['severity']): string => (s === 'info' ? 'note' : s);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'serverless-workbench',
            rules: ruleIds.map((id) => {
              const rule = allRules.find((r) => r.id === id);
              return {
                id,
                shortDescription: { text: rule?.description ?? `Model finding ${id}.` },
                ...(rule ? { help: { text: `See docs/rules/${id}.md.` }, defaultConfiguration: { level: level(rule.severity) } } : {}),
              };
            }),
          },
        },
        results: findings.map((f) => {
          const p = position(f);
          return {
            ruleId: f.rule,
            ruleIndex: index.get(f.rule),
            level: level(f.severity),
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: rel(f.file).split('\\').join('/'), uriBaseId: '%SRCROOT%' },
                  region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
                },
              },
            ],
          };
        }),
      },
    ],
  };
}
