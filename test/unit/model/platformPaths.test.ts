// Path handling and handler resolution under each platform's path rules: the same cases, table-driven, on Linux
// paths, Windows paths (drive letter and UNC share) and macOS's case-insensitive file system. The model takes the
// rules from the paths themselves (src/model/paths.ts), so Windows' run here on Linux exactly as on Windows.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { pythonModuleName, resolveHandlers } from '../../../src/model/handlers';
import { parseCloudFormation } from '../../../src/model/cloudFormation';
import { configRelative, excludedBy, isInside, namesProject, pathApi, samePath } from '../../../src/model/paths';
import { parseServerlessFramework } from '../../../src/model/serverlessFramework';
import type { FunctionDef, Project } from '../../../src/model/types';
import { configKindOf, excludedFromWorkspace, WorkspaceIndex } from '../../../src/model/workspace';
import { validateProject } from '../../../src/validation/validate';
import { at, platformFileSystem, platforms } from '../helpers/platformFileSystem';

const sls = (functions: string, runtime = 'nodejs20.x'): string => `service: orders\nprovider:\n  name: aws\n  runtime: ${runtime}\nfunctions:\n${functions}`;
const fnNamed = (project: Project, name: string): FunctionDef => project.functions.find((f) => f.name === name) ?? assert.fail(`no function ${name}`);

