import type { FunctionDef, Value } from './types';
import { isUnresolved } from './types';
import type { LEntry, LNode } from './yamlTree';
import { get } from './yamlTree';

/** A reference to another resource inside a value: `!Ref X`, `!GetAtt X.Attr`, `${X.Attr}` in `!Sub`. */
export interface ResourceRef {
  id: string;
  attribute?: string;
}

/** The resources a value refers to, in document order (`Fn::Sub` variables of its own map are followed). */
export function resourceRefs(node: LNode | undefined): ResourceRef[] {
  const out: ResourceRef[] = [];
  const visit = (n: LNode | undefined, depth: number): void => {
    if (!n || depth > 32) return;
    if (n.kind === 'map') for (const e of n.entries) visit(e.value, depth + 1);
    else if (n.kind === 'seq') for (const i of n.items) visit(i, depth + 1);
    else if (n.kind === 'intrinsic') {
      if (n.fn === 'Ref' && n.arg.kind === 'scalar' && typeof n.arg.value === 'string') out.push(split(n.arg.value));
      else if (n.fn === 'Fn::GetAtt') {
        if (n.arg.kind === 'scalar' && typeof n.arg.value === 'string') out.push(split(n.arg.value));
        else if (n.arg.kind === 'seq' && n.arg.items[0]?.kind === 'scalar') {
          const attr = n.arg.items[1]?.kind === 'scalar' ? String(n.arg.items[1].value) : undefined;
          out.push({ id: String(n.arg.items[0].value), attribute: attr });
        }
      } else if (n.fn === 'Fn::Sub') {
        const template = n.arg.kind === 'seq' ? n.arg.items[0] : n.arg;
        const vars = n.arg.kind === 'seq' ? n.arg.items[1] : undefined;
        if (template?.kind === 'scalar' && typeof template.value === 'string') {
          for (const m of template.value.matchAll(/\$\{([^{}!][^{}]*)\}/g)) {
            const name = m[1].trim();
            const local = get(vars, name);
            if (local) visit(local, depth + 1);
            else if (!name.startsWith('AWS::')) out.push(split(name));
          }
        }
        if (vars && vars.kind !== 'map') visit(vars, depth + 1);
      } else visit(n.arg, depth + 1);
    }
  };
  visit(node, 0);
  return out;
}

function split(name: string): ResourceRef {
  const dot = name.indexOf('.');
  return dot < 0 ? { id: name } : { id: name.slice(0, dot), attribute: name.slice(dot + 1) };
}

/** The function name inside a Lambda ARN (`arn:aws:lambda:…:function:NAME[:qualifier]`) or a bare name. */
export function functionNameOf(text: string): string | undefined {
  const arn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(:[^:]+)?$/.exec(text);
  if (arn) return arn[1];
  return /^[A-Za-z0-9_-]{1,140}(:[A-Za-z0-9_$-]+)?$/.test(text) ? text.split(':')[0] : undefined;
}

/**
 * Finds the function a value points at: `!Ref Fn`, `!GetAtt Fn.Arn`, `!Sub '${Fn.Arn}'`, the long forms,
 * `!Join`/`!If` around them, an alias or version of the function (declared `AWS::Lambda::Alias`/`Version`,
 * SAM's `Fn.Alias` and `Fn<Alias>` names, the Serverless Framework's `…LambdaVersion…`/`…ProvConcLambdaAlias`),
 * or a literal ARN or name equal to a function's deployed name. Ambiguous values link to nothing.
 */
export class FunctionLinker {
  private readonly byDeployedName = new Map<string, FunctionDef>();
  private readonly aliases = new Map<string, FunctionDef>();
  private readonly byNameParameter = new Map<string, FunctionDef>();
  /** `FunctionName: !Sub '${AWS::StackName}-Worker'`: the template text, which an ARN in another `!Sub` repeats. */
  private readonly bySubName = new Map<string, FunctionDef>();

