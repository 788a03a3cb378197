/**
 * Flow values (quoted scalars, `{…}` and `[…]`) that span lines may have continuation lines at or left of
 * their key's column:
 *
 *     PolicyDocument: !Sub '{
 *         "Statement": [ … ]
 *       }'
 *     Schema: {"type": "object",
 *     "properties": { … }}
 *
 * The YAML spec asks for more indentation, and the `yaml` package reports an error per line (hundreds per
 * file). PyYAML, which SAM CLI, cfn-lint and CloudFormation's tooling use, ignores indentation inside flow
 * values, so these templates deploy. Whitespace at the start of such a continuation line carries no meaning
 * (quoted scalars fold it away, flow collections skip it), so indenting those lines changes no value: this
 * module finds them and returns a copy of the text with enough spaces added, plus the per-line shift that
 * maps positions back to the original. Line numbers never change. It also finds where a quoted value or
 * flow collection that never closes opens, which is where the syntax error is (the parser only notices at
 * the end of the file).
 */
export interface FlowLayout {
  /** The text with continuation lines indented enough; absent when no line needed it. */
  text?: string;
  /** Spaces added at the start of each 0-based line (absent: none). */
  shift: Map<number, number>;
  /** A quoted scalar or flow collection that never closes: where it opens (a real syntax error). */
  unclosed?: { line: number; character: number; opener: string };
}

/** What one linear scan of the text finds about its flow values. */
export interface FlowScan {
  /** 0-based line → the indentation its text must have (continuation lines of flow values). */
  needs: Map<number, number>;
  unclosed?: FlowLayout['unclosed'];
  /**
   * The first `{` or `[` with more than `depthLimit` flow collections open around it, where it is (absent when
   * none is). The yaml parser recurses once per level and makes an error for each unclosed one.
   */
  tooDeep?: { line: number; character: number; opener: string; closed: boolean };
}

/** Scans the flow values of the text (linear in its length): what needs re-indenting, what never closes, how deep. */
export function scanFlowValues(text: string, depthLimit = Infinity): FlowScan {
  const scanner = new Scanner(text, depthLimit);
  scanner.run();
  return { needs: scanner.needs, unclosed: scanner.unclosed, tooDeep: scanner.tooDeep };
}

const SPACE = 32;
const TAB = 9;
const NL = 10;
const CR = 13;

/** Measures the flow values of the text (or takes its scan) and re-indents what needs it. Linear in the text length. */
export function layoutFlowValues(text: string, scan: FlowScan = scanFlowValues(text)): FlowLayout {
  const shift = new Map<number, number>();
  const layout: FlowLayout = { shift, unclosed: scan.unclosed };
  if (scan.needs.size === 0) return layout;
  const out: string[] = [];
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const min = scan.needs.get(line);
    if (min !== undefined) {
      let indent = 0;
      while (text.charCodeAt(start + indent) === SPACE) indent++;
      if (indent < min) {
        out.push(' '.repeat(min - indent));
        shift.set(line, min - indent);
      }
    }
    out.push(text.slice(start, end + 1));
    start = end + 1;
    line++;
  }
  if (shift.size) layout.text = out.join('');
  return layout;
}

/**
 * A small YAML block-context scanner: it knows where a node may start (line start, after `- `, `? `, `: `
 * and after tags/anchors), skips comments, block scalars and plain scalars (multi-line ones included), and
 * measures every quoted scalar and flow collection. A construct left open at the end of the text is a real
 * syntax error: it is left alone for the parser to report.
 */
class Scanner {
  /** 0-based line → the indentation its text must have. */
  readonly needs = new Map<number, number>();
  unclosed?: FlowLayout['unclosed'];
  tooDeep?: FlowScan['tooDeep'];
  private pos = 0;
  private line = 0;
  private lineStart = 0;
  /** The last backward search for the start of a token: from where, and where it stopped (see flowNodeStart). */
  private tokenFrom = -1;
  private tokenStop = -1;

  constructor(
    private readonly text: string,
    private readonly depthLimit = Infinity,
  ) {}

  run(): void {
    const t = this.text;
    // A plain scalar that may continue on more-indented lines: lines indented at least this much belong to it.
    let plainMin = -1;
    while (this.pos < t.length) {
      const indent = this.spaces();
      const c = t.charCodeAt(this.pos);
      if (this.pos >= t.length) break;
      if (c === NL || c === CR || c === 35 /* # */) {
        this.toNextLine();
        continue;
      }
      if (plainMin >= 0 && indent >= plainMin) {
        // Continuation of a multi-line plain scalar: no node starts here.
        this.skipPlainRest();
        this.toNextLine();
        continue;
      }
      plainMin = -1;
      if (indent === 0 && (t.startsWith('---', this.pos) || t.startsWith('...', this.pos) || c === 37 /* % */)) {
        // Document markers and directives (`--- !Sub '…'` would be odd; a marker line holds no flow value).
        const rest = t.startsWith('---', this.pos) ? 3 : 0;
        this.pos += rest;
        if (rest && this.isBlank(t.charCodeAt(this.pos))) {
          const r = this.node(indent, 0);
          if (r === 'plain') plainMin = 1;
          continue;
        }
        this.toNextLine();
        continue;
      }
      const r = this.node(indent, indent);
      if (r === 'plain') plainMin = this.lastNodeCol + 1;
    }
  }

