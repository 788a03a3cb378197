/** JSON parse errors as a person reads them: with line and column (the webview and the host share this). */

/**
 * `Unexpected token '}' at line 3, column 5`. JSON.parse's messages differ between engines and often carry no
 * position (V8 on Node 20: `Unexpected token '}', "{"a": }" is not valid JSON`), so the position comes from
 * our own scan of the text.
 */
export function describeJsonError(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const offset = jsonErrorOffset(text) ?? Number(/position (\d+)/.exec(message)?.[1] ?? NaN);
  const what = Number.isNaN(offset) ? message : offset >= text.length ? 'Unexpected end of JSON input' : `Unexpected ${describeChar(text[offset])}`;
  if (Number.isNaN(offset)) return what;
  const before = text.slice(0, offset).split('\n');
  return `${what} at line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

function describeChar(c: string): string {
  return /\s/.test(c) ? 'whitespace' : `token '${c}'`;
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

/** The offset of the first character that makes `text` invalid JSON, or undefined when it is valid. */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string): void => {
    for (const c of word) {
      if (text[i] !== c) fail();
      i++;
    }
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
              i += k;
              fail();
            }
          }
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x') || i >= text.length) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-' || m[0] === '') fail();
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 5000) fail();
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return void i++;
        fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return void i++;
        fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail();
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (at) {
    if (typeof at === 'number') return at;
    throw at;
  }
}
