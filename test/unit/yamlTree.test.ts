import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, getPath, intrinsicShortTags, parseLimits, parseTree } from '../../src/model/yamlTree';

test('every CloudFormation short-form tag parses as an intrinsic, with no finding', () => {
  const lines = intrinsicShortTags.map((t, i) => `k${i}: !${t} ${t === 'GetAtt' ? 'Res.Arn' : 'X'}`);
  const { root, findings } = parseTree('/t.yaml', lines.join('\n'));
  assert.deepEqual(findings, []);
  for (let i = 0; i < intrinsicShortTags.length; i++) {
    const node = get(root, `k${i}`);
    assert.equal(node?.kind, 'intrinsic', intrinsicShortTags[i]);
  }
  const ref = get(root, 'k0');
  assert.ok(ref?.kind === 'intrinsic' && ref.fn === 'Ref' && ref.text === '!Ref X');
});

test('sequence and mapping forms of short tags, and long forms, are intrinsics', () => {
  const { root, findings } = parseTree('/t.yaml', 'a: !Join ["-", [x, !Ref Y]]\nb: !If\n  - Cond\n  - 1\n  - 2\nc:\n  Fn::GetAtt: [Q, Arn]\nd: { Ref: P }\n');
  assert.deepEqual(findings, []);
  const a = get(root, 'a');
  assert.ok(a?.kind === 'intrinsic' && a.fn === 'Fn::Join' && a.arg.kind === 'seq');
  const b = get(root, 'b');
  assert.ok(b?.kind === 'intrinsic' && b.fn === 'Fn::If');
  const c = get(root, 'c');
  assert.ok(c?.kind === 'intrinsic' && c.fn === 'Fn::GetAtt');
  const d = get(root, 'd');
  assert.ok(d?.kind === 'intrinsic' && d.fn === 'Ref');
});

test('ranges are 0-based lines and characters of the source', () => {
  const { root } = parseTree('/t.yaml', 'top:\n  child: value\n');
  const entry = root?.kind === 'map' ? root.entries[0] : undefined;
  assert.deepEqual(entry?.keyRange.start, { line: 0, character: 0 });
  const child = getPath(root, ['top', 'child']);
  assert.deepEqual(child?.range.start, { line: 1, character: 9 });
  assert.deepEqual(child?.range.end, { line: 1, character: 14 });
});

test('aliases and merge keys expand; explicit keys win over merged ones', () => {
  const { root, findings } = parseTree('/t.yaml', 'base: &b\n  runtime: nodejs20.x\n  memorySize: 128\nfn:\n  <<: *b\n  memorySize: 512\n');
  assert.deepEqual(findings, []);
  assert.equal(getPath(root, ['fn', 'runtime'])?.kind, 'scalar');
  const mem = getPath(root, ['fn', 'memorySize']);
  assert.ok(mem?.kind === 'scalar' && mem.value === 512);
});

test('malformed YAML gives a yaml-syntax finding with a range, not an exception', () => {
  const { findings } = parseTree('/t.yaml', 'service: x\nfunctions:\n  a:\n    handler: [unclosed\n');
  assert.ok(findings.length > 0);
  assert.equal(findings[0].rule, 'yaml-syntax');
  assert.equal(findings[0].severity, 'error');
  assert.ok(findings[0].range.start.line >= 3);
});

test('duplicate keys: one finding per duplicate, on the key, naming it', () => {
  const { root, findings } = parseTree('/t.yaml', 'a: 1\nb:\n  c: 1\n  c: 2\na: 3\nd: 4\n');
  assert.deepEqual(
    findings.map((f) => [f.rule, f.range.start.line, f.range.start.character, f.range.end.character, f.message.slice(0, 18)]),
    [
      ['yaml-syntax', 3, 2, 3, 'Duplicate key "c":'],
      ['yaml-syntax', 4, 0, 1, 'Duplicate key "a":'],
    ],
  );
  assert.ok(getPath(root, ['d']), 'keys after a duplicate are kept');
});

test('a duplicate key after an entry with no value is found at the key itself', () => {
  // The parser puts its duplicate-key error where the empty value before it ends: the line above, with no key to name.
  const { findings } = parseTree('/t.yaml', 'functions:\n  hello:\nfunctions:\n  other: 1\n');
  assert.deepEqual(findings.map((f) => [f.rule, f.range.start.line, f.range.start.character, f.range.end.character, f.message.slice(0, 26)]), [['yaml-syntax', 2, 0, 9, 'Duplicate key "functions":']]);
});