  /** Column of the innermost block node of the current line: the key of its entry, or the dash of its item. */
  private lastNodeCol = 0;

  /**
   * Scans from a position where a node may start, to the end of the line (or of a multi-line flow value).
   * Returns 'plain' when the line ends inside a plain scalar value that may continue on the next lines.
   */
  private node(lineIndent: number, nodeCol: number): 'plain' | 'done' {
    const t = this.text;
    this.lastNodeCol = nodeCol;
    for (;;) {
      this.inlineSpaces();
      if (this.pos >= t.length) return 'done';
      const c = t.charCodeAt(this.pos);
      if (c === NL || c === CR || c === 35 /* # */) {
        this.toNextLine();
        return 'done';
      }
      const next = t.charCodeAt(this.pos + 1);
      if ((c === 45 /* - */ || c === 63 /* ? */ || c === 58 /* : */) && this.isBlankOrEnd(next)) {
        // Block sequence item, explicit key or explicit value: a node starts after it.
        if (c !== 58) this.lastNodeCol = this.col();
        this.pos++;
        continue;
      }
      if (c === 33 /* ! */ || c === 38 /* & */) {
        // A tag or an anchor: the node itself follows.
        while (this.pos < t.length && !this.isBlankOrEnd(t.charCodeAt(this.pos))) this.pos++;
        continue;
      }
      if (c === 42 /* * */) {
        while (this.pos < t.length && !this.isBlankOrEnd(t.charCodeAt(this.pos))) this.pos++;
        if (!this.afterValueIndicator()) return this.endOfLine();
        continue;
      }
      if (c === 124 /* | */ || c === 62 /* > */) {
        this.toNextLine();
        this.skipBlockScalar(this.lastNodeCol);
        return 'done';
      }
      if (c === 39 /* ' */ || c === 34 /* " */ || c === 123 /* { */ || c === 91 /* [ */) {
        const startLine = this.line;
        const startCol = this.col();
        const opener = t[this.pos];
        const ok = c === 39 || c === 34 ? this.quoted(c) : this.flow();
        if (!ok) {
          this.unclosed ??= { line: startLine, character: startCol, opener };
          this.pos = t.length;
          return 'done';
        }
        if (this.line > startLine) {
          // The first token of its line needs no more than its own column; after a key or a dash, one
          // more than the node it belongs to.
          const min = startCol === lineIndent ? Math.min(startCol, this.lastNodeCol + 1) : this.lastNodeCol + 1;
          this.require(startLine, min);
        }
        if (this.afterValueIndicator()) {
          this.lastNodeCol = startCol;
          continue;
        }
        return this.endOfLine();
      }
      // A plain scalar: a key when `: ` follows on this line, else a value that may continue below.
      const startCol = this.col();
      if (this.plainUntilValueIndicator()) {
        this.lastNodeCol = startCol;
        continue;
      }
      return 'plain';
    }
  }

  /** After a key (quoted, flow or alias): `:` then a node. */
  private afterValueIndicator(): boolean {
    const t = this.text;
    let p = this.pos;
    while (t.charCodeAt(p) === SPACE || t.charCodeAt(p) === TAB) p++;
    if (t.charCodeAt(p) === 58 && this.isBlankOrEnd(t.charCodeAt(p + 1))) {
      this.pos = p + 1;
      return true;
    }
    return false;
  }

  private endOfLine(): 'done' {
    this.toNextLine();
    return 'done';
  }

