/**
 * AWS Lambda runtimes: the one dated table every runtime rule reads. Checked on 2026-11-30.
 *
 * Sources: docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (supported and deprecated tables),
 * as quoted in aws-cloudformation/cfn-lint#4531 and #4532 (2026-06-02: AWS moved many block dates to
 * 2027-02-01 / 2027-03-03, including nodejs20.x, and extended java8.al2/java11/java17/python3.11 by a year);
 * AWS Health notice for provided.al2 (deprecation 2026-07-31, quoted in awslabs/ssosync#297);
 * .NET dates from endoflife.ai's AWS Lambda .NET table; python3.9 (deprecated 2025-12-15, blocks
 * 2027-02-01 / 2027-03-03) from re:Post; nodejs18.x deprecated 2025-09-01 (AWS table, cfn-lint#4249).
 *
 * Creation blocks (`createBlocked`), from the deprecated-runtimes table of the same page as published since
 * 2024: nodejs14.x, python3.7 and ruby2.7 on 2024-01-09; the Amazon Linux 1 runtimes java8, go1.x and
 * provided on 2024-02-08. None of them was reopened for creation: a new stack or stage cannot deploy them.
 *
 * Runtimes added in November 2025 (nodejs24.x, python3.14, java25, ruby4.0) and dotnet10: AWS's planned
 * deprecation dates in the supported table, which follow the language's end of life capped by Amazon Linux
 * 2023's (2029-06-30): nodejs24.x 2028-04-30, python3.14 and java25 2029-06-30, ruby4.0 2029-03-31,
 * dotnet10 2028-11-14. Likewise python3.13 and java21 2029-06-30, python3.12 2028-10-31, ruby3.4 2028-03-31,
 * provided.al2023 2029-06-30.
 *
 * `updateBlocked` is filled only where the date is verified and long past; where AWS has moved block dates
 * (they reopened several in 2026) and the current date could not be verified, it is left out, so the rule
 * warns instead of raising an error that might be false.
 */
export interface RuntimeInfo {
  id: string;
  family: RuntimeFamilyName;
  /** The date AWS deprecated (or will deprecate) it, `YYYY-MM-DD`. */
  deprecated?: string;
  /** The date AWS blocks creating functions with it: from then on a new stack or stage fails to deploy. */
  createBlocked?: string;
  /** The date AWS blocks function updates: from then on every deploy fails. */
  updateBlocked?: string;
}

export type RuntimeFamilyName = 'nodejs' | 'python' | 'java' | 'dotnet' | 'ruby' | 'go' | 'provided';

interface Dates {
  createBlocked?: string;
  updateBlocked?: string;
}

const r = (id: string, family: RuntimeFamilyName, deprecated?: string, dates: Dates = {}): RuntimeInfo => ({ id, family, deprecated, ...dates });
const retired = (updateBlocked: string): Dates => ({ updateBlocked });
const noCreate = (createBlocked: string): Dates => ({ createBlocked });

