import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCloudFormation } from '../../src/model/cloudFormation';
import { sfLayerLogicalId } from '../../src/model/layers';
import { parseServerlessFramework } from '../../src/model/serverlessFramework';

const strip = <T extends { range: unknown }>(l: T[] | undefined): Array<Omit<T, 'range'>> | undefined => l?.map(({ range: _r, ...rest }) => rest);

test('Serverless Framework: function layers by Ref to the service layers or by ARN; provider layers otherwise', () => {
  const p = parseServerlessFramework(
    '/svc/serverless.yml',
    `service: shop
provider:
  name: aws
  runtime: nodejs20.x
  layers:
    - arn:aws:lambda:us-east-1:111122223333:layer:base:1
layers:
  common-utils:
    path: layers/common
  remote:
    package:
      artifact: s3://bucket/layer.zip
functions:
  own:
    handler: h.a
    layers:
      - { Ref: CommonDashutilsLambdaLayer }
      - !Ref RemoteLambdaLayer
      - arn:aws:lambda:us-east-1:111122223333:layer:insights:42
  inherits:
    handler: h.b
  none:
    handler: h.c
    layers: []
`,
  );
  const [own, inherits, none] = p.functions;
  assert.equal(sfLayerLogicalId('common-utils'), 'CommonDashutilsLambdaLayer');
  assert.deepEqual(strip(own.layers), [
    { ref: '{ Ref: CommonDashutilsLambdaLayer }', name: 'CommonDashutilsLambdaLayer', contentDir: '/svc/layers/common' },
    { ref: '!Ref RemoteLambdaLayer', name: 'RemoteLambdaLayer' },
    { ref: 'arn:aws:lambda:us-east-1:111122223333:layer:insights:42' },
  ]);
  assert.equal(own.layers![2].range.start.line, 18, 'each layer keeps where it is written');
  assert.deepEqual(strip(inherits.layers), [{ ref: 'arn:aws:lambda:us-east-1:111122223333:layer:base:1' }]);
  assert.deepEqual(none.layers, []);
});

test('SAM: Globals layers then the function own; LayerVersion resources with a local ContentUri/Content and BuildMethod', () => {
  const p = parseCloudFormation(
    '/app/template.yaml',
    `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Layers:
      - !Ref SharedLayer
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Layers:
        - !Ref DepsLayer
        - !Ref S3Layer
        - !Sub arn:aws:lambda:\${AWS::Region}:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Code: src/
  SharedLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layers/shared
  DepsLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layers/deps/
    Metadata:
      BuildMethod: python3.12
  S3Layer:
    Type: AWS::Lambda::LayerVersion
    Properties:
      Content:
        S3Bucket: b
        S3Key: k.zip
`,
  );
  const fn = p.functions.find((f) => f.name === 'Fn')!;
  assert.deepEqual(strip(fn.layers), [
    { ref: '!Ref SharedLayer', name: 'SharedLayer', contentDir: '/app/layers/shared' },
    { ref: '!Ref DepsLayer', name: 'DepsLayer', contentDir: '/app/layers/deps/', buildMethod: 'python3.12' },
    { ref: '!Ref S3Layer', name: 'S3Layer' },
    { ref: '!Sub arn:aws:lambda:${AWS::Region}:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7' },
  ]);
  // Globals apply to AWS::Serverless::Function only.
  assert.equal(p.functions.find((f) => f.name === 'Plain')!.layers, undefined);
});