  /**
   * @param functions functions by the logical id CloudFormation gives them
   * @param resources the template's resources (aliases and versions are read from them)
   * @param value resolves a node the way the parser does (variables, parameter defaults)
   */
  constructor(
    private readonly functions: ReadonlyMap<string, FunctionDef>,
    resources: readonly LEntry[],
    private readonly value: (node: LNode) => Value,
  ) {
    for (const fn of functions.values()) {
      if (fn.deployedName) this.byDeployedName.set(fn.deployedName, fn);
      // `FunctionName: !Ref NameParameter` without a default: a reference to the same parameter is this function.
      const name = fn.properties.FunctionName?.value;
      const param = isUnresolved(name) ? /^(?:!Ref\s+|Ref:\s*)([A-Za-z0-9]+)$/.exec(name.expr)?.[1] : undefined;
      if (param) this.byNameParameter.set(param, fn);
    }
    for (const r of resources) {
      const fn = functions.get(r.key);
      const name = fn ? get(get(r.value, 'Properties'), 'FunctionName') : undefined;
      const text = name?.kind === 'intrinsic' && name.fn === 'Fn::Sub' && name.arg.kind === 'scalar' ? name.arg.value : undefined;
      if (fn && typeof text === 'string' && text.includes('${')) this.bySubName.set(text, fn);
    }
    // Aliases of aliases are rare; two passes settle them.
    for (let pass = 0; pass < 2; pass++) {
      for (const r of resources) {
        const type = get(r.value, 'Type');
        if (type?.kind !== 'scalar' || (type.value !== 'AWS::Lambda::Alias' && type.value !== 'AWS::Lambda::Version')) continue;
        const fn = this.link(get(get(r.value, 'Properties'), 'FunctionName'));
        if (fn) this.aliases.set(r.key, fn);
      }
    }
  }

  /** The function a logical id names (the function itself, or one of its aliases or versions). */
  byLogicalId(id: string): FunctionDef | undefined {
    const direct = this.functions.get(id) ?? this.aliases.get(id);
    if (direct) return direct;
    // SAM names an AutoPublishAlias `<Fn>Alias<Name>` and its versions `<Fn>Version<hash>`.
    for (const m of id.matchAll(/(?=(Alias|Version)\w)/g)) {
      const fn = m.index > 0 ? this.functions.get(id.slice(0, m.index)) : undefined;
      if (fn) return fn;
    }
    const sf = /^(.+?)(LambdaVersion\w*|ProvConcLambdaAlias)$/.exec(id);
    return sf ? this.functions.get(`${sf[1]}LambdaFunction`) : undefined;
  }

  link(node: LNode | undefined): FunctionDef | undefined {
    if (!node) return undefined;
    const found = new Set<FunctionDef>();
    for (const ref of resourceRefs(node)) {
      const fn = this.byLogicalId(ref.id) ?? this.byNameParameter.get(ref.id);
      if (fn) found.add(fn);
    }
    if (found.size === 0) {
      const byName = this.byName(node);
      if (byName) found.add(byName);
    }
    return found.size === 1 ? [...found][0] : undefined;
  }

  /** A literal (or resolved) ARN or name, and the `…:function:NAME` part of a `!Sub` template. */
  private byName(node: LNode): FunctionDef | undefined {
    const v = this.value(node);
    if (typeof v === 'string') {
      const name = functionNameOf(v);
      return name ? this.byDeployedName.get(name) : undefined;
    }
    if (node.kind === 'intrinsic' && node.fn === 'Fn::Sub') {
      const template = node.arg.kind === 'seq' ? node.arg.items[0] : node.arg;
      const text = template?.kind === 'scalar' ? String(template.value) : '';
      const m = /:function:(?:\$\{([^}]+)\}|([A-Za-z0-9_-]+))/.exec(text);
      if (!m) return undefined;
      // `…:function:${AWS::StackName}-Worker:live/invocations` where the function is named `!Sub '${AWS::StackName}-Worker'`.
      const sameTemplate = [...this.bySubName].filter(([t]) => {
        const at = text.indexOf(`:function:${t}`);
        return at >= 0 && !/[A-Za-z0-9_$-]/.test(text.charAt(at + 10 + t.length));
      });
      if (sameTemplate.length === 1) return sameTemplate[0][1];
      // `…:function:${Name}`: a parameter (its default) or a variable of the `!Sub` list form.
      const name = m[2] ?? this.variable(m[1].trim(), node.arg.kind === 'seq' ? node.arg.items[1] : undefined, template!);
      return name ? this.byDeployedName.get(name) : undefined;
    }
    return undefined;
  }

  private variable(name: string, vars: LNode | undefined, at: LNode): string | undefined {
    const node: LNode = get(vars, name) ?? { kind: 'intrinsic', fn: 'Ref', arg: { kind: 'scalar', range: at.range, value: name }, range: at.range, text: `!Ref ${name}` };
    const v = this.value(node);
    return typeof v === 'string' ? v : undefined;
  }
}
