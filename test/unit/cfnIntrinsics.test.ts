import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IntrinsicResolver, noValue } from '../../src/model/cfnIntrinsics';
import { parseCloudFormation } from '../../src/model/cloudFormation';
import { isUnresolved, toPlain } from '../../src/model/types';
import type { Value } from '../../src/model/types';
import { get, parseTree } from '../../src/model/yamlTree';

const template = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env:
    Type: String
    Default: prod
    AllowedValues: [dev, prod]
  Size:
    Type: Number
    Default: 512
  Zones:
    Type: CommaDelimitedList
    Default: a, b, c
  Secret:
    Type: String
Mappings:
  EnvSettings:
    prod:
      Memory: 1024
      Runtime: python3.13
    dev:
      Memory: 256
      Runtime: python3.13
  RegionAmi:
    us-east-1:
      Ami: ami-1
    eu-west-1:
      Ami: ami-2
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  BigAndProd: !And [!Condition IsProd, !Equals [!Ref Size, 512]]
  InUsEast: !Equals [!Ref AWS::Region, us-east-1]
  ProdOrUsEast: !Or [!Condition IsProd, !Condition InUsEast]
  DevAndUsEast: !And [!Condition IsDev, !Condition InUsEast]
Values:
  findInMap: !FindInMap [EnvSettings, !Ref Env, Memory]
  findInMapLong:
    Fn::FindInMap: [EnvSettings, dev, Memory]
  findInMapAnyKey: !FindInMap [EnvSettings, !Ref AWS::Region, Runtime]
  findInMapDiffers: !FindInMap [RegionAmi, !Ref AWS::Region, Ami]
  findInMapDefault: !FindInMap [EnvSettings, test, Memory, {DefaultValue: 128}]
  ifProd: !If [IsProd, 30, 10]
  ifDev: !If [IsDev, 30, 10]
  ifAnd: !If [BigAndProd, yes, no]
  ifUnknown: !If [InUsEast, 1, 2]
  ifOrDecided: !If [ProdOrUsEast, on, off]
  ifAndDecided: !If [DevAndUsEast, on, off]
  ifNoValue: !If [IsDev, 512, !Ref AWS::NoValue]
  join: !Join ['-', [orders, !Ref Env, worker]]
  joinLong:
    Fn::Join: ['', [api-, {Ref: Env}]]
  joinUnknown: !Join ['-', [orders, !Ref AWS::StackName]]
  subList: !Sub ['\${Prefix}-\${Env}-fn', {Prefix: !Join ['', [my, app]]}]
  subSimple: !Sub 'fn-\${Env}-\${Size}'
  subEscape: !Sub 'literal-\${!Env}'
  subPseudo: !Sub '\${AWS::StackName}-fn'
  subNoDefault: !Sub 'fn-\${Secret}'
  select: !Select [1, !Ref Zones]
  selectSplit: !Select [0, !Split [':', 'a:b:c']]
  getAtt: !GetAtt Table.Arn
  nested:
    Variables:
      MODE: !If [IsProd, live, test]
      DEBUG: !If [IsProd, !Ref AWS::NoValue, 'true']
    List: [one, !Ref AWS::NoValue, three]
