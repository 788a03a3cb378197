import type { TextEditData } from '../../../src/shared/finding';

/** Applies edits to a text the way an editor does (positions clamped to the document), last edit first. */
export function applyEdits(text: string, edits: TextEditData[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number => {
    if (p.line >= lines.length) return text.length;
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
    return o + Math.min(p.character, lines[p.line].length);
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