export const runtimeTable: RuntimeInfo[] = [
  // Supported.
  r('nodejs24.x', 'nodejs', '2028-04-30'),
  r('nodejs22.x', 'nodejs', '2027-04-30'),
  r('nodejs20.x', 'nodejs', '2026-04-30'),
  r('python3.14', 'python', '2029-06-30'),
  r('python3.13', 'python', '2029-06-30'),
  r('python3.12', 'python', '2028-10-31'),
  r('python3.11', 'python', '2027-06-30'),
  r('python3.10', 'python', '2026-06-30'),
  r('java25', 'java', '2029-06-30'),
  r('java21', 'java', '2029-06-30'),
  r('java17', 'java', '2027-06-30'),
  r('java11', 'java', '2027-06-30'),
  r('java8.al2', 'java', '2027-06-30'),
  r('dotnet10', 'dotnet', '2028-11-14'),
  r('dotnet9', 'dotnet', '2026-11-10'),
  r('dotnet8', 'dotnet', '2026-11-10'),
  r('ruby4.0', 'ruby', '2029-03-31'),
  r('ruby3.4', 'ruby', '2028-03-31'),
  r('ruby3.3', 'ruby', '2027-03-31'),
  r('ruby3.2', 'ruby', '2026-03-31'),
  r('provided.al2023', 'provided', '2029-06-30'),
  r('provided.al2', 'provided', '2026-07-31'),
  // Deprecated; block dates not verified after AWS's 2026 extensions, so warnings.
  r('nodejs18.x', 'nodejs', '2025-09-01'),
  r('nodejs16.x', 'nodejs', '2024-06-12'),
  r('python3.9', 'python', '2025-12-15'),
  r('python3.8', 'python', '2024-10-14'),
  r('dotnet6', 'dotnet', '2024-12-20'),
  // Deprecated, and creating functions with them is blocked: errors.
  r('nodejs14.x', 'nodejs', '2023-12-04', noCreate('2024-01-09')),
  r('python3.7', 'python', '2023-12-04', noCreate('2024-01-09')),
  r('ruby2.7', 'ruby', '2023-12-07', noCreate('2024-01-09')),
  r('java8', 'java', '2024-01-08', noCreate('2024-02-08')),
  r('go1.x', 'go', '2024-01-08', noCreate('2024-02-08')),
  r('provided', 'provided', '2024-01-08', noCreate('2024-02-08')),
  // Retired: updates blocked for years.
  r('nodejs12.x', 'nodejs', '2023-03-31', retired('2023-04-30')),
  r('nodejs10.x', 'nodejs', '2021-07-30', retired('2022-02-14')),
  r('nodejs8.10', 'nodejs', '2020-03-06', retired('2020-03-06')),
  r('nodejs6.10', 'nodejs', '2019-08-12', retired('2019-08-12')),
  r('nodejs4.3-edge', 'nodejs', '2020-03-05', retired('2019-04-30')),
  r('nodejs4.3', 'nodejs', '2020-03-05', retired('2020-03-05')),
  r('nodejs', 'nodejs', '2016-10-31', retired('2016-10-31')),
  r('python3.6', 'python', '2022-07-18', retired('2022-08-29')),
  r('python2.7', 'python', '2021-07-15', retired('2022-05-30')),
  r('ruby2.5', 'ruby', '2021-07-30', retired('2022-03-31')),
  r('dotnetcore3.1', 'dotnet', '2023-04-03', retired('2023-05-03')),
  r('dotnetcore2.1', 'dotnet', '2022-01-05', retired('2022-04-13')),
  r('dotnetcore2.0', 'dotnet', '2019-05-30', retired('2019-05-30')),
  r('dotnetcore1.0', 'dotnet', '2019-06-27', retired('2019-07-30')),
];

/** The numbers in an identifier, for ordering versions: `python3.14` → [3, 14], `provided.al2023` → [2023]. */
function versionOf(id: string): number[] {
  return (id.match(/\d+/g) ?? []).map(Number);
}

function newer(a: string, b: string): boolean {
  const x = versionOf(a);
  const y = versionOf(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? -1) !== (y[i] ?? -1)) return (x[i] ?? -1) > (y[i] ?? -1);
  return false;
}

/** The newest runtime of each family in the table: what a deprecated runtime should move to (Go → OS-only). */
export const newestRuntime: Record<RuntimeFamilyName, string> = (() => {
  const out = {} as Record<RuntimeFamilyName, string>;
  for (const x of runtimeTable) if (!x.createBlocked && !x.updateBlocked && (!out[x.family] || newer(x.id, out[x.family]))) out[x.family] = x.id;
  out.go = out.provided;
  return out;
})();

const byId = new Map(runtimeTable.map((x) => [x.id, x]));

export function runtimeInfo(id: string): RuntimeInfo | undefined {
  return byId.get(id);
}

/**
 * An identifier shaped like a runtime newer than this table knows: AWS adds runtimes every year, so such a
 * name is not called unknown. Only versions that can exist within a few years count: even (LTS) Node.js
 * majors, Java LTS majors (every fourth), close Python/.NET/Ruby versions and Amazon Linux years. Typos such
 * as `nodejs99.x`, `nodejs25.x` or `provided.al2023023` are unknown.
 */
export function looksLikeNewerRuntime(id: string): boolean {
  const newest = (family: RuntimeFamilyName): number[] => versionOf(newestRuntime[family]);
  const within = (v: number, base: number, span: number): boolean => v > base && v <= base + span;
  const node = /^nodejs(\d+)\.x$/.exec(id);
  if (node) return Number(node[1]) % 2 === 0 && within(Number(node[1]), newest('nodejs')[0], 8);
  const py = /^python3\.(\d+)$/.exec(id);
  if (py) return within(Number(py[1]), newest('python')[1], 4);
  const java = /^java(\d+)$/.exec(id);
  if (java) return (Number(java[1]) - newest('java')[0]) % 4 === 0 && within(Number(java[1]), newest('java')[0], 8);
  const dotnet = /^dotnet(\d+)$/.exec(id);
  if (dotnet) return within(Number(dotnet[1]), newest('dotnet')[0], 6);
  const ruby = /^ruby(\d)\.(\d)$/.exec(id);
  if (ruby) {
    const [major, minor] = newest('ruby');
    const v = Number(ruby[1]) * 10 + Number(ruby[2]);
    return within(v, major * 10 + minor, 10);
  }
  const al = /^provided\.al(\d{4})$/.exec(id);
  if (al) return within(Number(al[1]), newest('provided')[0], 8);
  return false;
}