for (const p of platforms) {
  describe(`${p.name} paths (${p.root})`, () => {
    test('the path rules are the platform\'s', () => {
      assert.equal(pathApi(p.root), p.path);
      assert.equal(pathApi(at(p, 'a/b.ts')).sep, p.path.sep);
    });

    test('Serverless Framework: Node handlers by path, nested folders, index files, module type from package.json', async () => {
      const files = {
        'orders/serverless.yml': sls('  create:\n    handler: src/handlers/create.main\n  list:\n    handler: src/list.handler\n  legacy:\n    handler: src\\legacy\\old.handler\n'),
        'orders/package.json': '{"type":"module"}',
        'orders/src/handlers/create.ts': 'export const main = async () => ({ statusCode: 201 });\n',
        'orders/src/list/index.js': 'export async function handler() {}\n',
        'orders/src/legacy/old.js': 'export const handler = () => 1;\n',
      };
      const project = parseServerlessFramework(at(p, 'orders/serverless.yml'), files['orders/serverless.yml']);
      assert.equal(project.root, at(p, 'orders'));
      await resolveHandlers(project, platformFileSystem(p, files));
      const create = fnNamed(project, 'create').handlerInfo;
      assert.equal(create.file, at(p, 'orders/src/handlers/create.ts'));
      assert.equal(create.exportFound, true);
      assert.equal(create.moduleType, 'esm');
      assert.equal(create.caseOnDisk, undefined);
      assert.equal(create.candidates[0], at(p, 'orders/src/handlers/create.js'), 'candidates are written with the platform\'s separators');
      assert.equal(fnNamed(project, 'list').handlerInfo.file, at(p, 'orders/src/list/index.js'));
      assert.equal(fnNamed(project, 'legacy').handlerInfo.file, at(p, 'orders/src/legacy/old.js'), 'a handler written with backslashes (on Windows) resolves everywhere');
    });

    test('module type: the walk up for package.json ends at the root of the drive or share', async () => {
      const files = { 'svc/serverless.yml': sls('  f:\n    handler: app.handler\n'), 'svc/app.js': 'exports.handler = async () => 1;\n' };
      const project = parseServerlessFramework(at(p, 'svc/serverless.yml'), files['svc/serverless.yml']);
      await resolveHandlers(project, platformFileSystem(p, files));
      assert.equal(project.functions[0].handlerInfo.moduleType, 'cjs');
    });

    test('Python: dotted module paths, packages, and the module name the runtime imports', async () => {
      const files = {
        'py/serverless.yml': sls('  api:\n    handler: functions/api/app.handler\n  pkg:\n    handler: service.handler\n  dotted:\n    handler: functions.api.app.handler\n', 'python3.12'),
        'py/functions/api/app.py': 'def handler(event, context):\n    return 1\n',
        'py/service/__init__.py': 'def handler(event, context):\n    return 2\n',
      };
      const project = parseServerlessFramework(at(p, 'py/serverless.yml'), files['py/serverless.yml']);
      await resolveHandlers(project, platformFileSystem(p, files));
      const api = fnNamed(project, 'api').handlerInfo;
      assert.equal(api.file, at(p, 'py/functions/api/app.py'));
      assert.equal(fnNamed(project, 'dotted').handlerInfo.file, at(p, 'py/functions/api/app.py'));
      assert.equal(fnNamed(project, 'pkg').handlerInfo.file, at(p, 'py/service/__init__.py'));
      assert.equal(pythonModuleName(at(p, 'py'), api.file!), 'functions.api.app');
      assert.equal(pythonModuleName(at(p, 'py'), at(p, 'py/service/__init__.py')), 'service.__init__');
      assert.equal(pythonModuleName(at(p, 'py/functions'), at(p, 'py/other.py')), undefined, 'outside the task root');
    });

    test('SAM: CodeUri with a trailing separator, with backslashes, esbuild entry points', async () => {
      const template = [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Orders:',
        '    Type: AWS::Serverless::Function',
        '    Properties: {CodeUri: src/orders/, Handler: app.lambdaHandler, Runtime: nodejs20.x}',
        '  Thumbs:',
        '    Type: AWS::Serverless::Function',
        '    Properties: {CodeUri: "src\\\\thumbs\\\\", Handler: app.handler, Runtime: nodejs20.x}',
        '    Metadata: {BuildMethod: esbuild, BuildProperties: {EntryPoints: [lib/app.ts]}}',
        '  Raw:',
        '    Type: AWS::Lambda::Function',
        '    Properties: {Code: ./build, Handler: index.handler, Runtime: nodejs20.x}',
      ].join('\n');
      const files = {
        'sam/template.yaml': template,
        'sam/src/orders/app.mjs': 'export const lambdaHandler = async () => 1;\n',
        'sam/src/thumbs/lib/app.ts': 'export const handler = async () => 1;\n',
        'sam/build/index.js': 'exports.handler = async () => 1;\n',
      };
      const project = parseCloudFormation(at(p, 'sam/template.yaml'), template);
      await resolveHandlers(project, platformFileSystem(p, files));
      const orders = fnNamed(project, 'Orders');
      assert.equal(orders.codeRoot, at(p, 'sam/src/orders'));
      assert.equal(orders.handlerInfo.file, at(p, 'sam/src/orders/app.mjs'));
      const thumbs = fnNamed(project, 'Thumbs');
      assert.equal(thumbs.codeRoot, at(p, 'sam/src/thumbs'));
      assert.equal(thumbs.handlerInfo.file, at(p, 'sam/src/thumbs/lib/app.ts'));
      assert.equal(fnNamed(project, 'Raw').handlerInfo.file, at(p, 'sam/build/index.js'));
    });

    test('a missing handler: tried paths relative to the code root, build output recognised with either separator', async () => {
      const files = { 'svc/serverless.yml': sls('  gone:\n    handler: src/gone.handler\n  built:\n    handler: dist/app.handler\n'), 'svc/src/other.ts': '' };
      const project = parseServerlessFramework(at(p, 'svc/serverless.yml'), files['svc/serverless.yml']);
      await resolveHandlers(project, platformFileSystem(p, files));
      const findings = validateProject(project, { today: '2026-11-30' }).filter((f) => f.rule === 'handler-not-found');
      const gone = findings.find((f) => f.message.includes('gone'));
      assert.ok(gone?.message.includes(`tried ${p.path.join('src', 'gone.js')}, ${p.path.join('src', 'gone.mjs')}, ${p.path.join('src', 'gone.cjs')} and 13 more`), gone?.message);
      assert.equal(gone?.severity, 'error');
      assert.equal(findings.find((f) => f.message.includes(p.path.join('dist', 'app.js')))?.severity, 'warning');
    });

    test('case: a handler whose path differs in case from the file', async () => {
      const files = { 'svc/serverless.yml': sls('  create:\n    handler: Src/Create.main\n'), 'svc/src/create.js': 'exports.main = async () => 1;\n' };
      const project = parseServerlessFramework(at(p, 'svc/serverless.yml'), files['svc/serverless.yml']);
      await resolveHandlers(project, platformFileSystem(p, files));
      const info = project.functions[0].handlerInfo;
      const findings = validateProject(project, { today: '2026-11-30' });
      if (p.caseInsensitive) {
        // Found (local invoke works), and flagged: Lambda's file system would not find it.
        assert.equal(info.file, at(p, 'svc/Src/Create.js'));
        assert.deepEqual(info.caseOnDisk, { named: p.path.join('Src', 'Create.js'), onDisk: p.path.join('src', 'create.js') });
        const f = findings.find((x) => x.rule === 'handler-case-mismatch');
        assert.equal(f?.message, `The handler file is ${p.path.join('src', 'create.js')} on disk, not ${p.path.join('Src', 'Create.js')}: found here because this file system ignores case, but Lambda's does not; match the case.`);
      } else {
        assert.equal(info.file, undefined);
        assert.ok(findings.some((x) => x.rule === 'handler-not-found'));
      }
    });

    test('CRLF: configs and handler files written on Windows', async () => {
      const config = sls('  create:\n    handler: src/create.main\n  missing:\n    handler: src/create.other\n').replace(/\n/g, '\r\n');
      const files = { 'svc/serverless.yml': config, 'svc/src/create.js': "'use strict';\r\nexports.main = async () => 1;\r\n" };
      const project = parseServerlessFramework(at(p, 'svc/serverless.yml'), config);
      await resolveHandlers(project, platformFileSystem(p, files));
      const create = fnNamed(project, 'create');
      assert.equal(create.handlerInfo.file, at(p, 'svc/src/create.js'));
      assert.equal(create.handlerInfo.exportLine, 1);
      assert.equal(create.handler?.value, 'src/create.main', 'no carriage return in values');
      assert.equal(create.handler?.range.start.line, 6);
      const stub = validateProject(project, { today: '2026-11-30' }).find((f) => f.rule === 'handler-export-not-found');
      const text = stub?.fixes?.[0].edits[0].newText ?? '';
      assert.ok(text.includes('\r\nmodule.exports.other'), JSON.stringify(text));
      assert.ok(!/[^\r]\n/.test(text), 'the quick fix writes CRLF into a CRLF file');
    });

    test('the workspace index: discovery, excluded folders (names and relative paths with either separator)', async () => {
      const files = {
        'orders/serverless.yml': sls('  a:\n    handler: a.h\n'),
        'packages/legacy/serverless.yml': sls('  b:\n    handler: b.h\n'),
        'packages/current/template.yaml': 'Transform: AWS::Serverless-2016-10-31\nResources: {}\n',
        'generated/serverless.yml': sls('  c:\n    handler: c.h\n'),
        'node_modules/x/serverless.yml': sls('  d:\n    handler: d.h\n'),
      };
      const found = async (exclude: string[]): Promise<string[]> => {
        const index = new WorkspaceIndex(platformFileSystem(p, files), { env: {}, exclude: () => exclude });
        return (await index.scan([p.root])).map((x) => p.path.relative(p.root, x.file).split(p.path.sep).join('/')).sort();
      };
      assert.deepEqual(await found([]), ['generated/serverless.yml', 'orders/serverless.yml', 'packages/current/template.yaml', 'packages/legacy/serverless.yml']);
      for (const exclude of [['generated', 'packages/legacy'], ['generated', 'packages\\legacy'], ['./generated/', 'packages//legacy']]) {
        assert.deepEqual(await found(exclude), ['orders/serverless.yml', 'packages/current/template.yaml'], JSON.stringify(exclude));
      }
      // Windows compares names without case; elsewhere a differently cased entry is another folder.
      assert.deepEqual(await found(['Generated']), p.path === pathApi('C:\\') ? ['orders/serverless.yml', 'packages/current/template.yaml', 'packages/legacy/serverless.yml'] : await found([]));
    });

    test('the workspace index: updates and removals address the same project whatever the path\'s case or drive letter spelling', async () => {
      const files = { 'svc/serverless.yml': sls('  a:\n    handler: src/a.h\n'), 'svc/src/a.js': 'exports.h = 1;\n' };
      const index = new WorkspaceIndex(platformFileSystem(p, files), { env: {} });
      await index.scan([p.root]);
      const config = at(p, 'svc/serverless.yml');
      const windows = p.path === pathApi('C:\\');
      // VS Code hands out `c:\…` where Node says `C:\…`.
      const other = windows ? config.toLowerCase() : config;
      const changed = await index.update(other, sls('  a:\n    handler: src/a.h\n  b:\n    handler: src/a.h\n'));
      assert.equal(changed.length, 1);
      assert.equal(index.projects().length, 1, 'no second project for the same file');
      assert.equal(index.projects()[0].functions.length, 2);
      assert.equal(index.projectsForFile(windows ? at(p, 'svc/src/a.js').toUpperCase() : at(p, 'svc/src/a.js')).length, 1);
      const removed = await index.remove(windows ? at(p, 'SVC') : at(p, 'svc'));
      assert.equal(removed.length, 1);
      assert.equal(index.projects().length, 0);
    });

    test('config kinds by file name', () => {
      assert.equal(configKindOf(at(p, 'a/serverless.yml')), 'serverless');
      assert.equal(configKindOf(at(p, 'a/template.yaml')), 'template');
      assert.equal(configKindOf(at(p, 'a/host.json')), 'azure-host');
      assert.equal(configKindOf(at(p, 'a/serverless.ts')), 'serverless-dynamic');
    });

    test('path helpers', () => {
      assert.ok(isInside(at(p, 'a/b/c.ts'), at(p, 'a')));
      assert.ok(isInside(at(p, 'a'), at(p, 'a')));
      assert.ok(!isInside(at(p, 'ab/c.ts'), at(p, 'a')), 'a sibling with a common prefix is not inside');
      assert.ok(samePath(at(p, 'a/./b/../c.ts'), at(p, 'a/c.ts')));
      assert.equal(configRelative('src\\orders', p.root), p.path === pathApi('C:\\') ? 'src\\orders' : 'src/orders');
      assert.ok(excludedBy(at(p, 'x/node_modules/y.js'), new Set(['node_modules'])));
      assert.ok(!excludedBy(at(p, 'x/node_modules_old/y.js'), new Set(['node_modules'])));
    });
  });
}

