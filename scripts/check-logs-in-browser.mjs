// npm run test:browser — the Logs view checked from the outside, the way a person sees it: a real
// VS Code (code-server) in headless Chromium driven by playwright-core, CloudWatch Logs served by
// the loopback server of the unit tests. It runs "Serverless: Tail Logs…" from the command
// palette, picks a function, writes lines into its log group (one of them an <img onerror> payload)
// and reads the webview's DOM: every line must show, the payload as text, with no element and no
// script run from it. Saves test-results/logs-view.png. Needs `npm run build` first.
// Run with tsx (the loopback server is TypeScript): node --import tsx scripts/check-logs-in-browser.mjs
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchCodeServer, openWorkbench, repoRoot, workbenchUrl } from './codeServer.mjs';
import { FakeCloudWatchLogs } from '../test/support/cloudWatchLogsServer.ts';

const TIMEOUT = 60_000;
const group = '/aws/lambda/orders-dev-createOrder';
const payload = `<img src=x onerror="console.log('PWNED-BY-LOG-LINE')">`;

async function main() {
  const server = new FakeCloudWatchLogs({ heartbeatMs: 500 });
  const endpoint = await server.start();
  server.createGroup(group);
  const scratch = mkdtempSync(join(tmpdir(), 'swb-logs-browser-'));
  const workspace = join(scratch, 'workspace');
  cpSync(join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  let code;
  let workbench;
  try {
    code = await launchCodeServer({
      workspace,
      env: {
        AWS_ACCESS_KEY_ID: 'AKIDTEST',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
        AWS_CONFIG_FILE: '/nonexistent/config',
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint,
      },
      settings: { 'serverlessWorkbench.logs.since': '' },
    });
    workbench = await openWorkbench(workbenchUrl(code, { folder: workspace, extensionDevelopmentPath: repoRoot }));
    const { page } = workbench;
    await page.locator('.monaco-workbench .statusbar').waitFor({ timeout: TIMEOUT });

    // The palette command, then the function from its quick pick. The development extension's
    // commands reach the palette a moment after the workbench draws: retry until it lists ours.
    const input = page.locator('.quick-input-widget input');
    const command = page.locator('.quick-input-list .monaco-list-row:has-text("Serverless: Tail Logs")').first();
    const paletteDeadline = Date.now() + TIMEOUT;
    for (;;) {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: TIMEOUT });
      await input.fill('>Serverless: Tail Logs');
      if (await command.waitFor({ timeout: 2000 }).then(() => true, () => false)) break;
      if (Date.now() > paletteDeadline) throw new Error('"Serverless: Tail Logs…" never appeared in the command palette');
      await page.keyboard.press('Escape');
    }
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row:has-text("createOrder")').first().waitFor({ timeout: TIMEOUT });
    await input.fill('createOrder');
    await page.keyboard.press('Enter');

    const deadline = Date.now() + TIMEOUT;
    while (server.sessions.size === 0) {
      if (Date.now() > deadline) throw new Error('no Live Tail session was started');
      await new Promise((r) => setTimeout(r, 100));
    }
    // The Node runtime's text format with a JSON object as the message (console.log(JSON.stringify(…))).
    const lambdaFormat = `${new Date().toISOString()}\t6bd1c3a4-58d3-4b1e-9f0a-2a1c0e4d9b77\tINFO\t${JSON.stringify({ message: 'todo created', id: 'a1' })}`;
    const lines = ['first line from CloudWatch', payload, JSON.stringify({ level: 'ERROR', message: 'payment failed', function_request_id: 'abc' }), lambdaFormat];
    for (const line of lines) server.put(group, line);

    // A webview is two iframes deep: the host frame, then the content frame.
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('#lines .line').nth(lines.length - 1).waitFor({ timeout: TIMEOUT });
    const shown = await view.locator('#lines .line .msg').allTextContents();
    const images = await view.locator('#lines img').count();
    const status = await view.locator('#status').textContent();
    const errorLine = await view.locator('#lines .line.level-error').count();
    // "Pretty JSON" off shows the lines as they came; on again, pretty.
    await view.locator('#pretty').uncheck();
    const raw = await view.locator('#lines .line .msg').allTextContents();
    await view.locator('#pretty').check();
    mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'test-results', 'logs-view.png') });

    const problems = [];
    if (!shown.includes('first line from CloudWatch')) problems.push(`first line missing: ${JSON.stringify(shown)}`);
    if (!shown.includes(payload)) problems.push(`the markup line is not shown as its text: ${JSON.stringify(shown)}`);
    if (images !== 0) problems.push(`${images} <img> element(s) in the view`);
    if (workbench.consoleLines().some((l) => l.includes('PWNED-BY-LOG-LINE'))) problems.push('the onerror handler of a log line ran');
    if (errorLine !== 1) problems.push(`expected one line coloured as an error, found ${errorLine}`);
    if (!shown.some((t) => t.includes('"message": "payment failed"'))) problems.push('the JSON line is not pretty-printed');
    if (!shown.some((t) => t.endsWith('\tINFO\t{\n  "message": "todo created",\n  "id": "a1"\n}'))) problems.push(`the JSON of a Lambda-format line is not pretty-printed after its prefix: ${JSON.stringify(shown.at(-1))}`);
    if (!raw.includes(lambdaFormat)) problems.push(`with Pretty JSON off the Lambda-format line is not shown as it came: ${JSON.stringify(raw.at(-1))}`);
    if (!status?.includes('Live Tail')) problems.push(`status does not say Live Tail: ${status}`);
    if (problems.length) {
      console.error(`Logs view in the browser: FAILED\n  ${problems.join('\n  ')}`);
      process.exitCode = 1;
    } else {
      console.log(`Logs view in the browser: ${shown.length} lines shown as text, no element from a log line, status "${status}"`);
      console.log('1 passed, 0 failed');
    }
  } catch (err) {
    if (workbench) {
      mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
      await workbench.page.screenshot({ path: join(repoRoot, 'test-results', 'logs-view-failure.png') }).catch(() => {});
      err.message += `\n(page at the failure: test-results/logs-view-failure.png)\n${workbench.consoleLines().slice(-10).join('\n')}`;
    }
    throw err;
  } finally {
    await workbench?.close();
    await code?.stop();
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`Logs view in the browser: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
