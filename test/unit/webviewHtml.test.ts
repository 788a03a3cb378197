import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { webviewHtml } from '../../src/vscode/webviewHtml';

const uri = (path: string): vscode.Uri => ({ path, toString: () => `https://webview.test${path}` }) as unknown as vscode.Uri;
const webview = { cspSource: 'https://webview.test', asWebviewUri: (u: vscode.Uri) => u } as unknown as vscode.Webview;

test('every webview page has a strict CSP and a fresh nonce on its one script', () => {
  const page = { title: 'Invoke', script: uri('/dist/webview/invokeMain.js'), style: uri('/media/invoke.css'), body: '<main id="app"></main>' };
  const a = webviewHtml(webview, page);
  const b = webviewHtml(webview, page);
  const csp = /content="(default-src[^"]*)"/.exec(a)![1];
  assert.deepEqual(csp.split('; '), ["default-src 'none'", 'style-src https://webview.test', 'font-src https://webview.test', csp.split('; ')[3]]);
  const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
  assert.ok(nonce.length >= 22, 'at least 128 bits');
  assert.match(a, new RegExp(`<script nonce="${nonce.replace(/[+/=]/g, '\\$&')}" src="https://webview.test/dist/webview/invokeMain.js"></script>`));
  assert.equal((a.match(/<script/g) ?? []).length, 1);
  assert.notEqual(/nonce-([^']+)/.exec(b)![1], nonce, 'a new nonce per page');
});
