// Screenshots of the extension in a real VS Code (code-server + headless Chromium).
//
//   node scripts/screenshot.mjs [OUT.png] [--folder DIR] [--theme "Default Dark Modern"] [--invoke FUNCTION]
//     opens DIR (default examples/), opens the Serverless view container, expands the Functions
//     tree, saves OUT.png (default media/screenshots/sidebar.png) at 1400x900. With --invoke, it also
//     chooses FUNCTION in the tree and runs it from the Invoke view with its generated event first
//     (media/screenshots/sidebar.png is `--invoke createTodo`).
//
// From another script, for other panels:
//   import { captureWorkbench, steps } from './screenshot.mjs';
//   await captureWorkbench({ out: 'media/screenshots/x.png', steps: [steps.openViewContainer('Serverless'),
//     steps.runCommand('Serverless: Refresh'), steps.waitForSelector('.notification-toast')] });
// A step is any `async ({ page }) => {}`; steps.* are the common ones.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchCodeServer, openWorkbench, repoRoot, workbenchUrl } from './codeServer.mjs';

const STEP_TIMEOUT_MS = 30_000;

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Reusable UI steps. Each returns `async ({ page }) => void`; they wait on the DOM, not on fixed
 * sleeps (expandTree polls until the tree has stayed fully expanded for a moment).
 */
