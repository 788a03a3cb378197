import { functionNameOf, resourceRefs } from './functionLinks';
import { serverlessFunctionLogicalId } from './resourceWiring';
import type { FunctionDef, Located, Value } from './types';
import type { LNode } from './yamlTree';
import { get, getPath } from './yamlTree';
import { taskTargets } from './stateMachineTargets';

/**
 * State machines of the serverless-step-functions plugin (`stepFunctions.stateMachines.<key>.definition`):
 * a Task state whose `Resource` (or `Parameters.FunctionName`) names a function of the service —
 * `Fn::GetAtt: [hello, Arn]` or `!GetAtt hello.Arn` by the function's key (the plugin maps it to
 * `HelloLambdaFunction`), `!Ref`/`!GetAtt` of the logical id itself, or the function's deployed ARN — makes
 * Step Functions invoke it with the state's input. Each such function gets an `other` trigger at the state
 * machine, as for an `AWS::StepFunctions::StateMachine` of a template.
 */
export function addServerlessStepFunctions(functions: readonly FunctionDef[], doc: LNode, resolve: (node: LNode) => Value): void {
  const machines = getPath(doc, ['stepFunctions', 'stateMachines']);
  if (machines?.kind !== 'map' || functions.length === 0) return;
  const byKey = new Map<string, FunctionDef>();
  for (const f of functions) {
    byKey.set(f.name, f);
    byKey.set(serverlessFunctionLogicalId(f.name), f);
  }
  const byDeployedName = new Map(functions.flatMap((f) => (f.deployedName ? [[f.deployedName, f] as const] : [])));
  for (const m of machines.entries) {
    const definition = get(m.value, 'definition');
    if (!definition) continue;
    const found = new Set<FunctionDef>();
    for (const ref of resourceRefs(definition)) {
      const fn = byKey.get(ref.id);
      if (fn) found.add(fn);
    }
    for (const node of taskTargets(definition)) {
      const v = resolve(node);
      const name = typeof v === 'string' ? functionNameOf(v) : undefined;
      const fn = name ? byDeployedName.get(name) : undefined;
      if (fn && v !== name) found.add(fn);
    }
    const config: Record<string, Located> = {};
    for (const [key, as] of [['name', 'Name'], ['type', 'StateMachineType']] as const) {
      const node = get(m.value, key);
      if (node) config[as] = { value: resolve(node), range: node.range };
    }
    for (const fn of found) {
      fn.triggers.push({
        type: 'other',
        sourceType: 'AWS::StepFunctions::StateMachine',
        name: m.key,
        range: { start: m.keyRange.start, end: m.value.range.end },
        typeRange: m.keyRange,
        config,
        wiring: { logicalId: m.key, resourceType: 'AWS::StepFunctions::StateMachine' },
      });
    }
  }
}
