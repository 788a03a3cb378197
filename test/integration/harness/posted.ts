// What the Invoke view and panel are sent, observed at the real boundary: each webview the extension gives a session
// (InvokeFeature.attach, the one place that happens) is wrapped so its postMessage calls are recorded on their way to
// VS Code. Installed from extensionApi() before any test opens the view or a panel; nothing of it is in the product.
import type * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/vscode/extension';
import type { HostToWebview } from '../../../src/shared/invokeProtocol';

export interface PostedEntry {
  to: 'view' | 'panel';
  msg: HostToWebview;
}

/** Marks are sequence numbers, so `since(mark)` stays right after old entries are dropped (debug runs post many log chunks). */
export interface PostedMessages {
  mark(): number;
  since(mark: number): PostedEntry[];
}

// Each suite file is bundled with its own copy of this module: the recorder lives on the feature object under a
// registered symbol, so every suite reads the one installed first (a second one would miss a view opened earlier).
const recorderKey = Symbol.for('serverless-workbench.test.postedMessages');
type WithRecorder = { [recorderKey]?: PostedMessages };

function spied(webview: vscode.Webview, record: (msg: HostToWebview) => void): vscode.Webview {
  return new Proxy(webview, {
    get(target, prop) {
      if (prop === 'postMessage') {
        return (msg: HostToWebview) => {
          record(msg);
          return target.postMessage(msg);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set(target, prop, value) {
      return Reflect.set(target, prop, value, target);
    },
  });
}

/** Starts recording (once per extension instance); call before the Invoke view or a panel exists. */
export function recordPosted(a: ExtensionApi): PostedMessages {
  const holder = a.invoke as unknown as WithRecorder;
  const existing = holder[recorderKey];
  if (existing) return existing;
  const entries: Array<PostedEntry & { seq: number }> = [];
  let next = 0;
  const feature = a.invoke;
  const attach = feature.attach.bind(feature);
  feature.attach = (webview, inSidebar, owner) =>
    attach(
      spied(webview, (msg) => {
        entries.push({ seq: next++, to: inSidebar ? 'view' : 'panel', msg });
        if (entries.length > 500) entries.splice(0, 100);
      }),
      inSidebar,
      owner,
    );
  const recorder: PostedMessages = {
    mark: () => next,
    since: (mark) => entries.filter((e) => e.seq >= mark).map(({ to, msg }) => ({ to, msg })),
  };
  holder[recorderKey] = recorder;
  return recorder;
}

/** The messages recorded for this extension (recording starts with the first extensionApi()). */
export function posted(a: ExtensionApi): PostedMessages {
  return recordPosted(a);
}