export const steps = {
  /** Clicks a view container's activity-bar icon (its title, e.g. "Serverless"), unless already open. */
  openViewContainer(title) {
    return async ({ page }) => {
      const item = page.locator(`.activitybar .action-item:has(.action-label[aria-label^="${title}"])`).first();
      await item.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      if ((await item.getAttribute('aria-expanded')) !== 'true') await item.click();
      // The side bar title is the container's ("SERVERLESS") or, with a single view, "Serverless: Functions".
      await page.locator('.sidebar .composite.title h2').filter({ hasText: new RegExp(`^${escapeRegExp(title)}`, 'i') })
        .first().waitFor({ timeout: STEP_TIMEOUT_MS });
    };
  },

  /**
   * Expands a view section of the side bar by its name (e.g. "Functions") when it is collapsed.
   * A container with a single view hides the section header: that view is always expanded.
   */
  expandView(name) {
    return async ({ page }) => {
      const header = page.locator(`.sidebar .pane-header[aria-label^="${name} "]`).first();
      await header.waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
      if ((await header.getAttribute('aria-expanded')) === 'false') {
        await header.click();
        await page.locator(`.sidebar .pane-header[aria-label^="${name} "][aria-expanded="true"]`).first().waitFor({ timeout: STEP_TIMEOUT_MS });
      }
    };
  },

  /**
   * Waits for the rows of a tree view (by view name), then expands collapsed rows until none is
   * left down to level `depth` (1 = only the top-level rows). Only rows on screen exist in the DOM.
   * It keeps checking for a moment because the extension may refresh the tree (which can collapse
   * rows again) right after its first render.
   */
  expandTree(name, { depth = 2, settleMs = 1500 } = {}) {
    return async ({ page }) => {
      const pane = page.locator(`.sidebar .pane:has(> .pane-header[aria-label^="${name} "])`).first();
      await pane.locator('.monaco-list-row').first().waitFor({ timeout: STEP_TIMEOUT_MS });
      const levels = Array.from({ length: depth }, (_, i) => `.monaco-list-row[aria-level="${i + 1}"][aria-expanded="false"]`).join(', ');
      const collapsed = pane.locator(levels);
      const deadline = Date.now() + STEP_TIMEOUT_MS;
      let quietSince = Date.now();
      while (Date.now() - quietSince < settleMs) {
        if (Date.now() > deadline) throw new Error(`tree "${name}" kept collapsed rows for ${STEP_TIMEOUT_MS / 1000} s`);
        const count = await collapsed.count();
        if (count > 0) {
          // Expanding inserts rows below: click the last one, then look again.
          await collapsed.nth(count - 1).locator('.monaco-tl-twistie').click();
          quietSince = Date.now();
        } else {
          await page.waitForTimeout(100);
        }
      }
      // Park the mouse and drop focus, so no row is painted hovered or with a focus outline.
      await page.mouse.move(1, 1);
      await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
    };
  },

  /** Drags the side bar's edge so it is `width` pixels wide (long tree descriptions stay readable). */
  resizeSideBar(width) {
    return async ({ page }) => {
      const sidebar = page.locator('.part.sidebar');
      const box = await sidebar.boundingBox();
      if (!box || Math.abs(box.width - width) < 2) return;
      const y = box.y + box.height / 2;
      // The sash sits on the side bar's right edge (side bar on the left, the default).
      await page.mouse.move(box.x + box.width - 1, y);
      await page.mouse.down();
      await page.mouse.move(box.x + width, y, { steps: 5 });
      await page.mouse.up();
      await page.waitForFunction(
        (w) => Math.abs((document.querySelector('.part.sidebar')?.getBoundingClientRect().width ?? 0) - w) < 8,
        width,
        { timeout: STEP_TIMEOUT_MS },
      );
    };
  },

  /** Runs a command by its palette title (e.g. "Serverless: Refresh"). */
  runCommand(title) {
    return async ({ page }) => {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await input.fill(`>${title}`);
      await page.locator(`.quick-input-list .monaco-list-row:has-text("${title}")`).first().waitFor({ timeout: STEP_TIMEOUT_MS });
      await page.keyboard.press('Enter');
    };
  },

  /** Opens a file of the workspace through Quick Open (relative path or name). */
  openFile(path) {
    return async ({ page }) => {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await input.fill(path);
      await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: STEP_TIMEOUT_MS });
      await page.keyboard.press('Enter');
      await page.locator(`.tabs-container .tab[aria-label^="${path.split('/').pop()}"]`).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    };
  },

  /**
   * Chooses a function in the Functions tree, waits for the Invoke view to show it with its event, runs it
   * (Invoke) and waits for the run's history entry. The view must be open (it is, by default).
   */
  invokeFromTree(name) {
    return async ({ page }) => {
      const frameOf = async () => {
        for (const frame of page.frames()) {
          if (await frame.$('#run').catch(() => null)) return frame;
        }
        return undefined;
      };
      const deadline = Date.now() + STEP_TIMEOUT_MS;
      let view;
      while (!(view = await frameOf())) {
        if (Date.now() > deadline) throw new Error('the Invoke view did not appear');
        await page.waitForTimeout(200);
      }
      // Once the view lists the functions the workspace is modelled, and the tree will not re-render under the click.
      await view.waitForFunction(() => document.querySelectorAll('#fn option').length > 1, undefined, { timeout: STEP_TIMEOUT_MS });
      // The tree only renders the rows on screen: scroll down to the function's row.
      const row = page.locator(`.sidebar .monaco-list-row[role="treeitem"][aria-label^="${name} "]`).first();
      const tree = page.locator('.sidebar .monaco-list[role="tree"]').first();
      for (let i = 0; (await row.count()) === 0; i++) {
        if (i > 50) throw new Error(`no row ${name} in the Functions tree`);
        await tree.hover();
        await page.mouse.wheel(0, 120);
        await page.waitForTimeout(50);
      }
      await row.click();
      await view.waitForFunction((n) => document.getElementById('fn').selectedOptions[0]?.textContent.startsWith(`${n} `) && document.getElementById('editor').dataset.fnId === document.getElementById('fn').value, name, { timeout: STEP_TIMEOUT_MS });
      await view.click('#run');
      await view.waitForFunction(() => document.querySelectorAll('#history li').length > 0, undefined, { timeout: STEP_TIMEOUT_MS });
      await page.mouse.move(1, 1);
    };
  },

  waitForSelector(selector, options = {}) {
    return async ({ page }) => {
      await page.locator(selector).first().waitFor({ timeout: STEP_TIMEOUT_MS, ...options });
    };
  },
};

