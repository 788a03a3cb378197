/** Messages between the Cold Start view (webview) and the extension host. The host validates every incoming one. */
import type { ColdStartReport } from './coldStartReport';

/** Host → webview. */
export type ColdStartHostMessage =
  /** An analysis is running for this function. */
  | { type: 'coldStart/running'; functionName: string }
  /** The finished analysis; `handlerLabel` is the handler file relative to the workspace. */
  | { type: 'coldStart/report'; report: ColdStartReport; handlerLabel: string; analysedAt: string }
  /** The analysis could not run; `message` is one line. */
  | { type: 'coldStart/error'; functionName: string; message: string };

/** Webview → host. */
export type ColdStartWebviewMessage =
  /** The script is loaded and listening: the host (re)sends the current state. */
  | { type: 'ready' }
  /** Run the analysis again for the function shown. */
  | { type: 'coldStart/reanalyze' }
  /** Open the handler module, at a 0-based line when given. */
  | { type: 'coldStart/openHandler'; line?: number };

/** Runtime check of a message from the webview (it is untrusted). */
export function isColdStartWebviewMessage(value: unknown): value is ColdStartWebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'coldStart/reanalyze':
      return Object.keys(m).length === 1;
    case 'coldStart/openHandler':
      return m.line === undefined || (typeof m.line === 'number' && Number.isInteger(m.line) && m.line >= 0 && m.line < 1_000_000);
    default:
      return false;
  }
}