test('duplicate keys are found among many keys of one mapping, equal when their values are', () => {
  const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}`);
  const { root, findings } = parseTree('/t.yaml', [...keys, 'k17: again', '1: number', '"1": string', '.nan: a', '.nan: b', '0: zero', '-0: minus zero', '{a: 1}: map', '{a: 1}: map'].join('\n'));
  assert.deepEqual(findings.map((f) => [f.range.start.line, f.message.slice(0, 19)]), [
    [20_000, 'Duplicate key "k17"'],
    // The number 1 and the string "1" differ; so does NaN from itself; 0 and -0 are equal; mapping keys never are.
    [20_006, 'Duplicate key "-0":'],
  ]);
  assert.equal(root?.kind === 'map' ? root.entries.length : 0, 20_009);
});

// What PyYAML (SAM CLI, cfn-lint) accepts: continuation lines of flow values at or left of their key.
const underIndented = [
  'Resources:',
  '  Policy:',
  '    Type: AWS::IAM::ManagedPolicy',
  '    Properties:',
  '      PolicyDocument: !Sub \'{',
  '          "Statement": [',
  '    {"Effect": "Allow", "Resource": "${Bucket}"}',
  '  ]',
  '      }\'',
  '  Model:',
  '    Type: AWS::ApiGateway::Model',
  '    Properties:',
  '      Schema: {"type": "object",',
  '      "properties": {',
  '          "to": {"type": "array"},',
  '      "note": "it\'s #not a comment"',
  '      }}',
  '      Description: it\'s plain, {not a flow} [either]',
  '      Text: |',
  '        { "unclosed": "block scalars are left alone',
  '  Fn:',
  '    Type: AWS::Lambda::Function',
  '    Properties:',
  '      Handler: [index.handler,',
  '  second]',
  '      Runtime: nodejs22.x',
].join('\n');

test('flow values with under-indented continuation lines parse as PyYAML parses them, with original ranges', () => {
  const { root, findings } = parseTree('/t.yaml', underIndented);
  assert.deepEqual(findings, []);
  const sub = getPath(root, ['Resources', 'Policy', 'Properties', 'PolicyDocument']);
  assert.ok(sub?.kind === 'intrinsic' && sub.fn === 'Fn::Sub' && sub.arg.kind === 'scalar');
  // Line folding: each line break becomes a space, leading blanks go (what PyYAML returns).
  assert.equal(sub.arg.value, '{ "Statement": [ {"Effect": "Allow", "Resource": "${Bucket}"} ] }');
  const schema = getPath(root, ['Resources', 'Model', 'Properties', 'Schema']);
  assert.equal(schema?.kind, 'map');
  const to = getPath(schema, ['properties', 'to', 'type']);
  assert.ok(to?.kind === 'scalar' && to.value === 'array');
  assert.deepEqual(to.range.start, { line: 14, character: 25 }, 'positions on re-indented lines are those of the original text');
  const note = getPath(schema, ['properties', 'note']);
  assert.ok(note?.kind === 'scalar' && note.value === "it's #not a comment");
  assert.deepEqual(note.range.start, { line: 15, character: 14 });
  const desc = getPath(root, ['Resources', 'Model', 'Properties', 'Description']);
  assert.ok(desc?.kind === 'scalar' && desc.value === "it's plain, {not a flow} [either]");
  const text = getPath(root, ['Resources', 'Model', 'Properties', 'Text']);
  assert.ok(text?.kind === 'scalar' && text.value === '{ "unclosed": "block scalars are left alone\n');
  // The resource after these values is neither lost nor merged.
  const fn = getPath(root, ['Resources', 'Fn']);
  assert.equal(fn?.range.start.line, 21);
  const handler = getPath(fn, ['Properties', 'Handler']);
  assert.ok(handler?.kind === 'seq' && handler.items.length === 2);
  assert.deepEqual(handler.items[1].range.start, { line: 24, character: 2 });
  const runtime = getPath(fn, ['Properties', 'Runtime']);
  assert.ok(runtime?.kind === 'scalar' && runtime.value === 'nodejs22.x');
});

test('a real syntax error is one finding, not a cascade', () => {
  const lines = ['Resources:', '  A:', "    Description: 'never closed", ...Array.from({ length: 40 }, (_, i) => `  R${i}:\n    Type: AWS::SNS::Topic`)];
  const { findings } = parseTree('/t.yaml', lines.join('\n'));
  assert.equal(findings.length, 1);
  assert.equal(findings[0].rule, 'yaml-syntax');
  assert.equal(findings[0].range.start.line, 2);
  const flow = parseTree('/t.yaml', 'a: {b: 1,\nc: [1, 2\nd: 3\n');
  assert.equal(flow.findings.length, 1, flow.findings.map((f) => f.message).join('\n'));
});

test('a YAML alias bomb ends in a finding, quickly', () => {
  const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) bomb.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]`);
  const started = Date.now();
  const { root, findings } = parseTree('/bomb.yaml', bomb.join('\n'));
  assert.equal(root, undefined);
  assert.equal(findings[0].rule, 'yaml-too-complex');
  assert.ok(Date.now() - started < 5000, 'bounded');
});