/** Resolves once the workbench has drawn its activity bar and the extension host is up. */
async function waitForWorkbench(page) {
  await page.locator('.monaco-workbench .activitybar').waitFor({ timeout: 60_000 });
  // The status bar's remote indicator shows the host name once the connection is made.
  await page.locator('.statusbar').waitFor({ timeout: 60_000 });
}

/**
 * Starts code-server on a copy of `folder` with the repo as development extension, runs `steps`
 * in Chromium, saves a PNG to `out`, and stops everything. Needs the extension built (dist/).
 *
 * @param {object} options
 * @param {string} [options.folder] default examples/
 * @param {string} [options.out] PNG path, default media/screenshots/sidebar.png
 * @param {Array<(ctx: {page: import('playwright-core').Page}) => Promise<void>>} [options.steps]
 * @param {{width: number, height: number}} [options.viewport]
 * @param {Record<string, unknown>} [options.settings] user settings (e.g. the color theme)
 * @param {Record<string, string>} [options.env] extra environment of code-server and its extension host
 * @param {string} [options.clip] CSS selector to screenshot instead of the whole page
 */
export async function captureWorkbench({
  folder = join(repoRoot, 'examples'),
  out = join(repoRoot, 'media', 'screenshots', 'sidebar.png'),
  steps: actions = [],
  viewport = { width: 1400, height: 900 },
  settings = {},
  env = {},
  clip,
} = {}) {
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js missing: run npm run build');
  if (!existsSync(folder)) throw new Error(`folder to open does not exist: ${folder}`);
  // A copy: the title bar and tree then show the folder's own name, and nothing touches the original.
  const scratch = mkdtempSync(join(tmpdir(), 'swb-shot-'));
  const workspace = join(scratch, folder.split('/').filter(Boolean).pop() ?? 'workspace');
  cpSync(folder, workspace, { recursive: true });
  let server;
  let workbench;
  try {
    server = await launchCodeServer({ workspace, settings, env });
    workbench = await openWorkbench(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: repoRoot }), { viewport });
    const { page } = workbench;
    await waitForWorkbench(page);
    for (const step of actions) await step({ page });
    mkdirSync(dirname(resolve(out)), { recursive: true });
    if (clip) await page.locator(clip).first().screenshot({ path: out });
    else await page.screenshot({ path: out });
    return out;
  } catch (err) {
    if (workbench) {
      const failed = join(scratch, '..', 'swb-screenshot-failure.png');
      await workbench.page.screenshot({ path: failed }).catch(() => {});
      err.message += `\n(page at the failure: ${failed})\n${workbench.consoleLines().slice(-15).join('\n')}`;
    }
    throw err;
  } finally {
    await workbench?.close();
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The default picture: the Serverless side bar with its Functions tree expanded (`depth` 1: functions without their triggers). */
export const sidebarSteps = (depth = 2) => [
  steps.openViewContainer('Serverless'),
  steps.resizeSideBar(480),
  steps.expandView('Functions'),
  steps.expandTree('Functions', { depth }),
];

async function main() {
  const args = process.argv.slice(2);
  const option = (name) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const [, value] = args.splice(i, 2);
    return value;
  };
  const folder = option('--folder');
  const theme = option('--theme');
  const invoke = option('--invoke');
  const out = args[0] ?? join(repoRoot, 'media', 'screenshots', 'sidebar.png');

  const build = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);

  const saved = await captureWorkbench({
    folder: folder ? resolve(folder) : undefined,
    out: resolve(out),
    // With a run in the Invoke view, the tree shows functions without their triggers, so it fits beside the view.
    steps: invoke ? [...sidebarSteps(1), steps.invokeFromTree(invoke)] : sidebarSteps(),
    settings: theme ? { 'workbench.colorTheme': theme } : {},
  });
  console.log(`saved ${saved}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err.message ?? err);
    process.exitCode = 1;
  });
}
