import type { LNode } from '../model/yamlTree';
import type { Finding } from '../shared/finding';
import { walkIntrinsics } from './referenceRule';
import { declaredResource } from './resources';
import type { Rule } from './rule';
import { closest, makeFinding } from './values';

/**
 * The attributes `Fn::GetAtt` returns, for the resource types functions are wired to (CloudFormation resource
 * reference, "Return values"). A SAM function is a Lambda function after the transform. Types not listed are
 * not checked.
 */
const attributes: Record<string, { what: string; names: string[]; name?: string }> = {
  'AWS::Lambda::Function': { what: 'A Lambda function', names: ['Arn', 'SnapStartResponse', 'SnapStartResponse.ApplyOn', 'SnapStartResponse.OptimizationStatus'], name: 'its name is !Ref' },
  'AWS::Serverless::Function': { what: 'A Lambda function', names: ['Arn', 'SnapStartResponse', 'SnapStartResponse.ApplyOn', 'SnapStartResponse.OptimizationStatus'], name: 'its name is !Ref' },
  'AWS::SQS::Queue': { what: 'An SQS queue', names: ['Arn', 'QueueName', 'QueueUrl'] },
  'AWS::SNS::Topic': { what: 'An SNS topic', names: ['TopicArn', 'TopicName'], name: 'its ARN is !Ref' },
  'AWS::DynamoDB::Table': { what: 'A DynamoDB table', names: ['Arn', 'StreamArn'], name: 'its name is !Ref' },
  'AWS::Kinesis::Stream': { what: 'A Kinesis stream', names: ['Arn'], name: 'its name is !Ref' },
  'AWS::IAM::Role': { what: 'An IAM role', names: ['Arn', 'RoleId'], name: 'its name is !Ref' },
  'AWS::Logs::LogGroup': { what: 'A log group', names: ['Arn'], name: 'its name is !Ref' },
  'AWS::Events::EventBus': { what: 'An event bus', names: ['Arn', 'Name', 'Policy'] },
  'AWS::StepFunctions::StateMachine': { what: 'A state machine', names: ['Arn', 'Name', 'StateMachineRevisionId'] },
};

export const getAttAttributeRule: Rule = {
  id: 'getatt-attribute-unknown',
  severity: 'error',
  description: '!GetAtt must name an attribute the resource type returns (a Lambda function has Arn, not Name).',
  check(project) {
    if (project.kind === 'azure-functions' || !project.tree) return [];
    const out: Finding[] = [];
    walkIntrinsics(project.tree, (n) => {
      if (n.fn !== 'Fn::GetAtt') return;
      const target = getAttTarget(n.arg);
      if (!target) return;
      const res = declaredResource(project, target.id);
      const known = res?.type ? attributes[res.type] : undefined;
      if (!known || known.names.includes(target.attribute)) return;
      const suggestion = closest(target.attribute, known.names);
      const hint = target.attribute === 'Name' && known.name ? ` (${known.name.replace('!Ref', `!Ref ${target.id}`)})` : '';
      out.push(
        makeFinding(project.file, target.range, this.id, 'error', `${known.what} has no attribute "${target.attribute}"${hint}; use ${suggestion ? `"${suggestion}"` : `one of ${known.names.join(', ')}`}.`),
      );
    });
    return out;
  },
};

/** `!GetAtt Res.Attr`, `!GetAtt [Res, Attr]`, `Fn::GetAtt: [Res, Attr]`; nothing when a part is dynamic. */
function getAttTarget(arg: LNode): { id: string; attribute: string; range: LNode['range'] } | undefined {
  if (arg.kind === 'scalar' && typeof arg.value === 'string') {
    const dot = arg.value.indexOf('.');
    if (dot <= 0 || arg.value.includes('${')) return undefined;
    return { id: arg.value.slice(0, dot), attribute: arg.value.slice(dot + 1), range: arg.range };
  }
  if (arg.kind === 'seq' && arg.items.length === 2 && arg.items[0].kind === 'scalar' && arg.items[1].kind === 'scalar') {
    const [id, attribute] = [arg.items[0].value, arg.items[1].value];
    if (typeof id === 'string' && typeof attribute === 'string') return { id, attribute, range: arg.items[1].range };
  }
  return undefined;
}
