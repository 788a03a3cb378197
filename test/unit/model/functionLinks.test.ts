// How a separate resource finds the function it invokes when it names it by the deployed name: an ARN inside a
// `!Sub` that repeats the function's own `FunctionName: !Sub …` template (serverless-patterns'
// lambda-durable-human-approval-sam wires its API this way, through an OpenAPI integration URI).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCloudFormation } from '../../../src/model/cloudFormation';

const template = (uri: string): string => `Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub '\${AWS::StackName}-Worker'
      Runtime: python3.14
      Handler: app.handler
      InlineCode: "def handler(e, c): pass"
      AutoPublishAlias: live
  WorkerTwo:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub '\${AWS::StackName}-WorkerTwo'
      Runtime: python3.14
      Handler: app.handler
      InlineCode: "def handler(e, c): pass"
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        openapi: 3.0.1
        paths:
          /requests:
            post:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub '${uri}'
`;

const triggersOf = (text: string): Record<string, string[]> =>
  Object.fromEntries(parseCloudFormation('/p/template.yaml', text).functions.map((f) => [f.name, f.triggers.map((t) => `${t.type}:${t.wiring?.logicalId ?? '-'}`)]));

test('an ARN in a !Sub that repeats the function name template links to that function, qualified or not', () => {
  const arn = (name: string): string => `arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${name}/invocations`;
  assert.deepEqual(triggersOf(template(arn('${AWS::StackName}-Worker:live'))), { Worker: ['http:Api'], WorkerTwo: [] });
  assert.deepEqual(triggersOf(template(arn('${AWS::StackName}-Worker'))), { Worker: ['http:Api'], WorkerTwo: [] });
  assert.deepEqual(triggersOf(template(arn('${AWS::StackName}-WorkerTwo'))), { Worker: [], WorkerTwo: ['http:Api'] });
  // Another stack's function of a similar name is not this one.
  assert.deepEqual(triggersOf(template(arn('${AWS::StackName}-Worker3'))), { Worker: [], WorkerTwo: [] });
  assert.deepEqual(triggersOf(template(arn('prod-Worker'))), { Worker: [], WorkerTwo: [] });
});
