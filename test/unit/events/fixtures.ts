import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCloudFormation } from '../../../src/model/cloudFormation';
import { parseServerlessFramework } from '../../../src/model/serverlessFramework';
import type { FunctionDef, Project } from '../../../src/model/types';

/** A service with one function per trigger shape the generators read. */
export const sfText = `service: shop
provider:
  name: aws
  runtime: nodejs20.x
  region: eu-west-1
  stage: prod
functions:
  api:
    handler: h.api
    events:
      - http:
          path: users/{userId}/orders/{orderId}
          method: put
      - httpApi: 'GET /items/{proxy+}'
      - websocket:
          route: sendMessage
      - alb:
          listenerArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/x/1/2
          priority: 1
          conditions:
            path: /albpath
            method: POST
  files:
    handler: h.files
    events:
      - s3:
          bucket: shop-uploads
          event: s3:ObjectRemoved:*
          rules:
            - prefix: incoming/
            - suffix: .csv
  queue:
    handler: h.queue
    events:
      - sqs:
          arn: arn:aws:sqs:eu-west-1:111122223333:orders.fifo
      - sns: arn:aws:sns:eu-west-1:111122223333:alerts
      - stream:
          type: dynamodb
          arn: arn:aws:dynamodb:eu-west-1:111122223333:table/Orders/stream/2026-01-01T00:00:00.000
      - stream: arn:aws:kinesis:eu-west-1:111122223333:stream/clicks
  timed:
    handler: h.timed
    events:
      - schedule:
          rate: rate(5 minutes)
          input:
            job: cleanup
      - schedule: cron(0 2 * * ? *)
      - eventBridge:
          pattern:
            source:
              - shop.orders
            detail-type:
              - OrderShipped
            detail:
              status:
                - shipped
      - iot:
          sql: "SELECT * FROM 'sensors/+/temperature'"
      - cognitoUserPool:
          pool: MyPool
          trigger: CustomMessage
      - cloudwatchLog:
          logGroup: /aws/lambda/other
          filter: ERROR
  streams:
    handler: h.streams
    events:
      - msk:
          arn: arn:aws:kafka:eu-west-1:111122223333:cluster/shop/abc-1
          topic: payments
      - kafka:
          topic: clicks
          bootstrapServers:
            - broker1.example.com:9092
          accessConfigurations:
            saslScram512Auth: arn:aws:secretsmanager:eu-west-1:111122223333:secret:x
      - rabbitmq:
          arn: arn:aws:mq:eu-west-1:111122223333:broker:shop:b-1
          queue: jobs
      - alexaSkill: amzn1.ask.skill.abc
    url:
      authorizer: aws_iam
`;

export const samText = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Thumbs:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Upload:
          Type: S3
          Properties:
            Bucket: !Ref UploadBucket
            Events: s3:ObjectCreated:*
            Filter:
              S3Key:
                Rules:
                  - Name: prefix
                    Value: images/
                  - Name: suffix
                    Value: .png
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt JobsQueue.Arn
        Api:
          Type: Api
          Properties:
            Path: /thumbnails/{id}
            Method: get
        Rule:
          Type: EventBridgeRule
          Properties:
            Pattern:
              source: [media.uploads]
              detail-type: [ImageUploaded]
        Signup:
          Type: Cognito
          Properties:
            UserPool: !Ref Pool
            Trigger: [PreSignUp, PostConfirmation]
        Logs:
          Type: CloudWatchLogs
          Properties:
            LogGroupName: /app/logs
            FilterPattern: WARN
`;

export function sfProject(): Project {
  return parseServerlessFramework('/ws/shop/serverless.yml', sfText);
}

export function samProject(): Project {
  return parseCloudFormation('/ws/sam/template.yaml', samText);
}

/** The template whose triggers are all wired by separate resources (test/fixtures/wiring/sam). */
export function wiredProject(): Project {
  const file = join(__dirname, '..', '..', 'fixtures', 'wiring', 'sam', 'template.yaml');
  return parseCloudFormation(file, readFileSync(file, 'utf8'));
}

export function fnNamed(project: Project, name: string): FunctionDef {
  const fn = project.functions.find((f) => f.name === name);
  if (!fn) throw new Error(`no function ${name} in ${project.file}`);
  return fn;
}
