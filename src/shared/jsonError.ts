/** JSON parse errors as a person reads them: with line and column (the webview and the host share this). */
/** `Unexpected token } at line 3, column 5`: JSON.parse's message with the position as line/column. */
export function describeJsonError(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const pos = /position (\d+)/.exec(message);
  const base = message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
  const atEnd = /end of JSON input/.test(message);
  if (!pos && !atEnd) return base;
  const offset = pos ? Number(pos[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  return `${base} at line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

export interface JsonProblem {
  message: string;
  line: number;
  column: number;
}

/** Parses `text`; returns the problem (1-based line/column) instead of throwing. */
export function jsonProblem(text: string): JsonProblem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const message = describeJsonError(text, err);
    const m = / at line (\d+), column (\d+)$/.exec(message);
    return { message, line: m ? Number(m[1]) : 1, column: m ? Number(m[2]) : 1 };
  }
}
