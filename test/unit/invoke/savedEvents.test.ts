import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectKey, SavedEventStore } from '../../../src/invoke/savedEvents';
import { describeJsonError } from '../../../src/shared/jsonError';
import { parseServerlessFramework } from '../../../src/model/serverlessFramework';

function setup(): { root: string; store: SavedEventStore; project: ReturnType<typeof parseServerlessFramework> } {
  const root = mkdtempSync(join(tmpdir(), 'swb-saved-'));
  const project = parseServerlessFramework(join(root, 'orders-service', 'serverless.yml'), 'service: orders\nprovider:\n  name: aws\nfunctions:\n  create:\n    handler: h.main\n');
  return { root, store: new SavedEventStore(root), project };
}

describe('saved events', () => {
  test('save, list, read, rename, duplicate, delete', async () => {
    const { root, store, project } = setup();
    const fn = project.functions[0];
    const saved = await store.save(project, fn, 'big order', '{"total": 100}');
    assert.equal(saved.file, join(root, '.serverless-workbench', 'events', 'orders-service', 'create', 'big order.json'));
    assert.equal(readFileSync(saved.file, 'utf8'), '{"total": 100}\n');
    assert.deepEqual((await store.list(project, fn)).map((e) => e.name), ['big order']);
    await store.rename(project, fn, 'big order', 'huge order');
    assert.equal(await store.read(project, fn, 'huge order'), '{"total": 100}\n');
    const copy = await store.duplicate(project, fn, 'huge order');
    const copy2 = await store.duplicate(project, fn, 'huge order');
    assert.deepEqual([copy.name, copy2.name], ['huge order copy', 'huge order copy 2']);
    await store.delete(project, fn, 'huge order copy');
    assert.deepEqual((await store.list(project, fn)).map((e) => e.name), ['huge order', 'huge order copy 2']);
    // No temporary files left behind.
    assert.deepEqual(readdirSync(store.folder(project, fn)).sort(), ['huge order copy 2.json', 'huge order.json']);
  });
  test('overwrite keeps one file; invalid JSON and bad names are refused with one line', async () => {
    const { store, project } = setup();
    const fn = project.functions[0];
    await store.save(project, fn, 'a', '{"v":1}');
    await store.save(project, fn, 'a', '{"v":2}');
    assert.equal(await store.read(project, fn, 'a'), '{"v":2}\n');
    await assert.rejects(store.save(project, fn, 'b', '{"v":'), /not valid JSON: .* at line 1, column 6/);
    await assert.rejects(store.save(project, fn, '../escape', '{}'), /not a valid event name/);
    await assert.rejects(store.save(project, fn, 'a/b', '{}'), /not a valid event name/);
    await assert.rejects(store.rename(project, fn, 'missing', 'x'), /not found/);
    await store.save(project, fn, 'c', '{}');
    await assert.rejects(store.rename(project, fn, 'a', 'c'), /already exists/);
    assert.deepEqual((await store.list(project, fn)).map((e) => e.name), ['a', 'c']);
  });
  test('an empty folder lists nothing; project keys are safe folder names', async () => {
    const { root, store, project } = setup();
    assert.deepEqual(await store.list(project, project.functions[0]), []);
    assert.equal(projectKey(root, project), 'orders-service');
    assert.equal(projectKey(join(root, 'orders-service'), project), 'orders');
  });
  test('JSON errors name line and column', () => {
    const text = '{\n  "a": 1,\n  }';
    let err: unknown;
    try {
      JSON.parse(text);
    } catch (e) {
      err = e;
    }
    assert.match(describeJsonError(text, err), /at line 3, column 3$/);
  });
});
