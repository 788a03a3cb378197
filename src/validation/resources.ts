import type { Located, Project } from '../model/types';
import type { LNode } from '../model/yamlTree';
import { get, getPath } from '../model/yamlTree';
import { locatedEntries } from '../model/values';

/** A resource declared in the project's own file (CloudFormation `Resources` or SF `resources.Resources`). */
export interface DeclaredResource {
  logicalId: string;
  type?: string;
  properties: Record<string, Located>;
}

export function resourcesNode(project: Project): LNode | undefined {
  if (!project.tree) return undefined;
  return project.kind === 'serverless-framework' ? getPath(project.tree, ['resources', 'Resources']) : get(project.tree, 'Resources');
}

export function declaredResource(project: Project, logicalId: string): DeclaredResource | undefined {
  const node = get(resourcesNode(project), logicalId);
  if (!node) return undefined;
  const typeNode = get(node, 'Type');
  return {
    logicalId,
    type: typeNode?.kind === 'scalar' && typeof typeNode.value === 'string' ? typeNode.value : undefined,
    properties: locatedEntries(get(node, 'Properties'), (s) => s),
  };
}

/** The logical id an ARN expression points at: `!GetAtt Q.Arn`, `Fn::GetAtt: [Q, Arn]`, `!Ref Q`. */
export function logicalIdOf(expr: string): string | undefined {
  return /(?:GetAtt|Ref)["'\s:[]*([A-Za-z0-9]+)/.exec(expr)?.[1];
}

/** The SQS queue an event's ARN expression points at, when declared in the same file. */
export function queueResource(project: Project, expr: string): DeclaredResource | undefined {
  const id = logicalIdOf(expr);
  const res = id ? declaredResource(project, id) : undefined;
  return res?.type === 'AWS::SQS::Queue' ? res : undefined;
}