  /** Skips a plain scalar to `: ` (returns true, positioned after the colon) or to the end of the line. */
  private plainUntilValueIndicator(): boolean {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === NL || c === CR) {
        this.toNextLine();
        return false;
      }
      if (c === 58 && this.isBlankOrEnd(t.charCodeAt(this.pos + 1))) {
        this.pos++;
        return true;
      }
      if (c === 35 && this.isBlank(t.charCodeAt(this.pos - 1))) {
        this.toNextLine();
        return false;
      }
      this.pos++;
    }
    return false;
  }

  private skipPlainRest(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === NL || c === CR) return;
      if (c === 35 && this.isBlank(t.charCodeAt(this.pos - 1))) return;
      this.pos++;
    }
  }

  /** Content lines of a block scalar: blank, or indented more than its parent node. */
  private skipBlockScalar(parentCol: number): void {
    const t = this.text;
    while (this.pos < t.length) {
      let p = this.pos;
      while (t.charCodeAt(p) === SPACE) p++;
      const c = t.charCodeAt(p);
      const blank = p >= t.length || c === NL || c === CR;
      if (!blank && p - this.pos <= parentCol) return;
      this.pos = p;
      this.toNextLine();
    }
  }

  /** A quoted scalar from its opening quote; false when it never closes. */
  private quoted(quote: number): boolean {
    const t = this.text;
    this.pos++;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === NL) {
        this.newLine();
        continue;
      }
      if (quote === 34 && c === 92 /* \ */) {
        this.pos += t.charCodeAt(this.pos + 1) === NL ? 1 : 2;
        continue;
      }
      if (c === quote) {
        if (quote === 39 && t.charCodeAt(this.pos + 1) === 39) {
          this.pos += 2;
          continue;
        }
        this.pos++;
        return true;
      }
      this.pos++;
    }
    return false;
  }

  /** A flow collection from its opening bracket to the matching close; false when it never closes. */
  private flow(): boolean {
    const deepBefore = this.tooDeep;
    const closed = this.flowToClose();
    if (this.tooDeep && !deepBefore) this.tooDeep.closed = closed;
    return closed;
  }

  private flowToClose(): boolean {
    const t = this.text;
    let depth = 0;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === NL) {
        this.newLine();
        continue;
      }
      if (c === 123 || c === 91) {
        if (++depth > this.depthLimit) this.tooDeep ??= { line: this.line, character: this.col(), opener: t[this.pos], closed: false };
      } else if (c === 125 || c === 93) {
        depth--;
        if (depth === 0) {
          this.pos++;
          return true;
        }
      } else if (c === 39 || c === 34) {
        // A quote starts a scalar only where a node starts; `it's` inside a plain scalar is text.
        if (this.flowNodeStart()) {
          if (!this.quoted(c)) return false;
          continue;
        }
      } else if (c === 35 && (this.isBlank(t.charCodeAt(this.pos - 1)) || this.pos === this.lineStart)) {
        while (this.pos < t.length && t.charCodeAt(this.pos) !== NL) this.pos++;
        continue;
      }
      this.pos++;
    }
    return false;
  }

  /** Inside a flow collection: is the previous non-blank character one after which a node starts? */
  private flowNodeStart(): boolean {
    const t = this.text;
    let p = this.pos - 1;
    while (p >= 0 && (t.charCodeAt(p) === SPACE || t.charCodeAt(p) === TAB || t.charCodeAt(p) === NL || t.charCodeAt(p) === CR)) p--;
    if (p < 0) return true;
    const c = t.charCodeAt(p);
    if (c === 123 || c === 91 || c === 44 /* , */ || c === 58 /* : */ || c === 63 /* ? */) return true;
    // After a tag or an anchor (`!Sub "…"` inside a flow collection). The search back for the token's start
    // resumes where the last one started (a quote later in the same token): linear on `a"a"a"…`, not quadratic.
    let q = p;
    while (q >= 0 && !this.isBlankOrEnd(t.charCodeAt(q)) && t.charCodeAt(q) !== 44 && t.charCodeAt(q) !== 123 && t.charCodeAt(q) !== 91) {
      if (q === this.tokenFrom) {
        q = this.tokenStop;
        break;
      }
      q--;
    }
    this.tokenFrom = p;
    this.tokenStop = q;
    const first = t.charCodeAt(q + 1);
    return (first === 33 || first === 38) && q < p;
  }

  private require(fromLine: number, min: number): void {
    if (min <= 0) return;
    for (let l = fromLine + 1; l <= this.line; l++) {
      const prev = this.needs.get(l);
      if (prev === undefined || prev < min) this.needs.set(l, min);
    }
  }

  private newLine(): void {
    this.pos++;
    this.line++;
    this.lineStart = this.pos;
  }

  private toNextLine(): void {
    const t = this.text;
    const nl = t.indexOf('\n', this.pos);
    if (nl === -1) {
      this.pos = t.length;
      return;
    }
    this.pos = nl;
    this.newLine();
  }

  /** Leading spaces of the current line (the position must be at the line start). */
  private spaces(): number {
    const t = this.text;
    const start = this.pos;
    while (t.charCodeAt(this.pos) === SPACE) this.pos++;
    return this.pos - start;
  }

  private inlineSpaces(): void {
    const t = this.text;
    while (t.charCodeAt(this.pos) === SPACE || t.charCodeAt(this.pos) === TAB) this.pos++;
  }

  private col(): number {
    return this.pos - this.lineStart;
  }

  private isBlank(c: number): boolean {
    return c === SPACE || c === TAB;
  }

  private isBlankOrEnd(c: number): boolean {
    return c === SPACE || c === TAB || c === NL || c === CR || Number.isNaN(c);
  }
}
