import type { ConfigContext } from './configSnippets';

/**
 * The chain of mapping keys that encloses a position in YAML text, outermost first. A list item adds `-`.
 * Read from indentation only, so it works on the half-typed, invalid YAML a person is in the middle of.
 * `functions → createOrder → events` means the cursor sits where a new item of that `events:` list goes.
 */
export function yamlKeyPath(text: string, line: number, character: number): string[] {
  const lines = text.split(/\r?\n/);
  const current = lines[line] ?? '';
  const before = current.slice(0, character);
  // On a blank line the cursor column is the level; on a typed line, its first character is.
  let level = /^\s*$/.test(before) ? character : before.length - before.trimStart().length;
  // The current line is a list item (`- ` typed, or `-`): a key at the same column may own the list.
  let inItem = /^\s*-(\s|$)/.test(before);
  const path: string[] = [];
  for (let i = line - 1; i >= 0 && level > -1; i--) {
    const l = lines[i];
    const content = l.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const indent = l.length - content.length;
    const item = /^-(\s+|$)/.exec(content);
    if (item) {
      const keyAt = indent + item[0].length;
      const key = keyOf(content.slice(item[0].length));
      if (key !== undefined && keyAt < level) {
        // `- key:` whose value holds the position.
        path.unshift('-', key);
        level = indent;
        inItem = true;
        continue;
      }
      if (indent < level) {
        path.unshift('-');
        level = indent;
        inItem = true;
      }
      continue;
    }
    const key = keyOf(content);
    if (key === undefined) continue;
    // A block sequence may sit at its key's column (`events:\n- http`): then the key owns it.
    const ownsList = inItem && indent === level && /:\s*(#.*)?$/.test(content);
    if (indent < level || ownsList) {
      path.unshift(key);
      level = indent;
      inItem = false;
    }
    if (indent === 0 && !ownsList && indent < level) break;
  }
  return path;
}

/** The key of a `key: value` / `key:` line (quotes removed), or undefined. */
function keyOf(content: string): string | undefined {
  const m = /^("([^"]*)"|'([^']*)'|[^\s#'"][^:#]*?)\s*:(\s|$)/.exec(content);
  if (!m) return undefined;
  return m[2] ?? m[3] ?? m[1].trim();
}

/**
 * Which config snippets fit at a YAML position, given the project kind the model has for the file and the
 * functions it knows: Serverless Framework events inside a function's `events:`, SAM event blocks under a
 * function's `Properties.Events`. Never SAM syntax in serverless.yml, never SF events in a template.
 */
export function yamlSnippetContext(
  path: string[],
  kind: 'serverless-framework' | 'sam' | 'cloudformation' | 'azure-functions' | undefined,
  functionNames: readonly string[],
): ConfigContext | undefined {
  if (kind === 'serverless-framework' && path.length === 3 && path[0] === 'functions' && path[2] === 'events' && functionNames.includes(path[1])) {
    return 'serverless-events';
  }
  if (kind === 'sam' && path.length === 4 && path[0] === 'Resources' && path[2] === 'Properties' && path[3] === 'Events' && functionNames.includes(path[1])) {
    return 'sam-events';
  }
  return undefined;
}

/**
 * Whether an offset in a function.json is directly inside the `"bindings": [ … ]` array (between binding
 * objects, where a new one goes), by scanning brackets and strings.
 */
export function inBindingsArray(text: string, offset: number): boolean {
  const m = /"bindings"\s*:\s*\[/.exec(text);
  if (!m) return false;
  const start = m.index + m[0].length;
  if (offset < start) return false;
  let depth = 0;
  let inString = false;
  for (let i = start; i < offset; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return false;
      depth--;
    }
  }
  return depth === 0 && !inString;
}
