// Functions that AWS services invoke without an event source of their own: Step Functions tasks, AppSync data
// sources and Lambda authorizers, Lambda destinations, IoT custom authorizers, S3 Object Lambda access points and
// VPC Lattice target groups.
// Each was a function "without triggers" in serverless-patterns (SAM's translator and the permissions it
// generates show who invokes them); they are `other` triggers at the resource that names the function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCloudFormation } from '../../../src/model/cloudFormation';
import { parseServerlessFramework } from '../../../src/model/serverlessFramework';
import { toPlain } from '../../../src/model/types';

const fn = (name: string, extra = ''): string => `  ${name}:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.14
      Handler: app.handler
      InlineCode: "def handler(e, c): pass"
${extra}`;

const template = `Transform: AWS::Serverless-2016-10-31
Resources:
${fn('Validate')}${fn('Charge')}${fn('ByName', '      FunctionName: byname-worker\n')}${fn('Ship')}${fn('OnlyAllowed')}${fn('Resolver')}${fn('GqlAuthorizer')}${fn('SamResolver')}
${fn('Producer', `      EventInvokeConfig:
        DestinationConfig:
          OnSuccess:
            Type: Lambda
            Destination: !GetAtt Succeeded.Arn
          OnFailure:
            Type: SQS
            Destination: !GetAtt Dlq.Arn
`)}${fn('Succeeded')}${fn('Worker')}${fn('Failed')}${fn('DeviceAuth')}${fn('Resize')}${fn('Lattice')}
  Dlq:
    Type: AWS::SQS::Queue
  Orders:
    Type: AWS::Serverless::StateMachine
    Properties:
      Type: EXPRESS
      DefinitionUri: statemachine/orders.asl.json
      DefinitionSubstitutions:
        ValidateArn: !GetAtt Validate.Arn
        ChargeArn: !Ref Charge
      Policies:
        - LambdaInvokePolicy:
            FunctionName: !Ref OnlyAllowed
  Named:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: Invoke
        States:
          Invoke:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke.waitForTaskToken
            Parameters:
              FunctionName: byname-worker
            End: true
  Shipping:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: !Sub '{"StartAt":"Ship","States":{"Ship":{"Type":"Task","Resource":"\${Ship.Arn}","End":true}}}'
  ResolverSource:
    Type: AWS::AppSync::DataSource
    Properties:
      ApiId: !GetAtt Gql.ApiId
      Name: resolver
      Type: AWS_LAMBDA
      LambdaConfig:
        LambdaFunctionArn: !GetAtt Resolver.Arn
  Gql:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: gql
      AuthenticationType: API_KEY
      AdditionalAuthenticationProviders:
        - AuthenticationType: AWS_LAMBDA
          LambdaAuthorizerConfig:
            AuthorizerUri: !GetAtt GqlAuthorizer.Arn
  SamGql:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaUri: schema.graphql
      Auth:
        Type: API_KEY
      DataSources:
        Lambda:
          Books:
            FunctionArn: !GetAtt SamResolver.Arn
  WorkerAsync:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      FunctionName: !Ref Worker
      Qualifier: $LATEST
      DestinationConfig:
        OnFailure:
          Destination: !GetAtt Failed.Arn
  Devices:
    Type: AWS::IoT::Authorizer
    Properties:
      AuthorizerFunctionArn: !GetAtt DeviceAuth.Arn
      AuthorizerName: devices
  Thumbnails:
    Type: AWS::S3ObjectLambda::AccessPoint
    Properties:
      ObjectLambdaConfiguration:
        SupportingAccessPoint: arn:aws:s3:us-east-1:123456789012:accesspoint/images
        TransformationConfigurations:
          - Actions: [GetObject]
            ContentTransformation:
              AwsLambda:
                FunctionArn: !GetAtt Resize.Arn
  LatticeTargets:
    Type: AWS::VpcLattice::TargetGroup
    Properties:
      Name: primary
      Type: LAMBDA
      Config:
        LambdaEventStructureVersion: V2
      Targets:
        - Id: !GetAtt Lattice.Arn
`;

