/** A position in a text document: 0-based line and character (UTF-16 code units), like VS Code's. */
export interface SourcePosition {
  line: number;
  character: number;
}

/** A 0-based, end-exclusive range in a text document. */
export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

/** The range that covers the start of a document; used for findings about a whole file. */
export const fileStartRange: SourceRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function rangeContains(range: SourceRange, pos: SourcePosition): boolean {
  const afterStart = pos.line > range.start.line || (pos.line === range.start.line && pos.character >= range.start.character);
  const beforeEnd = pos.line < range.end.line || (pos.line === range.end.line && pos.character <= range.end.character);
  return afterStart && beforeEnd;
}
