// An independent reader of VS Code (TextMate) snippet syntax, used to expand the contributed snippet files
// the way the editor does when every default is accepted: `${1:default}`, `${1|a,b|}` (first choice),
// `$1` / `${1}` (the value of tab stop 1), `$0`, and the escapes `\$`, `\}`, `\\`, `\,`, `\|`.

interface Stop {
  kind: 'stop';
  index: number;
  parts?: Part[];
  choices?: string[];
}
type Part = string | Stop;

export function expandSnippetBody(body: string): string {
  let i = 0;
  const parseParts = (until: string | undefined): Part[] => {
    const parts: Part[] = [];
    let text = '';
    while (i < body.length) {
      const c = body[i];
      if (c === '\\' && i + 1 < body.length && '$}\\,|'.includes(body[i + 1])) {
        text += body[i + 1];
        i += 2;
        continue;
      }
      if (until && c === until) break;
      if (c === '$') {
        const stop = parseStop();
        if (stop) {
          if (text) parts.push(text);
          text = '';
          parts.push(stop);
          continue;
        }
      }
      text += c;
      i++;
    }
    if (text) parts.push(text);
    return parts;
  };
  const parseStop = (): Stop | undefined => {
    const simple = /^\$(\d+)/.exec(body.slice(i));
    if (simple) {
      i += simple[0].length;
      return { kind: 'stop', index: Number(simple[1]) };
    }
    const open = /^\$\{(\d+)([:|}])/.exec(body.slice(i));
    if (!open) return undefined;
    i += open[0].length;
    const index = Number(open[1]);
    if (open[2] === '}') return { kind: 'stop', index };
    if (open[2] === ':') {
      const parts = parseParts('}');
      i++; // the closing brace
      return { kind: 'stop', index, parts };
    }
    const choices: string[] = [];
    let current = '';
    while (i < body.length && !(body[i] === '|' && body[i + 1] === '}')) {
      if (body[i] === '\\' && i + 1 < body.length) {
        current += body[i + 1];
        i += 2;
        continue;
      }
      if (body[i] === ',') {
        choices.push(current);
        current = '';
      } else current += body[i];
      i++;
    }
    choices.push(current);
    i += 2;
    return { kind: 'stop', index, choices };
  };
  const parts = parseParts(undefined);
  const values = new Map<number, string>();
  const collect = (ps: Part[]): void => {
    for (const p of ps) {
      if (typeof p === 'string' || values.has(p.index)) continue;
      if (p.choices) values.set(p.index, p.choices[0]);
      else if (p.parts) values.set(p.index, render(p.parts));
    }
  };
  const render = (ps: Part[]): string => ps.map((p) => (typeof p === 'string' ? p : values.get(p.index) ?? (p.parts ? render(p.parts) : ''))).join('');
  collect(parts);
  return render(parts);
}