describe('path rules from the path', () => {
  test('drive letters either way round, forward slashes, UNC; POSIX; relative paths follow this machine', () => {
    const win = pathApi('C:\\');
    assert.equal(pathApi('c:/Users/ada'), win);
    assert.equal(pathApi('D:\\x'), win);
    assert.equal(pathApi('\\\\server\\share\\x'), win);
    assert.equal(pathApi('//server/share/x'), win);
    assert.notEqual(pathApi('/home/ada'), win);
    assert.equal(pathApi('src/app.ts'), pathApi(process.cwd()));
    assert.ok(samePath('C:\\Users\\Ada\\ws\\serverless.yml', 'c:\\users\\ada\\WS\\serverless.yml'));
    assert.ok(samePath('C:\\Users\\Ada\\ws\\serverless.yml', 'C:/Users/Ada/ws/serverless.yml'));
    assert.ok(!samePath('/home/Ada/serverless.yml', '/home/ada/serverless.yml'));
  });
});

test('a project named in launch.json matches whole path segments: api/serverless.yml is not legacy-api/serverless.yml', () => {
  const api = ['/w/api/serverless.yml', '/w/api'] as const;
  const legacy = ['/w/legacy-api/serverless.yml', '/w/legacy-api'] as const;
  for (const written of ['api/serverless.yml', 'api', './api/serverless.yml', 'api\\serverless.yml', '/w/api/serverless.yml', 'w/api/']) {
    assert.equal(namesProject(written, ...api), true, written);
    assert.equal(namesProject(written, ...legacy), false, written);
  }
  assert.equal(namesProject('serverless.yml', ...legacy), true);
  assert.equal(namesProject('i/serverless.yml', ...api), false);
  assert.equal(namesProject('', ...api), false);
  assert.equal(namesProject('API\\Serverless.yml', 'C:\\w\\api\\serverless.yml', 'C:\\w\\api'), true, 'case-insensitive on Windows');
  assert.equal(namesProject('API/serverless.yml', ...api), false, 'case-sensitive on POSIX');
});

test('one exclusion rule for discovery and file events: built-in folders, hidden folders, the exclude entries; a file\'s own name is not a folder', () => {
  const extra = ['generated', 'packages/legacy'];
  const yes = ['node_modules/x', 'a/.aws-sam/build', 'a/.cache/y', 'generated', 'src/generated/deep', 'packages/legacy/svc', 'cdk.out/asset'];
  for (const p of yes) assert.equal(excludedFromWorkspace(p, extra, false), true, p);
  const no = ['a/b', 'packages/current', 'legacy', 'generatedX', 'node_modules_old'];
  for (const p of no) assert.equal(excludedFromWorkspace(p, extra, false), false, p);
  assert.equal(excludedFromWorkspace('svc/serverless.yml', extra, false, true), false);
  assert.equal(excludedFromWorkspace('svc/.hidden.yml', extra, false, true), false, 'a hidden file in a folder that is not excluded');
  assert.equal(excludedFromWorkspace('.github/workflows/ci.yml', extra, false, true), true);
  assert.equal(excludedFromWorkspace('Generated\\x', extra, true), true, 'Windows: case-insensitive, either separator');
  assert.equal(excludedFromWorkspace('Generated/x', extra, false), false, 'POSIX: case-sensitive');
});
