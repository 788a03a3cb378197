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

test('a line of 250,000 unclosed `{` (fuzz mutant huge-scalar 0x646d4e62) is one syntax finding; stack traces are back on after', () => {
  // The parser makes an error for each; with a stack trace captured for every one, the model took seconds.
  const text = `{\n  "Resources": {\n    "Fn": {\n      "Type": "AWS::Serverless::"${'{'.repeat(250_000)}!"\n    }\n  }\n}\n`;
  const limit = Error.stackTraceLimit;
  const { findings } = parseTree('/t/template.json', text);
  // Over 1,000 errors: no second parse to re-lay flow values out; the first error is the finding, where the `{`s start.
  assert.deepEqual(findings.map((f) => [f.rule, f.range.start.line, f.message]), [
    ['yaml-syntax', 3, 'Unexpected flow-map-start at node end (the parser stopped understanding the file here; 250004 follow-on problems not shown). Fix the YAML syntax.'],
  ]);
  assert.equal(Error.stackTraceLimit, limit);
  assert.ok(new Error('x').stack?.includes('\n    at '));
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
