import type { FunctionDef, Located, Project, Trigger } from '../model/types';
import { displayValue } from '../model/types';
import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { literalNumber, literalString, makeFinding, prop } from './values';

const awsMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY', '*'];

interface Route {
  fn: FunctionDef;
  t: Trigger;
  method?: Located;
  path?: Located;
}

/** HTTP routes of AWS functions: SF `http`/`httpApi`, SAM `Api`/`HttpApi`. */
function routes(project: Project): Route[] {
  if (project.kind === 'azure-functions') return [];
  const out: Route[] = [];
  for (const fn of project.functions) {
    for (const t of fn.triggers) {
      if (t.type !== 'http' && t.type !== 'httpApi') continue;
      out.push({ fn, t, method: prop(t.config, 'method', 'Method'), path: prop(t.config, 'path', 'Path') });
    }
  }
  return out;
}

export const httpMethodRule: Rule = {
  id: 'http-method',
  severity: 'error',
  description: 'HTTP event methods must be GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY.',
  check(project) {
    const out: Finding[] = [];
    for (const r of routes(project)) {
      const m = literalString(r.method);
      if (m === undefined || awsMethods.includes(m.toUpperCase())) continue;
      out.push(makeFinding(r.t.file ?? r.fn.file, r.method!.range, this.id, 'error', `"${m}" is not an HTTP method; use GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY.`));
    }
    return out;
  },
};

/** Problems of an API Gateway path: braces, parameter names, greedy `{name+}` only as the last segment. */
export function pathProblem(path: string): string | undefined {
  if (path === '*' || path === '/' || path === '') return undefined;
  const segments = path.replace(/^\//, '').replace(/\/$/, '').split('/');
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (s === '') return 'has an empty segment ("//")';
    const opens = (s.match(/\{/g) ?? []).length;
    const closes = (s.match(/\}/g) ?? []).length;
    if (opens !== closes) return `segment "${s}" has unbalanced braces`;
    if (opens === 0) continue;
    const m = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/.exec(s);
    if (!m) return `segment "${s}" must be a whole parameter like {id}`;
    if (m[2] === '+' && i !== segments.length - 1) return `greedy parameter "${s}" must be the last segment`;
  }
  return undefined;
}

export const httpPathRule: Rule = {
  id: 'http-path',
  severity: 'error',
  description: 'HTTP paths: balanced {parameters}, {proxy+} last; SAM paths start with "/".',
  check(project) {
    const out: Finding[] = [];
    for (const r of routes(project)) {
      const p = literalString(r.path);
      if (p === undefined) continue;
      const problem = pathProblem(p);
      if (problem) {
        out.push(makeFinding(r.t.file ?? r.fn.file, r.path!.range, this.id, 'error', `Path "${p}": ${problem}; fix the path.`));
        continue;
      }
      if (project.kind !== 'serverless-framework' && !p.startsWith('/')) {
        const at = r.path!.range.start;
        const quoted = r.path!.range.end.character - at.character === p.length + 2 && at.line === r.path!.range.end.line;
        const pos = { line: at.line, character: at.character + (quoted ? 1 : 0) };
        out.push(
          makeFinding(r.t.file ?? r.fn.file, r.path!.range, this.id, 'error', `Path "${p}" must start with "/"; write "/${p}".`, [
            { title: `Change to /${p}`, edits: [{ file: r.t.file ?? r.fn.file, range: { start: pos, end: pos }, newText: '/' }], preferred: true },
          ]),
        );
      }
    }
    return out;
  },
};

/** Routes are the same when method and path match, whatever the parameter names (API Gateway treats them alike). */
function routeKey(r: Route): string | undefined {
  const m = literalString(r.method);
  const p = literalString(r.path);
  if (m === undefined || p === undefined) return undefined;
  const api = displayValue(prop(r.t.config, 'RestApiId', 'ApiId')?.value) ?? '';
  const norm = p.replace(/^\/+|\/+$/g, '').replace(/\{[^{}]*?(\+?)\}/g, '{$1}');
  return `${r.t.type}|${api}|${m.toUpperCase()}|/${norm}`;
}

export const httpDuplicateRouteRule: Rule = {
  id: 'http-duplicate-route',
  severity: 'error',
  description: 'The same method and path must not be defined by two functions of one API.',
  check(project) {
    const out: Finding[] = [];
    const first = new Map<string, Route>();
    for (const r of routes(project)) {
      const key = routeKey(r);
      if (!key) continue;
      const prev = first.get(key);
      if (!prev) {
        first.set(key, r);
        continue;
      }
      if (prev.fn === r.fn) continue;
      const method = key.split('|')[2];
      out.push(makeFinding(r.t.file ?? r.fn.file, r.t.range, this.id, 'error', `${method} ${literalString(r.path)} is also handled by "${prev.fn.name}" (line ${prev.t.range.start.line + 1}); change the method or path of one of them.`));
    }
    return out;
  },
};

export const httpTimeoutRule: Rule = {
  id: 'http-timeout-api-gateway',
  severity: 'warning',
  description: 'API Gateway REST APIs end requests after 29 s by default; a longer function timeout is wasted.',
  check(project) {
    const out: Finding[] = [];
    for (const fn of project.functions) {
      if (project.kind === 'azure-functions') break;
      const timeout = literalNumber(fn.timeout);
      if (timeout === undefined || timeout <= 29) continue;
      // An integration that invokes asynchronously (`X-Amz-Invocation-Type: 'Event'`) answers at once.
      const rest = fn.triggers.find((t) => t.type === 'http' && t.config.InvocationType?.value !== 'Event');
      if (!rest) continue;
      // A response-streaming function: the long timeout serves its stream (function URL, or an API whose
      // integration streams), not the buffered REST response.
      if (fn.triggers.some((t) => t.type === 'functionUrl' && prop(t.config, 'InvokeMode', 'invokeMode')?.value === 'RESPONSE_STREAM')) continue;
      // A raised integration timeout (regional and private APIs may go beyond 29 s on request).
      if ((literalNumber(prop(rest.config, 'TimeoutInMillis', 'timeoutInMillis')) ?? 0) > 29_000) continue;
      out.push(
        makeFinding(rest.file ?? fn.file, rest.typeRange, this.id, 'warning', `"${fn.name}" has a ${timeout} s timeout behind an API Gateway REST API, which answers 504 after 29 s; lower the timeout or request a higher integration timeout quota.`),
      );
    }
    return out;
  },
};
