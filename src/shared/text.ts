/**
 * Text as Windows editors save it: Notepad and others put a UTF-8 byte order mark before the first character,
 * which JSON.parse and line-based readers (`.env`) then take for content.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * A message as one readable line, whatever the file put into it: line breaks and other control characters
 * become `\n`-style escapes (a name with a newline in it would otherwise split a diagnostic, a `validate` line
 * or an annotation), and a word longer than `maxWord` characters (a megabyte-long value quoted back) keeps
 * its start and end around an ellipsis.
 */
export function oneLine(message: string, maxWord = 200): string {
  let out = message.replace(/\r\n|[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => (c === '\r\n' || c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  if (out.length > maxWord) {
    const keep = Math.floor((maxWord - 1) / 2);
    out = out.replace(new RegExp(`[^\\s]{${maxWord + 1},}`, 'g'), (w) => `${w.slice(0, keep)}…${w.slice(-keep)}`);
  }
  // A long value of many short words: the start and the end (where the advice is) stay.
  if (out.length > 5 * maxWord) out = `${out.slice(0, 3 * maxWord)}…${out.slice(-maxWord)}`;
  return out;
}