test('services that invoke a function without an event source are its `other` triggers, at the resource', () => {
  const project = parseCloudFormation('/p/template.yaml', template);
  const lines = template.split('\n');
  const table = Object.fromEntries(project.functions.map((f) => [f.name, f.triggers.map((t) => `${t.type} ${t.sourceType} ${t.name} ${lines[t.range.start.line].trim()}`)]));
  assert.deepEqual(table, {
    Validate: ['other AWS::Serverless::StateMachine Orders Orders:'],
    Charge: ['other AWS::Serverless::StateMachine Orders Orders:'],
    // A Task state that names the function by its deployed name.
    ByName: ['other AWS::Serverless::StateMachine Named Named:'],
    Ship: ['other AWS::StepFunctions::StateMachine Shipping Shipping:'],
    // A policy that allows invoking the function is no invocation.
    OnlyAllowed: [],
    Resolver: ['other AWS::AppSync::DataSource ResolverSource ResolverSource:'],
    GqlAuthorizer: ['other AWS::AppSync::GraphQLApi Gql AuthorizerUri: !GetAtt GqlAuthorizer.Arn'],
    SamResolver: ['other AWS::Serverless::GraphQLApi SamGql Books:'],
    // The producer's own destinations: the SQS one is no function.
    Producer: [],
    Succeeded: ['other AWS::Serverless::Function Producer Destination: !GetAtt Succeeded.Arn'],
    Worker: [],
    Failed: ['other AWS::Lambda::EventInvokeConfig WorkerAsync Destination: !GetAtt Failed.Arn'],
    DeviceAuth: ['other AWS::IoT::Authorizer Devices Devices:'],
    Resize: ['other AWS::S3ObjectLambda::AccessPoint Thumbnails - Actions: [GetObject]'],
    Lattice: ['other AWS::VpcLattice::TargetGroup LatticeTargets - Id: !GetAtt Lattice.Arn'],
  });
  const orders = project.functions.find((f) => f.name === 'Validate')!.triggers[0];
  assert.deepEqual(Object.fromEntries(Object.entries(orders.config).map(([k, l]) => [k, toPlain(l.value)])), { DefinitionUri: 'statemachine/orders.asl.json', StateMachineType: 'EXPRESS' });
  const destination = project.functions.find((f) => f.name === 'Failed')!.triggers[0];
  assert.equal(toPlain(destination.config.Destination.value), 'OnFailure');
});

test('serverless-step-functions state machines invoke the functions their Task states name', () => {
  const text = `service: trips
provider:
  name: aws
  runtime: nodejs24.x
functions:
  buy:
    handler: h.buy
  reserve:
    handler: h.reserve
  notify:
    handler: h.notify
  weather:
    handler: h.weather
  unused:
    handler: h.unused
stepFunctions:
  stateMachines:
    weekend:
      name: weekend-\${sls:stage}
      type: EXPRESS
      definition:
        StartAt: Both
        States:
          Both:
            Type: Parallel
            Next: Notify
            Branches:
              - StartAt: Buy
                States:
                  Buy:
                    Type: Task
                    Resource:
                      Fn::GetAtt: [buy, Arn]
                    End: true
              - StartAt: Reserve
                States:
                  Reserve:
                    Type: Task
                    Resource: !GetAtt ReserveLambdaFunction.Arn
                    End: true
          Notify:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke.waitForTaskToken
            Parameters:
              FunctionName: arn:aws:lambda:us-east-1:123456789012:function:\${self:service}-\${sls:stage}-notify
            Next: Weather
          Weather:
            Type: Task
            Resource: arn:aws:lambda:us-east-1:123456789012:function:trips-dev-weather
            Comment: unused is not called
            End: true
`;
  const project = parseServerlessFramework('/p/serverless.yml', text);
  const table = Object.fromEntries(project.functions.map((f) => [f.name, f.triggers.map((t) => `${t.type} ${t.sourceType} ${t.name} @${t.range.start.line + 1}`)]));
  assert.deepEqual(table, {
    buy: ['other AWS::StepFunctions::StateMachine weekend @18'],
    reserve: ['other AWS::StepFunctions::StateMachine weekend @18'],
    notify: ['other AWS::StepFunctions::StateMachine weekend @18'],
    weather: ['other AWS::StepFunctions::StateMachine weekend @18'],
    unused: [],
  });
  const config = project.functions[0].triggers[0].config;
  assert.deepEqual({ name: toPlain(config.Name.value), type: toPlain(config.StateMachineType.value) }, { name: 'weekend-dev', type: 'EXPRESS' });
});
