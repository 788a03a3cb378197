import type { LIntrinsic, LNode } from '../model/yamlTree';
import { get } from '../model/yamlTree';
import type { SourceRange } from '../shared/range';
import type { Finding } from '../shared/finding';
import { resourcesNode } from './resources';
import type { Rule } from './rule';
import { closest, makeFinding } from './values';

/**
 * Names Serverless Framework generates into the stack (functions, APIs, roles, buckets): a reference to one
 * of them is fine even though the file does not declare it.
 */
const sfGenerated = /^(ServerlessDeploymentBucket|IamRoleLambdaExecution|ApiGateway|HttpApi|WebsocketsApi|Websockets|SNSTopic|S3Bucket|CognitoUserPool|AWSLambda|CloudWatch|EventBridge|Iot|AlexaSkill|SQSQueue)|(LambdaFunction|LogGroup|LambdaVersion\w*|LambdaPermission\w*|Alias|EventSourceMapping\w*|IamRole\w*|LambdaFunctionUrl|ProvConcLambdaAlias)$/;

/**
 * Names SAM generates for a template (its "generated CloudFormation resources"): the implicit APIs and the
 * shared usage plan and CodeDeploy resources, and everything it derives from a SAM resource's logical id by
 * appending a suffix: `<Function>Role`, `<Function><Event>Permission`, `<StateMachine>Role`,
 * `<Api><Stage>Stage`, `<Api>Deployment<hash>`, `<Api>UsagePlan`, `<GraphQLApi><DataSource>DataSource`, …
 * Referenceable properties (`Fn.Alias`, `Api.Stage`) are accepted as well.
 */
const samShared = /^(ServerlessRestApi|ServerlessHttpApi|ServerlessUsagePlan|ServerlessApiKey|ServerlessDeploymentApplication|CodeDeployServiceRole|ApiGatewayDomainName)/;

function samGeneratedNames(resources: LNode | undefined): (name: string) => boolean {
  const prefixes: string[] = [];
  if (resources?.kind === 'map') {
    for (const e of resources.entries) {
      const type = get(e.value, 'Type');
      if (type?.kind === 'scalar' && typeof type.value === 'string' && type.value.startsWith('AWS::Serverless::')) prefixes.push(e.key);
    }
  }
  return (name) => {
    if (samShared.test(name)) return true;
    if (name.includes('.')) return prefixes.includes(name.split('.')[0]) || /^\w+\.(Alias|Version|Stage|Deployment|DomainName|Arn)$/.test(name);
    // `<Api><stage-name>Stage` keeps the stage name's case (`ApiprodStage`); other suffixes are capitalised.
    return prefixes.some((p) => name.length > p.length && name.startsWith(p) && (/[A-Z0-9]/.test(name[p.length]) || name.endsWith('Stage')));
  };
}

export const referenceMissingRule: Rule = {
  id: 'reference-missing',
  severity: 'error',
  description: '!Ref, !GetAtt and !Sub ${…} must name a parameter, a resource or a pseudo parameter of the template.',
  check(project) {
    if (project.kind === 'azure-functions' || !project.tree) return [];
    const sf = project.kind === 'serverless-framework';
    const names = new Set<string>();
    const params = sf ? get(get(project.tree, 'resources'), 'Parameters') : get(project.tree, 'Parameters');
    if (params?.kind === 'map') for (const e of params.entries) names.add(e.key);
    const resources = resourcesNode(project);
    if (resources?.kind === 'map') for (const e of resources.entries) names.add(e.key);
    // Resources that come from elsewhere (`${file(…)}`, a list of files, Fn::ForEach) cannot be listed: skip.
    if (resources !== undefined && resources.kind !== 'map') return [];
    if (resources?.kind === 'map' && resources.entries.some((e) => e.key.startsWith('Fn::'))) return [];
    if (sf && resources === undefined && get(project.tree, 'resources') !== undefined) return [];
    const samGenerated = samGeneratedNames(resources);
    const all = [...names];
    const out: Finding[] = [];
    const report = (name: string, range: SourceRange): void => {
      if (name.startsWith('AWS::') || names.has(name)) return;
      if (sf ? sfGenerated.test(name) || /^[A-Z]/.test(name) === false : project.kind === 'sam' && samGenerated(name)) return;
      const suggestion = closest(name, all);
      // In Serverless Framework files the stack holds generated resources we cannot list: a warning there.
      out.push(
        makeFinding(project.file, range, this.id, sf ? 'warning' : 'error', `"${name}" is not a parameter or resource of this ${sf ? 'service' : 'template'}${suggestion ? `; did you mean "${suggestion}"?` : '; declare it or fix the name.'}`),
      );
    };
    walkIntrinsics(project.tree, (n) => {
      if (n.fn === 'Ref' && n.arg.kind === 'scalar' && typeof n.arg.value === 'string') report(n.arg.value, n.arg.range);
      else if (n.fn === 'Fn::GetAtt') {
        const target = n.arg.kind === 'scalar' && typeof n.arg.value === 'string' ? n.arg.value.split('.')[0] : n.arg.kind === 'seq' && n.arg.items[0]?.kind === 'scalar' ? String(n.arg.items[0].value) : undefined;
        if (target && !target.includes('${')) report(target, n.arg.range);
      } else if (n.fn === 'Fn::Sub') subVariables(n, report);
    });
    return out;
  },
};

function subVariables(n: LIntrinsic, report: (name: string, range: SourceRange) => void): void {
  let template: LNode | undefined = n.arg;
  const local = new Set<string>();
  if (n.arg.kind === 'seq') {
    template = n.arg.items[0];
    const vars = n.arg.items[1];
    if (vars?.kind === 'map') for (const e of vars.entries) local.add(e.key);
    else if (vars) return; // variables from an intrinsic: unknown
  }
  if (template?.kind !== 'scalar' || typeof template.value !== 'string') return;
  for (const m of template.value.matchAll(/\$\{([^{}]*)\}/g)) {
    const inner = m[1].trim();
    if (inner.startsWith('!')) continue; // ${!Literal} is an escape
    // Serverless Framework variables (`${self:…}`, `${sls:…}`) are resolved before CloudFormation sees the text.
    if (inner.includes(':') && !inner.startsWith('AWS::')) continue;
    const name = inner.split('.')[0];
    if (local.has(name) || local.has(inner)) continue;
    report(name, template.range);
  }
}

/** Visits every intrinsic function of a tree (nested ones included). */
export function walkIntrinsics(node: LNode | undefined, visit: (n: LIntrinsic) => void): void {
  const stack: LNode[] = node ? [node] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'intrinsic') {
      visit(n);
      stack.push(n.arg);
    } else if (n.kind === 'map') for (const e of n.entries) stack.push(e.value);
    else if (n.kind === 'seq') stack.push(...n.items);
  }
}