test('each alias is the last node before it with its anchor; a name may be anchored again', () => {
  const { root, findings } = parseTree('/t.yaml', 'a: &x 1\nb: *x\nc: &x 2\nd: *x\ne: [*x, &x 3, *x]\nf: *nowhere\n');
  assert.deepEqual(findings, []);
  const values = (n: ReturnType<typeof get>): unknown => (n?.kind === 'scalar' ? n.value : n?.kind === 'seq' ? n.items.map(values) : n?.kind);
  assert.deepEqual(['b', 'd', 'e', 'f'].map((k) => values(get(root, k))), [1, 2, [2, 3, 3], null]);
  // A collection carries its anchor before its contents: an alias inside it is a cycle, which ends in a finding.
  assert.equal(parseTree('/t.yaml', 'a: &s [*s]\n').findings[0].rule, 'yaml-too-complex');
});

test('many aliases to one anchor (fuzz mutant alias-bomb 0x2e9f6166): every one expands to it', () => {
  // 100,000 of them took minutes when each alias was resolved by walking the whole document.
  const n = parseLimits.maxAliases;
  const { root, findings } = parseTree('/t.yaml', `base: &fa { a: 1 }\nmany: [${Array(n).fill('*fa').join(', ')}]\nservice: x\n`);
  assert.deepEqual(findings, []);
  const many = get(root, 'many');
  assert.ok(many?.kind === 'seq');
  assert.equal(many.items.length, n);
  assert.ok(many.items.every((item) => item.kind === 'map' && item.entries[0].key === 'a'));
  assert.equal(many.items[n - 1].range.start.line, 1, 'each alias keeps its own range');
  // One more, and the file is not parsed at all: the yaml parser alone spends about a second on 100,000.
  const over = parseTree('/t.yaml', `base: &fa { a: 1 }\nmany: [${Array(n + 1).fill('*fa').join(', ')}]\n`);
  assert.equal(over.root, undefined);
  assert.deepEqual(over.findings.map((f) => [f.rule, f.message]), [['yaml-too-complex', 'This file has more than 10000 YAML aliases; it is not modelled. Reduce alias use.']]);
});

test('a line of 250,000 unclosed `{` (fuzz mutant huge-scalar 0x646d4e62) is one finding where the nesting passes 200 levels, before any parse', () => {
  // The parser makes an error object for each unclosed `{` (most of a second of CPU, over a second under load); a
  // scan of the text finds them first.
  const text = `{\n  "Resources": {\n    "Fn": {\n      "Type": "AWS::Serverless::"${'{'.repeat(250_000)}!"\n    }\n  }\n}\n`;
  const limit = Error.stackTraceLimit;
  const { root, findings } = parseTree('/t/template.json', text);
  assert.equal(root, undefined);
  // Three `{` of the template are open around the run, so the run's 199th `{` is the 202nd nested one (column 33 + 198).
  assert.deepEqual(findings.map((f) => [f.rule, f.severity, f.range.start.line, f.range.start.character, f.range.end.character, f.message]), [
    ['yaml-syntax', 'error', 3, 231, 232, 'More than 200 nested `{`/`[` are open here, and they are never all closed; the file is not modelled. Remove the stray brackets or close them.'],
  ]);
  assert.equal(Error.stackTraceLimit, limit);
  assert.ok(new Error('x').stack?.includes('\n    at '));
  // In YAML too, and where each `{` opens its own line (the parser was quadratic on that: 25 s for 250,000 lines).
  const lines = parseTree('/t/serverless.yml', `service: x\nfunctions:\n  a:\n    handler: [\n${'  {\n'.repeat(5000)}`);
  assert.deepEqual(lines.findings.map((f) => [f.rule, f.range.start.line, f.range.start.character]), [['yaml-syntax', 3 + 201, 2]]);
});

