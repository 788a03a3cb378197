/**
 * Templates are written once, in a small markup, and turned into both a VS Code snippet body and the plain
 * text that `new` writes. Markup: `{{1:default}}` a tab stop with a default, `{{2|a,b|}}` a choice (the first
 * is the default), `{{1}}` a mirror of tab stop 1, `{{0}}` the final cursor. Everything else is literal, so
 * handler code keeps its own `${…}` template strings without escaping.
 */
const MARK = /\{\{(\d+)(?::([^}]*)|\|([^}]*)\|)?\}\}/g;

/** Values for tab stops (by number) that replace their defaults, e.g. the function name. */
export type StopValues = Readonly<Record<number, string>>;

/** The VS Code snippet body (TextMate snippet syntax) of a template. */
export function toSnippetBody(template: string): string {
  const seen = new Set<string>();
  let out = '';
  let last = 0;
  for (const m of template.matchAll(MARK)) {
    out += escapeLiteral(template.slice(last, m.index));
    last = m.index + m[0].length;
    const stop = m[1];
    if (m[2] !== undefined && !seen.has(stop)) out += `\${${stop}:${escapePlaceholder(m[2])}}`;
    else if (m[3] !== undefined && !seen.has(stop)) out += `\${${stop}|${m[3].split(',').map(escapeChoice).join(',')}|}`;
    else out += `\${${stop}}`;
    if (m[2] !== undefined || m[3] !== undefined) seen.add(stop);
  }
  return out + escapeLiteral(template.slice(last));
}

/** The text a person gets when accepting every default (and the given values for some tab stops). */
export function expandTemplate(template: string, values: StopValues = {}): string {
  const defaults = new Map<string, string>();
  for (const m of template.matchAll(MARK)) {
    if (defaults.has(m[1])) continue;
    if (m[2] !== undefined) defaults.set(m[1], m[2]);
    else if (m[3] !== undefined) defaults.set(m[1], m[3].split(',')[0]);
  }
  return template.replace(MARK, (_all, stop: string) => values[Number(stop)] ?? defaults.get(stop) ?? '');
}

/** Tab stop numbers used by a template, in order of first appearance. */
export function tabStops(template: string): number[] {
  const out: number[] = [];
  for (const m of template.matchAll(MARK)) if (!out.includes(Number(m[1]))) out.push(Number(m[1]));
  return out;
}

function escapeLiteral(text: string): string {
  return text.replace(/[\\$]/g, (c) => `\\${c}`);
}

function escapePlaceholder(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

function escapeChoice(text: string): string {
  return text.replace(/[\\$,|}]/g, (c) => `\\${c}`);
}
