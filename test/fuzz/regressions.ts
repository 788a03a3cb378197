// Mutants that once failed, replayed by every `npm test` (test/unit/fuzz.test.ts) and by
// `node --import tsx bench/fuzz.ts --regressions`. A spec is `seed file|mutated file|mutators|rng seed`
// (harness.ts); each entry says what it found. The fix's own unit test pins the text itself, so a change of
// corpus or mutator that makes a spec produce another text loses nothing.
export interface Regression {
  spec: string;
  found: string;
}

export const regressions: readonly Regression[] = [
  {
    spec: 'test/corpus/serverless-patterns/apigw-rest-api-dynamodb-sls/serverless.yml#json|serverless.json|line-delete+alias-bomb|0x2e9f6166',
    found: '100,000 aliases to one anchor: the model resolved each alias by walking the whole document (quadratic; minutes)',
  },
  {
    spec: 'test/corpus/serverless-patterns/sqs-ecs-autoscaling/template.yaml#json|template.json|huge-scalar+scalar-swap|0xc0844ab6',
    found: 'a 1 MB !Ref name: "did you mean" computed the edit distance to every resource (1.4 s), and the message quoted the whole megabyte',
  },
  {
    spec: 'test/corpus/serverless-patterns/lambda-inspector-scans/template.yaml#json|template.json|splice+splice|0x08e529cf',
    found: 'a resource name with a line break in it split the reference-missing message over two lines',
  },
  {
    spec: 'test/corpus/serverless-examples/legacy/spotinst-java8/serverless.yml|serverless.yml|splice|0x8105dc38',
    found: '`functions:` twice at the top level: `new` added the function to the first, the model read the last ("internal error")',
  },
  {
    spec: 'test/corpus/serverless-patterns/apigw-sqs-lambda/template.yaml|template.yaml|line-duplicate|0xfb0afede',
    found: '`Resources:` twice at the top level: `new` planned into the first, the model read the last ("internal error")',
  },
  {
    spec: 'test/corpus/serverless-examples/aws-node-typescript-sqs-standard/serverless.yml|serverless.yml|indent-shift+truncate+binary|0x058f7740',
    found: 'NUL bytes: the model does not read the file, `new` edited it anyway and its model check answered "internal error"',
  },
  {
    spec: 'test/corpus/serverless-examples/aws-python-pynamodb-s3-sigurl/serverless.yml|serverless.yml|alias-bomb|0x0c60e36c',
    found: 'an anchor that contains its own alias (`&self [*self]`): not modelled, and `new` answered "internal error"',
  },
  {
    spec: 'test/corpus/serverless-patterns/apigw-lambda-eventbridge-lambda-sam-java/template.yml|template.yml|line-duplicate|0xb7db8233',
    found: '`EventPattern:` with nothing under it: the EventBridge sample event read `.detail` of null and threw',
  },
  {
    spec: 'test/corpus/serverless-examples/aws-java-simple-http-endpoint/serverless.yml|serverless.yml|huge-scalar|0xa76fa99f',
    found: 'a 600 KB block scalar as a key: config-key-unknown quoted it whole (many short words, so no single word to shorten)',
  },
  {
    spec: 'test/corpus/serverless-examples/aws-node-function-compiled-with-babel/serverless.yml|serverless.yml|byte-flip+huge-scalar|0xecd2c6a4',
    found: 'a 100 KB provider name quoted whole in the model\'s provider-not-aws finding',
  },
  {
    spec: 'test/fixtures/validation/schedule-expression/fail/azure/host.json|local.settings.json|line-duplicate+token-inject|0x493511d1',
    found: 'a FUNCTIONS_WORKER_RUNTIME with a line break in it: the `new` refusal quoting it was two lines',
  },
  {
    spec: 'test/corpus/serverless-patterns/eventbridge-schedule-to-ssm-sam/template.yaml#json|template.json|byte-flip+alias-bomb+type-swap|0x7afe72a8',
    found: '100,000 aliases in a broken file: the yaml parser alone spent over a second on each of the two parses',
  },
  {
    spec: 'test/corpus/serverless-examples/legacy/hello-world/serverless.yml|serverless.yml|deep-nesting|0xac529950',
    found: 'nesting deeper than the model reads: `new` edited the file anyway and answered "internal error"',
  },
  {
    spec: 'test/corpus/serverless-patterns/s3-object-lambda/template.yaml#json|template.json|huge-scalar|0x646d4e62',
    found: '250,000 unclosed `{` on one line: a stack trace captured for each parse error (model 6 s), and `new` hung in its own parse (pretty errors copy the line into each); then still 0.5-0.9 s a parse in the yaml parser error objects, now found by a scan of the text before any parse',
  },
  {
    spec: 'test/corpus/serverless-examples/aws-rust-simple-http-endpoint/serverless.yml|serverless.yml|huge-scalar|0xbe5d9d4f',
    found: 'an httpApi path of 50,000 `/{` and no `}`: `\\{([^}]+)\\}` backtracked from every `{` (5.8 s in the sample event); the same pattern in path checks, !Sub and ${} scans',
  },
  {
    spec: 'test/corpus/serverless-patterns/iot-sns-sqs-sam/template.yaml#json|template.json|huge-scalar|0xb8105690',
    found: 'a 3 MB line of `* * *`: 1.5 million parse errors, 3.7 s in the yaml parser alone; configs over 1 MB (more than CloudFormation takes) are no longer parsed',
  },
  {
    spec: 'test/fixtures/validation/azure-auth-level/pass/host.json|Fn/function.json|huge-scalar+token-inject|0xaf48ab8b',
    found: 'a 3 MB function.json: 5.7 s to parse',
  },
  {
    spec: 'test/corpus/serverless-patterns/eventbridge-cross-region/eventbus-destination/template.yaml#json|template.json|huge-scalar+line-delete|0x90fe15c7',
    found: 'a line of `* * *` just under 1 MB: 500,000 parse errors, and the model parsed it twice (the PyYAML flow re-layout retry); 2.6 s',
  },
  {
    spec: 'test/corpus/serverless-patterns/lambda-inspector-scans/template.yaml#json|template.json|huge-scalar|0x4a928424',
    found: 'a 1 MB value in a JSON template: over a second in the yaml parser (now over the 512 KB limit)',
  },
];