test('collections nested deeper than the model reads are one yaml-too-complex finding, and parsing them again does not crash', () => {
  // The yaml composer recurses once per level: at about a thousand levels the stack runs out, and a second parse in
  // the same process could end it (a V8 fatal error in a regular expression compiled at that depth).
  const json = `{"Resources": {"Fn": {"Type": "AWS::Serverless::Function", "Properties": {"Tags": ${'{"a": '.repeat(1000)}1${'}'.repeat(1000)}}}}}`;
  const dashes = `Resources:\n  Fn:\n    Properties:\n      Layers:\n        ${'- '.repeat(1000)}x\n`;
  const pairs = `a: ${'[b: '.repeat(150)}1${']'.repeat(150)}\n`;
  const message = 'Collections nest more than 200 levels deep here; the file is not modelled. Flatten this value or move the data out of the config.';
  for (let i = 0; i < 3; i++) {
    const deepJson = parseTree('/t/template.json', json);
    assert.equal(deepJson.root, undefined);
    // Found by the scan of the text: the 202nd nested `{` (four are open before the run).
    assert.deepEqual(deepJson.findings.map((f) => [f.rule, f.severity, f.range.start.line, f.range.start.character, f.message]), [
      ['yaml-too-complex', 'error', 0, 82 + 6 * 197, message],
    ]);
    // Block sequences: found in the parser's syntax tree before it is composed, at the first collection 201 levels
    // down (the root mapping is level 0, the first `-` level 4).
    const deepBlock = parseTree('/t/template.yaml', dashes);
    assert.equal(deepBlock.root, undefined);
    assert.deepEqual(deepBlock.findings.map((f) => [f.rule, f.range.start.line, f.range.start.character, f.message]), [['yaml-too-complex', 4, 8 + 2 * 197, message]]);
  }
  // A `key: value` pair in a flow sequence is a mapping of its own, as the model counts: two levels a pair.
  assert.deepEqual(parseTree('/t.yaml', pairs).findings.map((f) => [f.rule, f.range.start.character]), [['yaml-too-complex', 3 + 4 * 100]]);
  // 200 levels are read.
  const deepest = parseTree('/t.yaml', `a: ${'['.repeat(199)}1${']'.repeat(199)}\nb:\n  ${'- '.repeat(199)}x\n`);
  assert.deepEqual(deepest.findings, []);
  assert.ok(deepest.root);
});

test('huge and binary files are findings, not parsed', () => {
  // Over 512 KB: the yaml parser alone spent 3.7 s on a 3 MB line of `* * *` (fuzz mutant huge-scalar
  // 0xb8105690) and over a second on 1 MB (0x90fe15c7).
  const huge = 'x: ' + '* '.repeat(parseLimits.maxFileBytes / 2);
  assert.deepEqual(parseTree('/h.yaml', huge).findings.map((f) => [f.rule, f.message]), [['file-too-large', 'This file is 0.5 MB; files over 512 KB are not modelled. Split it or move data out of the config.']]);
  assert.equal(parseTree('/h.yaml', huge.slice(0, parseLimits.maxFileBytes)).findings[0].rule, 'yaml-syntax', '512 KB are still read');
  assert.equal(parseTree('/b.yaml', 'a: 1\u0000\u0001').findings[0].rule, 'binary-file');
});

test('JSON parses with the same tree and ranges', () => {
  const { root, findings } = parseTree('/t.json', '{\n  "Resources": {\n    "Fn": { "Type": "AWS::Lambda::Function" }\n  }\n}');
  assert.deepEqual(findings, []);
  const type = getPath(root, ['Resources', 'Fn', 'Type']);
  assert.ok(type?.kind === 'scalar' && type.value === 'AWS::Lambda::Function');
  assert.equal(type.range.start.line, 2);
});
