import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

export interface WebviewPage {
  title: string;
  script: vscode.Uri;
  style: vscode.Uri;
  /** Static markup only: workspace, AWS and log data reach a webview as messages, never in this string. */
  body: string;
}

/**
 * The HTML shell of every webview: a strict CSP (nothing but our one script, by a fresh random nonce, and
 * our stylesheets and fonts), so a string from the workspace or from AWS cannot run even if it were ever
 * rendered as markup.
 */
export function webviewHtml(webview: vscode.Webview, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${webview.asWebviewUri(page.style).toString()}">
<title>${page.title}</title>
</head>
<body>
${page.body}
<script nonce="${nonce}" src="${webview.asWebviewUri(page.script).toString()}"></script>
</body>
</html>`;
}

/**
 * Puts a page into a webview view or panel together with its options. The HTML goes in first: each change
 * re-renders the webview, and options set while the HTML is still empty render an empty page, which VS Code
 * reports as "created a webview without a content security policy" in the extension host log.
 */
export function loadWebview(webview: vscode.Webview, options: vscode.WebviewOptions, page: WebviewPage): void {
  webview.html = webviewHtml(webview, page);
  webview.options = options;
}