`;

function values(): Record<string, Value> {
  const tree = parseTree('/t.yaml', template);
  const cfn = new IntrinsicResolver(tree.root);
  const out: Record<string, Value> = {};
  for (const [k, l] of Object.entries(cfn.entries(get(tree.root, 'Values')))) out[k] = l.value;
  return out;
}

test('Fn::FindInMap: known keys, keys from parameter defaults, and unknown keys when every candidate agrees', () => {
  const v = values();
  assert.equal(v.findInMap, 1024);
  assert.equal(v.findInMapLong, 256);
  // The region is unknown, but every region would give the same runtime.
  assert.equal(v.findInMapAnyKey, 'python3.13');
  assert.ok(isUnresolved(v.findInMapDiffers));
  assert.equal((v.findInMapDiffers as { expr: string }).expr, '!FindInMap [RegionAmi, !Ref AWS::Region, Ami]');
  assert.equal(v.findInMapDefault, 128);
});

test('Fn::If over Conditions evaluated with parameter defaults (Equals, Not, And, Or, Condition)', () => {
  const v = values();
  assert.deepEqual([v.ifProd, v.ifDev, v.ifAnd], [30, 10, 'yes']);
  // A condition on the region stays unknown, unless another operand decides it.
  assert.ok(isUnresolved(v.ifUnknown));
  assert.deepEqual([v.ifOrDecided, v.ifAndDecided], ['on', 'off']);
  // `!Ref AWS::NoValue` removes the property.
  assert.equal('ifNoValue' in v, false);
});

test('Fn::Join, Fn::Sub (string and list forms), Fn::Select, Fn::Split', () => {
  const v = values();
  assert.deepEqual([v.join, v.joinLong], ['orders-prod-worker', 'api-prod']);
  assert.ok(isUnresolved(v.joinUnknown));
  assert.deepEqual([v.subList, v.subSimple, v.subEscape], ['myapp-prod-fn', 'fn-prod-512', 'literal-${Env}']);
  assert.ok(isUnresolved(v.subPseudo), 'pseudo parameters are known only at deploy time');
  assert.ok(isUnresolved(v.subNoDefault), 'a parameter without a default is unknown');
  assert.deepEqual([v.select, v.selectSplit], ['b', 'a']);
  assert.ok(isUnresolved(v.getAtt));
});

test('nested values: resolved inside maps and lists, AWS::NoValue items and keys dropped', () => {
  assert.deepEqual(toPlain(values().nested), { Variables: { MODE: 'live' }, List: ['one', 'three'] });
  assert.ok(isUnresolved(noValue));
});

test('function names, runtimes, memory and timeouts of a template resolve through mappings and conditions', () => {
  const project = parseCloudFormation(
    '/t/template.yaml',
    `Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    Default: live
Mappings:
  Sizes:
    live: {Memory: 2048, Timeout: 60}
Conditions:
  IsLive: !Equals [!Ref Stage, live]
Globals:
  Function:
    Runtime: !If [IsLive, nodejs22.x, nodejs20.x]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Join ['-', [shop, !Ref Stage, api]]
      Handler: index.handler
      CodeUri: src/
      MemorySize: !FindInMap [Sizes, !Ref Stage, Memory]
      Timeout: !FindInMap [Sizes, !Ref Stage, Timeout]
      ReservedConcurrentExecutions: !If [IsLive, !Ref AWS::NoValue, 1]
  Other:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub ['\${Base}-other', {Base: !Sub 'shop-\${Stage}'}]
      Runtime: !If [IsLive, python3.13, python3.12]
      Handler: app.handler
      Code: src/
`,
  );
  const [fn, other] = project.functions;
  assert.deepEqual([fn.deployedName, fn.runtime?.value, fn.memorySize?.value, fn.timeout?.value], ['shop-live-api', 'nodejs22.x', 2048, 60]);
  assert.equal(fn.properties.ReservedConcurrentExecutions, undefined);
  assert.equal(fn.logGroup, '/aws/lambda/shop-live-api');
  assert.deepEqual([other.deployedName, other.runtime?.value], ['shop-live-other', 'python3.13']);
});

test('conditions that refer to each other in a cycle are unknown, not a hang', () => {
  const tree = parseTree('/c.yaml', 'Conditions:\n  A: !Condition B\n  B: !Condition A\nV:\n  x: !If [A, 1, 2]\n');
  const cfn = new IntrinsicResolver(tree.root);
  assert.equal(cfn.condition('A'), undefined);
  assert.ok(isUnresolved(cfn.entries(get(tree.root, 'V')).x.value));
});
