// npm run test:browser (with the logs check) — what a person sees in the Invoke view, in a real VS Code (code-server + headless
// Chromium): payloads, log lines, error messages and function names that carry <img onerror> and <script>
// markup are shown as text, and none of it runs. Needs `npm run build` first.
//
// The fixture's handler and names would set document.body.dataset.pwned inside the webview if any of
// it were ever parsed as HTML; the test also counts <img>/<script> elements and watches for dialogs.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './codeServer.mjs';
import { captureWorkbench, steps } from './screenshot.mjs';

const TIMEOUT = 30_000;
const results = [];

function check(name, ok, detail = '') {
  results.push({ name, ok, detail });
  console.log(`  ${ok ? '✓' : '✗'} ${name}${ok || !detail ? '' : `\n      ${detail}`}`);
}

/** The webview's inner frame: the one whose document has the Invoke view's run button. */
async function invokeFrame(page) {
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await frame.$('#run').catch(() => null)) return frame;
    }
    await page.waitForTimeout(200);
  }
  throw new Error('the Invoke webview did not appear');
}

async function domFacts(frame) {
  return frame.evaluate(() => ({
    pwned: document.body.dataset.pwned ?? null,
    imgs: document.querySelectorAll('img').length,
    scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src') ?? `inline:${(s.textContent ?? '').slice(0, 60)}`),
    result: document.getElementById('result')?.textContent ?? '',
    logs: document.getElementById('logs')?.textContent ?? '',
    errMsg: document.getElementById('errMsg')?.textContent ?? '',
    functions: [...document.querySelectorAll('#fn option')].map((o) => o.textContent),
  }));
}

async function runWith(frame, fnLabelPart, eventText) {
  const value = await frame.evaluate((part) => [...document.querySelectorAll('#fn option')].find((o) => o.textContent.startsWith(part))?.value, fnLabelPart);
  if (!value) throw new Error(`no function option starting with ${fnLabelPart}`);
  await frame.selectOption('#fn', value);
  // The host answers a function change with that function's event; typing before it arrives would be overwritten.
  await frame.waitForFunction((v) => document.getElementById('editor').dataset.fnId === v, value, { timeout: TIMEOUT });
  await frame.fill('#editor', eventText);
  const before = await frame.evaluate(() => document.querySelectorAll('#history li').length);
  // Keyboard: Ctrl+Enter in the editor runs the function.
  await frame.focus('#editor');
  await frame.press('#editor', 'Control+Enter');
  await frame.waitForFunction((n) => document.querySelectorAll('#history li').length > n, before, { timeout: TIMEOUT });
}

const markupEvent = JSON.stringify({ payload: '<img src=x onerror="document.body.dataset.pwned=1">', note: '<script>document.body.dataset.pwned=7</script>' }, null, 2);

/** Watches the workbench page for elements carrying the fixture's inline handlers (markup parsed as HTML). */
const inlineHandlers = [];
const watchWorkbench = async ({ page }) => {
  await page.exposeFunction('swbInlineHandler', (html) => inlineHandlers.push(html));
  const install = () => {
    new MutationObserver((mutations) => {
      for (const m of mutations) {
        for (const n of m.addedNodes) {
          if (n.nodeType !== 1) continue;
          for (const e of [n, ...n.querySelectorAll('*')]) {
            // Only the fixture's markup (it all mentions "pwned"): the workbench has inline handlers of its own.
            if ([...e.attributes].some((a) => a.name.startsWith('on') && a.value.includes('pwned'))) window.swbInlineHandler(`${e.outerHTML.slice(0, 200)} in ${(e.closest('[id]')?.id ?? '') || e.parentElement?.className}`);
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  };
  await page.evaluate(install);
};

const scenario = async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const frame = await invokeFrame(page);
  await frame.waitForFunction(() => document.querySelectorAll('#fn option').length >= 3, undefined, { timeout: TIMEOUT });

  let facts = await domFacts(frame);
  check('a function named with <img onerror> markup is listed as text', facts.functions.some((f) => f.startsWith('<img src=x onerror=document.body.dataset.pwned=9>')), JSON.stringify(facts.functions));

  await runWith(frame, 'echo', markupEvent);
  facts = await domFacts(frame);
  check('the returned payload shows the markup as text', facts.result.includes('<img src=x onerror=\\"document.body.dataset.pwned=1\\">') && facts.result.includes('<script>document.body.dataset.pwned=4</script>'), facts.result.slice(0, 300));
  check('log lines show the markup as text', facts.logs.includes('log <img src=x onerror="document.body.dataset.pwned=2"> and <script>document.body.dataset.pwned=3</script>'), facts.logs.slice(0, 300));
  check('metrics are shown', /Duration/.test(await frame.textContent('#metrics')));
  check('the interpreter that ran is shown', /Interpreter\s*Node\.js \d+\.\d+\.\d+/.test(await frame.textContent('#metrics')), await frame.textContent('#metrics'));
  const warnings = await frame.textContent('#warnings');
  check('a layer note shows the markup of its ARN as text', warnings.includes('layer:<img src=x onerror=document.body.dataset.pwned=8>:1 is not available locally'), warnings.slice(0, 300));

  await runWith(frame, 'fails', '{}');
  facts = await domFacts(frame);
  check('an error message shows the markup as text', facts.errMsg === '<img src=x onerror="document.body.dataset.pwned=5"> and <script>document.body.dataset.pwned=6</script>', facts.errMsg);

  await runWith(frame, '<img', markupEvent);
  facts = await domFacts(frame);
  check('nothing ran: no handler set document.body.dataset.pwned', facts.pwned === null, `pwned=${facts.pwned}`);
  check('no <img> element was created', facts.imgs === 0, `${facts.imgs} img elements`);
  // VS Code itself injects one inline script (acquireVsCodeApi) into every webview.
  const foreign = facts.scripts.filter((src) => !src.endsWith('/dist/webview/invokeMain.js') && !src.includes('globalThis.acquireVsCodeApi'));
  check('no <script> besides the view\'s own and VS Code\'s', foreign.length === 0 && facts.scripts.length === 2, JSON.stringify(facts.scripts));
  check('no dialog opened', dialogs === 0, `${dialogs} dialogs`);
  const mainImgs = await page.locator('img[src="x"]').count();
  check('the workbench (tree, tabs) created no <img src=x> either', mainImgs === 0, `${mainImgs}`);
  check('no element carrying the fixture\'s inline handlers appeared in the workbench page', inlineHandlers.length === 0, inlineHandlers.slice(0, 3).join('\n      '));
};

async function main() {
  console.log('Invoke view in a real browser (code-server + Chromium)');
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  const out = join(repoRoot, 'test-results', 'invoke-view-markup.png');
  try {
    await captureWorkbench({
      folder: join(repoRoot, 'test', 'fixtures', 'browser-workspace'),
      out,
      steps: [watchWorkbench, steps.openViewContainer('Serverless'), steps.expandView('Invoke'), scenario],
    });
    console.log(`  screenshot: ${out}`);
  } catch (err) {
    check('the scenario ran to the end', false, String(err?.message ?? err));
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`\n${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed || results.length === 0 ? 1 : 0;
}

await main();
