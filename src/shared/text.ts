/**
 * Text as Windows editors save it: Notepad and others put a UTF-8 byte order mark before the first character,
 * which JSON.parse and line-based readers (`.env`) then take for content.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
