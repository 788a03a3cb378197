/**
 * Whether a serverless.yml's `frameworkVersion` (a semver range: `"3"`, `^2.1.0`, `>=1.28.0 <2.0.0`, `2.x`,
 * `1.0.0 - 2.72.4`, alternatives with `||`) admits only releases before `major`, i.e. every alternative has an
 * upper bound below it. An absent, open (`>=2.0.0`, `*`) or unreadable range is false: the config is then taken
 * to run on a current release.
 */
export function frameworkVersionBelow(range: string | number | undefined, major: number): boolean {
  if (range === undefined) return false;
  const alternatives = String(range).split('||').map((a) => a.trim());
  return alternatives.length > 0 && alternatives.every((a) => alternativeBelow(a, major));
}

const version = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+][\w.-]*)?$/;

function alternativeBelow(alternative: string, major: number): boolean {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(alternative);
  if (hyphen) return inclusiveUpperBelow(hyphen[2], major);
  // `>= 1.0.0 < 2.0.0`: an operator belongs to the version after it.
  const comparators = alternative.replace(/(<=|>=|<|>|=|\^|~)\s+/g, '$1').split(/\s+/).filter(Boolean);
  if (comparators.length === 0) return false;
  return comparators.some((c) => {
    const m = /^(<=|<|>=|>|=|\^|~)?\s*(.+)$/.exec(c);
    if (!m) return false;
    const [, op = '', v] = m;
    const parts = version.exec(v);
    if (!parts || !/^\d+$/.test(parts[1])) return false;
    const first = Number(parts[1]);
    if (op === '<') {
      // `<3`, `<3.0.0`: below 3; `<3.1.0` admits 3.0.x.
      const rest = [parts[2], parts[3]].filter((p) => p !== undefined);
      return first < major || (first === major && rest.every((p) => p === '0'));
    }
    if (op === '>' || op === '>=') return false;
    // `^V`, `~V`, `=V`, `V`, `V.x`: releases of major V at most.
    return inclusiveUpperBelow(v, major);
  });
}

function inclusiveUpperBelow(v: string, major: number): boolean {
  const parts = version.exec(v);
  return !!parts && /^\d+$/.test(parts[1]) && Number(parts[1]) < major;
}
