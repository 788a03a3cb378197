// The packaged .vsix must carry what local invoke needs at run time: the runtime bootstrap and esbuild
// (TypeScript handlers are bundled before they run). The development suite cannot tell, since it sees node_modules.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/vscode/extension';
import { activatedExtension } from '../harness/extension';

suite('Packaged extension runs functions', () => {
  test('a TypeScript handler runs locally from the installed .vsix', async () => {
    const extension = await activatedExtension();
    const api = extension.exports as ExtensionApi;
    await api.model.ready();
    assert.ok(vscode.workspace.isTrusted, 'the test workspace is trusted');
    const ref = api.model.allFunctions().find((r) => r.fn.name === 'createOrder');
    assert.ok(ref, 'createOrder is in the model');
    const result = await api.invoke.runtime.invoke({ fn: ref.fn, project: ref.project, event: { body: JSON.stringify({ total: 12 }) } });
    assert.equal(result.error, undefined, JSON.stringify(result.error));
    const value = result.result as { statusCode: number; body: string };
    assert.equal(value.statusCode, 201);
    assert.equal((JSON.parse(value.body) as { total: number }).total, 12);
  });
});
